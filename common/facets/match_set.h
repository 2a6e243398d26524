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

// The same with one query per shard (`queries[i]` for `shards[i]`, alike but
// built separately), the shards matched side by side on the shared TaskPool
// (shards/task_pool.h): a Xapian::Query's copies share parts whose reference
// counts are not atomic, so no two threads may use one. Each shard's Database
// is used by its task alone.
StorySet match_set(const std::vector<Xapian::Database>& shards, const std::vector<Xapian::Query>& queries);

}  // namespace scatter::facets

namespace scatter::facets {

// A query matching exactly the stories of `stories` (unweighted), for a
// database of one shard: ANDed with OP_FILTER it keeps a match to a set the
// facet index gave, without a term to read.
Xapian::Query stories_query(StorySet stories);

// The stories that come first when the whole archive is listed by date
// (newest first, or oldest first: undated stories first, as the date sort puts
// them), whole months at a time, at least `wanted` of them unless the archive
// has fewer: the only stories a date-sorted listing of its first `wanted`
// needs to sort.
StorySet first_by_date(const FacetIndex& index, bool newest_first, std::uint64_t wanted);

}  // namespace scatter::facets
