// End to end: the CLI over a researcher's corpus of JSON Lines without `issue`
// numbers (docs/jsonl.md), whose issues are known by their dates: every id and
// issue key the CLI prints must be one it takes back, from the index and from
// a searchd alike.
#include "searchd_client.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

using nlohmann::json;
using scatter::test::ProcessResult;
using scatter::test::RunningSearchd;
using scatter::test::TempDir;

namespace {

// SYNTHETIC TEST DATA, not news and not the archive: two dated issues without
// numbers, and no companies or topics.
constexpr const char* kCorpus =
    R"({"date": "1901-03-05", "newsletter": "SYNTHETIC TEST DATA", "title": "Synthetic: a harbour ledger", "paragraphs": ["Synthetic text, not history: a ledger of harbour tolls."]}
{"date": "1901-03-05", "newsletter": "SYNTHETIC TEST DATA", "title": "Synthetic: a canal survey", "paragraphs": ["Synthetic text, not history: a survey of canal tolls."]}
{"date": "1902-07-01", "newsletter": "SYNTHETIC TEST DATA", "title": "Synthetic: a bridge ledger", "paragraphs": ["Synthetic text, not history: a bridge and its ledger."]}
)";

class CliIssueless : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    std::filesystem::create_directories(*dir_ / "archive" / "issues");
    scatter::test::write_file(*dir_ / "archive" / "issues" / "corpus.jsonl", kCorpus);
    scatter::test::index_with_binary(*dir_ / "archive", db());
    server_ = new RunningSearchd(db());
    scatter::test::wait_until_listening(server_->port());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static std::filesystem::path db() { return *dir_ / "index"; }

  static ProcessResult local(std::vector<std::string> args) {
    args.insert(args.end(), {"--db", db().string()});
    return scatter::test::run_program(SCATTER_CLI, args);
  }
  static ProcessResult remote(std::vector<std::string> args) {
    args.insert(args.end(), {"--server", "http://127.0.0.1:" + std::to_string(server_->port())});
    return scatter::test::run_program(SCATTER_CLI, args);
  }

  static TempDir* dir_;
  static RunningSearchd* server_;
};
TempDir* CliIssueless::dir_ = nullptr;
RunningSearchd* CliIssueless::server_ = nullptr;

TEST_F(CliIssueless, ResultsShowTheIdThatShowTakes) {
  for (const auto& run : {&local, &remote}) {
    const ProcessResult result = run({"search", "harbour"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out,
              "1 story for \"harbour\"\n"
              "\n"
              "1. Synthetic: a harbour ledger\n"
              "   1901-03-05-1 \xC2\xB7 1901-03-05 \xC2\xB7 /issues/1901-03-05#story-1\n"
              "   Synthetic text, not history: a ledger of harbour tolls.\n");
    const ProcessResult shown = run({"show", "1901-03-05-1"});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_TRUE(shown.out.starts_with("Synthetic: a harbour ledger\n1901-03-05-1 \xC2\xB7 1901-03-05")) << shown.out;
  }
}

TEST_F(CliIssueless, AnIssueIsOpenedByTheKeyItsIdsStartWith) {
  for (const auto& run : {&local, &remote}) {
    const ProcessResult result = run({"issue", "1901-03-05"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out,
              "Issue 1901-03-05 \xC2\xB7 2 stories\n"
              "\n"
              "1. Synthetic: a harbour ledger\n"
              "   1901-03-05-1 \xC2\xB7 1901-03-05 \xC2\xB7 /issues/1901-03-05#story-1\n"
              "\n"
              "2. Synthetic: a canal survey\n"
              "   1901-03-05-2 \xC2\xB7 1901-03-05 \xC2\xB7 /issues/1901-03-05#story-2\n");
    const json body = json::parse(run({"issue", "1902-07-01", "--json"}).out);
    EXPECT_EQ(body.at("issue"), nullptr);
    EXPECT_EQ(body.at("key"), "1902-07-01");
    EXPECT_EQ(body.at("stories").at(0).at("id"), "1902-07-01-1");
    const ProcessResult missing = run({"issue", "1901-03-06"});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_EQ(missing.err, "scatter issue: no issue '1901-03-06' in the archive\n");
  }
}

TEST_F(CliIssueless, DatesNarrowByYearAsTheQueryLanguageDoes) {
  for (const auto& run : {&local, &remote}) {
    const ProcessResult from = run({"search", "ledger", "--from", "1902"});
    ASSERT_EQ(from.exit_code, 0) << from.err;
    EXPECT_TRUE(from.out.starts_with("1 story for \"ledger\"\n\n1. Synthetic: a bridge ledger\n")) << from.out;
    const ProcessResult to = run({"search", "ledger", "--to", "1901"});
    ASSERT_EQ(to.exit_code, 0) << to.err;
    EXPECT_TRUE(to.out.starts_with("1 story for \"ledger\"\n\n1. Synthetic: a harbour ledger\n")) << to.out;
    const ProcessResult month = run({"search", "ledger", "--from", "1901-03", "--to", "1901-03"});
    EXPECT_TRUE(month.out.starts_with("1 story for \"ledger\"\n")) << month.out;
  }
}

}  // namespace
