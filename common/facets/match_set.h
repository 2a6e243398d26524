// The set of stories a query matches, as a bitmap the facet index intersects.
#pragma once

#include "facets/facet_index.h"

#include <xapian.h>

#include <vector>

namespace scatter::facets {

// Every story `query` matches in the database made of `shards` (in the order
// Xapian::Database::add_database combined them), by the combined database's
// document ids: one unranked pass of Xapian's matcher per shard
// (query::CountingWeight, no document read), collecting document ids. Per
// shard, because a match spy on a combined database is told each shard's own
// ids, not which shard. A query bounded by a Deadline (engine/deadline.h) that
// passes yields the stories matched by then. Throws Xapian's errors.
StorySet match_set(const std::vector<Xapian::Database>& shards, const Xapian::Query& query);

}  // namespace scatter::facets
