// End to end: the real `scatter` CLI asks a real searchd (--server) what it
// would otherwise read from the index itself (--db), and must print the same:
// the same --json body (but the time taken), the same text, the same errors
// and exit statuses.
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

class CliAgainstServer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    scatter::test::index_with_binary(scatter::test::data_dir(), db());
    server_ = new RunningSearchd(db());
    scatter::test::wait_until_listening(server_->port());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static std::filesystem::path db() { return *dir_ / "index"; }
  static std::string url() { return "http://127.0.0.1:" + std::to_string(server_->port()); }

  static ProcessResult local(std::vector<std::string> args) {
    args.insert(args.end(), {"--db", db().string()});
    return scatter::test::run_program(SCATTER_CLI, args);
  }
  static ProcessResult remote(std::vector<std::string> args) {
    args.insert(args.end(), {"--server", url()});
    return scatter::test::run_program(SCATTER_CLI, args);
  }

  // The --json body without took_ms, which no two runs share.
  static json body(const ProcessResult& result) {
    json parsed = json::parse(result.out);
    parsed.erase("took_ms");
    return parsed;
  }

  static TempDir* dir_;
  static RunningSearchd* server_;
};
TempDir* CliAgainstServer::dir_ = nullptr;
RunningSearchd* CliAgainstServer::server_ = nullptr;

// Every read the API offers, through each filter and option the CLI passes on.
const std::vector<std::vector<std::string>> kReads = {
    {"search", "latent attention"},
    {"search"},
    {"search", "sora \"creative professionals\" +openai"},
    {"search", "c++ & r&d 100% ?=/#"},  // characters a URL must carry encoded
    {"search", "company:mistral after:2026-01 multimodal"},
    {"search", "model", "--company", "OpenAI,Google", "--company", "Mistral AI"},
    {"search", "--topic", "Multimodal", "--issue", "3", "--from", "2026-02-01", "--to", "2026-02-28"},
    {"search", "--sort", "oldest", "--page", "2", "--limit", "2"},
    {"search", "deepse", "--prefix"},
    {"search", "sora", "--from", "2026", "--to", "2026-02"},  // a year's first day, a month's last
    {"search", "model", "--collapse"},
    {"search", "pixtrel"},  // corrected to pixtral
    {"search", "company:acme"},  // a note about an unknown company
    {"search", "model", "--facets", "company,topic", "--facets", "year,month,issue", "--facet-limit", "3"},
    {"search", "--facets", "all", "--limit", "1"},
    {"show", "3-5"},
    {"issue", "3"},
    {"related", "3-1"},
    {"related", "3-1", "--limit", "2"},
    {"trends", "model"},
    {"trends", "model", "--from", "2026-02", "--interval", "decade"},
    {"trends", "model", "--share"},
    {"trends", "", "--interval", "week"},
    {"trends", "model", "--interval", "year", "--by", "company", "--series", "2"},
    {"trends", "--by", "topic", "--company", "Google", "--from", "2026-01-01"},
    {"trends", "mistr", "--prefix", "--by", "company"},
    {"suggest", "op"},
    {"suggest", "deep", "--limit", "3"},
    {"suggest", "open "},  // a finished word: no word completions for it
    {"suggest", "zzzz"},
};

std::string joined(const std::vector<std::string>& args) {
  std::string out = "scatter";
  for (const auto& arg : args) out += " '" + arg + "'";
  return out;
}

TEST_F(CliAgainstServer, JsonIsTheSameFromTheIndexAndFromTheServer) {
  for (const auto& args : kReads) {
    std::vector<std::string> with_json = args;
    with_json.push_back("--json");
    const ProcessResult mine = local(with_json);
    const ProcessResult served = remote(with_json);
    ASSERT_EQ(mine.exit_code, 0) << joined(args) << ": " << mine.err;
    ASSERT_EQ(served.exit_code, 0) << joined(args) << ": " << served.err;
    EXPECT_EQ(body(mine), body(served)) << joined(args);
  }
}

TEST_F(CliAgainstServer, TextIsTheSameFromTheIndexAndFromTheServer) {
  for (const auto& args : kReads) {
    const ProcessResult mine = local(args);
    const ProcessResult served = remote(args);
    ASSERT_EQ(mine.exit_code, 0) << joined(args) << ": " << mine.err;
    EXPECT_FALSE(mine.out.empty()) << joined(args);
    EXPECT_EQ(mine.out, served.out) << joined(args);
  }
}

TEST_F(CliAgainstServer, TheServerAnswersWhatWasAsked) {
  // Not only equal: right. Filters reach the server, and the query arrives
  // with its '+', '&' and quotes as typed.
  const json filtered = body(remote({"search", "--company", "OpenAI,Mistral AI", "--json"}));
  ASSERT_EQ(filtered.at("results").size(), 2u);
  EXPECT_EQ(filtered.at("results").at(0).at("id"), "3-2");
  EXPECT_EQ(filtered.at("results").at(1).at("id"), "3-5");
  const json typed = body(remote({"search", "c++ & r&d", "--json"}));
  EXPECT_EQ(typed.at("query"), "c++ & r&d");
  const json suggested = body(remote({"suggest", "open ", "--json"}));
  EXPECT_EQ(suggested.at("query"), "open ");
  const json trends = body(remote({"trends", "model", "--interval", "week", "--by", "company", "--json"}));
  EXPECT_EQ(trends.at("interval"), "week");
  EXPECT_EQ(trends.at("by"), "company");
}

TEST_F(CliAgainstServer, ErrorsAreTheSameFromTheIndexAndFromTheServer) {
  const struct {
    std::vector<std::string> args;
    int exit_code;
    std::string said;
  } rows[] = {
      {{"show", "9-9"}, 2, "no story with id '9-9'"},
      {{"related", "9-9"}, 2, "no story with id '9-9'"},
      {{"issue", "99"}, 2, "no issue '99' in the archive"},
      {{"issue", "three"}, 2, "no issue 'three' in the archive"},
      {{"issue"}, 64, "ISSUE"},
      {{"search", "x", "--to", "2026-13"}, 64, "--to: '2026-13' is not a date YYYY, YYYY-MM or YYYY-MM-DD"},
      {{"trends", "x", "--interval", "century"},
       64,
       "--interval: 'century' is not one of auto, week, month, year, decade"},
      {{"show"}, 64, "STORY_ID"},
      {{"show", "3-1", "3-2"}, 64, "STORY_ID"},
      {{"search", "x", "--limit", "0"}, 64, "--limit: must be between 1 and 100"},
      {{"search", "x", "--page", "0"}, 64, "--page"},
      {{"search", "x", "--company", "Initech"}, 64, "--company: unknown company 'Initech'"},
      {{"search", "x", "--topic", "Knitting"}, 64, "--topic"},
      {{"search", "x", "--from", "2026-03-01", "--to", "2026-02-01"}, 64, "--from"},
      {{"search", "x", "--facets", "colour"}, 64, "--facets"},
      {{"search", "x", "--facets", "company", "--facet-limit", "0"}, 64, "--facet-limit"},
      {{"search", std::string(2000, 'a')}, 64, "QUERY: longer than 1000"},
      {{"related", "3-1", "--limit", "0"}, 64, "--limit"},
      {{"trends", "x", "--interval", "fortnight"}, 64, "--interval"},
      {{"trends", "x", "--by", "colour"}, 64, "--by"},
      {{"trends", "x", "--series", "0"}, 64, "--series"},
      {{"trends", "x", "--company", "Initech"}, 64, "--company"},
      {{"suggest", "op", "--limit", "50"}, 64, "--limit: must be between 1 and 20"},
      {{"suggest", std::string(2000, 'a')}, 64, "TEXT: longer than 1000"},
      {{"search", "x", "--compnay", "OpenAI"}, 64, "--compnay"},
  };
  for (const auto& row : rows) {
    const ProcessResult mine = local(row.args);
    const ProcessResult served = remote(row.args);
    EXPECT_EQ(mine.exit_code, row.exit_code) << joined(row.args) << ": " << mine.err;
    EXPECT_EQ(served.exit_code, row.exit_code) << joined(row.args) << ": " << served.err;
    EXPECT_NE(mine.err.find(row.said), std::string::npos) << joined(row.args) << ": " << mine.err;
    EXPECT_EQ(mine.err, served.err) << joined(row.args);
    EXPECT_TRUE(served.out.empty()) << joined(row.args) << ": " << served.out;
  }
}

TEST_F(CliAgainstServer, AQueryTooLongForAUrlNamesTheQuery) {
  // 950 characters pass the engine's limit of 1000, but as UTF-8 sent %XX%XX%XX
  // they exceed the 8 KiB request line searchd reads: a usage error, not a failure.
  std::string query;
  for (int i = 0; i < 950; ++i) query += "\xE6\xA8\xA1";  // 模
  const ProcessResult served = remote({"search", query});
  EXPECT_EQ(served.exit_code, 64);
  EXPECT_NE(served.err.find("QUERY: too long to send to searchd"), std::string::npos) << served.err;
}

TEST_F(CliAgainstServer, AServerThatIsNotThereIsNamedAndFails) {
  // A port searchd has just let go of: nothing listens there any more.
  RunningSearchd gone(db());
  scatter::test::wait_until_listening(gone.port());
  const std::string address = "http://127.0.0.1:" + std::to_string(gone.port());
  ASSERT_EQ(scatter::test::run_program(SCATTER_CLI, {"show", "3-1", "--server", address}).exit_code, 0);
  ASSERT_EQ(gone.stop(), 0);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"search", "sora"}, {"show", "3-1"}, {"trends", "model"}, {"suggest", "op"}}) {
    std::vector<std::string> with_server = args;
    with_server.insert(with_server.end(), {"--server", address});
    const ProcessResult result = scatter::test::run_program(SCATTER_CLI, with_server);
    EXPECT_EQ(result.exit_code, 1) << joined(args);
    EXPECT_NE(result.err.find("cannot reach searchd at " + address), std::string::npos) << result.err;
  }
}

TEST_F(CliAgainstServer, ABadServerAddressIsAUsageError) {
  for (const std::string bad : {"https://127.0.0.1:8080", "127.0.0.1:8080", "http://127.0.0.1", "http://127.0.0.1:0",
                                "http://127.0.0.1:99999", "http://127.0.0.1:80/search", "http://:8080"}) {
    const ProcessResult result = scatter::test::run_program(SCATTER_CLI, {"search", "x", "--server", bad});
    EXPECT_EQ(result.exit_code, 64) << bad;
    EXPECT_NE(result.err.find("--server"), std::string::npos) << bad << ": " << result.err;
  }
  // searchd announces itself with a trailing slash; that address works as printed.
  const ProcessResult announced = scatter::test::run_program(SCATTER_CLI, {"show", "3-1", "--server", url() + "/"});
  EXPECT_EQ(announced.exit_code, 0) << announced.err;
  const ProcessResult both = scatter::test::run_program(SCATTER_CLI, {"show", "3-1", "--server", url(), "--db", "x"});
  EXPECT_EQ(both.exit_code, 64);
  EXPECT_NE(both.err.find("--db and --server"), std::string::npos) << both.err;
}

TEST_F(CliAgainstServer, AnHttpsServerIsRefusedWithAWayToReachIt) {
  const ProcessResult result =
      scatter::test::run_program(SCATTER_CLI, {"search", "x", "--server", "https://search.example.org:443"});
  EXPECT_EQ(result.exit_code, 64);
  EXPECT_TRUE(result.err.starts_with("scatter search: --server: 'https://search.example.org:443': https is not "
                                     "supported, only http://HOST:PORT."))
      << result.err;
  EXPECT_NE(result.err.find("ssh -N -L 8080:127.0.0.1:8080 HOST"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("curl"), std::string::npos) << result.err;
}

TEST_F(CliAgainstServer, TheServerFromTheEnvironmentUnlessADatabaseIsNamed) {
  const std::vector<std::string> env = {"SCATTER_SERVER=" + url(), "SCATTER_DB=/nonexistent"};
  const ProcessResult served = scatter::test::run_program(SCATTER_CLI, {"show", "3-1", "--json"}, env);
  ASSERT_EQ(served.exit_code, 0) << served.err;
  EXPECT_EQ(json::parse(served.out).at("id"), "3-1");
  // --db on the command line beats $SCATTER_SERVER: the reader asked for that index.
  const ProcessResult named = scatter::test::run_program(SCATTER_CLI, {"show", "3-1", "--db", "/nonexistent"}, env);
  EXPECT_EQ(named.exit_code, 1);
  EXPECT_NE(named.err.find("/nonexistent"), std::string::npos) << named.err;
}

}  // namespace
