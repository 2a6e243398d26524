// End to end under concurrent use, each test bounded in requests and time:
// queries keep being answered while the indexer commits, idle keep-alive
// connections do not lock out a new client, and SIGTERM lets the requests in
// flight finish. The real indexer and searchd on loopback.
#include "searchd_client.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace scatter::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Records what went wrong from several threads; keeps the first few messages.
class Failures {
 public:
  void add(const std::string& what) {
    const std::lock_guard lock(mutex_);
    if (++count_ <= 5) messages_ += "\n  " + what;
  }
  int count() const {
    const std::lock_guard lock(mutex_);
    return count_;
  }
  std::string messages() const {
    const std::lock_guard lock(mutex_);
    return messages_;
  }

 private:
  mutable std::mutex mutex_;
  int count_ = 0;
  std::string messages_;
};

// A synthetic issue whose one story carries `word`, as JSON Lines.
std::string synthetic_issue(int issue, const std::string& word) {
  return json{{"issue", issue},
              {"story", 1},
              {"date", "2026-03-0" + std::to_string(issue % 9 + 1)},
              {"newsletter", "SYNTHETIC TEST DATA (not news)"},
              {"title", "Synthetic reload story " + word},
              {"paragraphs", {"Synthetic text with the word " + word + " in it, and Sora."}}}
             .dump() +
         "\n";
}

TEST(SearchdUnderLoad, QueriesKeepBeingAnsweredWhileTheIndexerCommits) {
  TempDir dir;
  std::filesystem::copy(data_dir(), dir / "archive", std::filesystem::copy_options::recursive);
  index_with_binary(dir / "archive", dir / "index");
  RunningSearchd server(dir / "index", {"--access-log", "off"});
  const std::vector<std::string> words = {"quillonfirst", "quillonsecond", "quillonthird"};

  constexpr int kClients = 4;
  constexpr int kMaxRequestsPerClient = 20000;  // a bound should the stop flag never come
  std::atomic<bool> stop = false;
  std::atomic<int> answered = 0;
  Failures failures;
  // std::jthread: joined when they go, also when a step below throws (a plain
  // std::thread would end the program with std::terminate and hide the error).
  std::vector<std::jthread> clients;
  // Declared after the clients, so it goes first: it stops them before they are joined.
  struct StopOnExit {
    std::atomic<bool>& stop;
    ~StopOnExit() { stop = true; }
  } stop_on_exit{stop};
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      HttpClient client(server.port(), {.keep_alive = true});
      const std::vector<std::string> paths = {"/search?q=sora", "/search?q=" + words[c % 3],
                                              "/search?facets=company,month&per_page=1", "/issues/3",
                                              "/trends?interval=week", "/suggest?q=quil"};
      for (int i = 0; i < kMaxRequestsPerClient && !stop; ++i) {
        const std::string& path = paths[static_cast<std::size_t>(i + c) % paths.size()];
        std::string error;
        const auto res = client.get(path, &error);
        if (!res) {
          failures.add(path + ": no answer (" + error + ")");
          continue;
        }
        if (res->status != 200) failures.add(path + ": " + std::to_string(res->status) + " " + res->body);
        else if (!json::accept(res->body)) failures.add(path + ": not JSON: " + res->body.substr(0, 200));
        ++answered;
      }
    });
  }

  for (std::size_t round = 0; round < words.size(); ++round) {
    const int issue = 130 + static_cast<int>(round);
    write_file(dir / "archive" / ("synthetic-reload-" + std::to_string(issue) + ".jsonl"),
               synthetic_issue(issue, words[round]));
    index_with_binary(dir / "archive", dir / "index");
    const std::string path = "/search?q=" + words[round];
    const std::string id = std::to_string(issue) + "-1";
    std::string last;
    const auto found = wait_until(2s, [&] {
      last = http_get(server.port(), path).body;
      const json body = json::parse(last, nullptr, false);
      return !body.is_discarded() && body.contains("results") && !body["results"].empty() &&
             body["results"][0].value("id", "") == id;
    });
    EXPECT_TRUE(found) << "story " << id << " not found 2 s after the indexer finished; last answer: " << last;
  }
  stop = true;
  for (std::jthread& client : clients) client.join();

  EXPECT_EQ(failures.count(), 0) << failures.count() << " failed requests of " << answered + failures.count() << ":"
                                 << failures.messages();
  EXPECT_GT(answered, kClients) << "the clients did not run alongside the indexer";
  EXPECT_EQ(http_get(server.port(), "/readyz").json().at("stories"), 5 + static_cast<int>(words.size()));
}

TEST(SearchdUnderLoad, IdleKeepAliveConnectionsDoNotLockOutANewClient) {
  TempDir dir;
  index_with_binary(data_dir(), dir / "index");
  RunningSearchd server(dir / "index", {"--access-log", "off"});
  constexpr int kIdle = 200;
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < kIdle; ++i) {
    // Each is served once, then stays open and silent, as a browser's would.
    idle.push_back(std::make_unique<RawConnection>(server.port()));
    ASSERT_TRUE(idle.back()->send_all("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    const std::string reply = idle.back()->receive(10s, RawConnection::complete_response);
    ASSERT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << "idle connection " << i << " got: " << reply.substr(0, 200);
  }
  for (const std::string path : {"/healthz", "/search?q=sora"}) {
    const auto start = Clock::now();
    const Answer answer = http_get(server.port(), path);
    const auto took = Clock::now() - start;
    EXPECT_EQ(answer.status, 200) << path;
    EXPECT_LT(took, 1s) << path << " took "
                        << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms with "
                        << kIdle << " idle connections open";
  }
}

TEST(SearchdUnderLoad, SigtermLetsTheRequestsInFlightFinish) {
  TempDir dir;
  // Synthetic stories, one a year from 2004, so that a weekly trend up to the
  // seed issue of 2026 is some 1,130 periods (under the cap of 1,200): a
  // request that takes a while to answer.
  std::string lines;
  const char* companies[] = {"OpenAI", "Google", "Nvidia", "Microsoft", "Anthropic", "Meta"};
  for (int i = 0; i < 22; ++i) {
    lines += json{{"issue", 200 + i},
                  {"story", 1},
                  {"date", std::to_string(2004 + i) + "-06-15"},
                  {"newsletter", "SYNTHETIC TEST DATA (not news)"},
                  {"title", "Synthetic yearly story " + std::to_string(i)},
                  {"paragraphs", {std::string("Synthetic text naming ") + companies[i % 6] + " and " +
                                  companies[(i + 1) % 6] + "."}}}
                 .dump() +
             "\n";
  }
  std::filesystem::copy(data_dir(), dir / "archive", std::filesystem::copy_options::recursive);
  write_file(dir / "archive" / "synthetic-years.jsonl", lines);
  index_with_binary(dir / "archive", dir / "index");
  // One query worker and no cache: the requests queue up behind each other.
  RunningSearchd server(dir / "index", {"--threads", "1", "--cache-entries", "0", "--access-log", "off"});

  // Enough requests to keep the one worker busy for some 400 ms after the first
  // answer, from what one takes here (a sanitizer build is many times slower),
  // so that SIGTERM surely finds requests in flight without the test dragging.
  const auto one_start = Clock::now();
  ASSERT_EQ(http_get(server.port(), "/trends?interval=week&by=company&series=2").status, 200);
  const auto one = std::max(Clock::now() - one_start, Clock::duration(1ms));
  const int requests = static_cast<int>(std::clamp<Clock::rep>(400ms / one, 4, 16));
  std::vector<std::unique_ptr<RawConnection>> connections;
  for (int i = 0; i < requests; ++i) {
    connections.push_back(std::make_unique<RawConnection>(server.port()));
    // Served once first, so that each connection is known to be accepted.
    ASSERT_TRUE(connections.back()->send_all("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    ASSERT_EQ(connections.back()->receive(10s, RawConnection::complete_response).rfind("HTTP/1.1 200", 0), 0u);
  }
  std::atomic<int> done = 0;
  std::vector<std::string> replies(static_cast<std::size_t>(requests));
  std::vector<Clock::time_point> finished(static_cast<std::size_t>(requests));
  std::vector<std::thread> readers;
  for (int i = 0; i < requests; ++i) {
    const std::string request = "GET /trends?interval=week&by=company&series=" + std::to_string(i % 5 + 2) +
                                " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    ASSERT_TRUE(connections[i]->send_all(request));
  }
  for (int i = 0; i < requests; ++i) {
    readers.emplace_back([&, i] {
      replies[i] = connections[i]->receive(20s, RawConnection::complete_response);
      finished[i] = Clock::now();
      // Closed once answered: an idle keep-alive connection would hold up the
      // shutdown for --keep-alive-timeout (httplib waits it out).
      connections[i].reset();
      ++done;
    });
  }
  // Once the first answer is out, the others are queued for the one worker.
  EXPECT_TRUE(wait_until(10s, [&] { return done > 0; }, 1ms)) << "no answer in 10 s";
  const auto signalled = Clock::now();
  const int exit_status = server.stop();  // SIGTERM, then waits for the exit
  for (std::thread& reader : readers) reader.join();

  EXPECT_EQ(exit_status, 0);
  int after_signal = 0;
  for (int i = 0; i < requests; ++i) {
    const std::string& reply = replies[i];
    const auto body_start = reply.find("\r\n\r\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << "request " << i << ": " << reply.substr(0, 300);
    EXPECT_TRUE(RawConnection::complete_response(reply)) << "request " << i << " was cut off after "
                                                         << reply.size() << " bytes";
    EXPECT_TRUE(body_start != std::string::npos && json::accept(reply.substr(body_start + 4))) << "request " << i;
    if (finished[i] > signalled) ++after_signal;
  }
  EXPECT_GT(after_signal, 0) << "every answer came before SIGTERM: nothing was in flight, the test tested nothing";
}

}  // namespace
}  // namespace scatter::test
