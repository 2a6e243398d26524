// An index split into shards answers exactly as one database: the same stories
// in the same order, the same scores (to the last bit), the same totals,
// facet counts and trends. Over the seed archive with the relevance suite's
// judged queries, and over a SYNTHETIC archive of 750 stories
// (synthetic_corpus.h) with 200 probe requests and phrase and proximity probes,
// for 2 and 3 shards.
#include "synthetic_corpus.h"
#include "test_support.h"

#include "engine/search_engine.h"
#include "index/indexing.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

namespace scatter {
namespace {

using test::describe;

void expect_same_search(SearchEngine& one, SearchEngine& shards, SearchRequest request, const std::string& layout) {
  request.per_page = 20;
  request.facets = {std::begin(kAllFacets), std::end(kAllFacets)};
  const SearchResult a = one.search(request), b = shards.search(request);
  const std::string what = layout + ": " + describe(request);
  ASSERT_EQ(a.hits.size(), b.hits.size()) << what;
  for (std::size_t i = 0; i < a.hits.size(); ++i) {
    EXPECT_EQ(a.hits[i].record.story.id, b.hits[i].record.story.id) << what << " at " << i;
    EXPECT_EQ(a.hits[i].score, b.hits[i].score)
        << what << " at " << i << ": " << a.hits[i].score << " against " << b.hits[i].score;
  }
  EXPECT_EQ(a.total_estimate, b.total_estimate) << what;
  EXPECT_EQ(a.total_lower, b.total_lower) << what;
  EXPECT_EQ(a.total_upper, b.total_upper) << what;
  EXPECT_EQ(a.did_you_mean, b.did_you_mean) << what;
  ASSERT_EQ(a.facets.size(), b.facets.size()) << what;
  for (std::size_t f = 0; f < a.facets.size(); ++f) {
    ASSERT_EQ(a.facets[f].values.size(), b.facets[f].values.size()) << what;
    for (std::size_t v = 0; v < a.facets[f].values.size(); ++v) {
      EXPECT_EQ(a.facets[f].values[v].value, b.facets[f].values[v].value) << what;
      EXPECT_EQ(a.facets[f].values[v].count, b.facets[f].values[v].count) << what;
    }
  }
}

void expect_same_trends(SearchEngine& one, SearchEngine& shards, const SearchRequest& request, const std::string& layout) {
  const TrendsRequest trends{.search = request, .interval = Interval::kMonth, .by = TrendSplit::kCompany, .series = 3};
  const TrendsResult a = one.trends(trends), b = shards.trends(trends);
  const std::string what = layout + ": " + describe(request);
  EXPECT_EQ(a.total, b.total) << what;
  EXPECT_EQ(a.undated, b.undated) << what;
  EXPECT_EQ(a.series, b.series) << what;
  ASSERT_EQ(a.periods.size(), b.periods.size()) << what;
  for (std::size_t p = 0; p < a.periods.size(); ++p) {
    EXPECT_EQ(a.periods[p].count, b.periods[p].count) << what;
    EXPECT_EQ(a.periods[p].by, b.periods[p].by) << what;
    EXPECT_EQ(a.periods[p].archive_count, b.periods[p].archive_count) << what;
  }
}

class ShardIdentity : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    test::write_synthetic_tables(*dir_ / "synthetic");
    test::write_synthetic_archive(*dir_ / "synthetic", 7, test::kIssues);
    for (const std::size_t shards : {1, 2, 3}) {
      const auto stories = index_archive({.archive = *dir_ / "synthetic", .db = synthetic(shards), .shards = shards}).stories;
      ASSERT_EQ(stories, static_cast<std::size_t>(test::kIssues * test::kStoriesPerIssue));
    }
    for (const std::size_t shards : {1, 3}) {
      ASSERT_EQ(index_archive({.archive = test::data_dir(), .db = seed(shards), .shards = shards}).stories, 5u);
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::filesystem::path synthetic(std::size_t shards) { return *dir_ / ("synthetic-" + std::to_string(shards)); }
  static std::filesystem::path seed(std::size_t shards) { return *dir_ / ("seed-" + std::to_string(shards)); }
  static inline test::TempDir* dir_ = nullptr;
};

// Words side by side, so that proximity counts: pairs that stand together in
// titles and bodies, and the same words as phrases, apart and reversed.
std::vector<SearchRequest> phrase_and_proximity_probes() {
  std::vector<SearchRequest> probes;
  for (std::size_t i = 0; i + 1 < test::kWords.size(); i += 3) {
    const std::string& a = test::kWords[i];
    const std::string& b = test::kWords[i + 1];
    probes.push_back({.q = a + " " + b});
    probes.push_back({.q = b + " " + a});
    probes.push_back({.q = "\"" + a + " " + b + "\""});
    probes.push_back({.q = a + " " + b + " " + test::kWords[(i + 2) % test::kWords.size()]});
    probes.push_back({.q = "title:" + a + " " + b});
    probes.push_back({.q = a.substr(0, 3) + "*"});
    probes.push_back({.q = a + " " + b.substr(0, 2), .prefix = true});
  }
  return probes;
}

TEST_F(ShardIdentity, TwoHundredProbesRankAsOneDatabaseOnTwoAndThreeShards) {
  SearchEngine one(synthetic(1));
  for (const std::size_t shards : {2, 3}) {
    SearchEngine sharded(synthetic(shards));
    const std::string layout = std::to_string(shards) + " shards";
    for (const SearchRequest& request : test::probe_requests()) expect_same_search(one, sharded, request, layout);
  }
}

TEST_F(ShardIdentity, PhrasesAndWordsCloseTogetherRankAsOneDatabase) {
  SearchEngine one(synthetic(1)), sharded(synthetic(3));
  for (const SearchRequest& request : phrase_and_proximity_probes()) expect_same_search(one, sharded, request, "3 shards");
}

TEST_F(ShardIdentity, PagesSortsAndCollapsedIssuesAreThoseOfOneDatabase) {
  SearchEngine one(synthetic(1)), sharded(synthetic(3));
  const std::vector<SearchRequest> probes = test::probe_requests();
  for (std::size_t i = 0; i < probes.size(); i += 7) {
    for (int page = 1; page <= 3; ++page) {
      SearchRequest request = probes[i];
      request.page = page;
      expect_same_search(one, sharded, request, "3 shards, page " + std::to_string(page));
      request.collapse_by_issue = true;
      expect_same_search(one, sharded, request, "3 shards, one per issue, page " + std::to_string(page));
      request.collapse_by_issue = false;
      for (const SortOrder sort : {SortOrder::kNewest, SortOrder::kOldest}) {
        request.sort = sort;
        expect_same_search(one, sharded, request, "3 shards, by date, page " + std::to_string(page));
      }
    }
  }
}

TEST_F(ShardIdentity, TrendsAndTotalsCountAsOneDatabase) {
  SearchEngine one(synthetic(1)), sharded(synthetic(2));
  const std::vector<SearchRequest> requests = test::probe_requests();
  for (std::size_t i = 0; i < requests.size(); i += 5) expect_same_trends(one, sharded, requests[i], "2 shards");
}

TEST_F(ShardIdentity, TheRelevanceSuitesQueriesRankAsOneDatabase) {
  std::ifstream file(test::source_dir() / "tests" / "relevance" / "judgments.json");
  const nlohmann::json judgments = nlohmann::json::parse(file);
  SearchEngine one(seed(1)), sharded(seed(3));
  int compared = 0;
  for (const nlohmann::json& judged : judgments.at("judgments")) {
    SearchRequest request{.q = judged.value("q", "")};
    for (const auto& name : judged.value("companies", std::vector<std::string>{})) request.companies.push_back(name);
    for (const auto& name : judged.value("topics", std::vector<std::string>{})) request.topics.push_back(name);
    request.prefix = judged.value("prefix", false);
    expect_same_search(one, sharded, request, "3 shards");
    ++compared;
  }
  EXPECT_GT(compared, 100);
}

}  // namespace
}  // namespace scatter
