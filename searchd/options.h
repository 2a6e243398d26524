// searchd's configuration: command-line flags, then environment variables
// (SCATTER_SEARCHD_CACHE_ENTRIES for --cache-entries), then a config file
// (--config, "cache-entries = 5000" lines), then defaults; the first that sets
// an option wins.
#pragma once

#include "routes.h"

#include <boost/program_options.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace scatter::searchd {

struct ServerOptions {
  ServiceConfig service{};
  std::string host = "127.0.0.1";
  int port = 8080;                   // 0: any free port
  unsigned connections = 256;        // connection threads: requests answered at once
  std::size_t max_connections = 4096;  // open connections; more are closed when accepted
  int read_timeout_seconds = 5;      // a request's line and headers must all arrive within this
  int keep_alive_seconds = 5;        // an idle keep-alive connection is closed after this
  std::size_t keep_alive_requests = 10000;  // requests on one connection before it is closed
  std::string access_log = "stderr";        // off, stderr, stdout or a file path
  bool log_json = false;
};

// What parsing decided: run with these options, or print help and stop.
struct ParsedOptions {
  std::optional<ServerOptions> options;  // nullopt: --help was asked for
  std::string help;
};

// `environment` returns a variable's value or nullopt (std::getenv in main).
// Throws boost::program_options::error naming the option for bad values.
ParsedOptions parse_options(int argc, const char* const* argv,
                            const std::function<std::optional<std::string>(const std::string&)>& environment);

}  // namespace scatter::searchd
