// The set of stories a query matches, as a bitmap the facet index intersects.
#pragma once

#include "facets/facet_index.h"

#include <xapian.h>

#include <functional>
#include <vector>

namespace scatter::facets {

// Every story `query` matches in the database made of `shards` (in the order
// Xapian::Database::add_database combined them), by the combined database's
// document ids, per shard (a match spy on a combined database is told each
// shard's own ids, not which shard).
//
// The boolean parts of the query (terms, and their OR, AND, AND_NOT, FILTER,
// SYNONYM, MAX, the left of AND_MAYBE, SCALE_WEIGHT; MatchAll) are read
// straight from the posting lists into bitmaps and combined as sets, a few
// nanoseconds a posting, which is what they mean to Xapian's matcher too. Any
// other part (a phrase, NEAR, a posting source, a value range) goes through one
// unranked pass of Xapian's matcher (query::CountingWeight, no document read)
// with a spy that collects ids. A part bounded by a Deadline (engine/deadline.h)
// that passes yields the stories matched by then. Throws Xapian's errors.
StorySet match_set(const std::vector<Xapian::Database>& shards, const Xapian::Query& query);

// The same with one query per shard (`queries[i]` for `shards[i]`, alike but
// built separately), the shards matched side by side on the shared TaskPool
// (shards/task_pool.h): a Xapian::Query's copies share parts whose reference
// counts are not atomic, so no two threads may use one. Each shard's Database
// is used by its task alone. `stop` (when given) is asked before each posting
// list is read, from the tasks' threads; once it says true, a shard's set is
// empty: a partial AND or AND_NOT would hold stories that do not match.
//
// `reading` kOnTheShard sends each shard's whole query through one pass of its
// matcher instead: for remote shards (Xapian::Remote::open), where reading a
// posting list carries every posting over the network and the pass runs on
// the shard's server, which sends back one bitmap.
enum class MatchReading { kPostingLists, kOnTheShard };
StorySet match_set(const std::vector<Xapian::Database>& shards, const std::vector<Xapian::Query>& queries,
                   const std::function<bool()>& stop = {}, MatchReading reading = MatchReading::kPostingLists);

// Registers the match spy match_set() sends to a shard its matcher reads, for
// a shard server's registry (shards/remote_registry.h): on a remote shard
// (Xapian::Remote::open) the pass runs on the server and its ids come back as
// one bitmap.
void register_remote_classes(Xapian::Registry& registry);

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
