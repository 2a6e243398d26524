// Stories per period for /trends, from the facet index: a period's count is
// the cardinality of the match set intersected with the period's stories, and
// a split by company or topic intersects once more with the name's stories.
#pragma once

#include "engine/search_request.h"
#include "facets/facet_index.h"

#include <functional>

namespace scatter::facets {

// The stories of the whole archive in the period starting at `start`.
using ArchiveCount = std::function<Xapian::doccount(const Date& start, Interval interval)>;

// Fills interval, total, undated, series and periods of `result` for the
// stories in `matches` (every story when null): every period from the first
// match to the last, the `series` names with most dated matches, the rest
// summed as "other" (mentions: a story of two such companies adds two).
// kAuto picks months up to kMaxAutoPeriods months when most matches have a
// month, then years, then decades. Throws BadParameter past kMaxTrendPeriods.
void count_trends(const FacetIndex& index, const StorySet* matches, Interval interval, TrendSplit by, int series,
                  const ArchiveCount& archive_count, TrendsResult& result);

}  // namespace scatter::facets
