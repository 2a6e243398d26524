// End to end: the real searchd serves the search page, its assets and the
// widget from the copies built into it: right types and caching headers, the
// same bytes as web/, and a JSON 404 for every path outside that table,
// whatever tricks the path plays (dot segments, encodings, doubled slashes).
#include "searchd_client.h"
#include "seed_index.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

using nlohmann::json;
using scatter::test::Answer;
using scatter::test::http_get;
using scatter::test::http_request;
using scatter::test::RunningSearchd;
using scatter::test::TempDir;

namespace {

constexpr std::size_t kWidgetBudgetBytes = 15 * 1024;  // README: the widget's size budget

std::string web_file(const std::string& name) {
  return scatter::test::read_file(scatter::test::source_dir() / "web" / name);
}

class StaticFilesOverSeedArchive : public scatter::test::SeedSearchdTest {};

TEST_F(StaticFilesOverSeedArchive, PageAtTheRootWithItsSecurityAndCachingHeaders) {
  for (const std::string path : {"/", "/?q=sora&company=OpenAI&page=2"}) {
    const Answer res = http_get(port(), path);
    EXPECT_EQ(res.status, 200) << path;
    EXPECT_EQ(res.header("Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_EQ(res.body, web_file("index.html")) << path;
    EXPECT_EQ(res.header("Cache-Control"), "no-cache");
    EXPECT_EQ(res.header("X-Content-Type-Options"), "nosniff");
    const std::string policy = res.header("Content-Security-Policy");
    EXPECT_NE(policy.find("script-src 'self'"), std::string::npos) << policy;
    EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << policy;
    EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos) << policy;
  }
}

TEST_F(StaticFilesOverSeedArchive, EveryFileOfWebAtItsPathWithItsType) {
  const struct {
    std::string name, path, type;
  } rows[] = {
      {"widget.js", "/widget.js", "text/javascript; charset=utf-8"},
      {"app.js", "/assets/app.js", "text/javascript; charset=utf-8"},
      {"style.css", "/assets/style.css", "text/css; charset=utf-8"},
      {"favicon.svg", "/assets/favicon.svg", "image/svg+xml"},
  };
  for (const auto& row : rows) {
    const Answer res = http_get(port(), row.path);
    EXPECT_EQ(res.status, 200) << row.path;
    EXPECT_EQ(res.header("Content-Type"), row.type) << row.path;
    EXPECT_EQ(res.body, web_file(row.name)) << row.path;
    EXPECT_EQ(res.header("Cache-Control"), "public, max-age=300") << row.path;
    EXPECT_EQ(res.header("Cross-Origin-Resource-Policy"), "cross-origin") << row.path;
    EXPECT_TRUE(res.header("Content-Security-Policy").empty()) << row.path;
  }
  // Every module the page imports is there too.
  const std::filesystem::path web = scatter::test::source_dir() / "web";
  for (const auto& entry : std::filesystem::directory_iterator(web)) {
    const std::string name = entry.path().filename().string();
    if (name == "index.html" || name == "widget.js" || name.starts_with('.')) continue;
    const Answer res = http_get(port(), "/assets/" + name);
    EXPECT_EQ(res.status, 200) << name;
    EXPECT_EQ(res.body, web_file(name)) << name;
  }
}

TEST_F(StaticFilesOverSeedArchive, EtagRevalidationAndHead) {
  const Answer first = http_get(port(), "/widget.js");
  const std::string etag = first.header("ETag");
  ASSERT_FALSE(etag.empty());
  const Answer again = http_get(port(), "/widget.js", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("ETag"), etag);
  EXPECT_EQ(http_get(port(), "/widget.js", {{"If-None-Match", "\"web-0000000000000000\""}}).status, 200);
  EXPECT_EQ(http_get(port(), "/", {{"If-None-Match", http_get(port(), "/").header("ETag")}}).status, 304);

  const Answer head = http_request(port(), "HEAD", "/");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("Content-Type"), "text/html; charset=utf-8");
}

TEST_F(StaticFilesOverSeedArchive, WidgetStaysWithinItsSizeBudgetAndIsCompressed) {
  const Answer plain = http_get(port(), "/widget.js");
  EXPECT_LT(plain.body.size(), kWidgetBudgetBytes);
  // Raw bytes: httplib's client would unpack the body.
  const Answer gzipped = scatter::test::raw_request(
      port(), "GET /widget.js HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(gzipped.header("Content-Encoding"), "gzip");
  EXPECT_LT(gzipped.body.size(), plain.body.size() / 2);
}

TEST_F(StaticFilesOverSeedArchive, PathsOutsideTheTableAreJson404s) {
  // As a client could send them: raw dot segments (httplib's client sends them
  // as written), encoded dots and slashes, doubled slashes, absolute paths.
  const std::string rows[] = {
      "/../",
      "/..",
      "/../../../../etc/passwd",
      "/assets/../searchd/routes.cpp",
      "/assets/../../CMakeLists.txt",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/%2E%2E/%2E%2E/etc/passwd",
      "/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "/assets/.%2e/.%2e/searchd/routes.cpp",
      "/assets/%2e%2e%2f%2e%2e%2fCMakeLists.txt",
      "/assets/..%2f..%2fsearchd%2froutes.cpp",
      "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
      "//etc/passwd",
      "//assets/app.js",
      "/assets//etc/passwd",
      "/etc/passwd",
      "/assets/%2fetc%2fpasswd",
      "/assets%2fapp.js",
      "/assets%2Fapp.js",
      "/assets/%61pp.js",
      "/widget.js%2f..%2f..%2fetc%2fpasswd",
      "/widget.js/",
      "/assets/",
      "/assets/app.js/",
      "/assets/nope.js",
      "/assets/APP.JS",
      "/assets/app.js%00.html",
      "/assets/..%5c..%5cetc%5cpasswd",
      "/assets/..\\..\\etc\\passwd",
      "/index.html",
      "/web/index.html",
      "/%2e",
  };
  for (const std::string& path : rows) {
    const Answer res = http_get(port(), path);
    EXPECT_EQ(res.status, 404) << path;
    EXPECT_EQ(res.header("Content-Type"), "application/json; charset=utf-8") << path;
    const json body = json::parse(res.body, nullptr, false);
    ASSERT_FALSE(body.is_discarded()) << path << ": " << res.body.substr(0, 80);
    EXPECT_EQ(body.at("error").at("code"), "not_found") << path;
    EXPECT_EQ(res.body.find("root:"), std::string::npos) << path;
  }
  // The API next door is untouched.
  EXPECT_EQ(http_get(port(), "/search?q=sora").status, 200);
}

constexpr const char* kBrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

TEST_F(StaticFilesOverSeedArchive, AStoryLinkOpensTheReadingViewInABrowserAndJsonElsewhere) {
  // Without --site-url a story's url is relative (/issues/3#story-2) and resolves
  // against searchd: a browser following it gets the reading view...
  const Answer page = http_get(port(), "/issues/3", {{"Accept", kBrowserAccept}});
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page.body, web_file("issue.html"));
  EXPECT_EQ(page.header("Vary"), "Accept");
  EXPECT_EQ(page.header("Cache-Control"), "no-cache");
  EXPECT_NE(page.header("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(http_get(port(), "/issues/3", {{"Accept", kBrowserAccept}, {"If-None-Match", page.header("ETag")}}).status,
            304);
  // ... and the page's own fetch, curl and scripts get the issue as JSON.
  for (const std::string accept : {"application/json", "*/*", ""}) {
    const Answer api = http_get(port(), "/issues/3", accept.empty() ? scatter::test::Headers{} : scatter::test::Headers{{"Accept", accept}});
    EXPECT_EQ(api.status, 200) << accept;
    EXPECT_EQ(api.header("Content-Type"), "application/json; charset=utf-8") << accept;
    EXPECT_EQ(api.header("Vary"), "Accept") << accept;
    EXPECT_EQ(api.json().at("stories").size(), 5u) << accept;
  }
  // An issue the archive lacks: the page says so (it asks for the JSON 404).
  EXPECT_EQ(http_get(port(), "/issues/99").status, 404);
  EXPECT_EQ(http_get(port(), "/issues/99", {{"Accept", kBrowserAccept}}).status, 200);
}

TEST_F(StaticFilesOverSeedArchive, OtherMethodsOnTheFilesAre405) {
  for (const std::string path : {"/", "/widget.js", "/assets/app.js"}) {
    const Answer res = http_request(port(), "POST", path);
    EXPECT_EQ(res.status, 405) << path;
    EXPECT_EQ(res.header("Allow"), "GET, HEAD, OPTIONS") << path;
  }
}

TEST(StaticFiles, WebFalseServesTheApiOnly) {
  TempDir dir;
  scatter::test::index_with_binary(scatter::test::data_dir(), dir / "index");
  RunningSearchd server(dir / "index", {"--web", "false"});
  for (const std::string path : {"/", "/widget.js", "/assets/app.js"}) {
    const Answer res = http_get(server.port(), path);
    EXPECT_EQ(res.status, 404) << path;
    EXPECT_EQ(res.json().at("error").at("code"), "not_found") << path;
  }
  EXPECT_EQ(http_get(server.port(), "/search?q=sora").status, 200);
  const Answer issue = http_get(server.port(), "/issues/3", {{"Accept", kBrowserAccept}});
  EXPECT_EQ(issue.header("Content-Type"), "application/json; charset=utf-8") << "no reading view without the web files";
}

}  // namespace
