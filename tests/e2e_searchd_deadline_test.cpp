// searchd --query-timeout-ms: a request that reaches its time limit answers
// with what it found ("timed_out": true, never cached) or, having found
// nothing, 503 with Retry-After. The searches here take tens of milliseconds
// (hundreds under sanitizers) against a limit of one.
#include "searchd_client.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace scatter::test {
namespace {

// SYNTHETIC TEST DATA, not news: every story says "synthetic text" and "text
// synthetic", never "synthetic text synthetic", so that the phrase, whose word
// pairs every story has (schema::word_pair_term), checks every story and finds
// none.
class SearchdDeadline : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    std::string lines;
    for (int i = 0; i < 10000; ++i) {
      lines += nlohmann::json{{"issue", 1 + i / 10},
                              {"date", "2001-01-01"},
                              {"newsletter", "SYNTHETIC TEST DATA"},
                              {"title", "Synthetic story " + std::to_string(i)},
                              {"paragraphs", {"Synthetic text, not news; text synthetic."}}}
                   .dump() +
               "\n";
    }
    write_file(*dir_ / "archive" / "synthetic.jsonl", lines);
    index_with_binary(*dir_ / "archive", *dir_ / "index");
    hurried_ = new RunningSearchd(*dir_ / "index", {"--query-timeout-ms", "1"});
    patient_ = new RunningSearchd(*dir_ / "index", {"--query-timeout-ms", "60000"});
  }
  static void TearDownTestSuite() {
    delete hurried_;
    delete patient_;
    delete dir_;
  }

  static inline TempDir* dir_ = nullptr;
  static inline RunningSearchd* hurried_ = nullptr;  // a limit no search here keeps
  static inline RunningSearchd* patient_ = nullptr;  // a limit every search here keeps
};

constexpr const char* kEveryFacet = "&facets=company,topic,year,month,issue";

TEST_F(SearchdDeadline, WithinTheLimitTheAnswerIsWholeAndCached) {
  const Answer answer = http_get(patient_->port(), std::string("/search?q=synthetic") + kEveryFacet);
  ASSERT_EQ(answer.status, 200) << answer.body;
  const nlohmann::json body = answer.json();
  EXPECT_EQ(body.at("timed_out"), false);
  EXPECT_EQ(body.at("total").at("estimate"), 10000);
  EXPECT_EQ(body.at("total").at("exact"), true);
  EXPECT_TRUE(answer.header("Cache-Control").starts_with("public")) << answer.header("Cache-Control");
}

TEST_F(SearchdDeadline, PastTheLimitASearchAnswersWithWhatItFoundAndIsNotCached) {
  const std::string target = std::string("/search?q=synthetic") + kEveryFacet;
  for (int attempt = 0; attempt < 2; ++attempt) {  // the second is no cached copy of the first
    const Answer answer = http_get(hurried_->port(), target);
    ASSERT_EQ(answer.status, 200) << answer.body;
    const nlohmann::json body = answer.json();
    EXPECT_EQ(body.at("timed_out"), true);
    EXPECT_EQ(body.at("total").at("exact"), false);
    EXPECT_FALSE(body.at("results").empty()) << "the stories matched before the limit are served";
    EXPECT_EQ(answer.header("Cache-Control"), "no-store");
    EXPECT_NE(answer.header("X-Cache"), "hit");
  }
}

TEST_F(SearchdDeadline, APhraseThatFoundNothingByTheLimitIs503WithRetryAfter) {
  const Answer answer = http_get(hurried_->port(), std::string("/search?q=%22synthetic+text+synthetic%22") + kEveryFacet);
  ASSERT_EQ(answer.status, 503) << answer.body;
  EXPECT_EQ(answer.header("Retry-After"), "1");
  EXPECT_EQ(answer.header("Cache-Control"), "no-store");
  const nlohmann::json error = answer.json().at("error");
  EXPECT_EQ(error.at("code"), "timeout");
  EXPECT_NE(error.at("message").get<std::string>().find("1 ms"), std::string::npos) << error;

  const Answer patient = http_get(patient_->port(), std::string("/search?q=%22synthetic+text+synthetic%22") + kEveryFacet);
  ASSERT_EQ(patient.status, 200) << "given the time, the same search finds that nothing matches";
  EXPECT_EQ(patient.json().at("total").at("estimate"), 0);
}

TEST_F(SearchdDeadline, TrendsAndRelatedStoriesKeepTheLimitToo) {
  // Counting a plain word reads its posting list into a bitmap (microseconds
  // here, so it may well finish inside 1 ms); the phrase is checked story by
  // story, and by the limit has found nothing.
  const Answer trends = http_get(hurried_->port(), "/trends?q=%22synthetic+text+synthetic%22&by=company");
  ASSERT_EQ(trends.status, 503) << trends.body;
  EXPECT_EQ(trends.json().at("error").at("code"), "timeout");
  EXPECT_EQ(trends.header("Retry-After"), "1");
  EXPECT_EQ(http_get(patient_->port(), "/trends?q=%22synthetic+text+synthetic%22").json().at("total"), 0);
  EXPECT_EQ(http_get(patient_->port(), "/trends?q=synthetic").json().at("total"), 10000);

  const Answer related = http_get(patient_->port(), "/related/1-1");
  ASSERT_EQ(related.status, 200) << related.body;
  EXPECT_EQ(related.json().at("timed_out"), false);
}

TEST_F(SearchdDeadline, TimeoutsAreCountedInTheMetrics) {
  http_get(hurried_->port(), std::string("/search?q=synthetic") + kEveryFacet);
  const std::string metrics = http_get(hurried_->port(), "/metrics").body;
  const std::string name = "searchd_request_timeouts_total ";
  const auto at = metrics.find("\n" + name);
  ASSERT_NE(at, std::string::npos) << metrics;
  EXPECT_GE(std::stoi(metrics.substr(at + 1 + name.size())), 1) << metrics;
}

TEST(SearchdDeadlineOption, ALimitOutsideItsRangeIsRefusedByName) {
  for (const char* value : {"0", "-5", "600001", "soon"}) {
    const ProcessResult result = run_program(SCATTER_SEARCHD, {"--db", "/nonexistent", "--query-timeout-ms", value});
    EXPECT_EQ(result.exit_code, 64) << value;
    EXPECT_NE(result.err.find("query-timeout-ms"), std::string::npos) << value << ": " << result.err;
  }
}

}  // namespace
}  // namespace scatter::test
