// searchd: answers ranked queries over a story index on HTTP.
// Options -> routes over scatter::SearchEngine -> httplib::Server.
#include "routes.h"

#include "engine/search_engine.h"

#include <boost/program_options.hpp>

#include <atomic>
#include <csignal>
#include <unistd.h>
#include <iostream>
#include <thread>

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 64;

struct Listen {
  std::string host;
  int port;
};

Listen parse_listen(const std::string& value) {
  const auto colon = value.rfind(':');
  if (colon == std::string::npos || colon == 0) throw po::error("--listen must be HOST:PORT, got '" + value + "'");
  const std::string port = value.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535) {
    throw po::error("--listen port must be 0-65535, got '" + port + "'");
  }
  return {value.substr(0, colon), std::stoi(port)};
}

// SIGTERM and SIGINT are taken by a thread that waits for them and stops the
// server, so in-flight requests finish and no handler runs in signal context.
std::thread stop_on_signals(httplib::Server& server, sigset_t signals, std::atomic<bool>& stopping) {
  return std::thread([&server, &stopping, signals] {
    int received = 0;
    sigwait(&signals, &received);
    stopping = true;
    if (server.is_running()) std::cerr << "searchd: signal " << received << ", shutting down\n";
    server.stop();
  });
}

}  // namespace

int main(int argc, char** argv) {
  std::string db, listen;
  unsigned threads = 0;
  po::options_description options("Options");
  options.add_options()
      ("help,h", "show this help and exit")
      ("db", po::value(&db)->value_name("PATH"), "Xapian database written by the indexer (required)")
      ("listen", po::value(&listen)->value_name("HOST:PORT")->default_value("127.0.0.1:8080"),
       "address to serve on; port 0 picks a free port")
      ("threads", po::value(&threads)->value_name("N")->default_value(std::max(2u, std::thread::hardware_concurrency())),
       "worker threads, each with its own database handle");
  po::variables_map vm;
  Listen address;
  try {
    po::store(po::parse_command_line(argc, argv, options), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << "Usage: searchd --db PATH [--listen HOST:PORT]\n"
                   "Serves GET /search, /stories/{id} and /healthz as JSON.\n\n"
                << options;
      return kExitOk;
    }
    if (db.empty()) throw po::error("--db is required");
    if (threads == 0) throw po::error("--threads must be at least 1");
    address = parse_listen(listen);
  } catch (const po::error& e) {
    std::cerr << "searchd: " << e.what() << "\nTry 'searchd --help'.\n";
    return kExitUsage;
  }

  Xapian::doccount stories = 0;
  try {
    stories = scatter::SearchEngine(db).story_count();  // fail at start, not on the first request
  } catch (const scatter::EngineError& e) {
    std::cerr << "searchd: " << e.what() << "\n";
    return kExitFailed;
  }

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // inherited by every thread started below

  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_read_timeout(5);
  server.set_write_timeout(5);
  server.set_keep_alive_timeout(5);
  server.set_payload_max_length(64 * 1024);
  scatter::searchd::install_routes(server, {.db = db});

  int port = address.port;
  if (port == 0) port = server.bind_to_any_port(address.host);
  else if (!server.bind_to_port(address.host, port)) port = -1;
  if (port <= 0) {
    std::cerr << "searchd: cannot listen on " << listen << " (address in use or not local?)\n";
    return kExitFailed;
  }
  std::atomic<bool> stopping = false;
  std::thread signal_thread = stop_on_signals(server, signals, stopping);
  std::cout << "searchd: serving " << stories << " stories from " << db << " at http://" << address.host << ":"
            << port << "/" << std::endl;
  server.listen_after_bind();
  // listen_after_bind() also returns when the socket fails; wake the waiter then.
  const bool failed = !stopping;
  if (failed) kill(getpid(), SIGTERM);
  signal_thread.join();
  return failed ? kExitFailed : kExitOk;
}
