// End to end, hostile HTTP: the real searchd on the seed archive, attacked
// with raw sockets on loopback (headers trickled, a 1 MB header, a request line
// that never ends, thousands of parameters, bad percent-encoding, pipelining,
// HTTP/1.0, thousands of connections opened and dropped, bodies on GET) while
// a steady client asks for searches beside the attack. Each test checks what
// a user would notice: the steady client is answered throughout, the attacker
// gets a JSON error naming the problem (or a closed connection), searchd is
// alive afterwards and its memory stays bounded. Counts are small enough that
// each test takes a few seconds, under ASan too.
#include "searchd_client.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

namespace scatter::test {
namespace {

using namespace std::chrono_literals;

// Generous: catches a hang, not a slow answer.
constexpr auto kHang = 5s;
// Resident memory searchd may gain during one attack. Without the limits, a
// single request line or header grows by what the client sends (64 MB here).
constexpr long kMaxRssGrowthKib = 24 * 1024;

long rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

std::string status_line(const std::string& reply) { return reply.substr(0, reply.find("\r\n")); }

int count_of(const std::string& text, const std::string& part) {
  int count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++count;
  return count;
}

// A reader of the archive who searches every few milliseconds on one
// keep-alive connection, and another who opens a new connection each time,
// while an attack runs. Every request must be answered 200.
class SteadyClients {
 public:
  explicit SteadyClients(int port) {
    for (const bool keep_alive : {true, false}) {
      threads_.emplace_back([this, port, keep_alive] {
        HttpClient client(port, {.keep_alive = keep_alive, .connect_timeout = kHang, .read_timeout = kHang});
        while (!stop_) {
          const auto res = client.get("/search?q=model");
          (res && res->status == 200 ? answered_ : failed_)++;
          std::this_thread::sleep_for(10ms);
        }
      });
    }
  }
  ~SteadyClients() { finish(); }
  void finish() {
    stop_ = true;
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  int answered() const { return answered_; }
  int failed() const { return failed_; }

 private:
  std::atomic<bool> stop_ = false;
  std::atomic<int> answered_ = 0, failed_ = 0;
  std::vector<std::thread> threads_;
};

// One searchd for the suite, with few connection threads (4) so that an
// attack that held one thread per connection would starve the steady client,
// and a head timeout of one second so that the slow attack ends soon.
class HostileHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    index_with_binary(data_dir(), *dir_ / "index");
    server_ = new RunningSearchd(*dir_ / "index",
                                 {"--connections", "4", "--read-timeout", "1", "--access-log", "off"});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  void SetUp() override { rss_before_ = rss_kib(server_->pid()); }
  // After every attack: searchd answers, and has not grown past the bound.
  void TearDown() override {
    EXPECT_EQ(http_get(port(), "/healthz").status, 200) << "searchd is alive after the attack";
    EXPECT_LT(rss_kib(server_->pid()) - rss_before_, kMaxRssGrowthKib) << "resident memory stays bounded";
  }
  static int port() { return server_->port(); }

  static void expect_served_throughout(const SteadyClients& steady) {
    EXPECT_GT(steady.answered(), 0);
    EXPECT_EQ(steady.failed(), 0) << "the steady client's requests all succeed during the attack";
  }

  static TempDir* dir_;
  static RunningSearchd* server_;
  long rss_before_ = 0;
};
TempDir* HostileHttp::dir_ = nullptr;
RunningSearchd* HostileHttp::server_ = nullptr;

// An error answer as the API promises it, with the headers every error carries.
void expect_json_error(const Answer& answer, int status, const std::string& code, const std::string& what) {
  EXPECT_EQ(answer.status, status) << what << ": " << answer.body;
  EXPECT_EQ(answer.header("Content-Type"), "application/json; charset=utf-8") << what;
  EXPECT_EQ(answer.header("Cache-Control"), "no-store") << what;
  EXPECT_EQ(answer.header("X-Content-Type-Options"), "nosniff") << what;
  EXPECT_EQ(answer.header("Referrer-Policy"), "strict-origin-when-cross-origin") << what;
  try {
    const auto error = answer.json().at("error");
    EXPECT_EQ(error.value("code", ""), code) << what;
    EXPECT_FALSE(error.value("message", "").empty()) << what;
  } catch (const nlohmann::json::exception& e) {
    ADD_FAILURE() << what << ": not a JSON error (" << e.what() << "): " << answer.body;
  }
}

TEST_F(HostileHttp, HeadersTrickledAByteAtATimeHoldNoThreadAndAreRefusedWith408) {
  SteadyClients steady(port());
  // Twice as many slow clients as searchd has connection threads, each sending
  // its headers a byte every 100 ms, as slowloris does (a byte a second, sped up).
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 8; ++i) {
    slow.push_back(std::make_unique<RawConnection>(port()));
    slow.back()->send_all("GET /search?q=model HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  }
  const std::string trickle = "X-Slow: " + std::string(100, 'a');
  std::vector<bool> cut_off(slow.size(), false);
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t byte = 0; byte < trickle.size() && std::chrono::steady_clock::now() - start < 3s; ++byte) {
    for (std::size_t i = 0; i < slow.size(); ++i) {
      if (!cut_off[i] && !slow[i]->send_all(trickle.substr(byte, 1))) cut_off[i] = true;
    }
    std::this_thread::sleep_for(100ms);
  }
  steady.finish();
  expect_served_throughout(steady);
  // Each slow client is told, within the one-second head timeout and a hang's
  // bound, that its request took too long.
  const std::string reply = slow.front()->receive(kHang, RawConnection::complete_response);
  EXPECT_EQ(status_line(reply), "HTTP/1.1 408 Request Timeout") << reply;
  EXPECT_NE(reply.find("\"request_timeout\""), std::string::npos) << reply;
  EXPECT_NE(reply.find("Connection: close"), std::string::npos) << reply;
}

TEST_F(HostileHttp, AOneMegabyteHeaderIsRefusedWith431) {
  SteadyClients steady(port());
  const Answer answer =
      raw_request(port(), "GET /search?q=model HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(1 << 20, 'a') +
                              "\r\n\r\n");
  steady.finish();
  expect_served_throughout(steady);
  expect_json_error(answer, 431, "header_too_large", "a 1 MB header");
  EXPECT_NE(answer.body.find("16384 bytes"), std::string::npos) << "names the limit: " << answer.body;
  EXPECT_EQ(answer.header("Connection"), "close");
}

TEST_F(HostileHttp, ManyHeadersAddingUpPastTheLimitAreRefusedWith431) {
  std::string head = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (int i = 0; i < 5000; ++i) head += "X-" + std::to_string(i) + ": a\r\n";
  expect_json_error(raw_request(port(), head + "\r\n"), 431, "header_too_large", "5,000 short headers");
}

TEST_F(HostileHttp, ARequestLineThatNeverEndsIsCutOffNotRead) {
  SteadyClients steady(port());
  const RawConnection attacker(port());
  // 64 MB of request line without a newline, as fast as loopback takes it.
  const std::string chunk(64 * 1024, 'a');
  attacker.send_all("GET /");
  bool refused = false;
  for (int i = 0; i < 1024 && !refused; ++i) refused = !attacker.send_all(chunk);
  steady.finish();
  expect_served_throughout(steady);
  EXPECT_TRUE(refused) << "searchd stops reading and closes the connection long before 64 MB";
}

TEST_F(HostileHttp, TenThousandParametersGet414AndAThousandGetANamedError) {
  std::string target = "/search?q=model";
  for (int i = 0; i < 10000; ++i) target += "&a" + std::to_string(i) + "=1";
  const Answer too_long = raw_request(port(), "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  expect_json_error(too_long, 414, "uri_too_long", "10,000 parameters");
  EXPECT_NE(too_long.body.find("8192 bytes"), std::string::npos) << "names the limit: " << too_long.body;

  // As many as fit in a request line: unknown ones are named, known ones repeated are served.
  std::string unknown = "/search?q=model", repeated = "/search?q=model";
  for (int i = 0; i < 1000; ++i) unknown += "&x=1";
  for (int i = 0; i < 400; ++i) repeated += "&company=Mistral+AI";
  const Answer named = http_get(port(), unknown);
  expect_json_error(named, 400, "bad_parameter", "1,000 unknown parameters");
  EXPECT_EQ(named.json()["error"].value("parameter", ""), "x");
  const Answer served = http_get(port(), repeated);
  EXPECT_TRUE(served.status == 200 || served.status == 400) << served.status << ": " << served.body;
}

TEST_F(HostileHttp, InvalidPercentEncodingIsAnsweredNeverFailsTheServer) {
  for (const std::string target :
       {"/search?q=%", "/search?q=%zz", "/search?q=%C3%28", "/search?q=%00model", "/search?%=1", "/search?q=%%%%",
        "/%", "/stories/%FF%FE", "/issues/%", "/search?q=model%", "/suggest?q=%E2%82"}) {
    const Answer answer = raw_request(port(), "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    EXPECT_LT(answer.status, 500) << target << ": " << answer.body;
    EXPECT_NO_THROW((void)answer.json()) << target << ": the answer is JSON: " << answer.body;
    EXPECT_EQ(answer.header("X-Content-Type-Options"), "nosniff") << target;
  }
}

TEST_F(HostileHttp, PipelinedRequestsAreAllAnsweredInOrder) {
  const RawConnection connection(port());
  std::string requests;
  for (int story = 1; story <= 5; ++story) {
    for (int round = 0; round < 4; ++round) {
      requests += "GET /stories/3-" + std::to_string(story) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }
  }
  requests += "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  ASSERT_TRUE(connection.send_all(requests));
  const std::string replies = connection.receive(kHang, [](const std::string&) { return false; });
  EXPECT_EQ(count_of(replies, "HTTP/1.1 200 OK"), 21) << "every request of the batch is answered";
  std::size_t at = 0;
  for (int story = 1; story <= 5; ++story) {
    const auto next = replies.find("\"id\":\"3-" + std::to_string(story) + "\"", at);
    ASSERT_NE(next, std::string::npos) << "story 3-" << story << " answered in order";
    at = next;
  }
}

TEST_F(HostileHttp, Http10IsAnsweredAndClosedUnlessItAsksToKeepAlive) {
  {
    const RawConnection connection(port());
    ASSERT_TRUE(connection.send_all("GET /search?q=model HTTP/1.0\r\n\r\n"));
    const std::string reply = connection.receive(kHang, [](const std::string&) { return false; });
    EXPECT_EQ(status_line(reply), "HTTP/1.1 200 OK");
    EXPECT_NE(reply.find("Connection: close"), std::string::npos) << "and the connection closed after it";
  }
  const RawConnection connection(port());
  const std::string request = "GET /healthz HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n";
  ASSERT_TRUE(connection.send_all(request));
  EXPECT_EQ(status_line(connection.receive(kHang, RawConnection::complete_response)), "HTTP/1.1 200 OK");
  ASSERT_TRUE(connection.send_all(request));
  EXPECT_EQ(status_line(connection.receive(kHang, RawConnection::complete_response)), "HTTP/1.1 200 OK")
      << "a second request on the kept connection";
}

TEST_F(HostileHttp, TenThousandConnectionsOpenedAndDroppedLeaveTheSteadyClientServed) {
  SteadyClients steady(port());
  // In batches of 500: opened, some with half a request, held open a moment
  // (far more than searchd's 4 connection threads), then dropped.
  for (int batch = 0; batch < 20; ++batch) {
    std::vector<std::unique_ptr<RawConnection>> batch_of;
    for (int i = 0; i < 500; ++i) {
      batch_of.push_back(std::make_unique<RawConnection>(port()));
      if (i % 3 == 0) batch_of.back()->send_all("GET /search?q=mod");
    }
    std::this_thread::sleep_for(50ms);
  }
  steady.finish();
  expect_served_throughout(steady);
}

TEST_F(HostileHttp, ABodyOnGetIsNeverTakenForTheNextRequest) {
  // The body looks like a request of its own: searchd answers the GET, ignores
  // the body and closes, so nothing in a body is ever answered.
  const std::string smuggled = "GET /stories/3-1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  const RawConnection connection(port());
  ASSERT_TRUE(connection.send_all("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
                                  std::to_string(smuggled.size()) + "\r\n\r\n" + smuggled));
  const std::string replies = connection.receive(kHang, [](const std::string&) { return false; });
  EXPECT_EQ(count_of(replies, "HTTP/1.1 "), 1) << replies;
  EXPECT_EQ(status_line(replies), "HTTP/1.1 200 OK");
  EXPECT_NE(replies.find("Connection: close"), std::string::npos) << replies;
}

TEST_F(HostileHttp, BodiesAreNeverReadOrDecompressed) {
  // Chunked, compressed or endless bodies on any method: answered at once,
  // without waiting for the body, which is never read into memory.
  for (const std::string head :
       {"POST /search HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST /search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Encoding: gzip\r\nContent-Length: 100000000\r\n\r\n",
        "GET /search?q=model HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"}) {
    const RawConnection connection(port());
    ASSERT_TRUE(connection.send_all(head + std::string(256 * 1024, 'z')));
    const std::string reply = connection.receive(kHang, RawConnection::complete_response);
    const std::string expected = head.find("gzip") != std::string::npos ? "HTTP/1.1 413 Payload Too Large"
                                 : head.rfind("POST", 0) == 0           ? "HTTP/1.1 405 Method Not Allowed"
                                                                        : "HTTP/1.1 200 OK";
    EXPECT_EQ(status_line(reply), expected) << head;
    EXPECT_NE(reply.find("Connection: close"), std::string::npos) << head;
  }
}

TEST_F(HostileHttp, EveryAnswerCarriesTheSecurityHeadersAndEveryErrorNoStore) {
  struct Row {
    std::string request;
    int status;
  };
  const std::string host = " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  const std::vector<Row> rows = {
      {"GET /search?q=model" + host, 200},
      {"GET /" + host, 200},
      {"GET /widget.js" + host, 200},
      {"OPTIONS /search" + host, 204},
      {"GET /stories/9-9" + host, 404},
      {"GET /nowhere" + host, 404},
      {"GET /search?bogus=1" + host, 400},
      {"DELETE /search" + host, 405},
      {"TRACE /search" + host, 405},
      {"BREW /coffee HTTP/1.1\r\n\r\n", 400},
      {"GET /healthz HTTP/1.1\r\nRange: bytes=oops\r\n\r\n", 416},
      {"GET /" + std::string(10000, 'a') + host, 414},
      {"GET /healthz HTTP/1.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n", 431},
  };
  for (const Row& row : rows) {
    const std::string what = row.request.substr(0, 40);
    const Answer answer = raw_request(port(), row.request);
    EXPECT_EQ(answer.status, row.status) << what << ": " << answer.body;
    EXPECT_EQ(answer.header("X-Content-Type-Options"), "nosniff") << what;
    EXPECT_EQ(answer.header("Referrer-Policy"), "strict-origin-when-cross-origin") << what;
    if (row.status >= 400) {
      EXPECT_EQ(answer.header("Cache-Control"), "no-store") << what;
    }
  }
  // The search page keeps its own policy: its scripts, styles and API only.
  const Answer page = http_get(port(), "/");
  EXPECT_EQ(page.header("Content-Security-Policy"),
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
}

}  // namespace
}  // namespace scatter::test
