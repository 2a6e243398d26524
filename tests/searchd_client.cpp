#include "searchd_client.h"

#include <httplib.h>

namespace scatter::test {

struct HttpClient::Connection {
  explicit Connection(int port) : client("127.0.0.1", port) {}
  httplib::Client client;
};

HttpClient::HttpClient(int port, Options options) : connection_(std::make_unique<Connection>(port)) {
  httplib::Client& client = connection_->client;
  client.set_keep_alive(options.keep_alive);
  client.set_connection_timeout(options.connect_timeout);
  client.set_read_timeout(options.read_timeout);
  client.set_url_encode(false);  // send paths exactly as a browser would have encoded them
}

HttpClient::~HttpClient() = default;

std::optional<Answer> HttpClient::send(const std::string& method, const std::string& path, const Headers& headers,
                                       const std::string& body, std::string* error) {
  httplib::Request request;
  request.method = method;
  request.path = path;
  for (const auto& [name, value] : headers) request.headers.emplace(name, value);
  request.body = body;
  if (!body.empty()) request.set_header("Content-Type", "application/octet-stream");
  auto res = connection_->client.send(request);
  if (!res) {
    if (error != nullptr) *error = httplib::to_string(res.error());
    return std::nullopt;
  }
  Answer answer{res->status, res->body, {}};
  for (const auto& [name, value] : res->headers) answer.headers.emplace(name, value);
  return answer;
}

Answer http_request(int port, const std::string& method, const std::string& path, const Headers& headers,
                    const std::string& body) {
  HttpClient client(port);
  std::string error;
  std::optional<Answer> answer = client.send(method, path, headers, body, &error);
  if (!answer) throw std::runtime_error("no answer for " + method + " " + path + ": " + error);
  return std::move(*answer);
}

void wait_until_listening(int port) {
  HttpClient client(port);
  for (int attempt = 0; attempt < 100; ++attempt) {
    if (const auto reply = client.get("/healthz"); reply && reply->status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("searchd on port " + std::to_string(port) + " never answered /healthz");
}

}  // namespace scatter::test
