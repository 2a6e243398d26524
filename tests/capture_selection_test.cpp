// common/archive/capture_selection.h: the globs of --include and --exclude.
#include "archive/capture_selection.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace scatter {
namespace {

TEST(PathGlob, MatchesWholePathsRelativeToTheArchive) {
  struct Row {
    std::string pattern, path;
    bool matches;
  };
  const std::vector<Row> rows = {
      {"issues/**", "issues/3/index.html", true},
      {"issues/**", "issues/index.html", true},
      {"issues/**", "about/index.html", false},
      {"issues/**", "issues", true},  // "**" may stand for no folder at all
      {"issues/", "issues/3/index.html", true},
      {"/issues/**", "issues/3/index.html", true},
      {"issues/*", "issues/3/index.html", false},  // '*' stays within one folder name
      {"issues/*/index.html", "issues/3/index.html", true},
      {"issues/*/index.html", "issues/3/4/index.html", false},
      {"**/index.html", "index.html", true},
      {"**/index.html", "about/index.html", true},
      {"**/index.html", "issues/3/index.html", true},
      {"**/index.html", "issues/3/index.htm", false},
      {"*.html", "index.html", true},
      {"*.html", "about/index.html", false},
      {"issues/**/*.md", "issues/2026/02/issue-3.md", true},
      {"issues/**/3/**", "issues/a/b/3/c/index.html", true},
      {"issues/**/3/**", "issues/a/b/c/index.html", false},
      {"issue-??.txt", "issue-03.txt", true},
      {"issue-??.txt", "issue-3.txt", false},
      {"issue-?.txt", "issue-\xC3\xA9.txt", true},  // '?' is one character, é two bytes
      {"issue-[0-9].txt", "issue-3.txt", true},
      {"issue-[0-9].txt", "issue-x.txt", false},
      {"issue-[!0-9].txt", "issue-x.txt", true},
      {"issue-[!0-9].txt", "issue-3.txt", false},
      {"issue-[]x].txt", "issue-].txt", true},
      {"issue-[a-].txt", "issue--.txt", true},
      {"a*b*c", "aXXbYYc", true},
      {"a*b*c", "aXXbYY", false},
      {"*", "index.html", true},
      {"*", "about/index.html", false},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(PathGlob(row.pattern).matches(row.path), row.matches) << row.pattern << " vs " << row.path;
  }
}

TEST(PathGlob, BadPatternsNameThemselves) {
  for (const std::string pattern : {"", "/", "issues/[0-9", "issues/[a/b]"}) {
    try {
      PathGlob{pattern};
      ADD_FAILURE() << "no error for '" << pattern << "'";
    } catch (const BadGlob& e) {
      EXPECT_NE(std::string(e.what()).find("'" + pattern + "'"), std::string::npos) << e.what();
    }
  }
}

// A backtracking matcher takes exponential time on these; this one takes the
// product of the lengths at most.
TEST(PathGlob, PathologicalPatternsMatchQuickly) {
  const std::string segment(2000, 'a');
  std::string path;
  for (int i = 0; i < 30; ++i) path += (i ? "/" : "") + segment;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(PathGlob("*a*a*a*a*a*a*a*a*a*a*b").matches(segment));
  EXPECT_FALSE(PathGlob("**/a*/**/a*/**/a*/**/b").matches(path));
  EXPECT_TRUE(PathGlob("**/a*a*a*a").matches(path));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(CaptureSelection, IncludesChooseAndExcludesWin) {
  CaptureSelection everything;
  EXPECT_TRUE(everything.selects("index.html"));

  CaptureSelection issues{.include = {PathGlob("issues/**")}, .exclude = {PathGlob("**/draft-*")}};
  EXPECT_TRUE(issues.selects("issues/3/index.html"));
  EXPECT_FALSE(issues.selects("about/index.html")) << "matched by no include";
  EXPECT_FALSE(issues.selects("issues/4/draft-index.html")) << "an exclude wins";

  CaptureSelection all_but_about{.exclude = {PathGlob("about/")}};
  EXPECT_TRUE(all_but_about.selects("index.html"));
  EXPECT_FALSE(all_but_about.selects("about/index.html"));
}

}  // namespace
}  // namespace scatter
