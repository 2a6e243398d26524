// searchd's built-in web files (static_files.h): the table made from web/ at
// build time, the URL each file gets, its type, and lookups that must find
// nothing (tests/e2e_static_files_test.cpp asks the running server the same).
#include "searchd/static_files.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <stdexcept>

namespace {

using scatter::searchd::content_type_of;
using scatter::searchd::embedded_web_files;
using scatter::searchd::find_static_file;
using scatter::searchd::prefers_html;
using scatter::searchd::static_files_of;
using scatter::searchd::url_path_of;

TEST(StaticFiles, EveryFileOfWebIsBuiltInByteForByte) {
  const std::filesystem::path web = scatter::test::source_dir() / "web";
  std::set<std::string> on_disk, built_in;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(web)) {
    const std::string name = std::filesystem::relative(entry.path(), web).generic_string();
    if (entry.is_regular_file() && !name.starts_with('.')) on_disk.insert(name);
  }
  for (const auto& file : embedded_web_files()) {
    built_in.insert(std::string(file.name));
    // Not EXPECT_EQ: a page-long diff would bury the file's name.
    EXPECT_TRUE(file.bytes == scatter::test::read_file(web / file.name))
        << "web/" << file.name << " differs from the copy built in: rebuild searchd_core";
    EXPECT_EQ(file.sha256.size(), 64u) << file.name;
  }
  EXPECT_EQ(built_in, on_disk);
  EXPECT_TRUE(built_in.contains("index.html"));
  EXPECT_TRUE(built_in.contains("widget.js"));
}

TEST(StaticFiles, UrlPathOfEachName) {
  const struct {
    std::string name, path;
  } rows[] = {
      {"index.html", "/"},
      {"widget.js", "/widget.js"},
      {"app.js", "/assets/app.js"},
      {"style.css", "/assets/style.css"},
      {"favicon.svg", "/assets/favicon.svg"},
  };
  for (const auto& row : rows) EXPECT_EQ(url_path_of(row.name), row.path) << row.name;
}

TEST(StaticFiles, ContentTypeByExtensionAndUnknownOnesNamed) {
  const struct {
    std::string name, type;
  } rows[] = {
      {"index.html", "text/html; charset=utf-8"},
      {"style.css", "text/css; charset=utf-8"},
      {"app.js", "text/javascript; charset=utf-8"},
      {"favicon.svg", "image/svg+xml"},
      {"data.json", "application/json; charset=utf-8"},
  };
  for (const auto& row : rows) EXPECT_EQ(content_type_of(row.name), row.type) << row.name;
  for (const std::string name : {"notes.md", "archive.tar.gz", "Makefile", ".js"}) {
    try {
      content_type_of(name);
      ADD_FAILURE() << name << " was given a type";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  }
}

TEST(StaticFiles, ServedFormOfTheTable) {
  const auto files = static_files_of(embedded_web_files());
  ASSERT_EQ(files.size(), embedded_web_files().size());
  const auto* page = find_static_file(files, "/");
  ASSERT_NE(page, nullptr);
  EXPECT_TRUE(page->page);
  EXPECT_EQ(page->cache_control, "no-cache");
  EXPECT_TRUE(page->etag.starts_with("\"web-") && page->etag.ends_with("\"")) << page->etag;
  const auto* widget = find_static_file(files, "/widget.js");
  ASSERT_NE(widget, nullptr);
  EXPECT_FALSE(widget->page);
  EXPECT_EQ(widget->content_type, "text/javascript; charset=utf-8");
  EXPECT_NE(widget->etag, page->etag);
}

TEST(StaticFiles, TheIssueReadingViewIsAPageToo) {
  const auto files = static_files_of(embedded_web_files());
  const auto* reading = find_static_file(files, url_path_of("issue.html"));
  ASSERT_NE(reading, nullptr);
  EXPECT_TRUE(reading->page) << "sent with the page's Content-Security-Policy";
  EXPECT_EQ(reading->cache_control, "no-cache");
  EXPECT_EQ(reading->content_type, "text/html; charset=utf-8");
}

TEST(StaticFiles, PrefersHtmlOnlyWhenTextHtmlOutranksJson) {
  const struct {
    const char* accept;
    bool html;
  } rows[] = {
      // Chromium's and Firefox's navigations.
      {"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
       "application/signed-exchange;v=b3;q=0.7",
       true},
      {"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", true},
      {"TEXT/HTML", true},
      {" text/html ; q=0.5 , application/json;q=0.4", true},
      // Scripts, curl and API clients.
      {"", false},
      {"*/*", false},
      {"application/json", false},
      {"application/json, text/html", false},  // a tie goes to the API
      {"text/html;q=0.5, application/json", false},
      {"text/html;q=0", false},
      {"text/html;q=abc", false},
      {"text/htmlx", false},
      {"text/plain, text/*", false},
  };
  for (const auto& row : rows) EXPECT_EQ(prefers_html(row.accept), row.html) << "Accept: " << row.accept;
}

TEST(StaticFiles, TwoFilesAtOnePathAreRefused) {
  const scatter::searchd::EmbeddedFile twins[] = {{"widget.js", "a", "0123456789abcdef"},
                                                  {"widget.js", "b", "fedcba9876543210"}};
  EXPECT_THROW(static_files_of(twins), std::invalid_argument);
}

TEST(StaticFiles, LookupIsExactSoNoPathLeavesTheTable) {
  const auto files = static_files_of(embedded_web_files());
  // Decoded paths, as cpp-httplib hands them to the route.
  const std::string rows[] = {
      "/index.html", "/assets/index.html", "/assets/", "/assets", "/app.js", "/ASSETS/app.js", "/assets/APP.JS",
      "/assets/app.js/", "/assets//app.js", "//assets/app.js", "/assets/./app.js", "/assets/../assets/app.js",
      "/../index.html", "/..", "/assets/../../etc/passwd", "//etc/passwd", "/etc/passwd",
      "/assets/..\\..\\etc\\passwd", std::string("/assets/app.js\0.html", 20), "/widget.js/..", "/widget.js?x",
  };
  for (const std::string& path : rows) {
    EXPECT_EQ(find_static_file(files, path), nullptr) << path;
  }
  EXPECT_NE(find_static_file(files, "/assets/app.js"), nullptr);
}

}  // namespace
