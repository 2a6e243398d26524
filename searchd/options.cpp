#include "options.h"

#include "archive/diagnostics.h"
#include "shards/remote_shards.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <thread>

namespace po = boost::program_options;

namespace scatter::searchd {
namespace {

constexpr const char* kEnvironmentPrefix = "SCATTER_SEARCHD_";

void parse_listen(const std::string& value, ServerOptions& options) {
  const auto colon = value.rfind(':');
  if (colon == std::string::npos || colon == 0) throw po::error("--listen must be HOST:PORT, got '" + value + "'");
  const std::string port = value.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535) {
    throw po::error("--listen port must be 0-65535, got '" + port + "'");
  }
  options.host = value.substr(0, colon);
  options.port = std::stoi(port);
}

// "cache-entries" <- SCATTER_SEARCHD_CACHE_ENTRIES.
std::string option_name_of_variable(const std::string& variable, const po::options_description& options) {
  if (!variable.starts_with(kEnvironmentPrefix)) return "";
  std::string name = variable.substr(std::char_traits<char>::length(kEnvironmentPrefix));
  for (char& c : name) c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name == "config" || name == "help") return "";
  return options.find_nothrow(name, false) != nullptr ? name : "";
}

// Stores what a later source (environment, config file) sets, except options an
// earlier source already set. Boost lets later sources add to a repeatable
// (composing) option, so a config file's cors-origin would widen the list
// given by flags; here the first source that names it gives the whole list.
void store_unset(po::parsed_options parsed, po::variables_map& vm) {
  auto& found = parsed.options;
  found.erase(std::remove_if(found.begin(), found.end(),
                             [&vm](const po::option& option) {
                               const auto it = vm.find(option.string_key);
                               return it != vm.end() && !it->second.defaulted();
                             }),
              found.end());
  po::store(parsed, vm);
}

}  // namespace

ParsedOptions parse_options(int argc, const char* const* argv,
                            const std::function<std::optional<std::string>(const std::string&)>& environment) {
  ServerOptions options;
  std::string listen, config_file;
  unsigned threads = 0;
  std::vector<std::string> origins, remote_shards;
  std::string shard_list;
  long long cache_entries = 0;
  const unsigned default_threads = std::max(2u, std::thread::hardware_concurrency());
  po::options_description settings("Options (also SCATTER_SEARCHD_<NAME> variables and --config file lines)");
  settings.add_options()
      ("db", po::value(&options.service.db)->value_name("PATH"), "Xapian database written by the indexer (required); "
       "opened read-only. searchd starts without it and answers 503 until it appears")
      ("listen", po::value(&listen)->value_name("HOST:PORT")->default_value("127.0.0.1:8080"),
       "address to serve on; port 0 picks a free port (printed at start)")
      ("threads", po::value(&threads)->value_name("N")->default_value(default_threads),
       "query workers: searches that run at once, each with its own database handle")
      ("connections", po::value(&options.connections)->value_name("N")->default_value(256),
       "connection threads: requests answered at once; more wait (an idle or slow connection holds none)")
      ("max-connections", po::value(&options.max_connections)->value_name("N")->default_value(4096),
       "open connections at once (fitted under the file descriptor limit); more are closed when accepted")
      ("cache-entries", po::value(&cache_entries)->value_name("N")->default_value(10000),
       "answers kept in the result cache, keyed by index revision; 0 turns it off")
      ("cors-origin", po::value(&origins)->value_name("ORIGIN")->composing(),
       "origin allowed to call from a browser, e.g. https://scatterai.news (repeatable; * for any; default none)")
      ("max-age", po::value(&options.service.max_age_seconds)->value_name("SECONDS")->default_value(10),
       "Cache-Control max-age of answers; ETag revalidation after that")
      ("read-timeout", po::value(&options.read_timeout_seconds)->value_name("SECONDS")->default_value(5),
       "a request's line and headers must all arrive within this long of its first byte (else 408)")
      ("keep-alive-timeout", po::value(&options.keep_alive_seconds)->value_name("SECONDS")->default_value(5),
       "close an idle keep-alive connection after this long")
      ("keep-alive-requests", po::value(&options.keep_alive_requests)->value_name("N")->default_value(10000),
       "requests served on one connection before it is closed")
      ("max-exports", po::value(&options.service.max_exports)->value_name("N")->default_value(2),
       "whole-result exports (/export) streamed at once, each with an engine of its own; more get 503")
      ("query-timeout-ms", po::value<long>()->value_name("MS")->default_value(1000),
       "a request's time limit, waiting for a worker included: a search that reaches it answers with what it "
       "found (\"timed_out\": true), or 503 with Retry-After when it found nothing")
      ("reload-interval-ms", po::value<long>()->value_name("MS")->default_value(200),
       "how often the index is checked for a new revision (hot reload)")
      ("access-log", po::value(&options.access_log)->value_name("WHERE")->default_value("stderr"),
       "one line per request: off, stderr, stdout or a file path")
      ("log-json", po::value(&options.log_json)->implicit_value(true)->default_value(false)->value_name("BOOL"),
       "access log lines as JSON objects (JSON Lines)")
      ("remote-shard", po::value(&remote_shards)->value_name("HOST:PORT[,HOST:PORT...]")->composing(),
       "a shard served by scatter-shardd, with its replicas in the order to try them (repeat once per shard, "
       "in the indexer's shard order); --db then names the front's local copy of the first shard")
      ("shard-list", po::value(&shard_list)->value_name("FILE"),
       "the --remote-shard lists in a file, one shard per line ('#' starts a comment)")
      ("shard-timeout-ms", po::value<long>()->value_name("MS")->default_value(500),
       "connect and reply timeout of a remote shard replica; one that fails is skipped and tried again later")
      ("web", po::value(&options.service.serve_web)->implicit_value(true)->default_value(true)->value_name("BOOL"),
       "serve the search page at / and the site's widget at /widget.js; false: the JSON API only");
  po::options_description command_line("");
  command_line.add_options()("help,h", "show this help and exit")(
      "config", po::value(&config_file)->value_name("FILE"), "read options from FILE (lines: name = value)");
  command_line.add(settings);

  po::variables_map vm;
  std::vector<std::string> arguments(argv + (argc > 0 ? 1 : 0), argv + argc);
  po::store(po::command_line_parser(arguments).options(command_line).run(), vm);
  if (vm.count("help")) {
    std::ostringstream help;
    help << "Usage: searchd --db PATH [--listen HOST:PORT] [options]\n"
            "Serves the archive's JSON API: /search, /suggest, /trends, /stories/{id}, /issues/{number},\n"
            "/related/{id}, /healthz, /readyz, /metrics (see docs/api.md), and the search page at /.\n\n"
         << command_line;
    return {std::nullopt, help.str()};
  }
  // Environment variables: only SCATTER_SEARCHD_* names of the options above.
  {
    std::vector<std::pair<std::string, std::string>> variables;
    for (const auto& option : settings.options()) {
      std::string variable = kEnvironmentPrefix + option->long_name();
      std::transform(variable.begin(), variable.end(), variable.begin(), [](char c) {
        return c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      });
      if (auto value = environment(variable)) variables.emplace_back(variable, *value);
    }
    po::parsed_options parsed(&settings);
    for (const auto& [variable, value] : variables) {
      const std::string name = option_name_of_variable(variable, settings);
      if (name.empty()) continue;
      parsed.options.emplace_back(name, std::vector<std::string>{value});
    }
    store_unset(parsed, vm);
  }
  if (vm.count("config")) {
    std::ifstream file(vm["config"].as<std::string>());
    if (!file) throw po::error("--config: cannot read '" + vm["config"].as<std::string>() + "'");
    try {
      store_unset(po::parse_config_file(file, settings), vm);
    } catch (const po::error& e) {
      throw po::error(vm["config"].as<std::string>() + ": " + e.what());
    }
  }
  po::notify(vm);

  if (options.service.db.empty()) throw po::error("--db is required");
  if (threads == 0) throw po::error("--threads must be at least 1");
  if (options.connections == 0) throw po::error("--connections must be at least 1");
  if (options.max_connections == 0) throw po::error("--max-connections must be at least 1");
  if (cache_entries < 0) throw po::error("--cache-entries must be 0 or more");
  if (options.read_timeout_seconds < 1 || options.keep_alive_seconds < 1) {
    throw po::error("--read-timeout and --keep-alive-timeout must be at least 1 second");
  }
  if (options.service.max_age_seconds < 0) throw po::error("--max-age must be 0 or more");
  const long reload_ms = vm["reload-interval-ms"].as<long>();
  if (reload_ms < 10 || reload_ms > 60000) throw po::error("--reload-interval-ms must be between 10 and 60000");
  const long query_timeout_ms = vm["query-timeout-ms"].as<long>();
  if (query_timeout_ms < 1 || query_timeout_ms > 600000) throw po::error("--query-timeout-ms must be between 1 and 600000");
  options.service.query_timeout = std::chrono::milliseconds(query_timeout_ms);
  const long shard_timeout_ms = vm["shard-timeout-ms"].as<long>();
  if (shard_timeout_ms < 1 || shard_timeout_ms > 600000) throw po::error("--shard-timeout-ms must be between 1 and 600000");
  options.service.shard_timeout = std::chrono::milliseconds(shard_timeout_ms);
  if (!remote_shards.empty() && !shard_list.empty()) throw po::error("give --remote-shard or --shard-list, not both");
  for (const std::string& replicas : remote_shards) {
    try {
      options.service.remote_shards.push_back(shards::parse_replicas(replicas));
    } catch (const std::invalid_argument& e) {
      throw po::error("--remote-shard '" + replicas + "': " + e.what());
    }
  }
  if (!shard_list.empty()) {
    try {
      options.service.remote_shards = shards::read_shard_list(shard_list);
    } catch (const ParseError& e) {
      throw po::error(std::string("--shard-list: ") + e.what());
    }
  }
  parse_listen(listen, options);
  options.service.threads = threads;
  options.service.cache_entries = static_cast<std::size_t>(cache_entries);
  options.service.cors_origins = origins;
  options.service.watch_interval = std::chrono::milliseconds(reload_ms);
  return {options, ""};
}

}  // namespace scatter::searchd
