// common/json/to_json.h: the parsed archive as JSON, checked against golden files.
// Each issue of data/ has tests/golden/issue-NNN.json. After a deliberate change,
// regenerate with SCATTER_UPDATE_GOLDEN=1 and read the diff before committing.
#include "json/to_json.h"

#include "archive/archive_reader.h"
#include "gazetteer/gazetteer.h"
#include "index/indexing.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace scatter {
namespace {

using test::data_dir;
using test::read_file;
using test::source_dir;
using test::write_file;

bool updating_goldens() {
  const char* update = std::getenv("SCATTER_UPDATE_GOLDEN");
  return update != nullptr && std::string(update) == "1";
}

std::filesystem::path golden_for(const Issue& issue) {
  char name[32];
  std::snprintf(name, sizeof name, "issue-%03d.json", issue.number.value_or(0));
  return source_dir() / "tests" / "golden" / name;
}

TEST(IssueJson, DataArchiveMatchesGoldenFiles) {
  const Archive archive = read_archive(data_dir());
  const Gazetteer gazetteer = Gazetteer::load(data_dir() / "companies.json");
  const TopicTagger topics = TopicTagger::load(data_dir() / "topics.json");
  ASSERT_FALSE(archive.issues.empty()) << "no issue read from " << data_dir();
  for (Issue issue : archive.issues) {
    tag_companies(issue, gazetteer);
    tag_topics(issue, topics);
    const nlohmann::json actual = to_json(issue);
    const std::filesystem::path golden = golden_for(issue);
    SCOPED_TRACE(golden.string());
    if (updating_goldens()) {
      write_file(golden, actual.dump(2, ' ', false) + "\n");
      std::printf("wrote %s\n", golden.string().c_str());
      continue;
    }
    ASSERT_TRUE(std::filesystem::exists(golden))
        << "no golden file for issue " << issue.number.value_or(0) << "; run with SCATTER_UPDATE_GOLDEN=1";
    const nlohmann::json expected = nlohmann::json::parse(read_file(golden));
    // Only the patch is printed: both documents in full would bury it.
    EXPECT_TRUE(actual == expected) << "the JSON differs from " << golden.filename()
                                << " (RFC 6902 patch from golden to actual):\n"
                                << nlohmann::json::diff(expected, actual).dump(2)
                                << "\nIf the change is intended, rerun with SCATTER_UPDATE_GOLDEN=1.";
  }
}

TEST(IssueJson, ShapeOfAnIssue) {
  Issue issue;
  issue.newsletter = "Synthetic Letter";
  issue.date = Date{2026, 3, 2};
  issue.sources = {"/somewhere/synthetic-a.txt"};
  issue.stories = {Story{.number = 1,
                         .title = "Synthetic story one",
                         .paragraphs = {"A synthetic paragraph."},
                         .bullets = {},
                         .companies = {"OpenAI"}}};
  const nlohmann::json json = to_json(issue);
  EXPECT_EQ(json["newsletter"], "Synthetic Letter");
  EXPECT_TRUE(json["issue"].is_null()) << "an issue without a number says null, not 0";
  EXPECT_EQ(json["date"], "2026-03-02");
  EXPECT_EQ(json["sources"], nlohmann::json::array({"synthetic-a.txt"})) << "sources are file names, not paths";
  ASSERT_EQ(json["stories"].size(), 1u);
  const nlohmann::json& story = json["stories"][0];
  EXPECT_EQ(story["number"], 1);
  EXPECT_EQ(story["title"], "Synthetic story one");
  EXPECT_EQ(story["paragraphs"], nlohmann::json::array({"A synthetic paragraph."}));
  EXPECT_TRUE(story["bullets"].is_array() && story["bullets"].empty()) << "no bullets is [], not null";
  EXPECT_EQ(story["companies"], nlohmann::json::array({"OpenAI"}));
}

}  // namespace
}  // namespace scatter
