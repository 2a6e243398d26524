#include "facets/match_set.h"

#include "query/counting_weight.h"

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

}  // namespace

StorySet match_set(const std::vector<Xapian::Database>& shards, const Xapian::Query& query) {
  StorySet set;
  const auto count = static_cast<std::uint32_t>(shards.size());
  for (std::uint32_t shard = 0; shard < count; ++shard) {
    MatchCollector collector(set, shard, count);
    Xapian::Enquire enquire(shards[shard]);
    enquire.set_query(query);
    enquire.set_weighting_scheme(query::CountingWeight());
    enquire.add_matchspy(&collector);
    enquire.get_mset(0, 0, shards[shard].get_doccount());
    collector.flush();
  }
  return set;
}

}  // namespace scatter::facets
