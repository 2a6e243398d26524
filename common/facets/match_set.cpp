#include "facets/match_set.h"

#include "query/counting_weight.h"
#include "shards/task_pool.h"

#include <functional>
#include <memory>
#include <stdexcept>
#include <vector>

namespace scatter::facets {
namespace {

// Gathers the document id of every match of one shard, as the combined
// database numbers it (Xapian interleaves shards: shard i's story d is
// (d - 1) * shards + i + 1), in batches: Roaring adds a sorted run far faster
// than one id at a time.
class MatchCollector : public Xapian::MatchSpy {
 public:
  MatchCollector(StorySet& set, std::uint32_t shard, std::uint32_t shards) : set_(set), shard_(shard), shards_(shards) {
    batch_.reserve(kBatch);
  }
  void operator()(const Xapian::Document& doc, double /*weight*/) override {
    batch_.push_back((doc.get_docid() - 1) * shards_ + shard_ + 1);
    if (batch_.size() == kBatch) flush();
  }
  void flush() {
    set_.addMany(batch_.size(), batch_.data());
    batch_.clear();
  }

 private:
  static constexpr std::size_t kBatch = 4096;
  StorySet& set_;
  std::uint32_t shard_, shards_;
  std::vector<std::uint32_t> batch_;
};

// One shard's matches, numbered as the combined database numbers them.
StorySet shard_matches(const Xapian::Database& shard, std::uint32_t index, std::uint32_t count,
                       const Xapian::Query& query) {
  StorySet set;
  MatchCollector collector(set, index, count);
  Xapian::Enquire enquire(shard);
  enquire.set_query(query);
  enquire.set_weighting_scheme(query::CountingWeight());
  enquire.add_matchspy(&collector);
  enquire.get_mset(0, 0, shard.get_doccount());
  collector.flush();
  return set;
}

}  // namespace

StorySet match_set(const std::vector<Xapian::Database>& shards, const Xapian::Query& query) {
  StorySet set;
  const auto count = static_cast<std::uint32_t>(shards.size());
  for (std::uint32_t shard = 0; shard < count; ++shard) set |= shard_matches(shards[shard], shard, count, query);
  return set;
}

StorySet match_set(const std::vector<Xapian::Database>& shards, const std::vector<Xapian::Query>& queries) {
  if (queries.size() != shards.size()) throw std::invalid_argument("match_set: one query per shard");
  const auto count = static_cast<std::uint32_t>(shards.size());
  if (count == 1) return shard_matches(shards.front(), 0, 1, queries.front());
  std::vector<StorySet> found(count);
  std::vector<std::function<void()>> tasks;
  for (std::uint32_t shard = 0; shard < count; ++shard) {
    tasks.emplace_back([&, shard] { found[shard] = shard_matches(shards[shard], shard, count, queries[shard]); });
  }
  shards::TaskPool::shared().run_all(tasks);
  StorySet set;
  for (const StorySet& part : found) set |= part;
  return set;
}

}  // namespace scatter::facets

namespace scatter::facets {
namespace {

class StorySetSource : public Xapian::PostingSource {
 public:
  explicit StorySetSource(std::shared_ptr<const StorySet> stories) : stories_(std::move(stories)) {}
  Xapian::PostingSource* clone() const override { return new StorySetSource(stories_); }
  void init(const Xapian::Database&) override {
    roaring_init_iterator(&stories_->roaring, &it_);
    started_ = false;
  }
  Xapian::doccount get_termfreq_min() const override { return count(); }
  Xapian::doccount get_termfreq_est() const override { return count(); }
  Xapian::doccount get_termfreq_max() const override { return count(); }
  void next(double) override {
    if (started_) roaring_advance_uint32_iterator(&it_);
    started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    if (started_ && (!it_.has_value || it_.current_value >= did)) return;  // never backwards
    started_ = true;
    roaring_move_uint32_iterator_equalorlarger(&it_, did);
  }
  bool at_end() const override { return started_ && !it_.has_value; }
  Xapian::docid get_docid() const override { return it_.current_value; }

 private:
  Xapian::doccount count() const { return static_cast<Xapian::doccount>(stories_->cardinality()); }
  std::shared_ptr<const StorySet> stories_;
  roaring_uint32_iterator_t it_{};
  bool started_ = false;
};

}  // namespace

Xapian::Query stories_query(StorySet stories) {
  return Xapian::Query((new StorySetSource(std::make_shared<const StorySet>(std::move(stories))))->release());
}

StorySet first_by_date(const FacetIndex& index, bool newest_first, std::uint64_t wanted) {
  StorySet first;
  const auto add = [&](const StorySet& stories) {
    if (first.cardinality() >= wanted) return false;
    first |= stories;
    return true;
  };
  // Stories without a date have no date value: first in an ascending sort,
  // last in a descending one.
  if (!newest_first) add(index.stories() - index.in_months());
  if (newest_first) {
    for (auto it = index.months().rbegin(); it != index.months().rend() && add(it->second); ++it) {}
  } else {
    for (auto it = index.months().begin(); it != index.months().end() && add(it->second); ++it) {}
  }
  if (newest_first) add(index.stories() - index.in_months());
  return first;
}

}  // namespace scatter::facets
