// Issue 3 in every form the archive accepts (source text, page capture, the
// site's HTML page, Markdown, JSON Lines) indexes to the same five stories, alone
// or all together.
#include "engine/search_engine.h"
#include "index/indexing.h"
#include "test_support.h"

#include <gtest/gtest.h>

namespace scatter {
namespace {

struct Indexed {
  std::string id, title;
  std::vector<std::string> companies;
  std::vector<std::string> topics;
  std::size_t bullets;
  friend bool operator==(const Indexed&, const Indexed&) = default;
};

// Indexes `files` (paths relative to the repository) with data/'s tables and
// lists what the index holds, in reading order.
std::vector<Indexed> index_forms(const std::vector<std::string>& files) {
  test::TempDir dir;
  for (const auto& name : {"companies.json", "topics.json"}) {
    std::filesystem::create_directories(dir / "archive");
    std::filesystem::copy_file(test::data_dir() / name, dir / "archive" / name);
  }
  for (const auto& file : files) {
    const std::filesystem::path from = test::source_dir() / file;
    std::filesystem::copy_file(from, dir / "archive" / from.filename());
  }
  const IndexSummary summary = index_archive({.archive = dir / "archive", .db = dir / "index"});
  EXPECT_EQ(summary.files_skipped, 0u);
  SearchEngine engine(dir / "index");
  std::vector<Indexed> out;
  for (const SearchHit& hit : engine.search({.per_page = 100}).hits) {
    const Story& story = hit.record.story;
    std::vector<std::string> topics;
    for (const TopicScore& topic : story.topics) topics.push_back(topic.name);
    out.push_back({story.id, story.title, story.companies, topics, story.bullets.size()});
    EXPECT_EQ(hit.record.date, (Date{2026, 2, 9})) << story.id;
    EXPECT_EQ(hit.record.issue, 3) << story.id;
  }
  return out;
}

TEST(Formats, EveryFormAloneGivesTheSameFiveStories) {
  const std::vector<Indexed> reference = index_forms({"data/issues/2026-02-09-issue-003.source.txt"});
  ASSERT_EQ(reference.size(), 5u);
  const struct {
    std::string file;
    bool has_bullets;
  } forms[] = {
      {"data/issues/2026-02-09-issue-003.page-capture.txt", false},
      {"tests/fixtures/2026-02-09-issue-003.html", true},
      {"tests/fixtures/2026-02-09-issue-003.md", true},
      {"tests/fixtures/issue-003.jsonl", true},
  };
  for (const auto& form : forms) {
    SCOPED_TRACE(form.file);
    std::vector<Indexed> expected = reference;
    std::vector<Indexed> actual = index_forms({form.file});
    if (!form.has_bullets) {
      // A capture that lost its bullets scores topics on less text: its first
      // topic must agree, the runners-up may not.
      for (Indexed& story : expected) story.bullets = 0, story.topics.resize(1);
      for (Indexed& story : actual) story.topics.resize(1);
    }
    EXPECT_EQ(actual, expected);
  }
}

TEST(Formats, AllFormsTogetherAreStillOneIssueOfFiveStories) {
  const std::vector<Indexed> together = index_forms({
      "data/issues/2026-02-09-issue-003.source.txt",
      "data/issues/2026-02-09-issue-003.page-capture.txt",
      "tests/fixtures/2026-02-09-issue-003.html",
      "tests/fixtures/2026-02-09-issue-003.md",
      "tests/fixtures/issue-003.jsonl",
  });
  EXPECT_EQ(together, index_forms({"data/issues/2026-02-09-issue-003.source.txt"}));
}

}  // namespace
}  // namespace scatter
