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

TEST_F(Cli, DatesMayBeAYearOrAMonthAsInTheQueryLanguage) {
  // --from names the first day of a year or month, --to its last: as after: and before: read them.
  const std::vector<std::string> sora = {"3-2"};
  EXPECT_EQ(ids(scatter_cli({"search", "sora", "--from", "2026", "--json"})), sora);
  EXPECT_TRUE(ids(scatter_cli({"search", "sora", "--to", "2025", "--json"})).empty());
  EXPECT_EQ(ids(scatter_cli({"search", "sora", "--from", "2026-02", "--to", "2026-02", "--json"})), sora);
  EXPECT_EQ(ids(scatter_cli({"search", "sora", "--to", "2026-02", "--json"})), sora) << "to the end of February";
  EXPECT_TRUE(ids(scatter_cli({"search", "sora", "--from", "2026-03", "--json"})).empty());
  // after: and before: exclude the span they name; --from and --to include it.
  EXPECT_EQ(ids(scatter_cli({"search", "sora", "--from", "2026", "--json"})),
            ids(scatter_cli({"search", "sora after:2025", "--json"})));
  EXPECT_EQ(ids(scatter_cli({"search", "sora", "--to", "2026-01", "--json"})),
            ids(scatter_cli({"search", "sora before:2026-02", "--json"})));
  for (const std::string bad : {"2026-13", "1990-", "26", "2026-02-30"}) {
    const ProcessResult result = scatter_cli({"search", "sora", "--from", bad});
    EXPECT_EQ(result.exit_code, 64) << bad;
    EXPECT_NE(result.err.find("--from: '" + bad + "' is not a date YYYY, YYYY-MM or YYYY-MM-DD"), std::string::npos)
        << result.err;
  }
}

TEST_F(Cli, CompanyAndTopicPrintTheirPages) {
  const ProcessResult company = scatter_cli({"company", "mistral"});
  ASSERT_EQ(company.exit_code, 0) << company.err;
  EXPECT_TRUE(company.out.starts_with("Mistral AI · company · 1 story\n")) << company.out;
  EXPECT_NE(company.out.find("Pixtral"), std::string::npos);
  EXPECT_NE(company.out.find("  2026-02  1\n"), std::string::npos) << company.out;
  EXPECT_NE(company.out.find("  3-5  Mistral Releases"), std::string::npos) << company.out;
  const ProcessResult topic = scatter_cli({"topic", "open", "weights", "--json"});
  ASSERT_EQ(topic.exit_code, 0) << topic.err;
  EXPECT_EQ(nlohmann::json::parse(topic.out)["name"], "Open weights");
  const ProcessResult unknown = scatter_cli({"company", "Nonesuch"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no company 'Nonesuch' in the archive"), std::string::npos) << unknown.err;
}

TEST_F(Cli, FeedPrintsTheAtomFeedOfASearchTheSameAfterARebuild) {
  const ProcessResult feed = scatter_cli({"feed", "sora"});
  ASSERT_EQ(feed.exit_code, 0) << feed.err;
  EXPECT_TRUE(feed.out.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  EXPECT_NE(feed.out.find("<id>tag:scatter-archive,2026:story/3-2</id>"), std::string::npos) << feed.out;
  EXPECT_NE(feed.out.find("<id>tag:scatter-archive,2026:search?q=sora</id>"), std::string::npos);
  // Another index of the same archive, built anew: the same feed, ids and all.
  TempDir other;
  scatter::test::index_with_binary(scatter::test::data_dir(), other / "index");
  const ProcessResult again =
      scatter::test::run_program(SCATTER_CLI, {"feed", "sora", "--db", (other / "index").string()});
  EXPECT_EQ(again.out, feed.out);
  const ProcessResult bad = scatter_cli({"feed", "sora", "--from", "2026-02-30"});
  EXPECT_EQ(bad.exit_code, 64);
  EXPECT_NE(bad.err.find("--from"), std::string::npos) << bad.err;
}

TEST_F(Cli, SignificantSaysWhatStandsOutAndRefusesAnUnknownField) {
  const ProcessResult text = scatter_cli({"significant", "sora OR gemini", "--field", "company"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(text.out.starts_with("What stands out (companies) in 2 matching stories for \"sora OR gemini\", against 5 in the archive:"))
      << text.out;
  const json body = json::parse(scatter_cli({"significant", "sora OR gemini", "--field", "company", "--json"}).out);
  EXPECT_EQ(body.at("foreground"), 2);
  const ProcessResult bad = scatter_cli({"significant", "x", "--field", "colour"});
  EXPECT_EQ(bad.exit_code, 64);
  EXPECT_NE(bad.err.find("--field"), std::string::npos) << bad.err;
}

TEST_F(Cli, CountPrintsTheNumberOfMatchingStories) {
  const ProcessResult count = scatter_cli({"count", "--company", "OpenAI"});
  ASSERT_EQ(count.exit_code, 0) << count.err;
  EXPECT_EQ(count.out, "1\n");
  EXPECT_EQ(scatter_cli({"count", ""}).out, "5\n");
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

  // The stories shown are the correction's: said once, not counted for the words typed.
  const ProcessResult typo = scatter_cli({"search", "pixtrel"});
  ASSERT_EQ(typo.exit_code, 0) << typo.err;
  EXPECT_TRUE(typo.out.starts_with("No stories for \"pixtrel\"; showing 1 story for \"pixtral\"\n\n1. "))
      << typo.out;
  EXPECT_EQ(typo.out.find("story for \"pixtrel\""), std::string::npos) << typo.out;
  const ProcessResult paged = scatter_cli({"search", "modle", "--limit", "2"});
  ASSERT_EQ(paged.exit_code, 0) << paged.err;
  EXPECT_TRUE(paged.out.starts_with("No stories for \"modle\"; showing 1-2 of 5 stories for \"model\"\n\n1. "))
      << paged.out;
  const ProcessResult unknown = scatter_cli({"search", "company:acme"});
  EXPECT_NE(unknown.out.find("Note: company:acme: no company of that name"), std::string::npos) << unknown.out;
}

TEST_F(Cli, AQueryWithItsOwnQuotesIsNotQuotedAgain) {
  const ProcessResult phrase = scatter_cli({"search", "\"creative professionals\""});
  ASSERT_EQ(phrase.exit_code, 0) << phrase.err;
  EXPECT_TRUE(phrase.out.starts_with("1 story for \"creative professionals\"\n")) << phrase.out;
  const ProcessResult mixed = scatter_cli({"search", "sora \"creative professionals\""});
  EXPECT_TRUE(mixed.out.starts_with("1 story for sora \"creative professionals\"\n")) << mixed.out;
  const ProcessResult trends = scatter_cli({"trends", "\"creative professionals\""});
  ASSERT_EQ(trends.exit_code, 0) << trends.err;
  EXPECT_TRUE(trends.out.starts_with("1 story for \"creative professionals\" per ")) << trends.out;
  EXPECT_EQ(scatter_cli({"suggest", "\"zzzz"}).out, "No suggestions for \"zzzz\n");
  // A query without quotes of its own is still set off by them.
  EXPECT_TRUE(scatter_cli({"search", "sora"}).out.starts_with("1 story for \"sora\"\n"));
}

TEST_F(Cli, ResultsShowTheIdThatShowTakes) {
  // Each result's first detail is its id; `show` and `related` take it as printed.
  const ProcessResult result = scatter_cli({"search", "sora"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string details = "\n   3-2 \xC2\xB7 2026-02-09 \xC2\xB7 OpenAI";
  const std::size_t at = result.out.find(details);
  ASSERT_NE(at, std::string::npos) << result.out;
  const std::string id = result.out.substr(at + 4, 3);
  EXPECT_EQ(scatter_cli({"show", id}).exit_code, 0);
  EXPECT_EQ(scatter_cli({"related", id}).exit_code, 0);
  // show heads the story with it too.
  EXPECT_NE(scatter_cli({"show", "3-2"}).out.find("\n3-2 \xC2\xB7 2026-02-09"), std::string::npos);
}

TEST_F(Cli, AnExclusionTakenForAnOptionIsExplained) {
  // The shell passes -openai as an option; the hint says how to pass it as a query.
  for (const char* command : {"search", "trends"}) {
    const ProcessResult result = scatter_cli({command, "-openai"});
    EXPECT_EQ(result.exit_code, 64) << command;
    EXPECT_EQ(result.err, std::string("scatter ") + command +
                              ": unknown option -openai; to search for an exclusion, put -- before the QUERY: "
                              "scatter " + command + " -- -openai\n");
    const ProcessResult as_told =
        scatter::test::run_program(SCATTER_CLI, {command, "--db", db().string(), "--", "-openai"});
    EXPECT_EQ(as_told.exit_code, 0) << command << ": " << as_told.err;
  }
  // A mistyped long option is a mistyped option.
  const ProcessResult typo = scatter_cli({"search", "x", "--limt", "3"});
  EXPECT_EQ(typo.exit_code, 64);
  EXPECT_EQ(typo.err.find("exclusion"), std::string::npos) << typo.err;
  EXPECT_NE(typo.err.find("--limt"), std::string::npos) << typo.err;
}

TEST_F(Cli, APathThatIsNotAnIndexIsSaidPlainly) {
  TempDir dir;
  scatter::test::write_file(dir / "notes.txt", "not an index\n");
  std::filesystem::create_directories(dir / "folder" / "inside");
  std::filesystem::create_directories(dir / "empty");
  const struct {
    std::filesystem::path db;
    std::string said;
  } rows[] = {
      {dir / "folder", (dir / "folder").string() + " is not a ScatterAI index (no Xapian database there)"},
      {dir / "notes.txt", (dir / "notes.txt").string() + " is not a ScatterAI index (it is a file, not a folder)"},
      {dir / "empty", (dir / "empty").string() + " is not a ScatterAI index (an empty folder); build one with: "
                                                  "indexer --archive DIR --db " + (dir / "empty").string()},
      {dir / "nothing", (dir / "nothing").string() + ": no index there; build one with: indexer --archive DIR --db " +
                            (dir / "nothing").string()},
  };
  for (const auto& row : rows) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"search", "x"}, {"show", "3-1"}, {"issue", "3"}, {"trends", "x"}}) {
      std::vector<std::string> with_db = args;
      with_db.insert(with_db.end(), {"--db", row.db.string()});
      const ProcessResult result = scatter::test::run_program(SCATTER_CLI, with_db);
      EXPECT_EQ(result.exit_code, 1) << row.db << " " << args.front();
      EXPECT_EQ(result.err, "scatter " + args.front() + ": " + row.said +
                                (row.said.find("build one") == std::string::npos
                                     ? "; give --db the folder the indexer wrote (indexer --archive DIR --db PATH)"
                                     : "") +
                                "\n")
          << args.front();
    }
  }
}

// A folder Xapian's replication keeps (a stub naming replica_0 or replica_1) is
// read as searchd reads it: a reader on a replica host looks things up there.
TEST_F(Cli, ReadsAReplicaOfXapiansReplicationAsTheIndexItCopies) {
  TempDir dir;
  std::filesystem::create_directories(dir / "replica");
  std::filesystem::copy(db(), dir / "replica" / "replica_0", std::filesystem::copy_options::recursive);
  scatter::test::write_file(dir / "replica" / "XAPIANDB",
                            "# Automatically generated by Xapian::DatabaseReplica v1.4.22.\n"
                            "# Do not manually edit - replication operations may regenerate this file.\n"
                            "auto replica_0\n");
  for (const std::string query : {"sora", "latent attention", ""}) {
    const ProcessResult from_replica =
        scatter::test::run_program(SCATTER_CLI, {"search", query, "--json", "--db", (dir / "replica").string()});
    EXPECT_EQ(ids(from_replica), ids(scatter_cli({"search", query, "--json"}))) << query;
  }
}

TEST_F(Cli, VersionNamesTheRelease) {
  const ProcessResult version = scatter::test::run_program(SCATTER_CLI, {"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out, std::string("scatter ") + SCATTER_VERSION + "\n");
  EXPECT_NE(scatter::test::run_program(SCATTER_CLI, {"--help"}).out.find("--version"), std::string::npos);
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

// The test's environment without the variables that choose the CLI's style
// (the reader running the tests may have NO_COLOR or TERM=dumb), then `extra`.
std::vector<std::string> style_environment(const std::vector<std::string>& extra) {
  std::vector<std::string> out;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view variable(*entry);
    if (variable.starts_with("NO_COLOR=") || variable.starts_with("TERM=")) continue;
    out.emplace_back(variable);
  }
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

// The CLI's stdout as a reader's terminal shows it: stdout on a pseudo-terminal
// (raw, so "\n" stays "\n"); what the terminal received. `env` adds
// "NAME=value" entries to style_environment().
std::string stdout_on_terminal(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
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
  std::vector<std::string> env_strings = style_environment(env);
  std::vector<char*> envp;
  for (auto& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, SCATTER_CLI, &actions, nullptr, argv.data(), envp.data());
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

TEST_F(Cli, NoColorAndADumbTerminalTurnBoldOff) {
  // no-color.org: any value but the empty string; TERM=dumb cannot show escapes.
  const std::vector<std::string> args = {"search", "sora", "--db", db().string()};
  for (const std::string env : {"NO_COLOR=1", "NO_COLOR=no", "TERM=dumb"}) {
    const std::string shown = stdout_on_terminal(args, {env});
    EXPECT_NE(shown.find("OpenAI Sora Enters"), std::string::npos) << env << ": " << shown;
    EXPECT_EQ(shown.find('\x1b'), std::string::npos) << env << ": " << shown;
  }
  for (const std::string env : {"NO_COLOR=", "TERM=xterm-256color"}) {
    EXPECT_NE(stdout_on_terminal(args, {env}).find("\x1b[1mSora\x1b[0m"), std::string::npos) << env;
  }
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
  EXPECT_NE(missing.err.find("no issue '4' in the archive"), std::string::npos) << missing.err;
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

// SYNTHETIC TEST DATA, not news: more stories than the engine counts exactly
// (20,000), so that a total of many matches is Xapian's estimate.
class CliLargeArchive : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    std::string lines;
    for (int i = 0; i < 20100; ++i) {
      const std::string words = std::string(i % 2 == 0 ? " amber" : "") + (i % 3 == 0 ? " basalt" : "");
      lines += json{{"issue", 1 + i / 10},
                    {"date", "2001-01-01"},
                    {"newsletter", "SYNTHETIC TEST DATA"},
                    {"title", "Synthetic story " + std::to_string(i)},
                    {"paragraphs", {"Synthetic text, not news:" + words + "."}}}
                   .dump() +
               "\n";
    }
    std::filesystem::create_directories(*dir_ / "archive" / "issues");
    scatter::test::write_file(*dir_ / "archive" / "issues" / "synthetic.jsonl", lines);
    scatter::test::index_with_binary(*dir_ / "archive", *dir_ / "index");
  }
  static void TearDownTestSuite() { delete dir_; }
  static ProcessResult search(const std::string& query, const std::vector<std::string>& more = {}) {
    std::vector<std::string> args = {"search", query, "--db", (*dir_ / "index").string()};
    args.insert(args.end(), more.begin(), more.end());
    return scatter::test::run_program(SCATTER_CLI, args);
  }
  static TempDir* dir_;
};
TempDir* CliLargeArchive::dir_ = nullptr;

TEST_F(CliLargeArchive, AnEstimatedTotalSaysAbout) {
  const json total = json::parse(search("amber basalt", {"--json"}).out).at("total");
  ASSERT_FALSE(total.at("exact").get<bool>()) << total;
  const auto estimate = total.at("estimate").get<std::uint64_t>();
  ASSERT_GE(estimate, 1000u) << total;
  std::string grouped = std::to_string(estimate);
  for (auto at = static_cast<std::ptrdiff_t>(grouped.size()) - 3; at > 0; at -= 3) {
    grouped.insert(static_cast<std::size_t>(at), ",");
  }
  const ProcessResult text = search("amber basalt");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_TRUE(text.out.starts_with("about " + grouped + " stories for \"amber basalt\", showing 1-10\n")) << text.out;
  // One word's stories are counted, not estimated: no "about".
  const json counted = json::parse(search("basalt", {"--json"}).out).at("total");
  ASSERT_TRUE(counted.at("exact").get<bool>()) << counted;
  EXPECT_TRUE(search("basalt").out.starts_with("6700 stories for \"basalt\", showing 1-10\n"));
}

TEST_F(CliLargeArchive, CountPrintsTheExactNumberOfMatchesAlone) {
  const json estimated = json::parse(search("amber basalt", {"--json"}).out).at("total");
  ASSERT_FALSE(estimated.at("exact").get<bool>()) << estimated;
  const json counted = json::parse(search("amber basalt", {"--json", "--facets", "year"}).out).at("total");
  ASSERT_TRUE(counted.at("exact").get<bool>()) << counted;
  const ProcessResult count = scatter::test::run_program(SCATTER_CLI, {"count", "amber basalt", "--db", (*dir_ / "index").string()});
  ASSERT_EQ(count.exit_code, 0) << count.err;
  EXPECT_EQ(count.out, std::to_string(counted.at("estimate").get<std::uint64_t>()) + "\n");
  const ProcessResult as_json =
      scatter::test::run_program(SCATTER_CLI, {"count", "amber basalt", "--json", "--db", (*dir_ / "index").string()});
  const json body = json::parse(as_json.out);
  EXPECT_TRUE(body.at("results").empty());
  EXPECT_TRUE(body.at("total").at("exact").get<bool>());
}

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
