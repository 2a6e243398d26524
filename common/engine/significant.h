// Scoring what stands out in a result set: Elasticsearch's JLH heuristic of
// significant_terms. JLH multiplies the absolute change in a term's share of
// stories (foreground against background) by the relative change, so a term
// must be both much more common than usual and common enough in the
// foreground to score: a word in 3 of 40 matching stories and 3 of 100,000
// stories scores far above one in 30 of 40 and 50,000 of 100,000. Chi-square
// ranks frequent words that drift a little higher, which suits tests of
// dependence more than "what was new"; JLH is Elasticsearch's default.
#pragma once

#include <cstdint>

namespace scatter {

// 0 when the term is no more common in the foreground than in the background
// (or either total is 0); otherwise (fg% - bg%) * fg% / bg%.
double jlh_score(std::uint64_t foreground, std::uint64_t foreground_total, std::uint64_t background,
                 std::uint64_t background_total);

// Terms in fewer stories than this, in the foreground or the archive, are too
// rare to mean anything: a word in one story stands out in any search that finds it.
inline constexpr std::uint64_t kMinSignificantForeground = 2;
inline constexpr std::uint64_t kMinSignificantBackground = 3;

}  // namespace scatter
