// searchd/metrics.h: requests by route pattern (never raw paths, so clients
// cannot grow the series), a latency histogram, Prometheus text format 0.0.4.
#include "searchd/metrics.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace scatter::searchd {
namespace {

TEST(RouteOf, PathsBecomeTheirRoutePattern) {
  const struct {
    std::string path, route;
  } rows[] = {
      {"/search", "/search"},
      {"/suggest", "/suggest"},
      {"/trends", "/trends"},
      {"/healthz", "/healthz"},
      {"/readyz", "/readyz"},
      {"/metrics", "/metrics"},
      {"/", "/"},
      {"/stories/3-1", "/stories/{id}"},
      {"/stories/anything-at-all", "/stories/{id}"},
      {"/issues/3", "/issues/{number}"},
      {"/issues/x", "/issues/{number}"},
      {"/related/3-2", "/related/{id}"},
      {"/stories/", "other"},
      {"/stories", "other"},
      {"/stories/3-1/more", "other"},
      {"/search/", "other"},
      {"/SEARCH", "other"},
      {"/search.php", "other"},
      {"/wp-admin/setup.php", "other"},
      {"", "other"},
  };
  for (const auto& row : rows) EXPECT_EQ(route_of(row.path), row.route) << "'" << row.path << "'";
}

// Sample lines (not comments), by the text before the value.
std::map<std::string, std::string> samples(const std::string& exposition) {
  std::map<std::string, std::string> out;
  std::istringstream lines(exposition);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.rfind(' ');
    out[line.substr(0, space)] = line.substr(space + 1);
  }
  return out;
}

TEST(Metrics, CountsRequestsByRouteAndStatus) {
  Metrics metrics;
  metrics.record("/search", 200, 0.002);
  metrics.record("/search", 200, 0.003);
  metrics.record("/search", 400, 0.001);
  metrics.record("/stories/3-1", 200, 0.001);
  metrics.record("/stories/9-9", 404, 0.001);
  const auto by_name = samples(metrics.exposition({}));
  EXPECT_EQ(by_name.at("searchd_requests_total{route=\"/search\",status=\"200\"}"), "2");
  EXPECT_EQ(by_name.at("searchd_requests_total{route=\"/search\",status=\"400\"}"), "1");
  EXPECT_EQ(by_name.at("searchd_requests_total{route=\"/stories/{id}\",status=\"200\"}"), "1");
  EXPECT_EQ(by_name.at("searchd_requests_total{route=\"/stories/{id}\",status=\"404\"}"), "1");
  EXPECT_EQ(by_name.count("searchd_requests_total{route=\"/stories/3-1\",status=\"200\"}"), 0u);
}

TEST(Metrics, AnyNumberOfDistinctPathsMakesABoundedNumberOfSeries) {
  Metrics metrics;
  for (int i = 0; i < 5000; ++i) {
    metrics.record("/stories/" + std::to_string(i), 404, 0.001);
    metrics.record("/probe-" + std::to_string(i), 404, 0.001);
    metrics.record("/issues/" + std::to_string(i) + "/x", 404, 0.001);
  }
  const std::string exposition = metrics.exposition({});
  EXPECT_LT(exposition.size(), 10000u);
  const auto by_name = samples(exposition);
  EXPECT_EQ(by_name.at("searchd_requests_total{route=\"/stories/{id}\",status=\"404\"}"), "5000");
  EXPECT_EQ(by_name.at("searchd_requests_total{route=\"other\",status=\"404\"}"), "10000");
  EXPECT_EQ(exposition.find("probe"), std::string::npos);
}

TEST(Metrics, LatencyHistogramIsCumulativeWithBoundsInclusive) {
  Metrics metrics;
  metrics.record("/search", 200, 0.0005);  // exactly a bound: counted in it
  metrics.record("/search", 200, 0.003);
  metrics.record("/search", 200, 0.2);
  metrics.record("/search", 200, 30);  // beyond every bound: only in +Inf
  const auto by_name = samples(metrics.exposition({}));
  const auto bucket = [&](const std::string& le) {
    return by_name.at("searchd_request_duration_seconds_bucket{route=\"/search\",le=\"" + le + "\"}");
  };
  EXPECT_EQ(bucket("0.0005"), "1");
  EXPECT_EQ(bucket("0.0025"), "1");
  EXPECT_EQ(bucket("0.005"), "2");
  EXPECT_EQ(bucket("0.1"), "2");
  EXPECT_EQ(bucket("0.25"), "3");
  EXPECT_EQ(bucket("2.5"), "3");
  EXPECT_EQ(bucket("+Inf"), "4");
  EXPECT_EQ(by_name.at("searchd_request_duration_seconds_count{route=\"/search\"}"), "4");
  EXPECT_NEAR(std::stod(by_name.at("searchd_request_duration_seconds_sum{route=\"/search\"}")), 30.2035, 1e-9);

  // Every bucket of the route, in increasing order of le, never decreasing.
  std::vector<std::string> bounds;
  for (const double bound : Metrics::kBuckets) {
    std::ostringstream text;
    text << bound;
    bounds.push_back(text.str());
  }
  long previous = 0;
  for (const std::string& le : bounds) {
    const long count = std::stol(bucket(le));
    EXPECT_GE(count, previous) << "le=" << le;
    previous = count;
  }
}

TEST(Metrics, ReportsTheIndexState) {
  const Metrics metrics;
  const auto by_name = samples(metrics.exposition({.ready = true,
                                                   .stories = 5,
                                                   .last_reload_unix_seconds = 1770595200.25,
                                                   .reloads = 2,
                                                   .cache_entries = 7,
                                                   .cache_hits = 3,
                                                   .cache_misses = 4}));
  EXPECT_EQ(by_name.at("searchd_ready"), "1");
  EXPECT_EQ(by_name.at("searchd_documents"), "5");
  EXPECT_DOUBLE_EQ(std::stod(by_name.at("searchd_index_last_reload_timestamp_seconds")), 1770595200.25);
  EXPECT_EQ(by_name.at("searchd_index_reloads_total"), "2");
  EXPECT_EQ(by_name.at("searchd_cache_entries"), "7");
  EXPECT_EQ(by_name.at("searchd_cache_lookups_total{outcome=\"hit\"}"), "3");
  EXPECT_EQ(by_name.at("searchd_cache_lookups_total{outcome=\"miss\"}"), "4");
  EXPECT_EQ(samples(metrics.exposition({})).at("searchd_ready"), "0");
}

TEST(Metrics, ExpositionIsPrometheusTextFormat) {
  Metrics metrics;
  metrics.record("/search", 200, 0.004);
  metrics.record("/nowhere", 404, 0.0001);
  const std::string exposition = metrics.exposition({.ready = true, .stories = 5});
  ASSERT_FALSE(exposition.empty());
  EXPECT_EQ(exposition.back(), '\n');
  const std::regex help(R"(# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) \S.*)");
  const std::regex type(R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped))");
  const std::regex sample(
      R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"\\\n]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"\\\n]*")*\})? )"
      R"((-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?|\+Inf|-Inf|NaN))");
  std::set<std::string> typed;  // families whose TYPE line came before their samples
  std::smatch m;
  std::istringstream lines(exposition);
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_match(line, m, help)) continue;
    if (std::regex_match(line, m, type)) {
      EXPECT_TRUE(typed.insert(m[1]).second) << "two TYPE lines for " << m[1];
      continue;
    }
    ASSERT_TRUE(std::regex_match(line, m, sample)) << "not a sample line: '" << line << "'";
    std::string family = m[1];
    for (const std::string suffix : {"_bucket", "_sum", "_count"}) {
      if (family.ends_with(suffix) && typed.count(family.substr(0, family.size() - suffix.size()))) {
        family = family.substr(0, family.size() - suffix.size());
      }
    }
    EXPECT_TRUE(typed.count(family)) << "sample before its TYPE line: " << line;
  }
  for (const std::string family : {"searchd_requests_total", "searchd_request_duration_seconds", "searchd_ready",
                                   "searchd_documents", "searchd_index_reloads_total", "searchd_cache_lookups_total"}) {
    EXPECT_TRUE(typed.count(family)) << family;
  }
}

}  // namespace
}  // namespace scatter::searchd
