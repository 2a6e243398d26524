#include "shards/shard_search.h"

#include "shards/task_pool.h"

#include <algorithm>
#include <unordered_set>

namespace scatter::shards {
namespace {

// Every document of one shard of a combined database, none of the others':
// ANDed unweighted (OP_FILTER) into a task's query, so that the task matches
// its shard only. In the other shards it is empty, and Xapian drops their
// branch of the match at once. A shard is told by its uuid, as Xapian
// initialises a source once per shard with that shard alone.
class OnlyShard : public Xapian::PostingSource {
 public:
  explicit OnlyShard(std::string uuid) : uuid_(std::move(uuid)) {}
  Xapian::PostingSource* clone() const override { return new OnlyShard(uuid_); }

  void init(const Xapian::Database& db) override {
    const bool mine = db.get_uuid() == uuid_;
    last_ = mine ? db.get_lastdocid() : 0;
    stories_ = mine ? db.get_doccount() : 0;
    current_ = 0;
  }
  Xapian::doccount get_termfreq_min() const override { return stories_; }
  Xapian::doccount get_termfreq_est() const override { return stories_; }
  Xapian::doccount get_termfreq_max() const override { return stories_; }
  // Claims every document id; the query beside it has only real ones.
  void next(double) override { ++current_; }
  void skip_to(Xapian::docid did, double) override { current_ = std::max(did, current_); }
  bool at_end() const override { return current_ > last_; }
  Xapian::docid get_docid() const override { return current_; }

 private:
  std::string uuid_;
  Xapian::docid last_ = 0, current_ = 0;
  Xapian::doccount stories_ = 0;
};

bool comes_before(const RankedMatch& a, const RankedMatch& b, MergeOrder order) {
  if (order == MergeOrder::kRelevanceThenKey) {
    if (a.weight != b.weight) return a.weight > b.weight;
    if (a.sort_key != b.sort_key) return a.sort_key > b.sort_key;
  } else if (order == MergeOrder::kKeyThenRelevance) {
    if (a.sort_key != b.sort_key) return a.sort_key < b.sort_key;
    if (a.weight != b.weight) return a.weight > b.weight;
  } else {
    if (a.sort_key != b.sort_key) return a.sort_key > b.sort_key;
    if (a.weight != b.weight) return a.weight > b.weight;
  }
  return a.id < b.id;
}

}  // namespace

RankedMatches search_shards(std::vector<Xapian::Database>& views, const std::vector<std::string>& shard_uuids,
                            const ShardSearch& search) {
  // Each shard's best offset + count: the page is among them (with collapsing
  // too: a key's best story in its shard is among that shard's first distinct keys).
  const Xapian::doccount wanted = search.offset + search.count;
  std::vector<Xapian::MSet> found(views.size());
  std::vector<std::function<void()>> tasks;
  for (std::size_t shard = 0; shard < views.size(); ++shard) {
    tasks.emplace_back([&, shard] {
      Xapian::Enquire enquire(views[shard]);
      Xapian::Query only((new OnlyShard(shard_uuids[shard]))->release());
      enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, search.queries.at(shard), only));
      search.configure(enquire);
      found[shard] = enquire.get_mset(0, wanted, search.check_at_least);
    });
  }
  TaskPool::shared().run_all(tasks);

  RankedMatches out;
  std::vector<RankedMatch> all;
  for (const Xapian::MSet& mset : found) {
    out.estimated += mset.get_matches_estimated();
    out.lower += mset.get_matches_lower_bound();
    out.upper += mset.get_matches_upper_bound();
    out.max_attained = std::max(out.max_attained, mset.get_max_attained());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      all.push_back({*it, it.get_weight(), it.get_sort_key(), search.collapse ? it.get_collapse_key() : std::string(),
                     it.get_document()});
    }
  }
  std::sort(all.begin(), all.end(), [&](const RankedMatch& a, const RankedMatch& b) { return comes_before(a, b, search.order); });
  if (search.collapse) {
    std::unordered_set<std::string> seen;
    std::erase_if(all, [&](const RankedMatch& match) { return !match.collapse_key.empty() && !seen.insert(match.collapse_key).second; });
  }
  for (std::size_t i = search.offset; i < all.size() && out.hits.size() < search.count; ++i) out.hits.push_back(std::move(all[i]));
  return out;
}

}  // namespace scatter::shards
