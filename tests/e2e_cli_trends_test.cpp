// End to end: `scatter trends` draws matches per period as a bar chart, from
// the index and from a searchd alike. The seed archive (issue 3, 2026-02-09)
// plus two older issues, so that the chart has months with stories, a month
// without, and a company ahead of the others.
#include "searchd_client.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <sstream>
#include <thread>

using nlohmann::json;
using scatter::test::ProcessResult;
using scatter::test::RunningSearchd;
using scatter::test::TempDir;

namespace {

// Synthetic test data, not news and not the archive: issue 1 (2025-11-03) with
// two stories naming OpenAI, issue 2 (2026-01-12) with one naming Google.
constexpr const char* kOlderIssues =
    R"({"issue": 1, "story": 1, "date": "2025-11-03", "newsletter": "SYNTHETIC TEST DATA, not news", "title": "Synthetic: OpenAI reasoning model", "paragraphs": ["Synthetic text, not news: OpenAI and a reasoning model."]}
{"issue": 1, "story": 2, "date": "2025-11-03", "newsletter": "SYNTHETIC TEST DATA, not news", "title": "Synthetic: OpenAI model price", "paragraphs": ["Synthetic text, not news: OpenAI and a model price."]}
{"issue": 2, "story": 1, "date": "2026-01-12", "newsletter": "SYNTHETIC TEST DATA, not news", "title": "Synthetic: Google model weights", "paragraphs": ["Synthetic text, not news: Google and the weights of a model."]}
)";

class CliTrends : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    std::filesystem::copy(scatter::test::data_dir(), *dir_ / "archive", std::filesystem::copy_options::recursive);
    scatter::test::write_file(*dir_ / "archive" / "issues" / "older.jsonl", kOlderIssues);
    scatter::test::index_with_binary(*dir_ / "archive", db());
    server_ = new RunningSearchd(db());
    scatter::test::wait_until_listening(server_->port());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static std::filesystem::path db() { return *dir_ / "index"; }

  // `scatter trends ARGS` on a terminal `columns` wide, from the index.
  static ProcessResult trends(std::vector<std::string> args, int columns = 40) {
    args.insert(args.begin(), "trends");
    args.insert(args.end(), {"--db", db().string()});
    return scatter::test::run_program(SCATTER_CLI, args, {"COLUMNS=" + std::to_string(columns)});
  }
  // The same from the searchd.
  static ProcessResult served_trends(std::vector<std::string> args, int columns = 40) {
    args.insert(args.begin(), "trends");
    args.insert(args.end(), {"--server", "http://127.0.0.1:" + std::to_string(server_->port())});
    return scatter::test::run_program(SCATTER_CLI, args, {"COLUMNS=" + std::to_string(columns)});
  }

  static TempDir* dir_;
  static RunningSearchd* server_;
};
TempDir* CliTrends::dir_ = nullptr;
RunningSearchd* CliTrends::server_ = nullptr;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Columns on a terminal: one per UTF-8 character (█ is three bytes, one column).
std::size_t columns(const std::string& line) {
  std::size_t n = 0;
  for (const char c : line) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

TEST_F(CliTrends, OneBarPerMonthScaledToTheBusiestAndToTheWidth) {
  const ProcessResult result = trends({});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // 40 columns: 7 for the label, 2 + 2 around the bar, 1 for the count leave
  // 28 for the busiest month's bar; the others in proportion; an empty month
  // keeps its row.
  EXPECT_EQ(result.out,
            "8 stories per month\n"
            "\n"
            "2025-11  ███████████                   2\n"
            "2025-12                                0\n"
            "2026-01  ██████                        1\n"
            "2026-02  ████████████████████████████  5\n");
  EXPECT_EQ(served_trends({}).out, result.out);
}

TEST_F(CliTrends, ASplitAddsARowPerCompanyUnderEachPeriod) {
  const ProcessResult result = trends({"--by", "company", "--series", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // OpenAI has most stories (3); the other companies' are summed as "other".
  EXPECT_EQ(result.out,
            "8 stories per month, by company\n"
            "\n"
            "2025-11   ███████████                  2\n"
            "  OpenAI  ███████████                  2\n"
            "2025-12                                0\n"
            "2026-01   █████                        1\n"
            "  other   █████                        1\n"
            "2026-02   ███████████████████████████  5\n"
            "  OpenAI  █████                        1\n"
            "  other   ██████████████████████       4\n");
  EXPECT_EQ(served_trends({"--by", "company", "--series", "1"}).out, result.out);
}

TEST_F(CliTrends, WeeksAndYearsAndAQueryWithFilters) {
  // Every week from the first match to the last, each labelled by its Monday.
  const std::vector<std::string> weeks = lines(trends({"--interval", "week"}).out);
  ASSERT_EQ(weeks.size(), 2u + 15u);
  EXPECT_EQ(weeks[2].substr(0, 10), "2025-11-03");
  EXPECT_EQ(weeks[3].substr(0, 10), "2025-11-10");
  EXPECT_EQ(weeks.back().substr(0, 10), "2026-02-09");

  const std::vector<std::string> years = lines(trends({"--interval", "year"}).out);
  ASSERT_EQ(years.size(), 4u);
  EXPECT_TRUE(years[2].starts_with("2025  ") && years[2].ends_with(" 2")) << years[2];
  EXPECT_TRUE(years[3].starts_with("2026  ") && years[3].ends_with(" 6")) << years[3];

  const ProcessResult openai = trends({"model", "--company", "OpenAI", "--to", "2026-01-31"});
  ASSERT_EQ(openai.exit_code, 0) << openai.err;
  EXPECT_EQ(lines(openai.out).front(), "2 stories for \"model\" per month");
  EXPECT_EQ(lines(openai.out).size(), 3u) << openai.out;
}

TEST_F(CliTrends, NoLineIsWiderThanTheTerminal) {
  for (const int width : {50, 80, 132}) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{}, {"--by", "topic"}, {"--interval", "week"}}) {
      const ProcessResult result = trends(args, width);
      ASSERT_EQ(result.exit_code, 0) << result.err;
      const std::vector<std::string> rows = lines(result.out);
      std::size_t widest_bar_row = 0;
      for (std::size_t i = 2; i < rows.size(); ++i) {
        EXPECT_LE(columns(rows[i]), static_cast<std::size_t>(width)) << width << ": " << rows[i];
        widest_bar_row = std::max(widest_bar_row, columns(rows[i]));
      }
      EXPECT_EQ(widest_bar_row, static_cast<std::size_t>(width)) << "the chart uses the width it has";
    }
  }
  // Too narrow for label and count: the bars keep ten columns and the line runs over.
  const std::vector<std::string> narrow = lines(trends({}, 12).out);
  EXPECT_EQ(narrow.back(), "2026-02  ██████████  5");
}

TEST_F(CliTrends, ShareDividesByTheArchivesStoriesOfEachPeriod) {
  // "synthetic" is in the three older stories only, all of 2025-11 (2 of 2) and
  // 2026-01 (1 of 1); "sora" in one of 2026-02's five; 2025-12 has no story at all.
  // 40 columns: 7 for the label, 2 + 2 around the bar, 6 for "100.0%" leave 23.
  const ProcessResult result = trends({"synthetic OR sora", "--share"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "4 stories for \"synthetic OR sora\" per month, as a share of the archive's stories\n"
            "\n"
            "2025-11  ███████████████████████  100.0%\n"
            "2025-12                                -\n"
            "2026-01  ███████████████████████  100.0%\n"
            "2026-02  █████                     20.0%\n");
  EXPECT_EQ(served_trends({"synthetic OR sora", "--share"}).out, result.out);
  const json body = json::parse(trends({"synthetic OR sora", "--share", "--json"}).out);
  EXPECT_EQ(body.at("periods").at(3).at("archive_count"), 5);
}

TEST_F(CliTrends, JsonIsTheApiBody) {
  const ProcessResult result = trends({"--by", "company", "--series", "1", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json body = json::parse(result.out);
  EXPECT_EQ(body.at("series"), json::array({"OpenAI", "other"}));
  ASSERT_EQ(body.at("periods").size(), 4u);
  EXPECT_EQ(body.at("periods").at(0).at("by"), json({{"OpenAI", 2}, {"other", 0}}));
  EXPECT_EQ(body.at("periods").at(1).at("count"), 0);
}

// SYNTHETIC TEST DATA, not news and not history: a corpus spanning two
// centuries, without issue numbers, too long to chart by month.
constexpr const char* kCenturies =
    R"({"date": "1850-06-01", "newsletter": "SYNTHETIC TEST DATA", "title": "Synthetic: a canal ledger", "paragraphs": ["Synthetic text, not history: a canal ledger."]}
{"date": "1901-03-05", "newsletter": "SYNTHETIC TEST DATA", "title": "Synthetic: a harbour ledger", "paragraphs": ["Synthetic text, not history: a harbour ledger."]}
{"date": "1901-03-05", "newsletter": "SYNTHETIC TEST DATA", "title": "Synthetic: a bridge survey", "paragraphs": ["Synthetic text, not history: a bridge survey."]}
{"date": "2020-01-01", "newsletter": "SYNTHETIC TEST DATA", "title": "Synthetic: a railway ledger", "paragraphs": ["Synthetic text, not history: a railway ledger."]}
{"date": "1901", "newsletter": "SYNTHETIC TEST DATA", "title": "Synthetic: a ferry record", "paragraphs": ["Synthetic text, not history: a ferry record dated by its year alone."]}
)";

class CliTrendsOverCenturies : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    std::filesystem::create_directories(*dir_ / "archive" / "issues");
    scatter::test::write_file(*dir_ / "archive" / "issues" / "centuries.jsonl", kCenturies);
    scatter::test::index_with_binary(*dir_ / "archive", *dir_ / "index");
    server_ = new RunningSearchd(*dir_ / "index");
    scatter::test::wait_until_listening(server_->port());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static ProcessResult trends(std::vector<std::string> args, const std::string& where_flag, const std::string& where) {
    args.insert(args.begin(), "trends");
    args.insert(args.end(), {where_flag, where});
    return scatter::test::run_program(SCATTER_CLI, args, {"COLUMNS=40"});
  }
  static ProcessResult local(const std::vector<std::string>& args) {
    return trends(args, "--db", (*dir_ / "index").string());
  }
  static ProcessResult served(const std::vector<std::string>& args) {
    return trends(args, "--server", "http://127.0.0.1:" + std::to_string(server_->port()));
  }
  static TempDir* dir_;
  static RunningSearchd* server_;
};
TempDir* CliTrendsOverCenturies::dir_ = nullptr;
RunningSearchd* CliTrendsOverCenturies::server_ = nullptr;

TEST_F(CliTrendsOverCenturies, WithoutAnIntervalTheSpanChoosesDecades) {
  // 1850 to 2020 is 171 years: more than 120 years, so a bar per decade, 18 of them.
  const ProcessResult result = local({"ledger"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::vector<std::string> rows = lines(result.out);
  ASSERT_EQ(rows.size(), 2u + 18u) << result.out;
  EXPECT_EQ(rows[0], "3 stories for \"ledger\" per decade");
  EXPECT_TRUE(rows[2].starts_with("1850s  ") && rows[2].ends_with(" 1")) << rows[2];
  EXPECT_TRUE(rows[7].starts_with("1900s  ") && rows[7].ends_with(" 1")) << rows[7];
  EXPECT_TRUE(rows[8].starts_with("1910s  ") && rows[8].ends_with(" 0")) << rows[8];
  EXPECT_TRUE(rows.back().starts_with("2020s  ") && rows.back().ends_with(" 1")) << rows.back();
  EXPECT_EQ(served({"ledger"}).out, result.out);
  EXPECT_EQ(local({"ledger", "--interval", "decade"}).out, result.out);
  EXPECT_EQ(local({"ledger", "--interval", "auto"}).out, result.out);
  // Narrowed to one year, the span is short enough for months.
  const ProcessResult year = local({"ledger", "--from", "1901", "--to", "1901"});
  ASSERT_EQ(year.exit_code, 0) << year.err;
  EXPECT_EQ(year.out.substr(0, year.out.find("\n\n")), "1 story for \"ledger\" per month");
  EXPECT_EQ(served({"ledger", "--from", "1901", "--to", "1901"}).out, year.out);
  // Asked for, months over the whole span are still too many: the engine says so.
  const ProcessResult months = local({"ledger", "--interval", "month"});
  EXPECT_EQ(months.exit_code, 64);
  EXPECT_NE(months.err.find("--interval"), std::string::npos) << months.err;
}

TEST_F(CliTrendsOverCenturies, AStoryDatedByItsYearAloneIsChartedByYearNotByMonth) {
  const ProcessResult by_month = local({"synthetic", "--interval", "month", "--from", "1900", "--to", "1909"});
  ASSERT_EQ(by_month.exit_code, 0) << by_month.err;
  EXPECT_EQ(lines(by_month.out).front(),
            "3 stories for \"synthetic\" per month (1 undated or dated by year alone, not charted)");
  const ProcessResult by_year = local({"synthetic", "--interval", "year", "--from", "1900", "--to", "1909"});
  EXPECT_EQ(lines(by_year.out).front(), "3 stories for \"synthetic\" per year");
}

}  // namespace
