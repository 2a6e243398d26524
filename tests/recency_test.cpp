// query/recency.h through the engine: recency=HALF_LIFE moves newer stories up
// among those matching as many of the query's words, leaves the stories with
// more of the words first, changes nothing without it, and ranks alike on one
// database and on shards. Over a SYNTHETIC archive (synthetic_corpus.h).
#include "engine_comparison.h"
#include "synthetic_corpus.h"
#include "test_support.h"

#include "engine/search_engine.h"
#include "index/indexing.h"
#include "query/recency.h"

#include <gtest/gtest.h>

#include <set>

namespace scatter {
namespace {

TEST(HalfLife, ReadsDaysWeeksMonthsAndYearsAndRefusesTheRest) {
  EXPECT_EQ(query::parse_half_life("180d"), 180.0);
  EXPECT_EQ(query::parse_half_life("26w"), 182.0);
  EXPECT_DOUBLE_EQ(*query::parse_half_life("6m"), 182.64);
  EXPECT_DOUBLE_EQ(*query::parse_half_life("2y"), 730.5);
  EXPECT_DOUBLE_EQ(*query::parse_half_life("0.5y"), 182.625);
  for (const char* bad : {"", "d", "180", "-5d", "0d", "1.5x", "5000y", "y2", "1e9d", "nand"}) {
    EXPECT_FALSE(query::parse_half_life(bad).has_value()) << bad;
  }
}

class Recency : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    test::write_synthetic_tables(*dir_ / "synthetic");
    test::write_synthetic_archive(*dir_ / "synthetic", 7, test::kIssues);
    for (const std::size_t shards : {1, 3}) {
      index_archive({.archive = *dir_ / "synthetic", .db = *dir_ / ("index-" + std::to_string(shards)), .shards = shards});
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::filesystem::path index(std::size_t shards) { return *dir_ / ("index-" + std::to_string(shards)); }
  static inline test::TempDir* dir_ = nullptr;
};

long mean_day(const SearchResult& result) {
  long sum = 0, dated = 0;
  for (const SearchHit& hit : result.hits) {
    if (!hit.record.date) continue;
    sum += hit.record.date->day_number();
    ++dated;
  }
  return dated ? sum / dated : 0;
}

TEST_F(Recency, MovesNewerStoriesUpAmongThoseMatchingAsManyWords) {
  SearchEngine engine(index(1));
  const SearchResult plain = engine.search({.q = "ledger", .per_page = 20});
  const SearchResult recent = engine.search({.q = "ledger", .per_page = 20, .recency_half_life_days = 180});
  ASSERT_EQ(recent.hits.size(), 20u);
  EXPECT_EQ(recent.total_estimate, plain.total_estimate) << "the same stories match";
  EXPECT_GT(mean_day(recent), mean_day(plain) + 180) << "the first page is newer";
  // A shorter half-life weighs age more.
  const SearchResult recenter = engine.search({.q = "ledger", .per_page = 20, .recency_half_life_days = 30});
  EXPECT_GE(mean_day(recenter), mean_day(recent));
}

TEST_F(Recency, LeavesTheStoriesWithMoreOfTheWordsFirst) {
  SearchEngine engine(index(1));
  std::set<std::string> both;
  for (const SearchHit& hit : engine.search({.q = "walnut AND thimble", .per_page = 100}).hits) both.insert(hit.record.story.id);
  ASSERT_FALSE(both.empty());
  const SearchResult recent = engine.search({.q = "walnut thimble", .per_page = 100, .recency_half_life_days = 30});
  bool left_both = false;
  for (const SearchHit& hit : recent.hits) {
    const bool has_both = both.contains(hit.record.story.id);
    EXPECT_FALSE(has_both && left_both) << hit.record.story.id << " has both words but ranks below one that has one";
    left_both = left_both || !has_both;
  }
}

TEST_F(Recency, WithoutItRankingIsUnchangedAndWithoutWordsItDoesNothing) {
  SearchEngine engine(index(1));
  const SearchResult plain = engine.search({.q = "copper signal", .per_page = 30});
  const SearchResult again = engine.search({.q = "copper signal", .per_page = 30, .recency_half_life_days = std::nullopt});
  ASSERT_EQ(plain.hits.size(), again.hits.size());
  for (std::size_t i = 0; i < plain.hits.size(); ++i) {
    EXPECT_EQ(plain.hits[i].record.story.id, again.hits[i].record.story.id);
    EXPECT_EQ(plain.hits[i].score, again.hits[i].score);
  }
  // Newest first already: a listing has no relevance to blend into.
  const SearchResult listing = engine.search({.per_page = 10, .recency_half_life_days = 30});
  const SearchResult newest = engine.search({.per_page = 10});
  ASSERT_EQ(listing.hits.size(), newest.hits.size());
  for (std::size_t i = 0; i < listing.hits.size(); ++i) EXPECT_EQ(listing.hits[i].record.story.id, newest.hits[i].record.story.id);
}

TEST_F(Recency, RanksAsOneDatabaseOnShards) {
  SearchEngine one(index(1)), sharded(index(3));
  for (const char* q : {"ledger", "robot forecast", "walnut thimble", "\"copper signal\"", "harbour -ferry"}) {
    test::expect_same_search(one, sharded, {.q = q, .recency_half_life_days = 90}, "3 shards, recency 90d");
  }
}

}  // namespace
}  // namespace scatter
