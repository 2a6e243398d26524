// Story threads (engine/story_threads.h) through SearchEngine::thread(), judged
// against the labelled SYNTHETIC fixture in tests/fixtures/threads: eight
// invented issues whose labels.json says, for every story, which stories of
// other issues truly cover its subject. Prints precision and recall.
#include "test_support.h"

#include "engine/search_engine.h"
#include "index/indexing.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>

namespace scatter::test {
namespace {

std::filesystem::path fixture_dir() { return source_dir() / "tests" / "fixtures" / "threads"; }

class StoryThreads : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    for (const auto& [name, shards] : {std::pair{"one", 1}, std::pair{"sharded", 3}}) {
      const IndexSummary summary = index_archive({.archive = fixture_dir(),
                                                  .db = *dir_ / name,
                                                  .companies = data_dir() / "companies.json",
                                                  .shards = static_cast<std::size_t>(shards)});
      ASSERT_EQ(summary.stories, 40u) << all_warnings(summary.warnings);
    }
    labels_ = new nlohmann::json(nlohmann::json::parse(read_file(fixture_dir() / "labels.json")));
  }
  static void TearDownTestSuite() {
    delete labels_;
    delete dir_;
  }

  static std::vector<std::string> ids(const std::vector<ThreadLink>& links) {
    std::vector<std::string> out;
    for (const ThreadLink& link : links) out.push_back(link.record.story.id);
    return out;
  }

  static inline TempDir* dir_ = nullptr;
  static inline nlohmann::json* labels_ = nullptr;
  SearchEngine engine_{*dir_ / "one"};
};

struct Tally {
  int found = 0, right = 0, labelled = 0;
  double precision() const { return found ? static_cast<double>(right) / found : 1; }
  double recall() const { return labelled ? static_cast<double>(right) / labelled : 1; }
};

Tally judge(SearchEngine& engine, const nlohmann::json& labels, std::string* wrong) {
  Tally tally;
  for (const auto& [id, truth] : labels.at("stories").items()) {
    const auto thread = engine.thread(id);
    if (!thread) {
      *wrong += id + ": no such story\n";
      continue;
    }
    for (const auto& [side, links] : {std::pair{"earlier", &thread->earlier}, std::pair{"later", &thread->later}}) {
      const auto expected = truth.at(side).get<std::set<std::string>>();
      tally.labelled += static_cast<int>(expected.size());
      std::set<std::string> got;
      for (const ThreadLink& link : *links) {
        got.insert(link.record.story.id);
        ++tally.found;
        if (expected.contains(link.record.story.id)) {
          ++tally.right;
        } else {
          *wrong += id + " " + side + ": " + link.record.story.id + " (" + link.reason + ", score " +
                    std::to_string(link.score) + ") is no thread\n";
        }
      }
      for (const std::string& missed : expected) {
        if (!got.contains(missed)) *wrong += id + " " + side + ": missed " + missed + "\n";
      }
    }
  }
  return tally;
}

// The floors are what the fixture achieves (docs/threads.md has the numbers);
// a change to the scoring that loses links or adds wrong ones fails here.
TEST_F(StoryThreads, LinksMatchTheLabels) {
  std::string wrong;
  const Tally tally = judge(engine_, *labels_, &wrong);
  std::printf("story threads on the SYNTHETIC fixture: %d links, %d right, %d labelled: precision %.3f, recall %.3f\n",
              tally.found, tally.right, tally.labelled, tally.precision(), tally.recall());
  std::printf("%s", wrong.c_str());
  EXPECT_GE(tally.precision(), 0.9) << wrong;
  EXPECT_GE(tally.recall(), 0.9) << wrong;
}

TEST_F(StoryThreads, ShardsLinkAsOneDatabaseDoes) {
  SearchEngine sharded(*dir_ / "sharded");
  for (const auto& [id, truth] : labels_->at("stories").items()) {
    const auto one = engine_.thread(id);
    const auto three = sharded.thread(id);
    ASSERT_TRUE(one && three) << id;
    EXPECT_EQ(ids(one->earlier), ids(three->earlier)) << id;
    EXPECT_EQ(ids(one->later), ids(three->later)) << id;
  }
}

TEST_F(StoryThreads, EarlierAndLaterAreOnTheirSideOfTheStoryBestFirstWithReasons) {
  const auto thread = engine_.thread("204-2");  // Pixtral, between 201-1 and 207-1
  ASSERT_TRUE(thread);
  EXPECT_EQ(ids(thread->earlier), std::vector<std::string>{"201-1"});
  EXPECT_EQ(ids(thread->later), std::vector<std::string>{"207-1"});
  for (const auto* links : {&thread->earlier, &thread->later}) {
    for (const ThreadLink& link : *links) {
      EXPECT_TRUE(link.reason.starts_with("also about Mistral AI, Pixtral")) << link.reason;
      EXPECT_GE(link.score, kThreadMinScore);
    }
  }
  const auto middle = engine_.thread("205-1");  // Blackwell: one link each way, the nearer stronger
  ASSERT_TRUE(middle);
  for (const auto* links : {&middle->earlier, &middle->later}) {
    for (std::size_t i = 1; i < links->size(); ++i) EXPECT_GE((*links)[i - 1].score, (*links)[i].score);
  }
}

TEST_F(StoryThreads, SharingACompanyOrCommonWordsIsNoThread) {
  // Mistral AI's Le Chat pricing and funding stories share the company (and
  // "subscription pricing" with ChatGPT's) but not a subject.
  for (const std::string id : {"203-5", "207-4", "205-3", "206-3", "208-4", "201-4", "204-3"}) {
    const auto thread = engine_.thread(id);
    ASSERT_TRUE(thread) << id;
    EXPECT_TRUE(thread->earlier.empty() && thread->later.empty())
        << id << " linked to " << (thread->earlier.empty() ? thread->later : thread->earlier).front().record.story.id;
  }
}

// An issue without a number is known by its date: its stories' ids start with
// it, and stories of the same date are one issue, never each other's thread.
TEST(StoryThreadsWithoutIssueNumbers, LinkOtherDatesOnly) {
  TempDir dir;
  std::filesystem::copy(fixture_dir(), dir / "archive");
  std::filesystem::remove(dir / "archive" / "labels.json");
  const std::string body =
      "Mistral AI released Pixtral, a multimodal model with a vision encoder for image understanding. "
      "SYNTHETIC test story, invented for the story-thread fixture: none of this happened.";
  std::string lines;
  for (const auto& [date, title] : {std::pair{"2026-03-02", "Pixtral reads handwriting"},
                                    std::pair{"2026-03-02", "Pixtral reads maps"},
                                    std::pair{"2026-05-04", "Pixtral reads music scores"}}) {
    lines += nlohmann::json{{"date", date}, {"title", std::string("SYNTHETIC: ") + title}, {"body", body}}.dump() + "\n";
  }
  write_file(dir / "archive" / "undated-issues.jsonl", lines);
  const IndexSummary summary =
      index_archive({.archive = dir / "archive", .db = dir / "index", .companies = data_dir() / "companies.json"});
  ASSERT_EQ(summary.stories, 43u) << all_warnings(summary.warnings);
  SearchEngine engine(dir / "index");
  const auto first = engine.thread("2026-03-02-1");
  ASSERT_TRUE(first);
  std::vector<std::string> later;
  for (const ThreadLink& link : first->later) later.push_back(link.record.story.id);
  EXPECT_NE(std::find(later.begin(), later.end(), "2026-05-04-1"), later.end());
  EXPECT_EQ(std::find(later.begin(), later.end(), "2026-03-02-2"), later.end()) << "the same issue";
  for (const ThreadLink& link : first->earlier) EXPECT_NE(link.record.story.id, "2026-03-02-2") << "the same issue";
}

TEST_F(StoryThreads, UnknownStoryAndPassedDeadline) {
  EXPECT_FALSE(engine_.thread("999-1"));
  const auto rushed = engine_.thread("204-2", std::chrono::steady_clock::now() - std::chrono::seconds(1));
  ASSERT_TRUE(rushed);
  EXPECT_TRUE(rushed->timed_out);
}

}  // namespace
}  // namespace scatter::test
