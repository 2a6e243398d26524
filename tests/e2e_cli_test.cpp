// End to end: the real `scatter` CLI against an index the real indexer wrote.
// (Against a searchd: e2e_cli_server_test.cpp; the trends chart: e2e_cli_trends_test.cpp.)
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <spawn.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>

extern char** environ;

using nlohmann::json;
using scatter::test::ProcessResult;
using scatter::test::TempDir;

namespace {

class Cli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    scatter::test::index_with_binary(scatter::test::data_dir(), db());
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::filesystem::path db() { return *dir_ / "index"; }

  static ProcessResult scatter_cli(std::vector<std::string> args) {
    args.push_back("--db");
    args.push_back(db().string());
    return scatter::test::run_program(SCATTER_CLI, args);
  }

  // The ids of a `--json` search, in rank order; fails the test if the CLI failed.
  static std::vector<std::string> ids(const ProcessResult& result) {
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::vector<std::string> out;
    if (result.exit_code != 0) return out;
    const json body = json::parse(result.out);
    for (const auto& hit : body.at("results")) out.push_back(hit.at("id"));
    return out;
  }

  static TempDir* dir_;
};
TempDir* Cli::dir_ = nullptr;

TEST_F(Cli, SearchPrintsAReadableListMatchingTheGoldenFile) {
  const ProcessResult result = scatter_cli({"search", "latent attention"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto golden = scatter::test::source_dir() / "tests" / "golden" / "cli-search-latent-attention.txt";
  if (std::getenv("SCATTER_UPDATE_GOLDEN") != nullptr) scatter::test::write_file(golden, result.out);
  EXPECT_EQ(result.out, scatter::test::read_file(golden));
  // Off a terminal there are no escape codes and no HTML.
  EXPECT_EQ(result.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(result.out.find("<mark>"), std::string::npos);
}

TEST_F(Cli, JsonOutputIsTheApiShape) {
  const ProcessResult result = scatter_cli({"search", "sora", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json body = json::parse(result.out);
  EXPECT_EQ(body.at("results").at(0).at("id"), "3-2");
  EXPECT_EQ(body.at("results").at(0).at("companies"), json::array({"OpenAI"}));
  EXPECT_TRUE(body.at("total").contains("estimate"));
}

TEST_F(Cli, FiltersByCompanyAndDate) {
  EXPECT_EQ(ids(scatter_cli({"search", "--company", "Microsoft", "--json"})), std::vector<std::string>{"3-4"});
  EXPECT_EQ(ids(scatter_cli({"search", "--company", "pixtral", "--json"})), std::vector<std::string>{"3-5"});
  EXPECT_TRUE(ids(scatter_cli({"search", "sora", "--from", "2026-03-01", "--json"})).empty());
  EXPECT_EQ(ids(scatter_cli({"search", "sora", "--to", "2026-02-09", "--json"})), std::vector<std::string>{"3-2"});
  EXPECT_EQ(ids(scatter_cli({"search", "--limit", "2", "--json"})), (std::vector<std::string>{"3-1", "3-2"}));
}

TEST_F(Cli, ShowPrintsTheWholeStory) {
  const ProcessResult result = scatter_cli({"show", "3-5"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Mistral Releases"), std::string::npos);
  EXPECT_NE(result.out.find("Why it matters:\n- Open-weight multimodal models"), std::string::npos) << result.out;
  const ProcessResult missing = scatter_cli({"show", "9-9"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("9-9"), std::string::npos);
}

TEST_F(Cli, BadInputNamesTheOptionAndExitsWithUsageStatus) {
  const struct {
    std::vector<std::string> args;
    std::string named;
  } rows[] = {
      {{"search", "x", "--from", "2026-02-30"}, "--from"},
      {{"search", "x", "--to", "soon"}, "--to"},
      {{"search", "x", "--limit", "0"}, "--limit"},
      {{"search", "x", "--limit", "many"}, "--limit"},
      {{"search", "x", "--company", "Initech"}, "--company"},
      {{"search", "x", "--sort", "random"}, "--sort"},
      {{"search", std::string(2000, 'a')}, "QUERY"},
      {{"frobnicate"}, "frobnicate"},
  };
  for (const auto& row : rows) {
    const ProcessResult result = scatter_cli(row.args);
    EXPECT_EQ(result.exit_code, 64) << row.named;
    EXPECT_NE(result.err.find(row.named), std::string::npos) << row.named << ": " << result.err;
  }
}

TEST_F(Cli, MissingIndexIsNamed) {
  TempDir empty;
  const ProcessResult result =
      scatter::test::run_program(SCATTER_CLI, {"search", "x", "--db", (empty / "nothing").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find((empty / "nothing").string()), std::string::npos) << result.err;
}

TEST_F(Cli, DatabaseFromTheEnvironment) {
  const ProcessResult result = scatter::test::run_program(SCATTER_CLI, {"search", "sora", "--json"},
                                                          {"SCATTER_DB=" + db().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(ids(result), (std::vector<std::string>{"3-2"}));
}

}  // namespace

namespace {

TEST_F(Cli, SpeaksTheQueryLanguageAndSaysWhatItCorrected) {
  EXPECT_EQ(ids(scatter_cli({"search", "company:mistral after:2026-01 multimodal", "--json"})),
            std::vector<std::string>{"3-5"});
  EXPECT_EQ(ids(scatter_cli({"search", "deepse", "--prefix", "--json"})), std::vector<std::string>{"3-1"});
  EXPECT_EQ(ids(scatter_cli({"search", "model", "--collapse", "--json"})).size(), 1u);
  EXPECT_EQ(ids(scatter_cli({"search", "--issue", "3", "--limit", "100", "--json"})).size(), 5u);
  EXPECT_EQ(ids(scatter_cli({"search", "sora -openai", "--json"})).size(), 0u) << "the Sora story names OpenAI";

  const ProcessResult typo = scatter_cli({"search", "pixtrel"});
  ASSERT_EQ(typo.exit_code, 0) << typo.err;
  EXPECT_NE(typo.out.find("No stories for \"pixtrel\"; showing \"pixtral\""), std::string::npos) << typo.out;
  const ProcessResult unknown = scatter_cli({"search", "company:acme"});
  EXPECT_NE(unknown.out.find("Note: company:acme: no company of that name"), std::string::npos) << unknown.out;
}

TEST_F(Cli, RelatedListsOtherStories) {
  const ProcessResult related = scatter_cli({"related", "3-1", "--limit", "2", "--json"});
  ASSERT_EQ(related.exit_code, 0) << related.err;
  const json body = json::parse(related.out);
  ASSERT_EQ(body.at("results").size(), 2u);  // searchd's /related body
  for (const auto& hit : body.at("results")) EXPECT_NE(hit.at("id"), "3-1");
  const ProcessResult missing = scatter_cli({"related", "9-9"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no story with id '9-9'"), std::string::npos);
}

}  // namespace

namespace {

// The CLI's stdout as a reader's terminal shows it: stdout on a pseudo-terminal
// (raw, so "\n" stays "\n"); what the terminal received.
std::string stdout_on_terminal(const std::vector<std::string>& args) {
  termios raw{};
  cfmakeraw(&raw);
  int terminal = -1, program_side = -1;
  if (openpty(&terminal, &program_side, nullptr, &raw, nullptr) != 0) throw std::runtime_error("openpty failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, program_side, STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, program_side);
  posix_spawn_file_actions_addclose(&actions, terminal);
  std::vector<std::string> argv_strings{SCATTER_CLI};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, SCATTER_CLI, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(program_side);
  if (spawned != 0) {
    close(terminal);
    throw std::runtime_error("cannot start scatter");
  }
  // Read while it runs (a full terminal blocks it); read() fails with EIO once it has exited.
  std::string shown;
  char buffer[4096];
  for (;;) {
    pollfd ready{terminal, POLLIN, 0};
    if (poll(&ready, 1, 100) < 0 && errno != EINTR) break;
    if ((ready.revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
    const ssize_t n = read(terminal, buffer, sizeof buffer);
    if (n <= 0) break;
    shown.append(buffer, static_cast<std::size_t>(n));
  }
  close(terminal);
  int status = 0;
  waitpid(pid, &status, 0);
  return shown;
}

TEST_F(Cli, MatchesAreBoldOnATerminalOnly) {
  const std::string shown = stdout_on_terminal({"search", "sora", "--db", db().string()});
  EXPECT_NE(shown.find("OpenAI \x1b[1mSora\x1b[0m Enters"), std::string::npos) << shown;
  const ProcessResult piped = scatter_cli({"search", "sora"});
  EXPECT_NE(piped.out.find("OpenAI Sora Enters"), std::string::npos) << piped.out;
  EXPECT_EQ(piped.out.find('\x1b'), std::string::npos);
}

TEST_F(Cli, SearchPrintsFacetCountsAfterTheResults) {
  const ProcessResult result =
      scatter_cli({"search", "model", "--facets", "year,company", "--facet-limit", "2", "--limit", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // One line per facet, in the order company, topic, year, month, issue; most
  // stories first, counted over all five matches, not the one shown.
  const std::string tail = "\ncompany: DeepSeek 1 \xC2\xB7 Google 1\nyear: 2026 5\n";
  ASSERT_GE(result.out.size(), tail.size());
  EXPECT_EQ(result.out.substr(result.out.size() - tail.size()), tail) << result.out;

  const json body = json::parse(scatter_cli({"search", "--facets", "all", "--json"}).out);
  for (const char* facet : {"company", "topic", "year", "month", "issue"}) {
    EXPECT_TRUE(body.at("facets").contains(facet)) << facet;
  }
  EXPECT_EQ(body.at("facets").at("issue"), json::parse(R"([{"value": "3", "count": 5}])"));
  EXPECT_EQ(scatter_cli({"search", "model"}).out.find("company:"), std::string::npos) << "no facets unless asked";
}

TEST_F(Cli, IssueListsItsDateAndStoriesInReadingOrder) {
  const ProcessResult result = scatter_cli({"issue", "3"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.out.starts_with("Issue #3 \xC2\xB7 2026-02-09 \xC2\xB7 5 stories\n")) << result.out;
  std::size_t previous = 0;
  for (const std::string title : {"1. The DeepSeek Aftermath", "2. OpenAI Sora Enters", "3. The Great Enterprise",
                                  "4. Google\xE2\x80\x99s Gemini", "5. Mistral Releases"}) {
    const std::size_t at = result.out.find(title);
    ASSERT_NE(at, std::string::npos) << title << " in\n" << result.out;
    EXPECT_GT(at, previous) << title;
    previous = at;
  }
  // Each story with the id `show` takes.
  EXPECT_NE(result.out.find("   3-5 \xC2\xB7 2026-02-09 \xC2\xB7 Mistral AI"), std::string::npos) << result.out;

  const json body = json::parse(scatter_cli({"issue", "3", "--json"}).out);
  EXPECT_EQ(body.at("date"), "2026-02-09");
  std::vector<std::string> ids;
  for (const auto& story : body.at("stories")) ids.push_back(story.at("id"));
  EXPECT_EQ(ids, (std::vector<std::string>{"3-1", "3-2", "3-3", "3-4", "3-5"}));

  const ProcessResult missing = scatter_cli({"issue", "4"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no issue '4'"), std::string::npos) << missing.err;
}

TEST_F(Cli, SuggestCompletesWhatWasTyped) {
  const ProcessResult result = scatter_cli({"suggest", "deep"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // The company first, then titles, then words of the archive, each saying what it is.
  EXPECT_TRUE(result.out.starts_with("DeepSeek  (company, 1 story)\n")) << result.out;
  EXPECT_NE(result.out.find("The DeepSeek Aftermath: Industry-Wide Pivot to Training Efficiency  (title 3-1)\n"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("deeply  (word, 1 story)\n"), std::string::npos) << result.out;

  const json body = json::parse(scatter_cli({"suggest", "deep", "--limit", "2", "--json"}).out);
  EXPECT_EQ(body.at("query"), "deep");
  ASSERT_EQ(body.at("suggestions").size(), 2u);
  EXPECT_EQ(body.at("suggestions").at(0).at("kind"), "company");

  const ProcessResult nothing = scatter_cli({"suggest", "zzzz"});
  EXPECT_EQ(nothing.exit_code, 0);
  EXPECT_EQ(nothing.out, "No suggestions for \"zzzz\"\n");
}

TEST_F(Cli, HelpNamesEveryCommandAndItsOptions) {
  const ProcessResult help = scatter::test::run_program(SCATTER_CLI, {"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* command : {"scatter search", "scatter show", "scatter issue", "scatter related", "scatter trends",
                              "scatter suggest", "--server", "--json"}) {
    EXPECT_NE(help.out.find(command), std::string::npos) << command;
  }
  const ProcessResult trends = scatter::test::run_program(SCATTER_CLI, {"trends", "--help"});
  EXPECT_EQ(trends.exit_code, 0);
  for (const char* option : {"--interval", "--by", "--series", "--company", "--server"}) {
    EXPECT_NE(trends.out.find(option), std::string::npos) << option;
  }
}

}  // namespace

namespace {

TEST(CliText, ControlCharactersInTheArchiveNeverReachTheTerminal) {
  // An archive may carry an ESC (here a colour and a window-title sequence) into
  // a story; printed raw it would restyle or retitle the reader's terminal.
  TempDir dir;
  std::filesystem::create_directories(dir / "archive" / "issues");
  for (const char* settings : {"companies.json", "topics.json"}) {
    std::filesystem::copy(scatter::test::data_dir() / settings, dir / "archive" / settings);
  }
  scatter::test::write_file(dir / "archive" / "issues" / "escapes.jsonl",
                            R"({"issue": 7, "date": "2026-03-02", "title": "Red \u001b[31malert\u001b[0m",)"
                            R"( "paragraphs": ["A body with \u001b]0;pwned\u0007 inside."]})"
                            "\n");
  scatter::test::index_with_binary(dir / "archive", dir / "index");
  for (const std::vector<std::string>& args : {std::vector<std::string>{"show", "7-1"}, {"search", "red"},
                                               {"issue", "7"}, {"suggest", "re"}}) {
    std::vector<std::string> with_db = args;
    with_db.insert(with_db.end(), {"--db", (dir / "index").string()});
    const ProcessResult result = scatter::test::run_program(SCATTER_CLI, with_db);
    ASSERT_EQ(result.exit_code, 0) << args.front() << ": " << result.err;
    EXPECT_NE(result.out.find("Red [31malert[0m"), std::string::npos) << args.front() << ": " << result.out;
    EXPECT_EQ(result.out.find('\x1b'), std::string::npos) << args.front();
    EXPECT_EQ(result.out.find('\x07'), std::string::npos) << args.front();
  }
  // --json keeps the text as stored (escaped by JSON), for scripts to judge.
  const ProcessResult json_out =
      scatter::test::run_program(SCATTER_CLI, {"show", "7-1", "--json", "--db", (dir / "index").string()});
  EXPECT_NE(json_out.out.find("\\u001b[31malert"), std::string::npos) << json_out.out;
}

}  // namespace
