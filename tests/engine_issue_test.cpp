// SearchEngine::issue (engine/search_engine.h): one issue of the newsletter, its
// stories in reading order, or nullopt for an issue the archive lacks. Over the
// seed archive (issue 3), in one database and in shards, and a synthetic archive.
#include "issue3_expected.h"
#include "seed_index.h"
#include "synthetic_archive.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace scatter {
namespace {

std::vector<std::string> ids_of(const IssueListing& listing) {
  std::vector<std::string> ids;
  for (const StoryRecord& record : listing.stories) ids.push_back(record.story.id);
  return ids;
}

void expect_issue_3(const std::optional<IssueListing>& listing) {
  ASSERT_TRUE(listing.has_value());
  EXPECT_EQ(listing->number, 3);
  ASSERT_TRUE(listing->date.has_value());
  EXPECT_EQ(listing->date->iso(), test::issue3::kDate);
  EXPECT_EQ(ids_of(*listing), (std::vector<std::string>{"3-1", "3-2", "3-3", "3-4", "3-5"}));
  ASSERT_EQ(listing->stories.size(), test::issue3::kStories.size());
  for (std::size_t i = 0; i < listing->stories.size(); ++i) {
    const StoryRecord& record = listing->stories[i];
    SCOPED_TRACE(record.story.id);
    EXPECT_EQ(record.story.number, static_cast<int>(i) + 1);
    EXPECT_EQ(record.story.title, test::issue3::kStories[i].title);
    EXPECT_EQ(record.issue, 3);
    EXPECT_EQ(record.date, listing->date);
    EXPECT_EQ(record.newsletter, test::issue3::kNewsletter);
    EXPECT_EQ(record.story.paragraphs.size(), test::issue3::kParagraphsPerStory) << "the whole story, not a row";
    EXPECT_EQ(record.story.bullets.size(), test::issue3::kBulletsPerStory);
  }
}

class Issues : public test::SeedIndexTest {};

TEST_F(Issues, IssueThreeHasItsFiveStoriesInReadingOrder) { expect_issue_3(engine_.issue("3")); }

TEST_F(Issues, AnIssueTheArchiveLacksIsNullopt) {
  for (const char* key : {"99", "4", "2", "0", "-3", "30", "", "3-1", "2026-02-09", "03"}) {
    EXPECT_FALSE(engine_.issue(key).has_value()) << key;
  }
}

class ShardedIssues : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    const IndexSummary summary = index_archive({.archive = test::data_dir(), .db = *dir_ / "index", .shards = 3});
    ASSERT_EQ(summary.shards, 3u);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static inline test::TempDir* dir_ = nullptr;
};

TEST_F(ShardedIssues, ReadingOrderDoesNotDependOnWhichShardHoldsAStory) {
  SearchEngine engine(*dir_ / "index");
  expect_issue_3(engine.issue("3"));
  EXPECT_FALSE(engine.issue("99").has_value());
}

class SyntheticIssues : public test::SyntheticIndexTest {};

TEST_F(SyntheticIssues, EachIssueHasItsOwnStoriesAndDate) {
  const std::optional<IssueListing> eleven = engine_.issue("11");
  ASSERT_TRUE(eleven.has_value());
  EXPECT_EQ(ids_of(*eleven), (std::vector<std::string>{"11-1", "11-2"}));
  EXPECT_EQ(eleven->date, (Date{2025, 1, 22}));
  // Issue 1 is no prefix of issue 11 or 100.
  EXPECT_FALSE(engine_.issue("1").has_value());
  const std::optional<IssueListing> undated = engine_.issue("100");
  ASSERT_TRUE(undated.has_value());
  EXPECT_EQ(ids_of(*undated), std::vector<std::string>{"100-1"});
  EXPECT_FALSE(undated->date.has_value()) << "an issue without a date says so";
}

// A corpus of old documents as JSON Lines has no issue numbers: each date is an
// issue, and the reading view and /issues/{key} open it by the key its story ids
// and links use. (The reading view said "'1901-03-05' is not a whole number".)
TEST(IssuesWithoutNumbers, OpenByTheKeyTheirStoryIdsAndLinksUse) {
  test::TempDir dir;
  test::write_file(dir / "archive" / "synthetic.jsonl",
                   R"({"date": "1901-03-05", "newsletter": "SYNTHETIC Gazette", "title": "SYNTHETIC first", "body": "Synthetic text."}
{"date": "1901-03-05", "newsletter": "SYNTHETIC Gazette", "title": "SYNTHETIC second", "body": "Synthetic text."}
{"date": "1901-03", "newsletter": "SYNTHETIC Gazette", "title": "SYNTHETIC dated by its month", "body": "Synthetic text."}
{"date": "1902", "newsletter": "SYNTHETIC Gazette", "title": "SYNTHETIC dated by its year", "body": "Synthetic text."}
)");
  const IndexSummary summary = index_archive({.archive = dir / "archive", .db = dir / "index"});
  ASSERT_EQ(summary.stories, 4u) << test::all_warnings(summary.warnings);
  SearchEngine engine(dir / "index");

  const std::optional<IssueListing> day = engine.issue("1901-03-05");
  ASSERT_TRUE(day.has_value());
  EXPECT_EQ(ids_of(*day), (std::vector<std::string>{"1901-03-05-1", "1901-03-05-2"}));
  EXPECT_FALSE(day->number.has_value());
  EXPECT_EQ(day->key, "1901-03-05");
  EXPECT_EQ(day->newsletter, "SYNTHETIC Gazette");
  EXPECT_EQ(day->stories.front().story.url, "/issues/1901-03-05#story-1");

  const std::optional<IssueListing> month = engine.issue("1901-03");
  ASSERT_TRUE(month.has_value());
  EXPECT_EQ(ids_of(*month), std::vector<std::string>{"1901-03-1"}) << "not the stories of 1901-03-05";
  EXPECT_EQ(month->date, (Date{1901, 3, 0}));

  const std::optional<IssueListing> year = engine.issue("1902");
  ASSERT_TRUE(year.has_value()) << "a key of digits that is no issue number";
  EXPECT_EQ(ids_of(*year), std::vector<std::string>{"1902-1"});
  EXPECT_FALSE(engine.issue("1901").has_value());
}

}  // namespace
}  // namespace scatter
