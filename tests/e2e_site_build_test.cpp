// End to end: the real indexer over the shape of the site's static build
// (tests/fixtures/site-build, written by scripts/render-site-build.py): issue
// pages chosen with --include, the rest left out silently and counted, and
// story links made from each page's place on the site.
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using scatter::test::ProcessResult;
using scatter::test::TempDir;

namespace {

const std::filesystem::path kSiteBuild = "tests/fixtures/site-build";

std::string site_build() { return (scatter::test::source_dir() / kSiteBuild).string(); }

ProcessResult indexer(const std::vector<std::string>& args) { return scatter::test::run_program(SCATTER_INDEXER, args); }

nlohmann::json show(const std::filesystem::path& db, const std::string& id) {
  const ProcessResult result = scatter::test::run_program(SCATTER_CLI, {"show", id, "--json", "--db", db.string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return nlohmann::json::parse(result.out, nullptr, false);
}

TEST(SiteBuild, EveryPageAsACaptureWarnsAndExits2) {
  TempDir dir;
  const ProcessResult result = indexer({"--archive", site_build(), "--db", (dir / "index").string()});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("about/index.html"), std::string::npos) << result.err;
}

TEST(SiteBuild, IncludeIssuesIndexesTheIssueAndCountsTheRest) {
  TempDir dir;
  const ProcessResult result = indexer({"--archive", site_build(), "--db", (dir / "index").string(), "--include",
                                        "issues/**", "--site-url", "https://scatter.example", "--stats-json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "") << "pages left out are not warnings";
  const nlohmann::json summary = nlohmann::json::parse(result.out);
  EXPECT_EQ(summary["stories"], 5);
  EXPECT_EQ(summary["files"], 1);
  EXPECT_EQ(summary["files_unselected"], 2) << "index.html and about/index.html";

  const ProcessResult line = indexer({"--archive", site_build(), "--db", (dir / "index").string(), "--include",
                                      "issues/**", "--site-url", "https://scatter.example"});
  EXPECT_NE(line.out.find("2 left out by --include/--exclude"), std::string::npos) << line.out;

  for (int n = 1; n <= 5; ++n) {
    const nlohmann::json story = show(dir / "index", "3-" + std::to_string(n));
    EXPECT_EQ(story.value("url", ""), "https://scatter.example/issues/3/#story-" + std::to_string(n)) << story.dump();
  }
  // The page marks its "Share" line data-scatter-ignore; without the mark it would be story 5's last paragraph.
  EXPECT_EQ(show(dir / "index", "3-5").dump().find("Share this issue"), std::string::npos);
}

TEST(SiteBuild, AFileLeftOutLaterLosesItsStories) {
  TempDir dir;
  const std::string db = (dir / "index").string();
  ASSERT_EQ(indexer({"--archive", site_build(), "--db", db, "--include", "issues/**"}).exit_code, 0);
  const ProcessResult result = indexer({"--archive", site_build(), "--db", db, "--include", "issues/**",
                                        "--exclude", "issues/3/", "--stats-json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json summary = nlohmann::json::parse(result.out);
  EXPECT_EQ(summary["deleted"], 5);
  EXPECT_EQ(summary["stories"], 0);
  EXPECT_EQ(summary["files_unselected"], 3);
}

TEST(SiteBuild, BadGlobsAreUsageErrors) {
  TempDir dir;
  const ProcessResult result =
      indexer({"--archive", site_build(), "--db", (dir / "index").string(), "--exclude", "issues/[0-9"});
  EXPECT_EQ(result.exit_code, 64);
  EXPECT_NE(result.err.find("--exclude 'issues/[0-9': '[' is not closed"), std::string::npos) << result.err;
}

}  // namespace
