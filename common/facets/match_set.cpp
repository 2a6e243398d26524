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
//
// On a remote shard the server's copy gathers the shard's own ids and sends
// them back as one portable Roaring bitmap, which merge_results() renumbers.
class MatchCollector : public Xapian::MatchSpy {
 public:
  MatchCollector(StorySet& set, std::uint32_t shard, std::uint32_t shards) : set_(&set), shard_(shard), shards_(shards) {
    batch_.reserve(kBatch);
  }
  void operator()(const Xapian::Document& doc, double /*weight*/) override {
    batch_.push_back(combined(doc.get_docid()));
    if (batch_.size() == kBatch) flush();
  }
  void flush() {
    set_->addMany(batch_.size(), batch_.data());
    batch_.clear();
  }

  // A copy for a registry or a remote shard's server: gathers its own ids.
  Xapian::MatchSpy* clone() const override { return new MatchCollector(); }
  std::string name() const override { return "scatter.MatchCollector"; }
  std::string serialise() const override { return {}; }
  Xapian::MatchSpy* unserialise(const std::string&, const Xapian::Registry&) const override {
    return new MatchCollector();  // the server's copy: the shard's own ids
  }
  std::string serialise_results() const override {
    const_cast<MatchCollector*>(this)->flush();
    std::string out(set_->getSizeInBytes(true), '\0');
    set_->write(out.data(), true);
    return out;
  }
  void merge_results(const std::string& serialised) override {
    const StorySet found = StorySet::readSafe(serialised.data(), serialised.size());
    for (const std::uint32_t id : found) {
      batch_.push_back(combined(id));
      if (batch_.size() == kBatch) flush();
    }
    flush();
  }

 private:
  MatchCollector() : set_(&own_), shard_(0), shards_(1) {}
  std::uint32_t combined(Xapian::docid id) const { return (id - 1) * shards_ + shard_ + 1; }

  static constexpr std::size_t kBatch = 4096;
  StorySet own_;
  StorySet* set_;
  std::uint32_t shard_, shards_;
  std::vector<std::uint32_t> batch_;
};

// One shard's matches, numbered as the combined database numbers them.
class ShardMatches {
 public:
  ShardMatches(const Xapian::Database& shard, std::uint32_t index, std::uint32_t count, const std::function<bool()>& stop,
               MatchReading reading)
      : shard_(shard), index_(index), count_(count), stop_(stop), reading_(reading) {}

  struct Stopped {};  // thrown once `stop` says so

  StorySet of(const Xapian::Query& query) {
    if (query.empty()) return {};
    if (reading_ == MatchReading::kOnTheShard) return by_matcher(query);
    switch (query.get_type()) {
      case Xapian::Query::LEAF_TERM: return postings(*query.get_terms_begin());
      case Xapian::Query::LEAF_MATCH_ALL: return postings("");
      case Xapian::Query::LEAF_MATCH_NOTHING: return {};
      case Xapian::Query::OP_SCALE_WEIGHT:
      case Xapian::Query::OP_AND_MAYBE: return of(query.get_subquery(0));  // the right side only weighs
      case Xapian::Query::OP_OR:
      case Xapian::Query::OP_SYNONYM:
      case Xapian::Query::OP_MAX: {
        StorySet any;
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) any |= of(query.get_subquery(i));
        return any;
      }
      case Xapian::Query::OP_AND:
      case Xapian::Query::OP_FILTER:
      case Xapian::Query::OP_AND_NOT:
        // With a phrase inside, Xapian's matcher checks its positions only
        // where the other parts match: cheaper than the phrase's own set.
        return is_boolean(query) ? combined_set(query) : by_matcher(query);
      default: return by_matcher(query);
    }
  }

 private:
  // AND, FILTER or AND_NOT of parts that are all sets of their terms' stories.
  StorySet combined_set(const Xapian::Query& query) {
    switch (query.get_type()) {
      case Xapian::Query::OP_AND:
      case Xapian::Query::OP_FILTER: {
        StorySet all = of(query.get_subquery(0));
        for (std::size_t i = 1; i < query.get_num_subqueries() && !all.isEmpty(); ++i) all &= of(query.get_subquery(i));
        return all;
      }
      case Xapian::Query::OP_AND_NOT: {
        StorySet left = of(query.get_subquery(0));
        for (std::size_t i = 1; i < query.get_num_subqueries() && !left.isEmpty(); ++i) left -= of(query.get_subquery(i));
        return left;
      }
      default: return by_matcher(query);
    }
  }

  // A part whose meaning is a set of its terms' stories. Anything with
  // positions, weights that decide a match, values or code of its own is not.
  static bool is_boolean(const Xapian::Query& query) {
    switch (query.get_type()) {
      case Xapian::Query::LEAF_TERM:
      case Xapian::Query::LEAF_MATCH_ALL:
      case Xapian::Query::LEAF_MATCH_NOTHING: return true;
      case Xapian::Query::OP_SCALE_WEIGHT:
      case Xapian::Query::OP_AND_MAYBE:
      case Xapian::Query::OP_OR:
      case Xapian::Query::OP_SYNONYM:
      case Xapian::Query::OP_MAX:
      case Xapian::Query::OP_AND:
      case Xapian::Query::OP_FILTER:
      case Xapian::Query::OP_AND_NOT: break;
      default: return false;
    }
    // The left of an AND_MAYBE decides alone; its right side may be anything.
    const std::size_t deciding = query.get_type() == Xapian::Query::OP_AND_MAYBE ? 1 : query.get_num_subqueries();
    for (std::size_t i = 0; i < deciding; ++i) {
      if (!is_boolean(query.get_subquery(i))) return false;
    }
    return true;
  }

  StorySet postings(const std::string& term) {
    if (stop_ && stop_()) throw Stopped{};
    batch_.clear();
    for (auto it = shard_.postlist_begin(term); it != shard_.postlist_end(term); ++it) batch_.push_back(combined(*it));
    StorySet set;
    set.addMany(batch_.size(), batch_.data());
    return set;
  }

  StorySet by_matcher(const Xapian::Query& query) {
    if (stop_ && stop_()) throw Stopped{};
    StorySet set;
    MatchCollector collector(set, index_, count_);
    Xapian::Enquire enquire(shard_);
    enquire.set_query(query);
    enquire.set_weighting_scheme(query::CountingWeight());
    enquire.add_matchspy(&collector);
    enquire.get_mset(0, 0, shard_.get_doccount());
    collector.flush();
    return set;
  }

  std::uint32_t combined(Xapian::docid id) const { return (id - 1) * count_ + index_ + 1; }

  const Xapian::Database& shard_;
  std::uint32_t index_, count_;
  const std::function<bool()>& stop_;
  MatchReading reading_;
  std::vector<std::uint32_t> batch_;
};

StorySet shard_matches(const Xapian::Database& shard, std::uint32_t index, std::uint32_t count,
                       const Xapian::Query& query, const std::function<bool()>& stop,
                       MatchReading reading = MatchReading::kPostingLists) {
  try {
    return ShardMatches(shard, index, count, stop, reading).of(query);
  } catch (const ShardMatches::Stopped&) {
    return {};
  }
}

}  // namespace

void register_remote_classes(Xapian::Registry& registry) {
  StorySet unused;
  registry.register_match_spy(MatchCollector(unused, 0, 1));
}

StorySet match_set(const std::vector<Xapian::Database>& shards, const Xapian::Query& query) {
  StorySet set;
  const auto count = static_cast<std::uint32_t>(shards.size());
  for (std::uint32_t shard = 0; shard < count; ++shard) set |= shard_matches(shards[shard], shard, count, query, {});
  return set;
}

StorySet match_set(const std::vector<Xapian::Database>& shards, const std::vector<Xapian::Query>& queries,
                   const std::function<bool()>& stop, MatchReading reading) {
  if (queries.size() != shards.size()) throw std::invalid_argument("match_set: one query per shard");
  const auto count = static_cast<std::uint32_t>(shards.size());
  if (count == 1) return shard_matches(shards.front(), 0, 1, queries.front(), stop, reading);
  std::vector<StorySet> found(count);
  std::vector<std::function<void()>> tasks;
  for (std::uint32_t shard = 0; shard < count; ++shard) {
    tasks.emplace_back(
        [&, shard] { found[shard] = shard_matches(shards[shard], shard, count, queries[shard], stop, reading); });
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
