// Comparing two engines' answers to the same request: the same stories in
// the same order, the same scores (to the last bit), totals, spelling
// suggestion, facet counts and trends. For the tests that check a layout (shards,
// remote shards) answers as one database does.
#pragma once

#include "synthetic_corpus.h"
#include "test_support.h"

#include "engine/search_engine.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <vector>
#include <string>

namespace scatter::test {

inline void expect_same_search(SearchEngine& one, SearchEngine& shards, SearchRequest request, const std::string& layout) {
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

inline void expect_same_trends(SearchEngine& one, SearchEngine& shards, const SearchRequest& request, const std::string& layout) {
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

// The relevance suite's judged queries (tests/relevance/judgments.json) as
// requests, with their filters.
inline std::vector<SearchRequest> judged_requests() {
  std::ifstream file(source_dir() / "tests" / "relevance" / "judgments.json");
  const nlohmann::json judgments = nlohmann::json::parse(file);
  std::vector<SearchRequest> requests;
  for (const nlohmann::json& judged : judgments.at("judgments")) {
    SearchRequest request{.q = judged.value("q", "")};
    for (const auto& name : judged.value("companies", std::vector<std::string>{})) request.companies.push_back(name);
    for (const auto& name : judged.value("topics", std::vector<std::string>{})) request.topics.push_back(name);
    request.prefix = judged.value("prefix", false);
    requests.push_back(std::move(request));
  }
  return requests;
}

}  // namespace scatter::test
