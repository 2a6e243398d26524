// An index from which a story was deleted, with a word and a year that every
// remaining story has. Xapian 1.4.22 reads such a term, when it is not weighted,
// through its list of all documents; with the gap a deletion leaves, that list
// threw "Unexpected end of posting list" past its first chunk (about 2,000
// stories), and searchd answered 503 on a sound index (found by bench/soak).
// query/counting_weight.h says how the engine keeps clear of it.
#include "test_support.h"

#include "engine/search_engine.h"
#include "index/indexing.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace scatter {
namespace {

constexpr int kStories = 3000;

// SYNTHETIC TEST DATA, not news: every story says "synthetic" and is dated 2030.
std::string synthetic_lines(bool without_the_second) {
  std::string lines;
  for (int i = 1; i <= kStories; ++i) {
    if (without_the_second && i == 2) continue;
    lines += nlohmann::json{{"issue", 700 + (i - 1) / 5},
                            {"story", (i - 1) % 5 + 1},
                            {"date", "2030-01-01"},
                            {"newsletter", "SYNTHETIC TEST ARCHIVE (not news)"},
                            {"title", "Synthetic story " + std::to_string(i)},
                            {"paragraphs", {"Synthetic test text, not news, number " + std::to_string(i) + "."}}}
                 .dump() +
             "\n";
  }
  return lines;
}

class DeletedStory : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    const IndexConfig config{.archive = *dir_ / "archive", .db = *dir_ / "index"};
    test::write_file(*dir_ / "archive" / "synthetic.jsonl", synthetic_lines(false));
    ASSERT_EQ(index_archive(config).stories, static_cast<std::size_t>(kStories));
    test::write_file(*dir_ / "archive" / "synthetic.jsonl", synthetic_lines(true));
    const IndexSummary second = index_archive(config);
    ASSERT_EQ(second.deleted, 1u) << "the story must be deleted in place, leaving a gap";
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static inline test::TempDir* dir_ = nullptr;
  SearchEngine engine_{*dir_ / "index"};
};

constexpr Xapian::doccount kLeft = kStories - 1;

TEST_F(DeletedStory, FacetCountsOfAWordEveryStoryHas) {
  const SearchResult result = engine_.search({.q = "synthetic", .facets = {Facet::kYear, Facet::kIssue}});
  EXPECT_EQ(result.total_estimate, kLeft);
  ASSERT_FALSE(result.facets.empty());
  ASSERT_FALSE(result.facets[0].values.empty());
  EXPECT_EQ(result.facets[0].values[0].count, kLeft);
}

TEST_F(DeletedStory, TrendsOfAWordEveryStoryHas) {
  EXPECT_EQ(engine_.trends({.search = {.q = "synthetic"}}).total, kLeft);
}

TEST_F(DeletedStory, AYearEveryStoryHasFiltersAsEverything) {
  EXPECT_EQ(engine_.search({.q = "year:2030", .facets = {Facet::kMonth}}).total_estimate, kLeft);
  EXPECT_EQ(engine_.search({.q = "synthetic", .from = Date{2030, 1, 1}, .to = Date{2030, 12, 31}}).total_estimate, kLeft);
  EXPECT_EQ(engine_.trends({.search = {.q = "year:2030"}}).total, kLeft);
}

TEST_F(DeletedStory, ExcludingAWordEveryStoryHasLeavesNothing) {
  EXPECT_EQ(engine_.search({.q = "-synthetic", .facets = {Facet::kYear}}).total_estimate, 0u);
}

TEST_F(DeletedStory, CompletionsCountTheStoriesLeft) {
  const std::vector<Suggestion> suggestions = engine_.suggest("synth");
  ASSERT_FALSE(suggestions.empty());
  EXPECT_EQ(suggestions.front().text, "synthetic");
}

}  // namespace
}  // namespace scatter
