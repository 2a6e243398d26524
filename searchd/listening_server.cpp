#include "listening_server.h"

#include <cerrno>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <netdb.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace scatter::searchd {
namespace {

// Set on a worker while it answers a refused head, for the error handler.
thread_local const HeadRefusal* refusal_on_this_thread = nullptr;

// File descriptors kept for the rest of searchd (index files, the log) when
// the connection limit is fitted under the process's limit.
constexpr rlim_t kReservedDescriptors = 256;

// httplib's Stream over a connection whose request head is already in memory:
// reads come from `unread` only (searchd reads no bodies, so a worker never
// waits for a client's bytes), writes go to the socket.
class BufferedStream final : public httplib::Stream {
 public:
  BufferedStream(Connection& connection, time_t write_timeout_sec)
      : connection_(connection), write_timeout_ms_(static_cast<int>(write_timeout_sec * 1000)) {}
  // What the request left unread stays for the next one (pipelining).
  ~BufferedStream() override { connection_.unread.erase(0, offset_); }
  BufferedStream(const BufferedStream&) = delete;
  BufferedStream& operator=(const BufferedStream&) = delete;

  bool is_readable() const override { return offset_ < connection_.unread.size(); }
  bool is_writable() const override {
    pollfd ready{connection_.sock, POLLOUT, 0};
    return ::poll(&ready, 1, write_timeout_ms_) == 1 && (ready.revents & (POLLERR | POLLHUP)) == 0;
  }
  ssize_t read(char* ptr, std::size_t size) override {
    const std::size_t n = std::min(size, connection_.unread.size() - offset_);
    std::copy_n(connection_.unread.data() + offset_, n, ptr);
    offset_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, std::size_t size) override {
    if (!is_writable()) return -1;
    return ::send(connection_.sock, ptr, size, MSG_NOSIGNAL);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    address(::getpeername, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    address(::getsockname, ip, port);
  }
  socket_t socket() const override { return connection_.sock; }

 private:
  void address(int (*name)(int, sockaddr*, socklen_t*), std::string& ip, int& port) const {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    char host[NI_MAXHOST];
    char service[NI_MAXSERV];
    if (name(connection_.sock, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
        ::getnameinfo(reinterpret_cast<sockaddr*>(&address), length, host, sizeof host, service, sizeof service,
                      NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
      return;
    }
    ip = host;
    port = std::atoi(service);
  }

  Connection& connection_;
  const int write_timeout_ms_;
  std::size_t offset_ = 0;
};

// Runs each task on the thread that enqueues it: httplib's accept loop, which
// then only seats the new connection in the waiting room.
class RunAtOnce final : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> task) override { task(); }
  void shutdown() override {}
};

bool has_body(const httplib::Request& req) {
  if (req.has_header("Transfer-Encoding")) return true;
  const auto lengths = req.headers.equal_range("Content-Length");
  return std::any_of(lengths.first, lengths.second, [](const auto& field) { return field.second != "0"; });
}

// A request's Connection header as httplib will answer it. httplib closes an
// HTTP/1.0 connection unless it asked to be kept ("Keep-Alive", as httplib
// spells it) but does not say so in the answer.
void set_connection_close(httplib::Request& req) {
  req.headers.erase("Connection");
  req.set_header("Connection", "close");
}

// searchd has no route that reads a body. One that came anyway (a GET's, a
// POST's about to get 405) is left unread: Content-Length 0 stops httplib from
// reading or decompressing it, and the connection closes after the answer so
// that the body is never taken for the next request. A length over
// `max_length` is kept, for httplib's 413 (which reads only what is buffered).
// True if there was a body.
bool leave_body_unread(httplib::Request& req, std::size_t max_length) {
  if (!has_body(req)) return false;
  const bool chunked = req.has_header("Transfer-Encoding");
  const bool too_large = !chunked && std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10) > max_length;
  req.headers.erase("Transfer-Encoding");
  req.headers.erase("Content-Encoding");
  if (!too_large) {
    req.headers.erase("Content-Length");
    req.set_header("Content-Length", "0");
  }
  set_connection_close(req);
  return true;
}

std::size_t descriptors_for_connections(std::size_t wanted) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return wanted;
  const rlim_t available = limit.rlim_cur > 2 * kReservedDescriptors ? limit.rlim_cur - kReservedDescriptors
                                                                     : limit.rlim_cur / 2;
  return std::min<std::size_t>(wanted, static_cast<std::size_t>(available));
}

}  // namespace

ListeningServer::ListeningServer(ConnectionLimits limits) : limits_(limits) {
  new_task_queue = [] { return new RunAtOnce; };
}

ListeningServer::~ListeningServer() { stop_serving(); }

bool ListeningServer::raise_backlog(int backlog) {
  const socket_t sock = svr_sock_;
  if (sock == INVALID_SOCKET) {
    errno = EBADF;
    return false;
  }
  return ::listen(sock, backlog) == 0;
}

const HeadRefusal* ListeningServer::refusal_being_answered() { return refusal_on_this_thread; }

bool ListeningServer::serve() {
  workers_ = std::make_unique<httplib::ThreadPool>(limits_.workers);
  room_ = std::make_unique<WaitingRoom>(
      WaitingRoomLimits{.max_head_bytes = limits_.max_head_bytes,
                        .head_timeout = limits_.head_timeout,
                        .idle_timeout = std::chrono::seconds(keep_alive_timeout_sec_),
                        .max_connections = descriptors_for_connections(limits_.max_connections)},
      [this](std::shared_ptr<Connection> connection, HeadState state) {
        workers_->enqueue([this, connection = std::move(connection), state]() mutable {
          answer(std::move(connection), state);
        });
      });
  const bool listened = listen_after_bind();
  stop_serving();
  return listened;
}

void ListeningServer::stop_serving() {
  if (room_) room_->stop();     // idle connections closed; answers in flight park nothing more
  if (workers_) workers_->shutdown();  // every queued request answered
  workers_.reset();
  room_.reset();
}

bool ListeningServer::process_and_close_socket(socket_t sock) {
  if (room_) room_->admit(sock);
  else ::close(sock);
  return true;
}

void ListeningServer::answer(std::shared_ptr<Connection> connection, HeadState state) {
  if (state != HeadState::kComplete) {
    refuse(*connection, state);
    ::shutdown(connection->sock, SHUT_WR);
    room_->drain(std::move(connection));
    return;
  }
  // Pipelined requests: answer every whole head already read, in order.
  for (;;) {
    bool closing = false, body_unread = false;
    const bool written = answer_one(*connection, closing, body_unread);
    if (!written) return;
    if (body_unread) {
      ::shutdown(connection->sock, SHUT_WR);
      room_->drain(std::move(connection));
      return;
    }
    if (closing || svr_sock_ == INVALID_SOCKET) return;
    if (connection->unread.find("\r\n\r\n") == std::string::npos) break;
  }
  room_->park(std::move(connection));
}

bool ListeningServer::answer_one(Connection& connection, bool& closing, bool& body_unread) {
  BufferedStream stream(connection, write_timeout_sec_);
  const bool last = ++connection.requests_answered >= keep_alive_max_count_;
  closing = last;
  bool parsed = false;
  const auto prepare = [this, &body_unread, &parsed](httplib::Request& req) {
    parsed = true;
    body_unread = leave_body_unread(req, payload_max_length_);
    if (req.version == "HTTP/1.0" && req.get_header_value("Connection") != "Keep-Alive") set_connection_close(req);
  };
  bool closed_by_request = false;
  const bool written = process_request(stream, last, closed_by_request, prepare);
  // After a head httplib could not parse, where the next request would start is
  // anyone's guess: the connection closes after the 400.
  closing = closing || closed_by_request || !parsed;
  return written;
}

void ListeningServer::refuse(Connection& connection, HeadState state) {
  const HeadRefusal refusal =
      state == HeadState::kTooLarge
          ? HeadRefusal{431, "header_too_large",
                        "request line and headers exceed " + std::to_string(limits_.max_head_bytes) + " bytes"}
          : HeadRefusal{408, "request_timeout",
                        "request line and headers did not arrive within " +
                            std::to_string(limits_.head_timeout.count()) + " ms"};
  // httplib parses what arrived, finds it cut short, and answers through the
  // error handler, which asks refusal_being_answered() why.
  BufferedStream stream(connection, write_timeout_sec_);
  refusal_on_this_thread = &refusal;
  bool closed = false;
  process_request(stream, true, closed, nullptr);
  refusal_on_this_thread = nullptr;
}

}  // namespace scatter::searchd
