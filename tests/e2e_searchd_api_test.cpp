// End to end, the whole HTTP API: the real indexer indexes an archive, the real
// searchd serves it on a free loopback port, and each test asks what a site,
// a researcher's script or an operator would ask, and checks what they would see.
#include "searchd_client.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>

namespace scatter::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kJsonType = "application/json; charset=utf-8";
constexpr const char* kAllowedOrigin = "https://scatterai.news";

std::vector<std::string> ids(const json& hits) {
  std::vector<std::string> out;
  for (const auto& hit : hits) out.push_back(hit.at("id").get<std::string>());
  return out;
}

// An error answer as the API promises it: JSON {"error":{"code","message","parameter"?}}.
void expect_error(const Answer& answer, int status, const std::string& code, const std::string& parameter,
                  const std::string& what) {
  EXPECT_EQ(answer.status, status) << what << ": " << answer.body;
  EXPECT_EQ(answer.header("Content-Type"), kJsonType) << what;
  json body;
  try {
    body = answer.json();
  } catch (const json::exception& e) {
    ADD_FAILURE() << what << ": not JSON (" << e.what() << "): " << answer.body;
    return;
  }
  ASSERT_TRUE(body.contains("error")) << what << ": " << answer.body;
  EXPECT_EQ(body["error"].value("code", ""), code) << what;
  EXPECT_FALSE(body["error"].value("message", "").empty()) << what;
  if (parameter.empty()) {
    EXPECT_FALSE(body["error"].contains("parameter")) << what << ": " << answer.body;
  } else {
    EXPECT_EQ(body["error"].value("parameter", ""), parameter) << what << ": " << answer.body;
  }
}

// Copies the seed archive (data/: issue 3 and the company, topic and synonym
// files) to `archive`, so that a test may add issues to it.
void copy_seed_archive(const std::filesystem::path& archive) {
  std::filesystem::create_directories(archive);
  std::filesystem::copy(data_dir(), archive, std::filesystem::copy_options::recursive);
}

// The value of one sample line of a Prometheus exposition, or -1.
double sample(const std::string& exposition, const std::string& name) {
  std::istringstream lines(exposition);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() > name.size() && line.compare(0, name.size(), name) == 0 && line[name.size()] == ' ') {
      return std::stod(line.substr(name.size() + 1));
    }
  }
  return -1;
}

// ---------------------------------------------------------------------------
// One searchd over the seed archive (issue #3, five stories), shared by the
// tests that only read. Cache on, one browser origin allowed.

class SearchdApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    index_with_binary(data_dir(), *dir_ / "index");
    server_ = new RunningSearchd(*dir_ / "index", {"--cors-origin", kAllowedOrigin, "--access-log", "off"});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static Answer get(const std::string& path, const Headers& headers = {}) {
    return http_get(server_->port(), path, headers);
  }
  static json get_json(const std::string& path) {
    const Answer answer = get(path);
    EXPECT_EQ(answer.status, 200) << path << ": " << answer.body;
    EXPECT_EQ(answer.header("Content-Type"), kJsonType) << path;
    return answer.json();
  }
  static int port() { return server_->port(); }

  static inline TempDir* dir_ = nullptr;
  static inline RunningSearchd* server_ = nullptr;
};

TEST_F(SearchdApi, AFeedOfASearchListsItsNewestStoriesWithStableIdsAndPollsCheaply) {
  const Answer feed = get("/feed.atom?q=model&company=DeepSeek", {{"Host", "search.example:8080"}});
  ASSERT_EQ(feed.status, 200) << feed.body;
  EXPECT_EQ(feed.header("Content-Type"), "application/atom+xml; charset=utf-8");
  EXPECT_TRUE(feed.body.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  EXPECT_NE(feed.body.find("<id>tag:scatter-archive,2026:story/3-1</id>"), std::string::npos) << feed.body;
  EXPECT_NE(feed.body.find("<updated>2026-02-09T00:00:00Z</updated>"), std::string::npos);
  EXPECT_NE(feed.body.find("href=\"http://search.example:8080/feed.atom?company=DeepSeek&amp;q=model\""), std::string::npos)
      << feed.body;
  ASSERT_FALSE(feed.header("ETag").empty());
  ASSERT_FALSE(feed.header("Last-Modified").empty());
  // A feed reader asking again: nothing new, 304 either way.
  EXPECT_EQ(get("/feed.atom?q=model&company=DeepSeek", {{"If-None-Match", feed.header("ETag")}}).status, 304);
  EXPECT_EQ(get("/feed.atom?q=model&company=DeepSeek", {{"If-Modified-Since", feed.header("Last-Modified")}}).status, 304);
  EXPECT_EQ(get("/feed.atom?q=model&company=DeepSeek", {{"If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT"}}).status, 200);
  // The whole archive: every story of the seed issue, at most 20.
  const Answer all = get("/feed.atom");
  std::size_t entries = 0;
  for (auto at = all.body.find("<entry>"); at != std::string::npos; at = all.body.find("<entry>", at + 1)) ++entries;
  EXPECT_EQ(entries, 5u);
  // Order and page are the feed's own.
  expect_error(get("/feed.atom?q=model&page=2"), 400, "bad_parameter", "page", "a page of a feed");
  expect_error(get("/feed.atom?sort=oldest"), 400, "bad_parameter", "sort", "a feed's order");
}

TEST_F(SearchdApi, CompanyAndTopicPagesGiveMonthsCompanionsAndLatestStories) {
  const json mistral = get_json("/companies/pixtral");
  EXPECT_EQ(mistral["kind"], "company");
  EXPECT_EQ(mistral["name"], "Mistral AI");
  EXPECT_EQ(mistral["stories"], 1);
  EXPECT_NE(std::find(mistral["products"].begin(), mistral["products"].end(), "Pixtral"), mistral["products"].end());
  EXPECT_EQ(mistral["interval"], "month");
  ASSERT_EQ(mistral["per_period"].size(), 1u);
  EXPECT_EQ(mistral["per_period"][0]["period"], "2026-02");
  EXPECT_EQ(mistral["per_period"][0]["count"], 1);
  EXPECT_EQ(ids(mistral["latest"]), std::vector<std::string>{"3-5"});
  EXPECT_TRUE(mistral["companies"].empty()) << "no other company in its story";
  EXPECT_EQ(mistral["topics"][0]["count"], 1);
  EXPECT_TRUE(mistral["significant"].is_array());

  const json google = get_json("/companies/Google");
  ASSERT_EQ(google["companies"].size(), 1u);
  EXPECT_EQ(google["companies"][0]["value"], "Microsoft") << "in the same story (3-4), itself left out";

  const json topic = get_json("/topics/open%20weights?latest=1");
  EXPECT_EQ(topic["kind"], "topic");
  EXPECT_EQ(topic["name"], "Open weights");
  EXPECT_FALSE(topic.contains("products"));
  EXPECT_LE(topic["latest"].size(), 1u);

  expect_error(get("/companies/Nonesuch"), 404, "not_found", "", "an unknown company");
  expect_error(get("/topics/Mistral%20AI"), 404, "not_found", "", "a company is not a topic");
  expect_error(get("/companies/Google?latest=0"), 400, "bad_parameter", "latest", "latest=0");
  expect_error(get("/companies/Google?page=2"), 400, "bad_parameter", "page", "an unknown parameter");
  // A browser gets the page that shows it; a script the JSON.
  const Answer page = get("/companies/Google", {{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"}});
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("entity.js"), std::string::npos);
}

TEST_F(SearchdApi, SignificantTermsAnswerWithCountsAndExamplesAndNameABadField) {
  const json body = get_json("/significant?q=sora+OR+gemini&field=company&limit=5");
  EXPECT_EQ(body.at("field"), "company");
  EXPECT_EQ(body.at("background"), 5);
  EXPECT_TRUE(body.at("terms").is_array());
  for (const json& term : body.at("terms")) {
    EXPECT_GT(term.at("score").get<double>(), 0);
    EXPECT_LE(term.at("foreground").get<int>(), term.at("background").get<int>());
  }
  expect_error(get("/significant?field=colour"), 400, "bad_parameter", "field", "an unknown field");
  expect_error(get("/significant?limit=0"), 400, "bad_parameter", "limit", "no terms");
  expect_error(get("/significant?page=2"), 400, "bad_parameter", "page", "a page of terms");
}

TEST_F(SearchdApi, RecencyTakesAHalfLifeAndNamesItWhenItIsNotOne) {
  const json recent = get_json("/search?q=model&recency=180d");
  EXPECT_FALSE(recent.at("results").empty());
  expect_error(get("/search?q=model&recency=soon"), 400, "bad_parameter", "recency", "a half-life that is not one");
}

TEST_F(SearchdApi, FacetsCountEveryMatchingStoryNotOnlyThePage) {
  const json body = get_json("/search?facets=company,topic,year,month,issue&per_page=1");
  EXPECT_EQ(body.at("results").size(), 1u);
  EXPECT_EQ(body.at("total").at("estimate"), 5);
  const json& facets = body.at("facets");
  EXPECT_EQ(facets.at("year"), json::parse(R"([{"value": "2026", "count": 5}])"));
  EXPECT_EQ(facets.at("month"), json::parse(R"([{"value": "2026-02", "count": 5}])"));
  EXPECT_EQ(facets.at("issue"), json::parse(R"([{"value": "3", "count": 5}])"));
  std::vector<std::string> companies;
  for (const json& value : facets.at("company")) {
    companies.push_back(value.at("value"));
    EXPECT_EQ(value.at("count"), 1) << value;
  }
  std::sort(companies.begin(), companies.end());
  EXPECT_EQ(companies, (std::vector<std::string>{"DeepSeek", "Google", "Microsoft", "Mistral AI", "OpenAI"}));
  EXPECT_GE(facets.at("topic").size(), 5u);

  // The counts follow the query and filters, and only the facets asked for come back.
  const json sora = get_json("/search?q=sora&facets=company");
  EXPECT_EQ(sora.at("facets"), json::parse(R"({"company": [{"value": "OpenAI", "count": 1}]})"));
  EXPECT_EQ(get_json("/search?q=sora").at("facets"), json::object());
}

TEST_F(SearchdApi, FacetLimitBoundsTheValuesOfEachFacet) {
  const json body = get_json("/search?facets=company,topic&facet_limit=2");
  EXPECT_EQ(body.at("facets").at("company").size(), 2u);
  EXPECT_EQ(body.at("facets").at("topic").size(), 2u);
  expect_error(get("/search?facets=company&facet_limit=0"), 400, "bad_parameter", "facet_limit", "facet_limit=0");
  expect_error(get("/search?facets=company&facet_limit=201"), 400, "bad_parameter", "facet_limit", "facet_limit=201");
  expect_error(get("/search?facets=weather"), 400, "bad_parameter", "facets", "facets=weather");
}

TEST_F(SearchdApi, SuggestCompletesACompanyByThePrefixTyped) {
  const json body = get_json("/suggest?q=deeps");
  EXPECT_EQ(body.at("query"), "deeps");
  const json& first = body.at("suggestions").at(0);
  EXPECT_EQ(first.at("kind"), "company");
  EXPECT_EQ(first.at("text"), "DeepSeek");
  EXPECT_EQ(first.at("html"), "<mark>DeepS</mark>eek");
  EXPECT_EQ(first.at("stories"), 1);
}

TEST_F(SearchdApi, SuggestFindsATitleByTheStartOfAWordInIt) {
  const json body = get_json("/suggest?q=pixt");
  const auto& suggestions = body.at("suggestions");
  const auto title = std::find_if(suggestions.begin(), suggestions.end(),
                                  [](const json& s) { return s.at("kind") == "title"; });
  ASSERT_NE(title, suggestions.end()) << body;
  EXPECT_EQ(title->at("id"), "3-5");
  EXPECT_EQ(title->at("url"), "/issues/3#story-5");
  EXPECT_EQ(title->at("text"), "Mistral Releases \xE2\x80\x98Pixtral\xE2\x80\x99 12B Multimodal Model");
  EXPECT_NE(title->at("html").get<std::string>().find("<mark>Pixtral</mark>"), std::string::npos) << *title;
  // Words of the archive with that start, for a query of its own.
  EXPECT_TRUE(std::any_of(suggestions.begin(), suggestions.end(),
                          [](const json& s) { return s.at("kind") == "word" && s.at("text") == "pixtral"; }))
      << body;
}

TEST_F(SearchdApi, SuggestCompletesPhrasesOfTheArchiveAndWithinAField) {
  // "AI Governance" and "AI-generated" are in issue 3; "generation" and "google" never follow "AI".
  const json phrases = get_json("/suggest?q=ai+g");
  ASSERT_GE(phrases.at("suggestions").size(), 2u) << phrases;
  EXPECT_EQ(phrases.at("suggestions").at(0), json::parse(R"({"kind": "phrase", "text": "ai generated",
                                                             "html": "ai <mark>g</mark>enerated", "stories": 1})"));
  EXPECT_EQ(phrases.at("suggestions").at(1).at("text"), "ai governance");

  const json in_title = get_json("/suggest?q=title%3Agem");
  EXPECT_EQ(in_title.at("suggestions").at(0), json::parse(R"({"kind": "word", "text": "title:gemini",
                                                              "html": "title:<mark>gem</mark>ini", "stories": 1})"));
}

TEST_F(SearchdApi, SuggestGivesAtMostLimit) {
  EXPECT_GE(get_json("/suggest?q=pixt").at("suggestions").size(), 2u);
  EXPECT_EQ(get_json("/suggest?q=pixt&limit=1").at("suggestions").size(), 1u);
  EXPECT_EQ(get_json("/suggest?q=").at("suggestions"), json::array());
  EXPECT_EQ(get_json("/suggest?q=zzzzqx").at("suggestions"), json::array());
  expect_error(get("/suggest?q=pixt&limit=0"), 400, "bad_parameter", "limit", "limit=0");
  expect_error(get("/suggest?q=pixt&limit=21"), 400, "bad_parameter", "limit", "limit=21");
  expect_error(get("/suggest?q=pixt&per_page=3"), 400, "bad_parameter", "per_page", "per_page on /suggest");
}

TEST_F(SearchdApi, IssueListsItsStoriesInReadingOrder) {
  const json body = get_json("/issues/3");
  EXPECT_EQ(body.at("issue"), 3);
  EXPECT_EQ(body.at("date"), "2026-02-09");
  EXPECT_EQ(ids(body.at("stories")), (std::vector<std::string>{"3-1", "3-2", "3-3", "3-4", "3-5"}));
  const json& fifth = body.at("stories").at(4);
  EXPECT_EQ(fifth.at("story"), 5);
  EXPECT_EQ(fifth.at("title"), "Mistral Releases \xE2\x80\x98Pixtral\xE2\x80\x99 12B Multimodal Model");
  EXPECT_EQ(fifth.at("paragraphs").size(), 2u);
  EXPECT_EQ(fifth.at("bullets").size(), 3u);

  expect_error(get("/issues/99"), 404, "not_found", "", "/issues/99");
  expect_error(get("/issues/x"), 404, "not_found", "", "/issues/x");
  expect_error(get("/issues/3?page=2"), 400, "bad_parameter", "page", "/issues/3?page=2");
}

TEST_F(SearchdApi, RelatedStoriesAreOtherStoriesBestFirst) {
  const json body = get_json("/related/3-1?per_page=4");
  EXPECT_EQ(body.at("id"), "3-1");
  const std::vector<std::string> found = ids(body.at("results"));
  EXPECT_EQ(found.size(), 4u);
  EXPECT_EQ(std::count(found.begin(), found.end(), "3-1"), 0);
  double previous = 1e300;
  for (const json& hit : body.at("results")) {
    EXPECT_LE(hit.at("score").get<double>(), previous) << hit.at("id");
    previous = hit.at("score");
    EXPECT_FALSE(hit.at("title").get<std::string>().empty());
  }
  EXPECT_EQ(get_json("/related/3-1").at("results").size(), 4u) << "five stories: four others";
  expect_error(get("/related/3-1?per_page=101"), 400, "bad_parameter", "per_page", "per_page=101");
  expect_error(get("/related/9-9"), 404, "not_found", "", "/related/9-9");
}

TEST_F(SearchdApi, ReadyzSaysReadyWithTheStoryCountAndRevision) {
  const Answer answer = get("/readyz");
  ASSERT_EQ(answer.status, 200) << answer.body;
  const json body = answer.json();
  EXPECT_EQ(body.at("status"), "ready");
  EXPECT_EQ(body.at("stories"), 5);
  EXPECT_EQ("\"" + body.at("revision").get<std::string>() + "\"", get("/search?q=sora").header("ETag"));
  EXPECT_EQ(answer.header("Cache-Control"), "no-store");
}

TEST_F(SearchdApi, MetricsCountTheRequestsJustMade) {
  expect_error(get("/stories/metrics-probe"), 404, "not_found", "", "unknown story");
  ASSERT_EQ(get("/issues/3").status, 200);
  const std::string count_404 = "searchd_requests_total{route=\"/stories/{id}\",status=\"404\"}";
  const std::string count_200 = "searchd_requests_total{route=\"/issues/{number}\",status=\"200\"}";
  // Counted once the answer is written, which may be just after the client read it.
  std::string text;
  const auto counted = wait_until(2s, [&] {
    const Answer metrics = get("/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_EQ(metrics.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    text = metrics.body;
    return sample(text, count_404) >= 1 && sample(text, count_200) >= 1;
  });
  ASSERT_TRUE(counted) << text;
  const std::string bucket = "searchd_request_duration_seconds_bucket{route=\"/stories/{id}\",le=\"+Inf\"}";
  EXPECT_GE(sample(text, bucket), 1) << text;
  EXPECT_GE(sample(text, "searchd_request_duration_seconds_count{route=\"/stories/{id}\"}"), 1) << text;
  EXPECT_NE(text.find("# TYPE searchd_request_duration_seconds histogram"), std::string::npos);
  EXPECT_EQ(sample(text, "searchd_documents"), 5) << text;
  EXPECT_EQ(sample(text, "searchd_ready"), 1) << text;
  EXPECT_EQ(text.find("metrics-probe"), std::string::npos) << "a raw path became a label";
}

TEST_F(SearchdApi, EveryErrorIsJsonWithItsStatus) {
  const std::string long_target = "/search?q=" + std::string(9000, 'a');
  const struct {
    std::string method, path, body;
    int status;
    std::string code, parameter;
  } rows[] = {
      {"GET", "/search?compnay=OpenAI", "", 400, "bad_parameter", "compnay"},
      {"GET", "/search?page=0", "", 400, "bad_parameter", "page"},
      {"GET", "/trends?interval=day", "", 400, "bad_parameter", "interval"},
      {"GET", "/trends?by=month", "", 400, "bad_parameter", "by"},
      {"GET", "/trends?series=0", "", 400, "bad_parameter", "series"},
      {"GET", "/stories/3-1?full=1", "", 400, "bad_parameter", "full"},
      {"GET", "/nowhere", "", 404, "not_found", ""},
      {"GET", "/stories/9-9", "", 404, "not_found", ""},
      {"GET", "/stories/3-1/extra", "", 404, "not_found", ""},
      {"POST", "/search", "q=sora", 405, "method_not_allowed", ""},
      {"PUT", "/stories/3-1", "{}", 405, "method_not_allowed", ""},
      {"DELETE", "/issues/3", "", 405, "method_not_allowed", ""},
      {"PATCH", "/metrics", "x", 405, "method_not_allowed", ""},
      {"POST", "/nowhere", "x", 404, "not_found", ""},
      {"POST", "/search", std::string(65 * 1024, 'x'), 413, "payload_too_large", ""},
      {"GET", long_target, "", 414, "uri_too_long", ""},
  };
  for (const auto& row : rows) {
    const std::string what = row.method + " " + row.path.substr(0, 60);
    const Answer answer = http_request(port(), row.method, row.path, {}, row.body);
    expect_error(answer, row.status, row.code, row.parameter, what);
    if (row.status == 405) {
      EXPECT_EQ(answer.header("Allow"), "GET, HEAD, OPTIONS") << what;
    }
    EXPECT_FALSE(answer.has("ETag")) << what << ": an error is not a revision of anything";
  }
  EXPECT_EQ(get("/healthz").status, 200) << "still serving after all that";
}

TEST_F(SearchdApi, MethodsHttplibDoesNotRouteAreStill405OnAKnownRoute) {
  for (const std::string method : {"TRACE", "CONNECT"}) {
    // Raw: httplib's client would send CONNECT as a proxy tunnel.
    const Answer answer = raw_request(port(), method + " /search?q=sora HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    expect_error(answer, 405, "method_not_allowed", "", method + " /search");
    EXPECT_EQ(answer.header("Allow"), "GET, HEAD, OPTIONS") << method;
    expect_error(raw_request(port(), method + " /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 404, "not_found",
                 "", method + " /nowhere");
  }
}

TEST_F(SearchdApi, HeadAnswersLikeGetWithoutABody) {
  const Answer head = http_request(port(), "HEAD", "/search?q=sora+head");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("ETag"), get("/search?q=sora+head").header("ETag"));
}

TEST_F(SearchdApi, CorsHeadersOnlyForTheAllowedOrigin) {
  const Answer allowed = get("/search?q=sora", {{"Origin", kAllowedOrigin}});
  EXPECT_EQ(allowed.status, 200);
  EXPECT_EQ(allowed.header("Access-Control-Allow-Origin"), kAllowedOrigin);
  EXPECT_NE(allowed.header("Vary").find("Origin"), std::string::npos) << "caches must key on the origin";
  EXPECT_NE(allowed.header("Access-Control-Expose-Headers").find("ETag"), std::string::npos);
  // A page on the site can read the errors too.
  const Answer error = get("/search?compnay=x", {{"Origin", kAllowedOrigin}});
  EXPECT_EQ(error.status, 400);
  EXPECT_EQ(error.header("Access-Control-Allow-Origin"), kAllowedOrigin);

  for (const std::string other : {"https://evil.example", "https://scatterai.news.evil.example", "null",
                                  "http://scatterai.news"}) {
    const Answer refused = get("/search?q=sora", {{"Origin", other}});
    EXPECT_EQ(refused.status, 200) << other << ": the answer itself is public, the browser just may not read it";
    EXPECT_FALSE(refused.has("Access-Control-Allow-Origin")) << other;
    EXPECT_NE(refused.header("Vary").find("Origin"), std::string::npos) << other << ": a refusal varies by Origin too";
  }
  EXPECT_FALSE(get("/search?q=sora").has("Access-Control-Allow-Origin")) << "no Origin, no CORS";
}

TEST_F(SearchdApi, EveryAnswerCarriesTheSecurityHeaders) {
  for (const std::string path : {"/search?q=sora+headers", "/suggest?q=so", "/trends", "/stories/3-1", "/stories/9-9",
                                 "/issues/3", "/search?compnay=x", "/no/such/route", "/healthz", "/readyz", "/metrics",
                                 "/", "/widget.js"}) {
    const Answer answer = get(path);
    EXPECT_EQ(answer.header("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(answer.header("Referrer-Policy"), "strict-origin-when-cross-origin") << path;
    if (answer.status >= 400) {
      EXPECT_EQ(answer.header("Cache-Control"), "no-store") << path;
    }
  }
}

// A CDN in front keys its copies on Vary: without "Vary: Origin" on answers to
// requests without an Origin, it served the site a copy without
// Access-Control-Allow-Origin, and the widget said "Search is unavailable".
TEST_F(SearchdApi, EveryAnswerVariesByOriginWhileCorsIsOn) {
  for (const std::string path : {"/search?q=sora+vary", "/widget.js", "/", "/suggest?q=so", "/stories/3-1",
                                 "/search?compnay=x", "/no/such/route"}) {
    const Answer plain = get(path);
    EXPECT_NE(plain.header("Vary").find("Origin"), std::string::npos) << path << " without an Origin";
  }
  const Answer issue = get("/issues/3", {{"Accept", "application/json"}});
  EXPECT_NE(issue.header("Vary").find("Origin"), std::string::npos) << issue.header("Vary");
  EXPECT_NE(issue.header("Vary").find("Accept"), std::string::npos) << issue.header("Vary");
}

TEST_F(SearchdApi, CorsPreflightIsAnswered) {
  const Answer preflight = http_request(port(), "OPTIONS", "/search?q=sora",
                                        {{"Origin", kAllowedOrigin},
                                         {"Access-Control-Request-Method", "GET"},
                                         {"Access-Control-Request-Headers", "If-None-Match"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_TRUE(preflight.body.empty());
  EXPECT_EQ(preflight.header("Access-Control-Allow-Origin"), kAllowedOrigin);
  EXPECT_NE(preflight.header("Access-Control-Allow-Methods").find("GET"), std::string::npos);
  EXPECT_NE(preflight.header("Access-Control-Allow-Headers").find("If-None-Match"), std::string::npos);
  const Answer other = http_request(port(), "OPTIONS", "/search",
                                    {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_FALSE(other.has("Access-Control-Allow-Origin"));
  expect_error(http_request(port(), "OPTIONS", "/nowhere", {{"Origin", kAllowedOrigin}}), 404, "not_found", "",
               "OPTIONS /nowhere");
}

TEST_F(SearchdApi, EtagRevalidationAnswers304) {
  const Answer first = get("/search?q=governance");
  ASSERT_EQ(first.status, 200);
  const std::string etag = first.header("ETag");
  EXPECT_TRUE(std::regex_match(etag, std::regex(R"("[^"]+")"))) << etag;
  EXPECT_EQ(first.header("Cache-Control"), "public, max-age=10");
  EXPECT_EQ(get("/stories/3-1").header("ETag"), etag) << "one revision of the index, one tag";

  for (const std::string& if_none_match : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    const Answer again = get("/search?q=governance", {{"If-None-Match", if_none_match}});
    EXPECT_EQ(again.status, 304) << if_none_match;
    EXPECT_TRUE(again.body.empty()) << if_none_match;
    EXPECT_EQ(again.header("ETag"), etag) << if_none_match;
  }
  const Answer stale = get("/search?q=governance", {{"If-None-Match", "\"not-this-revision\""}});
  EXPECT_EQ(stale.status, 200);
  EXPECT_EQ(stale.body, first.body);
}

TEST_F(SearchdApi, ARepeatedRequestIsACacheHitWithTheSameBody) {
  const std::string path = "/search?q=enterprise+governance&per_page=3";
  const Answer first = get(path);
  const Answer second = get(path);
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(first.header("X-Cache"), "miss");
  EXPECT_EQ(second.header("X-Cache"), "hit");
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.header("ETag"), first.header("ETag"));
  EXPECT_EQ(get("/search?per_page=3&q=enterprise+governance").header("X-Cache"), "miss") << "another target";
  // Errors are not kept: each is worked out again.
  EXPECT_FALSE(get("/search?q=x&page=0").has("X-Cache"));
}

// ---------------------------------------------------------------------------
// Trends and facet order need stories on several dates and companies of
// different weights: the seed archive plus six synthetic stories.

constexpr const char* kSyntheticTrendStories =
    R"jsonl({"issue":100,"story":1,"date":"2025-12-31","newsletter":"SYNTHETIC TEST DATA (not news)","title":"Synthetic story one","paragraphs":["Synthetic text: OpenAI ships a synthetic thing."]}
{"issue":100,"story":2,"date":"2025-12-31","newsletter":"SYNTHETIC TEST DATA (not news)","title":"Synthetic story two","paragraphs":["Synthetic text: OpenAI and Nvidia sign a synthetic deal."]}
{"issue":101,"story":1,"date":"2026-02-18","newsletter":"SYNTHETIC TEST DATA (not news)","title":"Synthetic story three","paragraphs":["Synthetic text: OpenAI again."]}
{"issue":101,"story":2,"date":"2026-02-18","newsletter":"SYNTHETIC TEST DATA (not news)","title":"Synthetic story four","paragraphs":["Synthetic text: Nvidia again."]}
{"issue":101,"story":3,"date":"2026-02-18","newsletter":"SYNTHETIC TEST DATA (not news)","title":"Synthetic story five","paragraphs":["Synthetic text: Anthropic for once."]}
{"issue":102,"story":1,"date":"2026-04-02","newsletter":"SYNTHETIC TEST DATA (not news)","title":"Synthetic story six","paragraphs":["Synthetic text: OpenAI in April."]}
)jsonl";

class SearchdTrends : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    copy_seed_archive(*dir_ / "archive");
    write_file(*dir_ / "archive" / "synthetic-trends.jsonl", kSyntheticTrendStories);
    index_with_binary(*dir_ / "archive", *dir_ / "index");
    server_ = new RunningSearchd(*dir_ / "index", {"--access-log", "off"});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static json get_json(const std::string& path) {
    const Answer answer = http_get(server_->port(), path);
    EXPECT_EQ(answer.status, 200) << path << ": " << answer.body;
    return answer.json();
  }
  // (period, count) of each period, in order.
  static std::vector<std::pair<std::string, int>> periods(const json& body) {
    std::vector<std::pair<std::string, int>> out;
    for (const json& period : body.at("periods")) out.emplace_back(period.at("period"), period.at("count"));
    return out;
  }

  static inline TempDir* dir_ = nullptr;
  static inline RunningSearchd* server_ = nullptr;
};

TEST_F(SearchdTrends, YearAndMonthPeriodsIncludeEmptyOnes) {
  const json year = get_json("/trends?interval=year");
  EXPECT_EQ(year.at("interval"), "year");
  EXPECT_EQ(year.at("total"), 11);
  EXPECT_EQ(year.at("undated"), 0);
  EXPECT_EQ(periods(year), (std::vector<std::pair<std::string, int>>{{"2025", 2}, {"2026", 9}}));
  EXPECT_EQ(year.at("periods").at(0).at("start"), "2025-01-01");

  const json month = get_json("/trends?interval=month");
  EXPECT_EQ(periods(month), (std::vector<std::pair<std::string, int>>{
                                {"2025-12", 2}, {"2026-01", 0}, {"2026-02", 8}, {"2026-03", 0}, {"2026-04", 1}}));
  EXPECT_EQ(periods(get_json("/trends")), periods(month)) << "month is the default";
  EXPECT_EQ(month.at("by"), nullptr);
  EXPECT_EQ(month.at("series"), json::array());
}

TEST_F(SearchdTrends, WeeksStartOnMondayAndFollowEachOther) {
  const json week = get_json("/trends?interval=week");
  const json& rows = week.at("periods");
  ASSERT_EQ(rows.size(), 14u) << "2025-12-29 to 2026-03-30";
  EXPECT_EQ(rows.front().at("period"), "2025-12-29");  // the Monday before Wednesday 2025-12-31
  EXPECT_EQ(rows.back().at("period"), "2026-03-30");   // the Monday before Thursday 2026-04-02
  int total = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].at("period"), rows[i].at("start"));
    total += rows[i].at("count").get<int>();
  }
  EXPECT_EQ(total, 11);
  EXPECT_EQ(rows.at(6).at("period"), "2026-02-09");
  EXPECT_EQ(rows.at(6).at("count"), 5) << "issue 3";
  EXPECT_EQ(rows.at(7).at("count"), 3) << "the synthetic issue of Wednesday 2026-02-18";
}

TEST_F(SearchdTrends, ByCompanySplitsIntoTheTopSeriesAndOther) {
  const json body = get_json("/trends?interval=month&by=company&series=2");
  EXPECT_EQ(body.at("by"), "company");
  EXPECT_EQ(body.at("series"), json::parse(R"(["OpenAI", "Nvidia", "other"])"));
  const json& february = body.at("periods").at(2);
  EXPECT_EQ(february.at("period"), "2026-02");
  // Issue 3 names DeepSeek, OpenAI, Google with Microsoft, and Mistral AI;
  // the synthetic issue OpenAI, Nvidia and Anthropic.
  EXPECT_EQ(february.at("by"), json::parse(R"({"OpenAI": 2, "Nvidia": 1, "other": 5})"));
  EXPECT_EQ(body.at("periods").at(1).at("by"), json::parse(R"({"OpenAI": 0, "Nvidia": 0, "other": 0})"));

  const json all = get_json("/trends?interval=year&by=company&series=20");
  EXPECT_EQ(all.at("series").size(), 7u);
  EXPECT_EQ(std::count(all.at("series").begin(), all.at("series").end(), "other"), 0) << "no rest to sum";

  // The filters of /search apply.
  const json openai = get_json("/trends?interval=year&company=OpenAI");
  EXPECT_EQ(periods(openai), (std::vector<std::pair<std::string, int>>{{"2025", 2}, {"2026", 3}}));
}

TEST_F(SearchdTrends, FacetsKeepTheMostFrequentValuesAndListYearsInTimeOrder) {
  const json body = get_json("/search?facets=company,year&facet_limit=2&per_page=1");
  EXPECT_EQ(body.at("results").size(), 1u);
  EXPECT_EQ(body.at("facets").at("company"),
            json::parse(R"([{"value": "OpenAI", "count": 5}, {"value": "Nvidia", "count": 2}])"));
  EXPECT_EQ(body.at("facets").at("year"),
            json::parse(R"([{"value": "2025", "count": 2}, {"value": "2026", "count": 9}])"));
  EXPECT_EQ(get_json("/search?facets=year&facet_sort=count&per_page=1").at("facets").at("year"),
            json::parse(R"([{"value": "2026", "count": 9}, {"value": "2025", "count": 2}])"));
  expect_error(http_get(server_->port(), "/search?facets=year&facet_sort=alpha"), 400, "bad_parameter", "facet_sort", "facet_sort=alpha");
}

// ---------------------------------------------------------------------------
// Servers of their own: what changes the index or the server's settings.

TEST(SearchdRevisions, EtagChangesWhenTheIndexerCommitsAndTheOldTagNoLongerMatches) {
  TempDir dir;
  copy_seed_archive(dir / "archive");
  index_with_binary(dir / "archive", dir / "index");
  RunningSearchd server(dir / "index", {"--access-log", "off"});
  const Answer before = http_get(server.port(), "/search?q=sora");
  const std::string old_etag = before.header("ETag");
  ASSERT_FALSE(old_etag.empty());
  ASSERT_EQ(http_get(server.port(), "/search?q=sora", {{"If-None-Match", old_etag}}).status, 304);

  // Synthetic issue, not archive content.
  write_file(dir / "archive" / "synthetic-etag.jsonl",
             R"jsonl({"issue":120,"story":1,"date":"2026-03-02","newsletter":"SYNTHETIC TEST DATA (not news)","title":"Synthetic Sora follow-up","paragraphs":["Synthetic text about Sora."]})jsonl"
             "\n");
  index_with_binary(dir / "archive", dir / "index");
  Answer after;
  const auto changed = wait_until(2s, [&] {
    after = http_get(server.port(), "/search?q=sora", {{"If-None-Match", old_etag}});
    return after.status == 200;
  });
  ASSERT_TRUE(changed) << "the old ETag still matched 2 s after the indexer finished";
  EXPECT_NE(after.header("ETag"), old_etag);
  EXPECT_EQ(ids(after.json().at("results")).size(), 2u) << after.body;
  EXPECT_EQ(http_get(server.port(), "/search?q=sora", {{"If-None-Match", after.header("ETag")}}).status, 304);
  const std::string metrics = http_get(server.port(), "/metrics").body;
  EXPECT_EQ(sample(metrics, "searchd_documents"), 6) << metrics;
  EXPECT_GE(sample(metrics, "searchd_index_reloads_total"), 1) << metrics;
}

TEST(SearchdSettings, ConfigFileAndEnvironmentWithFlagsFirst) {
  TempDir dir;
  index_with_binary(data_dir(), dir / "index");
  const std::filesystem::path log = dir / "access.log";
  write_file(dir / "searchd.conf",
             "# synthetic test configuration\n"
             "access-log = " + log.string() + "\n"
             "cors-origin = https://from-config.example\n"
             "cache-entries = 100\n"
             "max-age = 30\n");
  RunningSearchd server(dir / "index", {"--config", (dir / "searchd.conf").string(), "--max-age", "42"},
                        {"SCATTER_SEARCHD_CACHE_ENTRIES=0", "SCATTER_SEARCHD_MAX_AGE=20"});
  const Answer first = http_get(server.port(), "/search?q=sora", {{"Origin", "https://from-config.example"}});
  const Answer second = http_get(server.port(), "/search?q=sora");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.header("Access-Control-Allow-Origin"), "https://from-config.example") << "from the file";
  EXPECT_FALSE(first.has("X-Cache")) << "the environment's cache-entries=0 over the file's 100";
  EXPECT_FALSE(second.has("X-Cache"));
  EXPECT_EQ(first.header("Cache-Control"), "public, max-age=42") << "the flag over the environment and the file";
  std::string logged;
  EXPECT_TRUE(wait_until(2s, [&] {
    logged = read_file(log);
    return std::count(logged.begin(), logged.end(), '\n') >= 2;
  })) << "the access log named in the file: '" << logged << "'";
}

// Lines of the access log at `path` once it has `count` of them (waits up to 2 s).
std::vector<std::string> log_lines(const std::filesystem::path& path, std::size_t count) {
  std::vector<std::string> lines;
  wait_until(2s, [&] {
    lines.clear();
    std::istringstream text(std::filesystem::exists(path) ? read_file(path) : "");
    for (std::string line; std::getline(text, line);) lines.push_back(line);
    return lines.size() >= count;
  });
  return lines;
}

TEST(SearchdAccessLog, OneTextLinePerRequest) {
  TempDir dir;
  index_with_binary(data_dir(), dir / "index");
  RunningSearchd server(dir / "index", {"--access-log", (dir / "access.log").string()});
  const Answer found = http_get(server.port(), "/search?q=latent+attention");
  const Answer missing = http_get(server.port(), "/stories/9-9");
  std::vector<std::string> lines = log_lines(dir / "access.log", 2);
  ASSERT_EQ(lines.size(), 2u);
  // Each line is written as its answer completes, which two connections may finish in either order.
  std::sort(lines.begin(), lines.end(), [](const std::string& a, const std::string& b) {
    return a.find("/search") != std::string::npos && b.find("/search") == std::string::npos;
  });
  const std::regex line(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (\S+) (\S+) (\d{3}) (\d+\.\d{3})ms (\d+)B)");
  std::smatch m;
  ASSERT_TRUE(std::regex_match(lines[0], m, line)) << lines[0];
  EXPECT_EQ(m[1], "GET");
  EXPECT_EQ(m[2], "/search?q=latent+attention");
  EXPECT_EQ(m[3], "200");
  EXPECT_EQ(std::stoul(m[5]), found.body.size());
  ASSERT_TRUE(std::regex_match(lines[1], m, line)) << lines[1];
  EXPECT_EQ(m[1], "GET");
  EXPECT_EQ(m[2], "/stories/9-9");
  EXPECT_EQ(m[3], "404");
  EXPECT_EQ(std::stoul(m[5]), missing.body.size());
}

TEST(SearchdAccessLog, JsonLinesWithLogJson) {
  TempDir dir;
  index_with_binary(data_dir(), dir / "index");
  RunningSearchd server(dir / "index", {"--access-log", (dir / "access.log").string(), "--log-json"});
  const Answer found = http_get(server.port(), "/search?q=sora&company=OpenAI");
  http_request(server.port(), "DELETE", "/search");
  std::vector<std::string> lines = log_lines(dir / "access.log", 2);
  ASSERT_EQ(lines.size(), 2u);
  if (lines[0].find("DELETE") != std::string::npos) std::swap(lines[0], lines[1]);  // either order
  const json get_line = json::parse(lines[0]);
  EXPECT_EQ(get_line.at("method"), "GET");
  EXPECT_EQ(get_line.at("path"), "/search?q=sora&company=OpenAI");
  EXPECT_EQ(get_line.at("status"), 200);
  EXPECT_TRUE(get_line.at("ms").is_number());
  EXPECT_GE(get_line.at("ms").get<double>(), 0.0);
  EXPECT_EQ(get_line.at("bytes"), found.body.size());
  const json delete_line = json::parse(lines[1]);
  EXPECT_EQ(delete_line.at("method"), "DELETE");
  EXPECT_EQ(delete_line.at("status"), 405);
}

TEST(SearchdAccessLog, EveryLineIsWrittenBeforeSearchdExits) {
  TempDir dir;
  index_with_binary(data_dir(), dir / "index");
  // The index is looked at (and the log flushed) only once a minute: the lines
  // must come from the flush at shutdown.
  RunningSearchd server(dir / "index", {"--access-log", (dir / "access.log").string(), "--reload-interval-ms", "60000"});
  for (const std::string path : {"/search?q=sora", "/issues/3", "/nowhere"}) http_get(server.port(), path);
  EXPECT_EQ(server.stop(), 0);
  const std::string log = read_file(dir / "access.log");
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 3) << log;
  EXPECT_NE(log.find("GET /nowhere 404"), std::string::npos) << log;
}

}  // namespace
}  // namespace scatter::test
