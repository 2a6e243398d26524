// searchd: answers ranked queries over a story index on HTTP.
// Options -> Service (engines, cache, index watch) -> httplib::Server.
#include "access_log.h"
#include "listening_server.h"
#include "options.h"
#include "routes.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <thread>
#include <sys/socket.h>
#include <unistd.h>

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 64;

// SIGTERM and SIGINT are taken by a thread that waits for them and stops the
// server, so in-flight requests finish and no handler runs in signal context.
// httplib's stop() does nothing before listening has begun, so a signal that
// comes early is acted on again until the listen loop has returned.
std::thread stop_on_signals(httplib::Server& server, sigset_t signals, std::atomic<bool>& stopping,
                            const std::atomic<bool>& listening_done) {
  return std::thread([&server, &stopping, &listening_done, signals] {
    int received = 0;
    sigwait(&signals, &received);
    stopping = true;
    if (!listening_done) std::cerr << "searchd: signal " << received << ", finishing requests and shutting down\n";
    while (!listening_done) {
      server.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
}

struct LogFile {
  std::FILE* file = nullptr;
  bool owned = false;
  ~LogFile() {
    if (owned) std::fclose(file);
  }
};

}  // namespace

int main(int argc, char** argv) {
  scatter::searchd::ServerOptions options;
  try {
    const auto parsed = scatter::searchd::parse_options(argc, argv, [](const std::string& name) {
      const char* value = std::getenv(name.c_str());
      return value == nullptr ? std::nullopt : std::optional<std::string>(value);
    });
    if (!parsed.options) {
      std::cout << parsed.help;
      return kExitOk;
    }
    options = *parsed.options;
  } catch (const po::error& e) {
    std::cerr << "searchd: " << e.what() << "\nTry 'searchd --help'.\n";
    return kExitUsage;
  }

  LogFile log_file;
  if (options.access_log == "stderr") log_file.file = stderr;
  else if (options.access_log == "stdout") log_file.file = stdout;
  else if (options.access_log != "off") {
    log_file.file = std::fopen(options.access_log.c_str(), "a");
    if (log_file.file == nullptr) {
      std::cerr << "searchd: --access-log: cannot open '" << options.access_log << "' for appending\n";
      return kExitFailed;
    }
    log_file.owned = true;
  }
  scatter::searchd::AccessLog access_log(
      log_file.file, options.log_json ? scatter::searchd::AccessLog::Format::kJson : scatter::searchd::AccessLog::Format::kText);

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // inherited by every thread started below
  std::signal(SIGPIPE, SIG_IGN);                  // a client that hangs up is the socket's error, not ours

  auto service = std::make_unique<scatter::searchd::Service>(options.service, access_log);
  // --connections threads answer requests whose heads have arrived; idle and
  // slow connections wait without one. --threads engines bound the searches
  // that run at once.
  scatter::searchd::ListeningServer server(
      {.workers = options.connections,
       .max_connections = options.max_connections,
       .head_timeout = std::chrono::seconds(options.read_timeout_seconds)});
  server.set_tcp_nodelay(true);  // a response is one small write: do not wait for Nagle's algorithm
  server.set_write_timeout(5);
  server.set_keep_alive_timeout(options.keep_alive_seconds);
  server.set_keep_alive_max_count(options.keep_alive_requests);
  server.set_payload_max_length(64 * 1024);
  // cpp-httplib's default also sets SO_REUSEPORT, which lets a second searchd
  // share a port already in use instead of failing: only SO_REUSEADDR here.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  service->install(server);

  int port = options.port;
  if (port == 0) port = server.bind_to_any_port(options.host);
  else if (!server.bind_to_port(options.host, port)) port = -1;
  if (port <= 0) {
    std::cerr << "searchd: cannot listen on " << options.host << ":" << options.port
              << " (address in use or not local?)\n";
    return kExitFailed;
  }
  if (!server.raise_backlog(SOMAXCONN)) {
    std::cerr << "searchd: cannot raise the listen backlog (" << std::strerror(errno)
              << "): bursts of new connections may wait seconds\n";
  }
  std::atomic<bool> stopping = false, listening_done = false;
  std::thread signal_thread = stop_on_signals(server, signals, stopping, listening_done);
  const std::string where = "http://" + options.host + ":" + std::to_string(port) + "/";
  try {
    const auto stories = scatter::SearchEngine(options.service.db).story_count();
    std::cout << "searchd: serving " << stories << " stories from " << options.service.db.string() << " at " << where
              << std::endl;
  } catch (const scatter::IndexDamaged& e) {
    // Served as 503s too: a rebuild installs a whole index, which is noticed.
    std::cerr << "searchd: " << e.what() << "\n";
    std::cout << "searchd: the index is damaged (answering 503 until it is rebuilt) at " << where << std::endl;
  } catch (const scatter::EngineError& e) {
    // Started before the indexer ran, or the index is unreadable: /readyz and
    // the API answer 503 until a readable index appears at the path.
    std::cerr << "searchd: " << e.what() << "\n";
    std::cout << "searchd: no searchable index yet (answering 503 until there is) at " << where << std::endl;
  }
  server.serve();
  listening_done = true;
  // serve() also returns when the socket fails; wake the waiter then.
  const bool failed = !stopping;
  if (failed) kill(getpid(), SIGTERM);
  signal_thread.join();
  service.reset();  // stops the index watch and flushes the access log
  return failed ? kExitFailed : kExitOk;
}
