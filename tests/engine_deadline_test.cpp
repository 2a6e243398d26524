// A request's deadline (SearchRequest::deadline): the match stops when it
// passes and the answer says so, and until it passes nothing changes. Tests use
// a deadline already passed, which stops every match at its first clock reading
// (every 64 steps), whatever the machine's speed; bench/deadline-bench measures
// the bound in time on a large index.
#include "test_support.h"

#include "engine/deadline.h"
#include "engine/search_engine.h"
#include "index/indexing.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <numeric>

namespace scatter {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kStories = 1500;

Clock::time_point passed() { return Clock::now() - std::chrono::seconds(1); }
Clock::time_point far_away() { return Clock::now() + std::chrono::hours(1); }

class DeadlineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    test::write_synthetic_jsonl(*dir_ / "archive" / "synthetic.jsonl", {.stories = kStories, .seed = 5});
    const IndexSummary summary = index_archive({.archive = *dir_ / "archive", .db = *dir_ / "index"});
    ASSERT_EQ(summary.stories, kStories) << test::all_warnings(summary.warnings);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static inline test::TempDir* dir_ = nullptr;
  SearchEngine engine_{*dir_ / "index"};
};

Xapian::doccount counted(const FacetCounts& facet) {
  return std::accumulate(facet.values.begin(), facet.values.end(), Xapian::doccount{0},
                         [](Xapian::doccount sum, const FacetValue& value) { return sum + value.count; });
}

TEST_F(DeadlineTest, WithoutADeadlineEveryMatchIsCounted) {
  // "plumvar" is in every synthetic story.
  const SearchResult result = engine_.search({.q = "plumvar", .facets = {Facet::kYear}});
  EXPECT_FALSE(result.timed_out);
  EXPECT_TRUE(result.total_is_exact());
  EXPECT_EQ(result.total_estimate, kStories);
  ASSERT_EQ(result.facets.size(), 1u);
  EXPECT_EQ(counted(result.facets[0]), kStories);
}

TEST_F(DeadlineTest, APassedDeadlineStopsTheMatchAndTheAnswerSaysSo) {
  const SearchResult result = engine_.search({.q = "plumvar", .per_page = 5, .deadline = passed()});
  EXPECT_TRUE(result.timed_out);
  EXPECT_LT(result.total_lower, kStories) << "the match went on past the deadline";
  EXPECT_FALSE(result.total_is_exact()) << "a total counted in part is not exact";
  EXPECT_GE(result.total_upper, kStories) << "the stories not looked at may match";
  EXPECT_LE(result.hits.size(), 5u);
}

TEST_F(DeadlineTest, FacetCountsAreNotStartedOnceTheDeadlineHasPassed) {
  const SearchResult result =
      engine_.search({.q = "plumvar", .facets = {Facet::kYear, Facet::kIssue}, .deadline = passed()});
  EXPECT_TRUE(result.timed_out);
  for (const FacetCounts& facet : result.facets) EXPECT_LT(counted(facet), kStories);
}

TEST_F(DeadlineTest, TrendsCountOnlyWhatWasMatchedByTheDeadline) {
  const TrendsResult all = engine_.trends({.search = {.q = "plumvar"}});
  EXPECT_FALSE(all.timed_out);
  EXPECT_EQ(all.total, kStories);
  const TrendsResult cut = engine_.trends({.search = {.q = "plumvar", .deadline = passed()}});
  EXPECT_TRUE(cut.timed_out);
  EXPECT_LT(cut.total, kStories);
}

TEST_F(DeadlineTest, RelatedStoriesSayWhenTheDeadlineCutThemShort) {
  const auto unbounded = engine_.related("100-1", 5);
  ASSERT_TRUE(unbounded.has_value());
  EXPECT_FALSE(unbounded->timed_out);
  EXPECT_EQ(unbounded->hits.size(), 5u);
  const auto cut = engine_.related("100-1", 5, passed());
  ASSERT_TRUE(cut.has_value());
  EXPECT_TRUE(cut->timed_out);
}

// Until it passes, a deadline changes nothing: the same stories, scores, order,
// totals and counts, for words, phrases, proximity, filters and sorts.
TEST_F(DeadlineTest, ADeadlineNotReachedChangesNoAnswer) {
  const SearchResult sample = engine_.search({.q = "plumvar", .per_page = 3});
  ASSERT_EQ(sample.hits.size(), 3u);
  const std::string title = sample.hits[0].record.story.title;
  const std::string first_word = title.substr(0, title.find(' '));
  const std::vector<SearchRequest> requests = {
      {.q = title},
      {.q = "\"" + title + "\""},
      {.q = first_word + " plumvar", .facets = {Facet::kYear, Facet::kMonth}},
      {.q = "plumvar", .sort = SortOrder::kOldest, .facets = {Facet::kIssue}},
      {.q = "", .per_page = 20, .facets = {Facet::kCompany}},
      {.q = "plumvar -" + first_word, .collapse_by_issue = true},
  };
  for (const SearchRequest& request : requests) {
    SCOPED_TRACE(request.q);
    SearchRequest bounded = request;
    bounded.deadline = far_away();
    const SearchResult expected = engine_.search(request);
    const SearchResult actual = engine_.search(bounded);
    EXPECT_FALSE(actual.timed_out);
    EXPECT_EQ(actual.total_estimate, expected.total_estimate);
    EXPECT_EQ(actual.total_lower, expected.total_lower);
    EXPECT_EQ(actual.total_upper, expected.total_upper);
    ASSERT_EQ(actual.hits.size(), expected.hits.size());
    for (std::size_t i = 0; i < actual.hits.size(); ++i) {
      EXPECT_EQ(actual.hits[i].record.story.id, expected.hits[i].record.story.id) << "rank " << i + 1;
      EXPECT_DOUBLE_EQ(actual.hits[i].score, expected.hits[i].score) << "rank " << i + 1;
    }
    ASSERT_EQ(actual.facets.size(), expected.facets.size());
    for (std::size_t f = 0; f < actual.facets.size(); ++f) {
      ASSERT_EQ(actual.facets[f].values.size(), expected.facets[f].values.size());
      for (std::size_t v = 0; v < actual.facets[f].values.size(); ++v) {
        EXPECT_EQ(actual.facets[f].values[v].value, expected.facets[f].values[v].value);
        EXPECT_EQ(actual.facets[f].values[v].count, expected.facets[f].values[v].count);
      }
    }
  }
}

// A phrase's positions are checked inside its posting list, between two calls
// of the matcher. In this SYNTHETIC archive every story has "alpha beta" and
// "beta gamma" (so each has the phrase's word pairs, schema::word_pair_term),
// and only the last has "alpha beta gamma": each story before it is a candidate
// the phrase check turns down.
class PhraseDeadlineTest : public ::testing::Test {
 protected:
  static constexpr int kPhraseStories = 1000;
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    std::string lines;
    for (int i = 1; i <= kPhraseStories; ++i) {
      const bool last = i == kPhraseStories;
      nlohmann::json story = {
          {"issue", 500 + (i - 1) / 5},
          {"story", (i - 1) % 5 + 1},
          {"date", "2030-01-01"},
          {"newsletter", "SYNTHETIC TEST ARCHIVE (not news)"},
          {"title", "Synthetic story " + std::to_string(i)},
          {"paragraphs", {std::string("Synthetic test text, not news: alpha beta ") + (last ? "gamma." : "epsilon beta gamma.") +
                          (i == 1 ? " delta." : "")}}};
      lines += story.dump() + "\n";
    }
    test::write_file(*dir_ / "archive" / "phrase.jsonl", lines);
    const IndexSummary summary = index_archive({.archive = *dir_ / "archive", .db = *dir_ / "index"});
    ASSERT_EQ(summary.stories, static_cast<std::size_t>(kPhraseStories)) << test::all_warnings(summary.warnings);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static inline test::TempDir* dir_ = nullptr;
  SearchEngine engine_{*dir_ / "index"};
};

TEST_F(PhraseDeadlineTest, APhraseThatChecksManyCandidatesIsStopped) {
  const SearchResult unbounded = engine_.search({.q = "\"alpha beta gamma\""});
  ASSERT_EQ(unbounded.hits.size(), 1u);
  EXPECT_EQ(unbounded.hits[0].record.story.title, "Synthetic story 1000");

  const SearchResult cut = engine_.search({.q = "\"alpha beta gamma\"", .deadline = passed()});
  EXPECT_TRUE(cut.timed_out);
  EXPECT_TRUE(cut.hits.empty()) << "the phrase checked every candidate after the deadline";
}

// Inside an OR, a phrase has a posting list of its own, which checks every
// candidate up to its next match before the OR (and anything above) sees one.
TEST_F(PhraseDeadlineTest, APhraseInsideAnOrIsStoppedToo) {
  const SearchResult unbounded = engine_.search({.q = "\"alpha beta gamma\" OR delta"});
  EXPECT_EQ(unbounded.hits.size(), 2u);
  const SearchResult cut = engine_.search({.q = "\"alpha beta gamma\" OR delta", .deadline = passed()});
  EXPECT_TRUE(cut.timed_out);
  for (const SearchHit& hit : cut.hits) {
    EXPECT_NE(hit.record.story.title, "Synthetic story 1000") << "the phrase checked every candidate after the deadline";
  }
}

TEST(Deadline, NoneNeverPassesAndLeavesAQueryAsItIs) {
  const Deadline none;
  EXPECT_FALSE(none.passed());
  EXPECT_FALSE(none.reached());
  const Xapian::Query query("XBplumvar");
  EXPECT_EQ(none.bound(query).get_description(), query.get_description());
}

TEST(Deadline, OncePassedItStaysPassed) {
  const Deadline deadline(Clock::now() - std::chrono::milliseconds(1));
  EXPECT_FALSE(deadline.reached()) << "nothing has looked at the clock yet";
  EXPECT_TRUE(deadline.passed());
  EXPECT_TRUE(deadline.reached());
  const Deadline later(far_away());
  EXPECT_FALSE(later.passed());
  EXPECT_NE(later.bound(Xapian::Query("XBplumvar")).get_description(), Xapian::Query("XBplumvar").get_description());
}

}  // namespace
}  // namespace scatter
