// constant_server: the least a cpp-httplib server can do per request, as the
// yardstick for searchd's warm (cached) throughput in bench/http-bench. Every GET,
// whatever its path, is answered 200 with one constant JSON body of --body-bytes
// bytes, built once at start; nothing is parsed, searched or serialised.
//
// Tuned as searchd is (bench/README.md, "HTTP serving"): TCP_NODELAY on, a
// connection pool of --threads threads (size it for the connections: cpp-httplib
// holds a pool thread for as long as a keep-alive connection stays open, idle or
// not), and --keep-alive-max requests per connection. cpp-httplib's own defaults
// are --threads 0 (its pool, max(8, cores - 1)), --tcp-nodelay off and
// --keep-alive-max 5: http-bench runs them once for the record.
#include <httplib.h>

#include <boost/program_options.hpp>

#include <atomic>
#include <csignal>
#include <cstddef>
#include <iostream>
#include <string>
#include <thread>
#include <unistd.h>

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 64;

// The same timeouts as searchd, so that both close idle connections alike.
constexpr time_t kTimeoutSeconds = 5;
constexpr const char* kJson = "application/json; charset=utf-8";
// {"padding":""} is the smallest body this server makes.
constexpr std::size_t kBodyFrame = sizeof(R"({"padding":""})") - 1;

struct Listen {
  std::string host;
  int port = 0;
};

Listen parse_listen(const std::string& value) {
  const auto colon = value.rfind(':');
  const std::string port = colon == std::string::npos ? "" : value.substr(colon + 1);
  if (colon == 0 || port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535) {
    throw po::error("--listen must be HOST:PORT with a port 0-65535, got '" + value + "'");
  }
  return {value.substr(0, colon), std::stoi(port)};
}

bool parse_on_off(const std::string& name, const std::string& value) {
  if (value == "on") return true;
  if (value == "off") return false;
  throw po::error("--" + name + " must be on or off, got '" + value + "'");
}

// Valid JSON of exactly `bytes` bytes.
std::string constant_body(std::size_t bytes) {
  return R"({"padding":")" + std::string(bytes - kBodyFrame, 'x') + R"("})";
}

struct Settings {
  Listen address{};
  std::size_t body_bytes = 0;
  unsigned threads = 0;        // 0: cpp-httplib's default pool
  bool tcp_nodelay = true;
  std::size_t keep_alive_max = 0;
};

int serve(const Settings& settings) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // inherited by every thread started below

  httplib::Server server;
  if (settings.threads > 0) {
    server.new_task_queue = [threads = settings.threads] { return new httplib::ThreadPool(threads); };
  }
  server.set_tcp_nodelay(settings.tcp_nodelay);
  server.set_keep_alive_max_count(settings.keep_alive_max);
  server.set_keep_alive_timeout(kTimeoutSeconds);
  server.set_read_timeout(kTimeoutSeconds);
  server.set_write_timeout(kTimeoutSeconds);
  const std::string body = constant_body(settings.body_bytes);
  server.Get(".*", [&body](const httplib::Request&, httplib::Response& res) { res.set_content(body, kJson); });

  int port = settings.address.port;
  if (port == 0) port = server.bind_to_any_port(settings.address.host);
  else if (!server.bind_to_port(settings.address.host, port)) port = -1;
  if (port <= 0) {
    std::cerr << "constant_server: cannot listen on " << settings.address.host << ":" << settings.address.port << "\n";
    return kExitFailed;
  }
  std::atomic<bool> stopping = false;
  std::thread signal_thread([&server, &stopping, signals] {
    int received = 0;
    sigwait(&signals, &received);
    stopping = true;
    server.stop();
  });
  std::cout << "constant_server: serving " << body.size() << "-byte bodies at http://" << settings.address.host << ":"
            << port << "/" << std::endl;
  server.listen_after_bind();
  const bool failed = !stopping;
  if (failed) kill(getpid(), SIGTERM);  // wake the signal thread
  signal_thread.join();
  return failed ? kExitFailed : kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::string listen, tcp_nodelay;
  Settings settings;
  po::options_description options("Options");
  options.add_options()
      ("help,h", "show this help and exit")
      ("listen", po::value(&listen)->value_name("HOST:PORT")->default_value("127.0.0.1:0"),
       "address to serve on; port 0 picks a free port (printed on stdout)")
      ("body-bytes", po::value(&settings.body_bytes)->value_name("N")->default_value(1024),
       "size of the JSON body of every answer (at least 14)")
      ("threads", po::value(&settings.threads)->value_name("N")->default_value(32),
       "connection thread pool size; 0 for cpp-httplib's default (max(8, cores - 1))")
      ("tcp-nodelay", po::value(&tcp_nodelay)->value_name("on|off")->default_value("on"),
       "TCP_NODELAY on accepted sockets (cpp-httplib's default: off)")
      ("keep-alive-max", po::value(&settings.keep_alive_max)->value_name("N")->default_value(100000),
       "requests served on one keep-alive connection before it is closed (cpp-httplib's default: 5)");
  try {
    po::variables_map vm;
    po::store(po::parse_command_line(argc, argv, options), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << "Usage: constant_server [--listen HOST:PORT] [--body-bytes N] [--threads N]\n"
                   "                       [--tcp-nodelay on|off] [--keep-alive-max N]\n"
                   "Answers every GET with the same JSON body: the yardstick of bench/http-bench.\n\n"
                << options;
      return kExitOk;
    }
    if (settings.body_bytes < kBodyFrame) throw po::error("--body-bytes must be at least " + std::to_string(kBodyFrame));
    if (settings.keep_alive_max == 0) throw po::error("--keep-alive-max must be at least 1");
    settings.tcp_nodelay = parse_on_off("tcp-nodelay", tcp_nodelay);
    settings.address = parse_listen(listen);
  } catch (const po::error& e) {
    std::cerr << "constant_server: " << e.what() << "\nTry 'constant_server --help'.\n";
    return kExitUsage;
  }
  return serve(settings);
}
