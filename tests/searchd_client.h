// Talking to a real searchd from the end-to-end tests: one request through
// httplib's client (or a raw socket, for what a client library would not send),
// the answer's status, headers and body, and polling for something to become
// true within a bound.
#pragma once

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

namespace scatter::test {

// Header names compare without case, as HTTP says.
struct CaseInsensitiveLess {
  bool operator()(const std::string& a, const std::string& b) const {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
      return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
    });
  }
};
using Headers = std::multimap<std::string, std::string, CaseInsensitiveLess>;

struct Answer {
  int status = 0;
  std::string body;
  Headers headers;

  bool has(const std::string& name) const { return headers.find(name) != headers.end(); }
  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
  // The body as JSON; throws nlohmann::json::parse_error when it is not.
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

// An HTTP client of 127.0.0.1:port (cpp-httplib's, compiled once in
// searchd_client.cpp: its header alone doubled the build time of each test
// that included it). Paths are sent exactly as given, without re-encoding.
class HttpClient {
 public:
  struct Options {
    bool keep_alive = false;
    std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
    std::chrono::milliseconds read_timeout{std::chrono::seconds(10)};
  };
  explicit HttpClient(int port) : HttpClient(port, Options{}) {}
  HttpClient(int port, Options options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // The answer, or nullopt when there is none (refused, reset, timed out);
  // `error` then says why.
  std::optional<Answer> send(const std::string& method, const std::string& path, const Headers& headers = {},
                             const std::string& body = "", std::string* error = nullptr);
  std::optional<Answer> get(const std::string& path, std::string* error = nullptr) {
    return send("GET", path, {}, "", error);
  }

 private:
  struct Connection;
  std::unique_ptr<Connection> connection_;
};

// Sends `method` `path` (exactly as given: no re-encoding) and returns the
// answer; throws when there is none (refused, reset, timed out).
Answer http_request(int port, const std::string& method, const std::string& path, const Headers& headers = {},
                    const std::string& body = "");

inline Answer http_get(int port, const std::string& path, const Headers& headers = {}) {
  return http_request(port, "GET", path, headers);
}

// Asks /healthz until it answers 200 (searchd announces its port before it
// listens); throws after about 5 s.
void wait_until_listening(int port);

// Calls `check` until it returns true or `limit` has passed; how long it took,
// or nullopt if it never did.
inline std::optional<std::chrono::milliseconds> wait_until(std::chrono::milliseconds limit,
                                                           const std::function<bool()>& check,
                                                           std::chrono::milliseconds pause = std::chrono::milliseconds(20)) {
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    if (check()) {
      return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    }
    if (std::chrono::steady_clock::now() - start > limit) return std::nullopt;
    std::this_thread::sleep_for(pause);
  }
}

// A TCP connection to 127.0.0.1:port, closed when the object dies. For bytes a
// client library would not send, and for connections that stay idle.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      close(fd_);
      throw std::runtime_error("cannot connect to port " + std::to_string(port));
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool send_all(const std::string& bytes) const {
    for (std::size_t sent = 0; sent < bytes.size();) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  // Reads until `done(bytes so far)` says the answer is complete, the peer
  // closes, or `limit` passes; returns what arrived.
  std::string receive(std::chrono::milliseconds limit, const std::function<bool(const std::string&)>& done) const {
    std::string bytes;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    char buffer[8192];
    while (!done(bytes)) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd ready{fd_, POLLIN, 0};
      if (poll(&ready, 1, static_cast<int>(left.count())) <= 0) break;
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      bytes.append(buffer, static_cast<std::size_t>(n));
    }
    return bytes;
  }

  // One whole HTTP/1.1 response with a Content-Length (searchd always sends one).
  static bool complete_response(const std::string& bytes) {
    const auto end_of_headers = bytes.find("\r\n\r\n");
    if (end_of_headers == std::string::npos) return false;
    std::string head = bytes.substr(0, end_of_headers);
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto field = head.find("\r\ncontent-length:");
    if (field == std::string::npos) return true;
    const std::size_t length = std::stoul(head.substr(field + 17));
    return bytes.size() >= end_of_headers + 4 + length;
  }

 private:
  int fd_ = -1;
};

// Sends `bytes` as they are on a new connection and reads one response.
inline Answer raw_request(int port, const std::string& bytes) {
  const RawConnection connection(port);
  if (!connection.send_all(bytes)) throw std::runtime_error("cannot send the request");
  const std::string reply = connection.receive(std::chrono::seconds(10), RawConnection::complete_response);
  const auto end_of_headers = reply.find("\r\n\r\n");
  if (reply.rfind("HTTP/1.1 ", 0) != 0 || end_of_headers == std::string::npos) {
    throw std::runtime_error("not an HTTP response: " + reply.substr(0, 200));
  }
  Answer answer;
  answer.status = std::stoi(reply.substr(9, 3));
  answer.body = reply.substr(end_of_headers + 4);
  std::size_t line = reply.find("\r\n") + 2;
  while (line < end_of_headers) {
    const std::size_t end = reply.find("\r\n", line);
    const std::string field = reply.substr(line, end - line);
    const auto colon = field.find(':');
    if (colon != std::string::npos) {
      answer.headers.emplace(field.substr(0, colon), field.substr(field.find_first_not_of(' ', colon + 1)));
    }
    line = end + 2;
  }
  return answer;
}

}  // namespace scatter::test
