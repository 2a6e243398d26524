// searchd/options.h: flags, then SCATTER_SEARCHD_* variables, then the --config
// file, then defaults; bad values are refused naming the option.
#include "searchd/options.h"

#include "test_support.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace scatter::searchd {
namespace {

namespace po = boost::program_options;
using scatter::test::TempDir;

// parse_options over `args` (after the program name) and these variables only.
ParsedOptions parse(std::vector<std::string> args, const std::map<std::string, std::string>& variables = {}) {
  args.insert(args.begin(), "searchd");
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  return parse_options(static_cast<int>(argv.size()), argv.data(),
                       [&variables](const std::string& name) -> std::optional<std::string> {
                         const auto it = variables.find(name);
                         return it == variables.end() ? std::nullopt : std::optional<std::string>(it->second);
                       });
}

ServerOptions options_of(std::vector<std::string> args, const std::map<std::string, std::string>& variables = {}) {
  ParsedOptions parsed = parse(std::move(args), variables);
  if (!parsed.options) throw std::logic_error("help was printed instead");
  return *parsed.options;
}

// The message of the error parsing throws, or "" when it accepts.
std::string refusal(std::vector<std::string> args, const std::map<std::string, std::string>& variables = {}) {
  try {
    parse(std::move(args), variables);
  } catch (const po::error& e) {
    return e.what();
  }
  return "";
}

TEST(ParseOptions, DefaultsWithOnlyTheDatabase) {
  const ServerOptions options = options_of({"--db", "/srv/index"});
  const ServerOptions defaults;
  EXPECT_EQ(options.service.db, "/srv/index");
  EXPECT_EQ(options.host, "127.0.0.1");
  EXPECT_EQ(options.port, 8080);
  EXPECT_GE(options.service.threads, 2u);
  EXPECT_EQ(options.service.cache_entries, 10000u);
  EXPECT_TRUE(options.service.cors_origins.empty()) << "no browser origin is allowed unless named";
  EXPECT_EQ(options.service.max_age_seconds, 10);
  EXPECT_EQ(options.service.watch_interval, std::chrono::milliseconds(200));
  EXPECT_EQ(options.connections, defaults.connections);
  EXPECT_EQ(options.max_connections, 4096u);
  EXPECT_EQ(options.access_log, "stderr");
  EXPECT_FALSE(options.log_json);
}

TEST(ParseOptions, EveryFlagLandsInItsField) {
  const ServerOptions options = options_of(
      {"--db", "idx", "--listen", "0.0.0.0:0", "--threads", "3", "--connections", "50", "--max-connections", "70",
       "--cache-entries", "0",
       "--cors-origin", "https://scatterai.news", "--cors-origin", "http://localhost:3000", "--max-age", "60",
       "--read-timeout", "7", "--keep-alive-timeout", "9", "--keep-alive-requests", "11", "--reload-interval-ms", "50",
       "--access-log", "/var/log/searchd.log", "--log-json"});
  EXPECT_EQ(options.host, "0.0.0.0");
  EXPECT_EQ(options.port, 0);
  EXPECT_EQ(options.service.threads, 3u);
  EXPECT_EQ(options.connections, 50u);
  EXPECT_EQ(options.max_connections, 70u);
  EXPECT_EQ(options.service.cache_entries, 0u);
  EXPECT_EQ(options.service.cors_origins,
            (std::vector<std::string>{"https://scatterai.news", "http://localhost:3000"}));
  EXPECT_EQ(options.service.max_age_seconds, 60);
  EXPECT_EQ(options.read_timeout_seconds, 7);
  EXPECT_EQ(options.keep_alive_seconds, 9);
  EXPECT_EQ(options.keep_alive_requests, 11u);
  EXPECT_EQ(options.service.watch_interval, std::chrono::milliseconds(50));
  EXPECT_EQ(options.access_log, "/var/log/searchd.log");
  EXPECT_TRUE(options.log_json);
}

TEST(ParseOptions, FlagsBeatEnvironmentBeatsConfigFileBeatsDefaults) {
  TempDir dir;
  scatter::test::write_file(dir / "searchd.conf",
                            "# synthetic test configuration\n"
                            "cache-entries = 300\n"
                            "max-age = 30\n"
                            "threads = 3\n"
                            "access-log = off\n");
  const std::string config = (dir / "searchd.conf").string();
  const std::map<std::string, std::string> environment = {{"SCATTER_SEARCHD_CACHE_ENTRIES", "200"},
                                                           {"SCATTER_SEARCHD_MAX_AGE", "20"}};
  const ServerOptions options = options_of({"--db", "idx", "--config", config, "--cache-entries", "100"}, environment);
  EXPECT_EQ(options.service.cache_entries, 100u) << "flag over variable and file";
  EXPECT_EQ(options.service.max_age_seconds, 20) << "variable over file";
  EXPECT_EQ(options.service.threads, 3u) << "file over default";
  EXPECT_EQ(options.access_log, "off") << "file over default";
  EXPECT_EQ(options.read_timeout_seconds, 5) << "default when nothing sets it";

  // The database itself may come from any of the three.
  EXPECT_EQ(options_of({}, {{"SCATTER_SEARCHD_DB", "/from/env"}}).service.db, "/from/env");
  scatter::test::write_file(dir / "db.conf", "db = /from/file\n");
  EXPECT_EQ(options_of({"--config", (dir / "db.conf").string()}).service.db, "/from/file");
}

TEST(ParseOptions, ARepeatableOptionIsTakenWholeFromTheFirstSourceThatSetsIt) {
  // Origins named on the command line are the list: a variable or a file must
  // not quietly widen who may call from a browser.
  TempDir dir;
  scatter::test::write_file(dir / "searchd.conf", "cors-origin = https://from-file.example\n");
  const std::string config = (dir / "searchd.conf").string();
  const std::map<std::string, std::string> environment = {{"SCATTER_SEARCHD_CORS_ORIGIN", "https://from-env.example"}};
  EXPECT_EQ(options_of({"--db", "i", "--config", config, "--cors-origin", "https://from-flag.example"}, environment)
                .service.cors_origins,
            std::vector<std::string>{"https://from-flag.example"});
  EXPECT_EQ(options_of({"--db", "i", "--config", config}, environment).service.cors_origins,
            std::vector<std::string>{"https://from-env.example"});
  EXPECT_EQ(options_of({"--db", "i", "--config", config}).service.cors_origins,
            std::vector<std::string>{"https://from-file.example"});
  scatter::test::write_file(dir / "two.conf", "cors-origin = https://a.example\ncors-origin = https://b.example\n");
  EXPECT_EQ(options_of({"--db", "i", "--config", (dir / "two.conf").string()}).service.cors_origins,
            (std::vector<std::string>{"https://a.example", "https://b.example"}));
}

TEST(ParseOptions, OnlyItsOwnVariablesAreRead) {
  const ServerOptions options = options_of(
      {"--db", "idx"}, {{"SCATTER_SEARCHD_CONFIG", "/nonexistent.conf"}, {"SCATTER_SEARCHD_BOGUS", "1"},
                        {"CACHE_ENTRIES", "5"}, {"SCATTER_SEARCHD_LOG_JSON", "true"}});
  EXPECT_EQ(options.service.cache_entries, 10000u);
  EXPECT_TRUE(options.log_json);
}

TEST(ParseOptions, BadValuesAreRefusedNamingTheOption) {
  TempDir dir;
  scatter::test::write_file(dir / "bad-value.conf", "threads = many\n");
  scatter::test::write_file(dir / "unknown.conf", "treads = 4\n");
  const struct {
    std::vector<std::string> args;
    std::map<std::string, std::string> environment;
    std::string named;  // must appear in the message
  } rows[] = {
      {{}, {}, "--db"},
      {{"--db", "i", "--threads", "0"}, {}, "--threads"},
      {{"--db", "i", "--threads", "many"}, {}, "threads"},
      {{"--db", "i", "--connections", "0"}, {}, "--connections"},
      {{"--db", "i", "--max-connections", "0"}, {}, "--max-connections"},
      {{"--db", "i", "--cache-entries", "-1"}, {}, "--cache-entries"},
      {{"--db", "i", "--max-age", "-5"}, {}, "--max-age"},
      {{"--db", "i", "--read-timeout", "0"}, {}, "--read-timeout"},
      {{"--db", "i", "--keep-alive-timeout", "0"}, {}, "--keep-alive-timeout"},
      {{"--db", "i", "--reload-interval-ms", "5"}, {}, "--reload-interval-ms"},
      {{"--db", "i", "--reload-interval-ms", "600000"}, {}, "--reload-interval-ms"},
      {{"--db", "i", "--listen", "localhost"}, {}, "--listen"},
      {{"--db", "i", "--listen", "127.0.0.1:70000"}, {}, "--listen"},
      {{"--db", "i", "--listen", "127.0.0.1:http"}, {}, "--listen"},
      {{"--db", "i", "--listen", ":8080"}, {}, "--listen"},
      {{"--db", "i", "--log-json", "maybe"}, {}, "log-json"},
      {{"--db", "i", "--colour"}, {}, "colour"},
      {{"--db", "i"}, {{"SCATTER_SEARCHD_THREADS", "many"}}, "threads"},
      {{"--db", "i", "--config", (dir / "bad-value.conf").string()}, {}, "bad-value.conf"},
      {{"--db", "i", "--config", (dir / "unknown.conf").string()}, {}, "treads"},
      {{"--db", "i", "--config", (dir / "missing.conf").string()}, {}, "missing.conf"},
  };
  for (const auto& row : rows) {
    std::string args;
    for (const std::string& arg : row.args) args += arg + " ";
    const std::string message = refusal(row.args, row.environment);
    EXPECT_FALSE(message.empty()) << args << "was accepted";
    EXPECT_NE(message.find(row.named), std::string::npos) << args << "-> " << message;
  }
}

TEST(ParseOptions, HelpListsTheOptionsAndStartsNothing) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--help"}, {"-h"}, {"--db", "idx", "--help"}, {"--help", "--threads", "0"}}) {
    const ParsedOptions parsed = parse(args);
    EXPECT_FALSE(parsed.options.has_value()) << args.front();
    for (const std::string option : {"--db", "--listen", "--threads", "--cache-entries", "--cors-origin",
                                     "--reload-interval-ms", "--access-log", "--log-json", "--config",
                                     "SCATTER_SEARCHD_"}) {
      EXPECT_NE(parsed.help.find(option), std::string::npos) << option << " missing from --help";
    }
  }
}

}  // namespace
}  // namespace scatter::searchd
