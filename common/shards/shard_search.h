// One ranked search over an index of several shards, one task per shard on
// the shared TaskPool, merged into one page: the same stories, scores and
// order as one Xapian search over all the shards.
//
// Each task searches a view of the whole index (a Database combining every
// shard, its own object: Xapian objects are used by one thread at a time) and
// matches only its shard. So the weights see the whole index's statistics
// (Xapian gathers them over every shard of a combined database: document
// count, average length, each term's frequency), which makes a story's score
// the one it has in one database; only the matching is split.
#pragma once

#include <xapian.h>

#include <functional>
#include <string>
#include <vector>

namespace scatter::shards {

struct RankedMatch {
  Xapian::docid id = 0;       // as the combined database numbers it
  double weight = 0;
  std::string sort_key;       // the Enquire's sort key (with relevance: the tie-break value)
  std::string collapse_key;   // empty when not collapsing
  Xapian::Document document;  // lazily read, from the view that found it
};

struct RankedMatches {
  std::vector<RankedMatch> hits;  // the page asked for
  Xapian::doccount estimated = 0, lower = 0, upper = 0;  // summed over the shards
  double max_attained = 0;

  bool empty() const { return hits.empty(); }
};

// How the shards' hits are ordered when merged: as Xapian orders them for
// set_sort_by_relevance_then_value(slot, true) (weight, then the key, greatest
// first) or set_sort_by_key_then_relevance(keymaker, false) (the key, least
// first, then weight).
enum class MergeOrder { kRelevanceThenKey, kKeyThenRelevance, kKeyDescendingThenRelevance };

struct ShardSearch {
  // One query per shard, alike but built separately: the parts of a
  // Xapian::Query are shared by its copies, with reference counts that are not
  // atomic, so no two tasks may copy the same one.
  std::vector<Xapian::Query> queries;
  // Sets the weighting scheme, sort order and collapse key of each shard's
  // Enquire (all alike); the query is set here.
  std::function<void(Xapian::Enquire&)> configure;
  MergeOrder order = MergeOrder::kRelevanceThenKey;
  bool collapse = false;  // at most one hit per collapse key, across shards too
  Xapian::doccount offset = 0, count = 10, check_at_least = 0;
};

// `views[i]` combines every shard, in the same order, and is searched for
// shard i's stories; `shard_uuids[i]` is shard i's Database::get_uuid().
RankedMatches search_shards(std::vector<Xapian::Database>& views, const std::vector<std::string>& shard_uuids,
                            const ShardSearch& search);

}  // namespace scatter::shards
