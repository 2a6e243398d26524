// scatter-shardd: serves one shard of the index over Xapian's remote protocol
// (Xapian's RemoteTcpServer), for a searchd front on another machine
// (searchd --remote-shard). What xapian-tcpsrv does, plus a registry of the
// engine's own classes (shards/remote_registry.h), which xapian-tcpsrv refuses.
//
// Xapian's protocol has neither authentication nor encryption: a private
// network only. The default address is loopback.
#include "shards/remote_registry.h"

#include <boost/program_options.hpp>
#include <remotetcpserver.h>
#include <xapian.h>

#include <charconv>
#include <iostream>
#include <optional>
#include <string>

namespace po = boost::program_options;

namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 64;

constexpr const char* kUsage =
    "Usage: scatter-shardd --db SHARD --listen [HOST:]PORT [--timeout-ms N] [--verbose]\n"
    "Serves one shard of a scatter index (a database folder the indexer wrote) over\n"
    "Xapian's remote protocol to searchd --remote-shard HOST:PORT. One process per\n"
    "connection, each on the revision it opened until the front reopens.\n"
    "Xapian's protocol has no authentication or encryption: listen on a private\n"
    "network only. HOST defaults to 127.0.0.1.\n";

constexpr const char* kExitStatuses =
    "Exit status: 1 the shard cannot be opened or the address cannot be listened on;\n"
    "64 bad command line. Otherwise it serves until stopped.\n";

struct Listen {
  std::string host;
  int port = 0;
};

// "PORT", "HOST:PORT" or "[IPv6]:PORT"; nullopt when it is none of them.
std::optional<Listen> parse_listen(const std::string& text) {
  Listen out{.host = "127.0.0.1"};
  std::string port = text;
  if (const auto colon = text.rfind(':'); colon != std::string::npos) {
    out.host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']') {
      out.host = out.host.substr(1, out.host.size() - 2);
    }
    if (out.host.empty()) return std::nullopt;
  }
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), out.port);
  if (error != std::errc() || end != port.data() + port.size() || out.port < 1 || out.port > 65535) return std::nullopt;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description options("Options");
  std::string db, listen;
  long timeout_ms = 15000;
  options.add_options()
      ("db", po::value(&db)->value_name("SHARD"), "the shard's database folder")
      ("listen", po::value(&listen)->value_name("[HOST:]PORT"), "address to listen on (HOST defaults to 127.0.0.1)")
      ("timeout-ms", po::value(&timeout_ms)->value_name("N"),
       "longest wait for the front's next message within a search, and for its next search on an idle "
       "connection (default 15000)")
      ("verbose", "log each connection on stderr")
      ("help,h", "show this help");
  po::variables_map given;
  try {
    po::store(po::parse_command_line(argc, argv, options), given);
    po::notify(given);
  } catch (const po::error& e) {
    std::cerr << "scatter-shardd: " << e.what() << "\n" << kUsage;
    return kExitUsage;
  }
  if (given.count("help")) {
    std::cout << kUsage << "\n" << options << "\n" << kExitStatuses;
    return 0;
  }
  if (db.empty() || listen.empty()) {
    std::cerr << "scatter-shardd: --db and --listen are required\n" << kUsage;
    return kExitUsage;
  }
  const std::optional<Listen> address = parse_listen(listen);
  if (!address) {
    std::cerr << "scatter-shardd: --listen: \"" << listen << "\" is not [HOST:]PORT with PORT 1-65535\n";
    return kExitUsage;
  }
  if (timeout_ms < 1 || timeout_ms > 3600000) {
    std::cerr << "scatter-shardd: --timeout-ms: must be between 1 and 3600000\n";
    return kExitUsage;
  }
  try {
    // Opened once here so that a wrong path fails now, naming it, not at the
    // first connection; each connection opens its own.
    const Xapian::Database shard(db);
    std::cerr << "scatter-shardd: serving " << db << " (" << shard.get_doccount() << " stories) on " << address->host
              << ":" << address->port << "\n";
  } catch (const Xapian::Error& e) {
    std::cerr << "scatter-shardd: cannot open the shard " << db << ": " << e.get_description() << "\n";
    return kExitFailed;
  }
  try {
    const double timeout = static_cast<double>(timeout_ms) / 1000.0;
    RemoteTcpServer server({db}, address->host, address->port, timeout, timeout, false, given.count("verbose") > 0);
    server.set_registry(scatter::shards::remote_registry());
    server.run();
  } catch (const Xapian::Error& e) {
    std::cerr << "scatter-shardd: cannot serve on " << address->host << ":" << address->port << ": "
              << e.get_description() << "\n";
    return kExitFailed;
  }
  return 0;
}
