// SearchEngine::trends (engine/search_request.h): matching stories per week,
// month or year, every period from the first match to the last with empty ones
// included, optionally split by company or topic with the rest as "other".
// Over a synthetic archive of several issues and dates (synthetic_archive.h) and
// the seed archive (issue 3).
#include "seed_index.h"
#include "synthetic_archive.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace scatter {
namespace {

using Counts = std::vector<std::pair<std::string, Xapian::doccount>>;
using Split = std::vector<Xapian::doccount>;

// Each period's label and count.
Counts counts_of(const TrendsResult& result) {
  Counts out;
  for (const TrendPeriod& period : result.periods) out.emplace_back(period.period, period.count);
  return out;
}

// Each period's split counts, in the order of result.series.
std::vector<Split> splits_of(const TrendsResult& result) {
  std::vector<Split> out;
  for (const TrendPeriod& period : result.periods) out.push_back(period.by);
  return out;
}

using Series = std::vector<std::string>;

TEST(TrendNames, IntervalsAndSplitsHaveTheirParameterNames) {
  EXPECT_EQ(interval_name(Interval::kWeek), "week");
  EXPECT_EQ(interval_name(Interval::kMonth), "month");
  EXPECT_EQ(interval_name(Interval::kYear), "year");
  EXPECT_EQ(interval_name(Interval::kDecade), "decade");
  EXPECT_EQ(interval_name(Interval::kAuto), "auto");
  for (const Interval interval : {Interval::kAuto, Interval::kWeek, Interval::kMonth, Interval::kYear, Interval::kDecade}) {
    EXPECT_EQ(interval_from_name(interval_name(interval)), interval);
  }
  EXPECT_EQ(interval_from_name("fortnight"), std::nullopt);
  EXPECT_EQ(split_name(TrendSplit::kNone), "none");
  EXPECT_EQ(split_name(TrendSplit::kCompany), "company");
  EXPECT_EQ(split_name(TrendSplit::kTopic), "topic");
}

class Trends : public test::SyntheticIndexTest {};

TEST_F(Trends, YearsFromFirstMatchToLastIncludingEmptyOnes) {
  const TrendsResult result = engine_.trends({.interval = Interval::kYear});
  EXPECT_EQ(counts_of(result), (Counts{{"2024", 2}, {"2025", 4}, {"2026", 0}, {"2027", 1}}));
  EXPECT_EQ(result.total, test::kSyntheticStories);
  EXPECT_EQ(result.undated, 1u) << "issue 100 has no date: counted, but in no period";
  EXPECT_EQ(result.interval, Interval::kYear);
  EXPECT_EQ(result.by, TrendSplit::kNone);
  EXPECT_TRUE(result.series.empty());
  for (const TrendPeriod& period : result.periods) {
    EXPECT_TRUE(period.by.empty()) << period.period;
    EXPECT_EQ(period.start, (Date{std::stoi(period.period), 1, 1})) << period.period;
  }
}

TEST_F(Trends, MonthsAreContiguousAndLabelledYearMonth) {
  const TrendsResult result = engine_.trends({.interval = Interval::kMonth});
  ASSERT_EQ(result.periods.size(), 31u) << "2024-12 through 2027-06";
  EXPECT_EQ(result.periods.front().period, "2024-12");
  EXPECT_EQ(result.periods.back().period, "2027-06");
  Xapian::doccount sum = 0;
  for (std::size_t i = 0; i < result.periods.size(); ++i) {
    const TrendPeriod& period = result.periods[i];
    SCOPED_TRACE(period.period);
    EXPECT_EQ(period.start.day, 1);
    EXPECT_EQ(period.period, period.start.iso().substr(0, 7));
    if (i > 0) {
      const Date& before = result.periods[i - 1].start;
      const Date expected = before.month == 12 ? Date{before.year + 1, 1, 1} : Date{before.year, before.month + 1, 1};
      EXPECT_EQ(period.start, expected) << "a month missing or repeated";
    }
    sum += period.count;
  }
  EXPECT_EQ(sum, result.total - result.undated);
  const Counts counts = counts_of(result);
  EXPECT_EQ(counts[0], (std::pair<std::string, Xapian::doccount>{"2024-12", 2}));
  EXPECT_EQ(counts[1], (std::pair<std::string, Xapian::doccount>{"2025-01", 3}));
  EXPECT_EQ(counts[2], (std::pair<std::string, Xapian::doccount>{"2025-02", 0}));
  EXPECT_EQ(counts[3], (std::pair<std::string, Xapian::doccount>{"2025-03", 1}));
  EXPECT_EQ(counts[4], (std::pair<std::string, Xapian::doccount>{"2025-04", 0}));
  EXPECT_EQ(counts[13], (std::pair<std::string, Xapian::doccount>{"2026-01", 0}));
}

TEST_F(Trends, WeeksStartOnMondayAndAreLabelledByIt) {
  // 2024-12-30 (Monday) and 2025-01-05 (Sunday) share a week across the new
  // year; 2025-01-22 (Wednesday) is in the week of Monday 2025-01-20.
  const TrendsResult result = engine_.trends({.search = {.issues = {9, 10, 11}}, .interval = Interval::kWeek});
  EXPECT_EQ(counts_of(result), (Counts{{"2024-12-30", 3}, {"2025-01-06", 0}, {"2025-01-13", 0}, {"2025-01-20", 2}}));
  for (const TrendPeriod& period : result.periods) {
    EXPECT_EQ(period.period, period.start.iso());
    EXPECT_EQ(period.start.week_start(), period.start) << period.period << " is not a Monday";
  }
}

TEST_F(Trends, WeeksOverTheWholeArchiveAreSevenDaysApart) {
  const TrendsResult result = engine_.trends({.interval = Interval::kWeek});
  ASSERT_FALSE(result.periods.empty());
  EXPECT_EQ(result.periods.front().period, "2024-12-30");
  EXPECT_EQ(result.periods.back().period, "2027-06-14") << "2027-06-15 is a Tuesday";
  Xapian::doccount sum = 0;
  for (std::size_t i = 0; i < result.periods.size(); ++i) {
    if (i > 0) {
      EXPECT_EQ(result.periods[i].start.day_number() - result.periods[i - 1].start.day_number(), 7)
          << result.periods[i].period;
    }
    sum += result.periods[i].count;
  }
  EXPECT_EQ(sum, 7u);
  EXPECT_EQ(result.periods.size(), static_cast<std::size_t>((Date{2027, 6, 14}.day_number() - Date{2024, 12, 30}.day_number()) / 7 + 1));
}

TEST_F(Trends, ByCompanyMostMatchesFirstAndTheRestAsOther) {
  // Dated stories per company: Quillbyte 3 (its undated story is in no period),
  // Marrowlabs, Tundrabit and Zephyrsynth 2 each: ties go by name.
  const TrendsResult result =
      engine_.trends({.interval = Interval::kYear, .by = TrendSplit::kCompany, .series = 2});
  EXPECT_EQ(result.by, TrendSplit::kCompany);
  EXPECT_EQ(result.series, (Series{"Quillbyte", "Marrowlabs", "other"}));
  EXPECT_EQ(counts_of(result), (Counts{{"2024", 2}, {"2025", 4}, {"2026", 0}, {"2027", 1}}));
  // "other": 2024 Zephyrsynth; 2025 Tundrabit and Zephyrsynth; 2027 Tundrabit.
  EXPECT_EQ(splits_of(result), (std::vector<Split>{{1, 0, 1}, {2, 1, 2}, {0, 0, 0}, {0, 1, 1}}));
}

TEST_F(Trends, ByCompanyWithRoomForEveryNameHasNoOther) {
  for (const int series : {4, kMaxTrendSeries}) {
    SCOPED_TRACE(series);
    const TrendsResult result =
        engine_.trends({.interval = Interval::kYear, .by = TrendSplit::kCompany, .series = series});
    EXPECT_EQ(result.series, (Series{"Quillbyte", "Marrowlabs", "Tundrabit", "Zephyrsynth"}));
    EXPECT_EQ(splits_of(result), (std::vector<Split>{{1, 0, 0, 1}, {2, 1, 1, 1}, {0, 0, 0, 0}, {0, 1, 1, 0}}));
  }
}

TEST_F(Trends, ByTopic) {
  const TrendsResult result = engine_.trends({.interval = Interval::kYear, .by = TrendSplit::kTopic, .series = 1});
  EXPECT_EQ(result.series, (Series{"Robots", "other"}));
  EXPECT_EQ(splits_of(result), (std::vector<Split>{{1, 1}, {3, 1}, {0, 0}, {1, 0}}));
}

TEST_F(Trends, FollowTheQueryAndTheFilters) {
  const TrendsResult forecast = engine_.trends({.search = {.q = "forecast"}, .interval = Interval::kYear});
  EXPECT_EQ(counts_of(forecast), (Counts{{"2024", 1}, {"2025", 1}}));
  EXPECT_EQ(forecast.total, 2u);
  EXPECT_EQ(forecast.query, "forecast");
  EXPECT_EQ(forecast.interpreted_as, "forecast");

  const TrendsResult robot = engine_.trends({.search = {.q = "robot"}, .interval = Interval::kYear});
  EXPECT_EQ(counts_of(robot), (Counts{{"2024", 1}, {"2025", 3}, {"2026", 0}, {"2027", 1}}));
  EXPECT_EQ(robot.total, 6u);
  EXPECT_EQ(robot.undated, 1u);

  const TrendsResult tundrabit =
      engine_.trends({.search = {.companies = {"Tundrabit"}}, .interval = Interval::kYear});
  EXPECT_EQ(counts_of(tundrabit), (Counts{{"2025", 1}, {"2026", 0}, {"2027", 1}}));

  const TrendsResult in_2025 = engine_.trends(
      {.search = {.from = Date{2025, 1, 1}, .to = Date{2025, 12, 31}}, .interval = Interval::kMonth});
  EXPECT_EQ(counts_of(in_2025), (Counts{{"2025-01", 3}, {"2025-02", 0}, {"2025-03", 1}}));
  EXPECT_EQ(in_2025.undated, 0u) << "a date filter leaves out undated stories";

  const TrendsResult quillbyte_forecasts =
      engine_.trends({.search = {.q = "quillbyte", .topics = {"Forecasts"}}, .interval = Interval::kMonth});
  EXPECT_EQ(counts_of(quillbyte_forecasts), (Counts{{"2025-01", 1}}));
}

TEST_F(Trends, NoMatchHasNoPeriods) {
  const TrendsResult result = engine_.trends({.search = {.q = "xylophone"}, .by = TrendSplit::kCompany});
  EXPECT_EQ(result.total, 0u);
  EXPECT_EQ(result.undated, 0u);
  EXPECT_TRUE(result.periods.empty());
  EXPECT_TRUE(result.series.empty());
}

TEST_F(Trends, PagingOfTheSearchIsNotUsed) {
  // A page past the limit would be refused by search(); trends counts every match.
  const TrendsResult result = engine_.trends(
      {.search = {.q = "robot", .page = 1000, .per_page = kMaxPerPage}, .interval = Interval::kYear});
  EXPECT_EQ(result.total, 6u);
}

TEST_F(Trends, BadRequestsNameTheParameter) {
  // One call per request rather than a table of them: GCC 12 at -O3 reports a
  // table of aggregates holding vectors as maybe-uninitialized, which failed
  // the Release build under -Werror.
  const auto expect_refused = [&](const TrendsRequest& request, const std::string& parameter) {
    try {
      engine_.trends(request);
      ADD_FAILURE() << "accepted a bad " << parameter;
    } catch (const BadParameter& e) {
      EXPECT_EQ(e.parameter, parameter);
    }
  };
  expect_refused({.by = TrendSplit::kCompany, .series = 0}, "series");
  expect_refused({.by = TrendSplit::kCompany, .series = -1}, "series");
  expect_refused({.by = TrendSplit::kCompany, .series = kMaxTrendSeries + 1}, "series");
  expect_refused({.search = {.companies = {"Initech"}}}, "company");
  expect_refused({.search = {.topics = {"Astrology"}}}, "topic");
  expect_refused({.search = {.from = Date{2025, 3, 1}, .to = Date{2025, 2, 1}}}, "from");
  expect_refused({.search = {.q = std::string(kMaxQueryChars + 1, 'a')}}, "q");
  EXPECT_NO_THROW(engine_.trends({.by = TrendSplit::kTopic, .series = 1}));
}

TEST(TrendsOverAWideSpan, TooManyPeriodsIsABadIntervalNotAnEndlessAnswer) {
  test::TempDir dir;
  // Synthetic captures, not news: one mistyped year (0206 for 2026) beside a real-looking one.
  test::write_file(dir / "archive" / "0206-02-09-issue-001.txt", "1. Synthetic story with a mistyped year\nSynthetic text.\n");
  test::write_file(dir / "archive" / "2026-02-09-issue-002.txt", "1. Synthetic story of 2026\nSynthetic text.\n");
  index_archive({.archive = dir / "archive", .db = dir / "index"});
  SearchEngine engine(dir / "index");
  try {
    engine.trends({.interval = Interval::kWeek});
    ADD_FAILURE() << "answered with about 95,000 weeks";
  } catch (const BadParameter& e) {
    EXPECT_EQ(e.parameter, "interval");
    EXPECT_NE(e.reason.find("0206"), std::string::npos) << "names the span: " << e.reason;
  }
  const TrendsResult narrowed = engine.trends({.search = {.from = Date{2000, 1, 1}}, .interval = Interval::kWeek});
  EXPECT_EQ(counts_of(narrowed), (Counts{{"2026-02-09", 1}}));
}

// A corpus of old documents (SYNTHETIC lines written for this test) spanning two
// centuries: `scatter trends` failed with "more than 1,200 months" and the page
// asked twice. Without an interval the engine picks one from the span.
class TrendsOfACorpusOverCenturies : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    test::write_file(*dir_ / "archive" / "synthetic.jsonl",
                     R"({"date": "1801-05-01", "title": "SYNTHETIC canal survey", "body": "A canal survey."}
{"date": "1805-07-01", "title": "SYNTHETIC almanac", "body": "An almanac of tides."}
{"date": "1850", "title": "SYNTHETIC canal census, dated by its year", "body": "A canal census."}
{"date": "1850-03", "title": "SYNTHETIC harbour notes, dated by its month", "body": "Harbour notes."}
{"date": "1999-12-31", "title": "SYNTHETIC canal closing", "body": "The canal closes."}
)");
    const IndexSummary summary = index_archive({.archive = *dir_ / "archive", .db = *dir_ / "index"});
    ASSERT_EQ(summary.stories, 5u) << test::all_warnings(summary.warnings);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static inline test::TempDir* dir_ = nullptr;
  SearchEngine engine_{*dir_ / "index"};
};

TEST_F(TrendsOfACorpusOverCenturies, WithoutAnIntervalTheEngineChoosesDecades) {
  const TrendsResult result = engine_.trends({.search = {.q = "canal"}});
  EXPECT_EQ(result.interval, Interval::kDecade);
  ASSERT_EQ(result.periods.size(), 20u) << "1800s to 1990s";
  EXPECT_EQ(result.periods.front().period, "1800s");
  EXPECT_EQ(result.periods.front().start, (Date{1800, 1, 1}));
  EXPECT_EQ(result.periods.back().period, "1990s");
  EXPECT_EQ(result.periods.front().count, 1u);
  EXPECT_EQ(result.periods[5].period, "1850s");
  EXPECT_EQ(result.periods[5].count, 1u) << "a story dated by its year alone counts in its decade";
}

TEST_F(TrendsOfACorpusOverCenturies, EveryPeriodCarriesTheArchivesOwnCountForAShare) {
  const TrendsResult result = engine_.trends({.search = {.q = "canal"}, .interval = Interval::kDecade});
  ASSERT_EQ(result.periods.size(), 20u);
  EXPECT_EQ(result.periods.front().archive_count, 2u) << "the survey and the almanac";
  EXPECT_EQ(result.periods[5].archive_count, 2u) << "1850 and 1850-03";
  EXPECT_EQ(result.periods[1].archive_count, 0u);
  EXPECT_EQ(result.periods.back().archive_count, 1u);
  const TrendsResult years = engine_.trends({.search = {.from = Date{1850, 1, 1}, .to = Date{1850, 12, 31}}, .interval = Interval::kYear});
  ASSERT_EQ(counts_of(years), (Counts{{"1850", 2}}));
  EXPECT_EQ(years.periods.front().archive_count, 2u);
}

TEST_F(TrendsOfACorpusOverCenturies, NarrowSpansGetYearsThenMonths) {
  EXPECT_EQ(engine_.trends({.search = {.from = Date{1801, 1, 1}, .to = Date{1899, 12, 31}}}).interval, Interval::kYear);
  const TrendsResult months = engine_.trends({.search = {.from = Date{1801, 1, 1}, .to = Date{1805, 12, 31}}});
  EXPECT_EQ(months.interval, Interval::kMonth);
  EXPECT_EQ(months.periods.front().period, "1801-05");
  EXPECT_EQ(months.periods.back().period, "1805-07");
}

TEST_F(TrendsOfACorpusOverCenturies, ADateTooCoarseForTheIntervalIsCountedAsUndated) {
  const TrendsResult months = engine_.trends({.search = {.from = Date{1850, 1, 1}, .to = Date{1850, 12, 31}}, .interval = Interval::kMonth});
  EXPECT_EQ(months.total, 2u);
  EXPECT_EQ(months.undated, 1u) << "1850 alone has no month";
  EXPECT_EQ(counts_of(months), (Counts{{"1850-03", 1}}));
}

class ShardedTrends : public test::SyntheticIndexTest {
 protected:
  static void SetUpTestSuite() { build(3); }
};

TEST_F(ShardedTrends, CountAsOneDatabaseDoes) {
  const TrendsResult result =
      engine_.trends({.interval = Interval::kYear, .by = TrendSplit::kCompany, .series = 2});
  EXPECT_EQ(result.total, test::kSyntheticStories);
  EXPECT_EQ(result.undated, 1u);
  EXPECT_EQ(result.series, (Series{"Quillbyte", "Marrowlabs", "other"}));
  EXPECT_EQ(counts_of(result), (Counts{{"2024", 2}, {"2025", 4}, {"2026", 0}, {"2027", 1}}));
  EXPECT_EQ(splits_of(result), (std::vector<Split>{{1, 0, 1}, {2, 1, 2}, {0, 0, 0}, {0, 1, 1}}));
}

class SeedTrends : public test::SeedIndexTest {};

TEST_F(SeedTrends, OneIssueIsOnePeriod) {
  const TrendsResult week = engine_.trends({.interval = Interval::kWeek});
  EXPECT_EQ(counts_of(week), (Counts{{"2026-02-09", 5}})) << "2026-02-09 is a Monday";
  const TrendsResult month = engine_.trends({.search = {.q = "sora"}});
  EXPECT_EQ(counts_of(month), (Counts{{"2026-02", 1}}));
  const TrendsResult companies = engine_.trends({.by = TrendSplit::kCompany, .series = 3});
  EXPECT_EQ(companies.series, (Series{"DeepSeek", "Google", "Microsoft", "other"}));
  ASSERT_EQ(companies.periods.size(), 1u);
  EXPECT_EQ(companies.periods[0].by, (Split{1, 1, 1, 2})) << "Mistral AI and OpenAI as other";
}

}  // namespace
}  // namespace scatter
