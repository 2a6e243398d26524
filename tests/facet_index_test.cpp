// The facet index (common/facets) through its own interface: the value sets
// and periods built from the SYNTHETIC archive of synthetic_archive.h, counts
// over a match set, and the process-wide cache of one index per revision.
#include "synthetic_archive.h"

#include "facets/facet_index.h"
#include "facets/facet_index_cache.h"
#include "facets/match_set.h"
#include "facets/trend_counts.h"
#include "schema/schema.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <stdexcept>
#include <thread>

namespace scatter {
namespace {

class FacetIndexOfSyntheticArchive : public test::SyntheticIndexTest {
 protected:
  Xapian::Database db_{(*dir_ / "index").string()};
  facets::FacetIndex index_ = facets::FacetIndex::build(db_);

  std::map<std::string, std::uint64_t> sizes(Facet facet) const {
    std::map<std::string, std::uint64_t> out;
    for (const facets::FacetValue& value : index_.values(facet)) {
      out[value.name.empty() ? std::to_string(value.number) : value.name] = value.stories.cardinality();
    }
    return out;
  }
};

TEST_F(FacetIndexOfSyntheticArchive, HoldsEveryValueWithItsStories) {
  EXPECT_EQ(index_.stories().cardinality(), test::kSyntheticStories);
  EXPECT_EQ(sizes(Facet::kCompany), (std::map<std::string, std::uint64_t>{
                                        {"Marrowlabs", 2}, {"Quillbyte", 4}, {"Tundrabit", 2}, {"Zephyrsynth", 2}}));
  EXPECT_EQ(sizes(Facet::kTopic), (std::map<std::string, std::uint64_t>{{"Forecasts", 2}, {"Robots", 6}}));
  EXPECT_EQ(sizes(Facet::kYear), (std::map<std::string, std::uint64_t>{{"2024", 2}, {"2025", 4}, {"2027", 1}}));
  EXPECT_EQ(sizes(Facet::kMonth),
            (std::map<std::string, std::uint64_t>{{"202412", 2}, {"202501", 3}, {"202503", 1}, {"202706", 1}}));
  EXPECT_EQ(sizes(Facet::kIssue).size(), 6u);
  EXPECT_GT(index_.memory_bytes(), 0u);
}

TEST_F(FacetIndexOfSyntheticArchive, PutsEachDatedStoryInOneMonthAndOneWeek) {
  // Seven dated stories; the undated one (issue 100) is in no period.
  EXPECT_EQ(index_.in_months().cardinality(), 7u);
  EXPECT_EQ(index_.in_weeks().cardinality(), 7u);
  EXPECT_EQ(index_.months().size(), 4u);
  // 2024-12-30 and 2025-01-05 share a week; 2025-01-22, 2025-03-03 and 2027-06-15 have their own.
  EXPECT_EQ(index_.weeks().size(), 4u);
  const Xapian::docid undated = *db_.postlist_begin(schema::id_term("100-1"));
  EXPECT_FALSE(index_.month_of(undated));
  EXPECT_FALSE(index_.week_of(undated));
  const Xapian::docid dated = *db_.postlist_begin(schema::id_term("13-1"));
  EXPECT_EQ(index_.month_of(dated), 2027L * 13 + 6);
  EXPECT_EQ(index_.week_of(dated), (Date{2027, 6, 14}.day_number()));
}

TEST_F(FacetIndexOfSyntheticArchive, CountsAMatchSetsValuesMostFirst) {
  const facets::StorySet robots = facets::match_set({db_}, Xapian::Query("XBrobot"));
  ASSERT_GT(robots.cardinality(), 0u);
  const std::vector<FacetCounts> counts = facets::count_facets(index_, &robots, {Facet::kCompany, Facet::kYear}, 2, {});
  ASSERT_EQ(counts.size(), 2u);
  ASSERT_EQ(counts[0].values.size(), 2u);
  EXPECT_EQ(counts[0].values[0].value, "Quillbyte");
  EXPECT_GE(counts[0].values[0].count, counts[0].values[1].count);
  // Years are listed in time order, the two with most matches kept.
  ASSERT_EQ(counts[1].values.size(), 2u);
  EXPECT_LT(counts[1].values[0].value, counts[1].values[1].value);
}

// Shards matched side by side give the ids one pass over them in turn gives.
// (The database twice stands in for two shards: ids interleave the same way.)
TEST_F(FacetIndexOfSyntheticArchive, ShardsMatchedSideBySideGiveTheSameSet) {
  const Xapian::Database other((*dir_ / "index").string());
  const facets::StorySet in_turn = facets::match_set({db_, other}, Xapian::Query("XBrobot"));
  const facets::StorySet side_by_side =
      facets::match_set({db_, other}, std::vector<Xapian::Query>{Xapian::Query("XBrobot"), Xapian::Query("XBrobot")});
  EXPECT_EQ(side_by_side.cardinality(), 2 * facets::match_set({db_}, Xapian::Query("XBrobot")).cardinality());
  EXPECT_TRUE(side_by_side == in_turn);
  EXPECT_THROW(facets::match_set({db_, other}, std::vector<Xapian::Query>{Xapian::Query("XBrobot")}), std::invalid_argument);
}

// What Xapian's own matcher says `query` matches: the reference the match set
// must equal, whichever way it was read.
facets::StorySet matched_by_xapian(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  facets::StorySet out;
  const Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
  for (auto it = all.begin(); it != all.end(); ++it) out.add(*it);
  return out;
}

TEST_F(FacetIndexOfSyntheticArchive, TheMatchSetOfEveryQueryShapeIsWhatXapianMatches) {
  using Q = Xapian::Query;
  const Q robot("Zrobot"), forecast("Zforecast"), quillbyte(schema::company_term("Quillbyte"));
  const std::vector<Q> robot_that{Q("XBrobot"), Q("XBthat")}, robot_parcels{Q("XBrobot"), Q("XBparcels")};
  const Q phrase(Q::OP_PHRASE, robot_that.begin(), robot_that.end(), 2);
  const std::vector<std::pair<std::string, Q>> shapes{
      {"a term", robot},
      {"OR", Q(Q::OP_OR, robot, forecast)},
      {"AND", Q(Q::OP_AND, robot, forecast)},
      {"FILTER", Q(Q::OP_FILTER, robot, quillbyte)},
      {"AND_NOT", Q(Q::OP_AND_NOT, robot, forecast)},
      {"everything but", Q(Q::OP_AND_NOT, Q::MatchAll, robot)},
      {"AND_MAYBE", Q(Q::OP_AND_MAYBE, forecast, robot)},
      {"SYNONYM", Q(Q::OP_SYNONYM, Q("XBrobot"), Q("Srobot"))},
      {"MAX", Q(Q::OP_MAX, Q("XBrobot"), Q("XBforecast"))},
      {"SCALE_WEIGHT", Q(Q::OP_SCALE_WEIGHT, forecast, 0.5)},
      {"a phrase", phrase},
      {"a phrase in an OR", Q(Q::OP_OR, phrase, forecast)},
      {"a phrase ANDed", Q(Q::OP_AND, phrase, quillbyte)},
      {"NEAR", Q(Q::OP_NEAR, robot_parcels.begin(), robot_parcels.end(), 4)},
      {"AND_MAYBE with a phrase on the right", Q(Q::OP_AND_MAYBE, quillbyte, phrase)},
      {"a word no story has", Q("Zplumvarnever")},
      {"nothing", Q::MatchNothing},
  };
  for (const auto& [shape, query] : shapes) {
    const facets::StorySet expected = matched_by_xapian(db_, query);
    EXPECT_TRUE(facets::match_set({db_}, query) == expected) << shape;
    EXPECT_TRUE(facets::match_set({db_}, std::vector<Xapian::Query>{query}) == expected) << shape;
    EXPECT_TRUE(facets::match_set({db_}, std::vector<Xapian::Query>{query}, {}, facets::MatchReading::kOnTheShard) ==
                expected)
        << shape << ", matched on the shard";
  }
  EXPECT_GT(matched_by_xapian(db_, phrase).cardinality(), 0u) << "the phrase must match something to test it";
}

TEST_F(FacetIndexOfSyntheticArchive, AMatchSetToldToStopIsEmpty) {
  const Xapian::Query robot("Zrobot");
  EXPECT_GT(facets::match_set({db_}, std::vector<Xapian::Query>{robot}, [] { return false; }).cardinality(), 0u);
  EXPECT_TRUE(facets::match_set({db_}, std::vector<Xapian::Query>{robot}, [] { return true; }).isEmpty());
}

TEST_F(FacetIndexOfSyntheticArchive, CountsEveryStoryWithoutAMatchSet) {
  const std::vector<FacetCounts> counts = facets::count_facets(index_, nullptr, {Facet::kTopic}, 10, FacetSort::kCount);
  ASSERT_EQ(counts.at(0).values.size(), 2u);
  EXPECT_EQ(counts[0].values[0].value, "Robots");
  EXPECT_EQ(counts[0].values[0].count, 6u);
}

TEST_F(FacetIndexOfSyntheticArchive, CountsTrendsOfEveryStoryByYear) {
  TrendsResult result;
  facets::count_trends(index_, nullptr, Interval::kYear, TrendSplit::kNone, 8,
                       [](const Date&, Interval) { return Xapian::doccount{0}; }, result);
  EXPECT_EQ(result.total, test::kSyntheticStories);
  EXPECT_EQ(result.undated, 1u);
  ASSERT_EQ(result.periods.size(), 4u);  // 2024 .. 2027, 2026 empty
  EXPECT_EQ(result.periods[2].period, "2026");
  EXPECT_EQ(result.periods[2].count, 0u);
}

facets::FacetIndex empty_index() { return {}; }

TEST(FacetIndexCache, BuildsARevisionOnceForEveryThread) {
  facets::FacetIndexCache cache;
  std::atomic<int> builds = 0;
  std::vector<std::thread> threads;
  std::vector<std::shared_ptr<const facets::FacetIndex>> got(8);
  for (std::size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] {
      got[i] = cache.get("revision 1", [&] {
        ++builds;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return empty_index();
      });
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(builds, 1);
  for (const auto& index : got) EXPECT_EQ(index, got[0]);
}

TEST(FacetIndexCache, KeepsOnlyTheNewestRevisions) {
  facets::FacetIndexCache cache(2);
  int builds = 0;
  const auto build = [&] {
    ++builds;
    return empty_index();
  };
  const auto first = cache.get("1", build);
  cache.get("2", build);
  EXPECT_EQ(cache.get("1", build), first);  // kept: 1 is now the newest used
  cache.get("3", build);                     // drops 2, the least recently used
  EXPECT_EQ(builds, 3);
  cache.get("1", build);
  EXPECT_EQ(builds, 3);
  cache.get("2", build);
  EXPECT_EQ(builds, 4);
}

TEST(FacetIndexCache, AFailedBuildIsTriedAgain) {
  facets::FacetIndexCache cache;
  EXPECT_THROW(cache.get("1", []() -> facets::FacetIndex { throw std::runtime_error("unreadable"); }),
               std::runtime_error);
  int builds = 0;
  cache.get("1", [&] {
    ++builds;
    return empty_index();
  });
  EXPECT_EQ(builds, 1);
}

}  // namespace
}  // namespace scatter
