// An index split into shards answers exactly as one database: the same stories
// in the same order, the same scores (to the last bit), the same totals,
// facet counts and trends. Over the seed archive with the relevance suite's
// judged queries, and over a SYNTHETIC archive of 750 stories
// (synthetic_corpus.h) with 200 probe requests and phrase and proximity probes,
// for 2 and 3 shards.
#include "engine_comparison.h"
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
using test::expect_same_search;
using test::expect_same_trends;

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
  SearchEngine one(seed(1)), sharded(seed(3));
  const std::vector<SearchRequest> requests = test::judged_requests();
  for (const SearchRequest& request : requests) test::expect_same_search(one, sharded, request, "3 shards");
  EXPECT_GT(requests.size(), 100u);
}

}  // namespace
}  // namespace scatter
