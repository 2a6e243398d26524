// What stands out in a result set (engine/significant.h, SearchEngine::
// significant): over a SYNTHETIC archive (test text, invented words and
// companies, not news) where the last third of the issues take up a word and
// a company the first two thirds barely had, a search of that period names
// them first; a word in one story is too rare to count; the whole archive
// against itself has nothing that stands out.
#include "synthetic_corpus.h"
#include "test_support.h"

#include "engine/search_engine.h"
#include "engine/significant.h"
#include "index/indexing.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <random>

namespace scatter {
namespace {

TEST(JlhScore, RewardsWhatIsMuchMoreCommonThanUsualAndCommonEnoughInTheForeground) {
  EXPECT_DOUBLE_EQ(jlh_score(5, 10, 100, 1000), (0.5 - 0.1) * 5.0);
  EXPECT_EQ(jlh_score(1, 10, 100, 1000), 0) << "no more common than usual";
  EXPECT_EQ(jlh_score(0, 10, 100, 1000), 0);
  EXPECT_EQ(jlh_score(3, 0, 100, 1000), 0);
  EXPECT_GT(jlh_score(3, 40, 3, 100000), jlh_score(30, 40, 50000, 100000)) << "rare and concentrated beats common";
}

// SYNTHETIC TEST DATA, not news: 60 weekly issues of 5 stories from 2019-01-07.
// From issue 41 most stories say "zorblatt" and name Quillbyte; before it,
// two stories say it and Quillbyte is named twice. One story says "singleton".
void write_shifting_archive(const std::filesystem::path& archive) {
  test::write_synthetic_tables(archive);
  std::mt19937 random(5);
  std::uniform_int_distribution<std::size_t> word(0, test::kWords.size() - 1);
  std::string lines;
  for (int issue = 1; issue <= 60; ++issue) {
    const Date day = Date::from_day_number(Date{2019, 1, 7}.day_number() + 7L * (issue - 1));
    for (int story = 1; story <= 5; ++story) {
      std::string text = "Synthetic test text, not news:";
      for (int i = 0; i < 12; ++i) text += " " + test::kWords[word(random)];
      const bool late = issue >= 41;
      if ((late && story != 5) || (issue == 3 && story <= 2)) text += " zorblatt";
      if ((late && story <= 3) || (issue == 7 && story <= 2)) text += " Quillbyte";
      if (issue == 50 && story == 1) text += " singleton";
      lines += nlohmann::json{{"issue", issue}, {"story", story}, {"date", day.iso()},
                              {"newsletter", "SYNTHETIC TEST ARCHIVE (not news)"},
                              {"title", "Synthetic story " + std::to_string(issue) + "-" + std::to_string(story)},
                              {"paragraphs", {text + "."}}}
                   .dump() +
               "\n";
    }
  }
  test::write_file(archive / "synthetic.jsonl", lines);
}

class Significant : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    write_shifting_archive(*dir_ / "archive");
    ASSERT_EQ(index_archive({.archive = *dir_ / "archive", .db = *dir_ / "index"}).stories, 300u);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static inline test::TempDir* dir_ = nullptr;
  // The period from issue 41 on.
  static SearchRequest late_period() {
    return {.from = Date::from_day_number(Date{2019, 1, 7}.day_number() + 7L * 40), .to = Date{2020, 12, 31}};
  }
};

TEST_F(Significant, APeriodAloneSaysWhatWasNewThen) {
  SearchEngine engine(*dir_ / "index");
  const SignificantResult words = engine.significant({.search = late_period()});
  EXPECT_EQ(words.foreground, 100u);
  EXPECT_EQ(words.background, 300u);
  ASSERT_FALSE(words.terms.empty());
  EXPECT_EQ(words.terms.front().term, "zorblatt");
  EXPECT_EQ(words.terms.front().foreground, 80u);
  EXPECT_EQ(words.terms.front().background, 82u);
  ASSERT_TRUE(words.terms.front().example.has_value());
  EXPECT_GE(words.terms.front().example->issue.value_or(0), 41) << "an example from the period";
  for (const SignificantTerm& term : words.terms) EXPECT_NE(term.term, "singleton") << "in one story: too rare";
  for (std::size_t i = 1; i < words.terms.size(); ++i) EXPECT_GE(words.terms[i - 1].score, words.terms[i].score);

  const SignificantResult companies = engine.significant({.search = late_period(), .field = SignificantField::kCompany});
  ASSERT_FALSE(companies.terms.empty());
  EXPECT_EQ(companies.terms.front().term, "Quillbyte");
  EXPECT_EQ(companies.terms.front().foreground, 60u);
}

TEST_F(Significant, TheWholeArchiveAgainstItselfHasNothingThatStandsOut) {
  SearchEngine engine(*dir_ / "index");
  EXPECT_TRUE(engine.significant({}).terms.empty());
  EXPECT_TRUE(engine.significant({.field = SignificantField::kCompany}).terms.empty());
}

TEST_F(Significant, AQueryIsItsOwnForegroundAndTheLimitsAreChecked) {
  SearchEngine engine(*dir_ / "index");
  const SignificantResult result = engine.significant({.search = {.q = "zorblatt"}, .field = SignificantField::kCompany, .limit = 1});
  EXPECT_EQ(result.foreground, 82u);
  ASSERT_EQ(result.terms.size(), 1u);
  EXPECT_EQ(result.terms.front().term, "Quillbyte");
  EXPECT_THROW(engine.significant({.limit = 0}), BadParameter);
  EXPECT_THROW(engine.significant({.limit = kMaxSignificantTerms + 1}), BadParameter);
}

}  // namespace
}  // namespace scatter
