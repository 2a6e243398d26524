// End to end: the real searchd serves the search page, its assets and the
// widget from the copies built into it: right types and caching headers, the
// same bytes as web/, and a JSON 404 for every path outside that table,
// whatever tricks the path plays (dot segments, encodings, doubled slashes).
#include "test_support.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <filesystem>

using nlohmann::json;
using scatter::test::RunningSearchd;
using scatter::test::TempDir;

namespace {

constexpr std::size_t kWidgetBudgetBytes = 15 * 1024;  // README: the widget's size budget

httplib::Result request(int port, const std::string& method, const std::string& path,
                        const httplib::Headers& headers = {}) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10);
  client.set_url_encode(false);  // the path goes out exactly as written here
  client.set_decompress(false);
  if (method == "HEAD") return client.Head(path.c_str(), headers);
  if (method == "POST") return client.Post(path.c_str(), headers, "", "text/plain");
  return client.Get(path.c_str(), headers);
}

httplib::Response get(int port, const std::string& path, const httplib::Headers& headers = {}) {
  auto res = request(port, "GET", path, headers);
  if (!res) throw std::runtime_error("no answer for " + path + ": " + httplib::to_string(res.error()));
  return *res;
}

std::string web_file(const std::string& name) {
  return scatter::test::read_file(scatter::test::source_dir() / "web" / name);
}

class StaticFilesOverSeedArchive : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    scatter::test::index_with_binary(scatter::test::data_dir(), *dir_ / "index");
    server_ = new RunningSearchd(*dir_ / "index");
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static int port() { return server_->port(); }

  static TempDir* dir_;
  static RunningSearchd* server_;
};
TempDir* StaticFilesOverSeedArchive::dir_ = nullptr;
RunningSearchd* StaticFilesOverSeedArchive::server_ = nullptr;

TEST_F(StaticFilesOverSeedArchive, PageAtTheRootWithItsSecurityAndCachingHeaders) {
  for (const std::string path : {"/", "/?q=sora&company=OpenAI&page=2"}) {
    const auto res = get(port(), path);
    EXPECT_EQ(res.status, 200) << path;
    EXPECT_EQ(res.get_header_value("Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_EQ(res.body, web_file("index.html")) << path;
    EXPECT_EQ(res.get_header_value("Cache-Control"), "no-cache");
    EXPECT_EQ(res.get_header_value("X-Content-Type-Options"), "nosniff");
    const std::string policy = res.get_header_value("Content-Security-Policy");
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
    const auto res = get(port(), row.path);
    EXPECT_EQ(res.status, 200) << row.path;
    EXPECT_EQ(res.get_header_value("Content-Type"), row.type) << row.path;
    EXPECT_EQ(res.body, web_file(row.name)) << row.path;
    EXPECT_EQ(res.get_header_value("Cache-Control"), "public, max-age=300") << row.path;
    EXPECT_EQ(res.get_header_value("Cross-Origin-Resource-Policy"), "cross-origin") << row.path;
    EXPECT_TRUE(res.get_header_value("Content-Security-Policy").empty()) << row.path;
  }
  // Every module the page imports is there too.
  const std::filesystem::path web = scatter::test::source_dir() / "web";
  for (const auto& entry : std::filesystem::directory_iterator(web)) {
    const std::string name = entry.path().filename().string();
    if (name == "index.html" || name == "widget.js" || name.starts_with('.')) continue;
    const auto res = get(port(), "/assets/" + name);
    EXPECT_EQ(res.status, 200) << name;
    EXPECT_EQ(res.body, web_file(name)) << name;
  }
}

TEST_F(StaticFilesOverSeedArchive, EtagRevalidationAndHead) {
  const auto first = get(port(), "/widget.js");
  const std::string etag = first.get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  const auto again = get(port(), "/widget.js", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.get_header_value("ETag"), etag);
  EXPECT_EQ(get(port(), "/widget.js", {{"If-None-Match", "\"web-0000000000000000\""}}).status, 200);
  EXPECT_EQ(get(port(), "/", {{"If-None-Match", get(port(), "/").get_header_value("ETag")}}).status, 304);

  const auto head = request(port(), "HEAD", "/");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(head->get_header_value("Content-Type"), "text/html; charset=utf-8");
}

TEST_F(StaticFilesOverSeedArchive, WidgetStaysWithinItsSizeBudgetAndIsCompressed) {
  const auto plain = get(port(), "/widget.js");
  EXPECT_LT(plain.body.size(), kWidgetBudgetBytes);
  const auto gzipped = get(port(), "/widget.js", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gzipped.get_header_value("Content-Encoding"), "gzip");
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
      "/widget.js%2f..%2f..%2fetc%2fpasswd",
      "/widget.js/",
      "/assets/",
      "/assets/app.js/",
      "/assets/nope.js",
      "/assets/APP.JS",
      "/assets/app.js%00.html",
      "/assets/..%5c..%5cetc%5cpasswd",
      "/index.html",
      "/web/index.html",
      "/%2e",
  };
  for (const std::string& path : rows) {
    const auto res = request(port(), "GET", path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8") << path;
    const json body = json::parse(res->body, nullptr, false);
    ASSERT_FALSE(body.is_discarded()) << path << ": " << res->body;
    EXPECT_EQ(body.at("error").at("code"), "not_found") << path;
    EXPECT_EQ(res->body.find("root:"), std::string::npos) << path;
  }
  // The API next door is untouched.
  EXPECT_EQ(get(port(), "/search?q=sora").status, 200);
}

TEST_F(StaticFilesOverSeedArchive, OtherMethodsOnTheFilesAre405) {
  for (const std::string path : {"/", "/widget.js", "/assets/app.js"}) {
    const auto res = request(port(), "POST", path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 405) << path;
    EXPECT_EQ(res->get_header_value("Allow"), "GET, HEAD, OPTIONS") << path;
  }
}

TEST(StaticFiles, WebFalseServesTheApiOnly) {
  TempDir dir;
  scatter::test::index_with_binary(scatter::test::data_dir(), dir / "index");
  RunningSearchd server(dir / "index", {"--web", "false"});
  for (const std::string path : {"/", "/widget.js", "/assets/app.js"}) {
    const auto res = get(server.port(), path);
    EXPECT_EQ(res.status, 404) << path;
    EXPECT_EQ(json::parse(res.body).at("error").at("code"), "not_found") << path;
  }
  EXPECT_EQ(get(server.port(), "/search?q=sora").status, 200);
}

}  // namespace
