// Remote shards end to end, on loopback: a SYNTHETIC archive indexed as one
// database and as 2 shards, each shard served by 2 real scatter-shardd
// replicas (copies of its folder). The engine reading the replicas over
// Xapian's remote protocol answers as the one database does: the 200 probes,
// pages, sorts, collapsed issues, facets, trends, stories, issues, related
// stories, completions and the relevance suite's judged queries. Then searchd
// in front of them, as replicas die and stall: one replica killed under 10 s
// of requests fails none; a shard with no replica left gives partial answers
// that name it and no 5xx, and full ones within 5 s of a replica's return; a
// stopped replica costs the shard timeout, not Xapian's 10 s.
#include "engine_comparison.h"
#include "searchd_client.h"
#include "synthetic_corpus.h"
#include "test_support.h"

#include "engine/search_engine.h"
#include "index/database_layout.h"
#include "index/indexing.h"
#include "shards/remote_shards.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace scatter {
namespace {

using namespace std::chrono_literals;


// `root` and every process it forked (scatter-shardd serves each connection
// in a child): what dies when a replica's host does.
void signal_tree(pid_t root, int signal) {
  std::vector<pid_t> tree{root};
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    char state = 0;
    int parent = 0;
    std::istringstream rest(line.substr(close + 1));
    rest >> state >> parent;
    if (parent == root) tree.push_back(static_cast<pid_t>(std::stoi(name)));
  }
  for (const pid_t pid : tree) kill(pid, signal);
}

// One scatter-shardd serving a copy of a shard folder on its own port.
class Replica {
 public:
  Replica(std::filesystem::path shard, unsigned port, std::vector<std::string> options = {})
      : shard_(std::move(shard)), port_(port), options_(std::move(options)) {
    start();
  }
  ~Replica() { stop(); }
  void start() {
    std::vector<std::string> args{"--db", shard_.string(), "--listen", "127.0.0.1:" + std::to_string(port_)};
    args.insert(args.end(), options_.begin(), options_.end());
    server_ = std::make_unique<test::BackgroundProgram>(SCATTER_SHARDD, args);
    for (int attempt = 0;; ++attempt) {
      try {
        Xapian::Remote::open("127.0.0.1", port_, 10000, 10000);
        return;
      } catch (const Xapian::NetworkError&) {
        if (attempt == 200) throw;
        std::this_thread::sleep_for(50ms);
      }
    }
  }
  void stop() {
    if (!server_) return;
    signal_tree(server_->pid(), SIGKILL);
    server_->wait();
    server_.reset();
  }
  void pause() { signal_tree(server_->pid(), SIGSTOP); }
  void resume() { signal_tree(server_->pid(), SIGCONT); }
  shards::Endpoint endpoint() const { return {"127.0.0.1", port_}; }
  std::string address() const { return endpoint().text(); }

 private:
  std::filesystem::path shard_;
  unsigned port_;
  std::vector<std::string> options_;  // scatter-shardd's, after --db and --listen
  std::unique_ptr<test::BackgroundProgram> server_;
};

// Shards of `index` (indexed with `shards` shards), each copied `replicas` times
// and served.
class ServedIndex {
 public:
  ServedIndex(const std::filesystem::path& index, std::size_t shards, std::size_t replicas, const std::filesystem::path& copies,
              const std::vector<std::string>& options = {}) {
    const std::vector<std::filesystem::path> folders = shard_paths(index, shards);
    for (std::size_t shard = 0; shard < shards; ++shard) {
      replicas_.emplace_back();
      for (std::size_t replica = 0; replica < replicas; ++replica) {
        const std::filesystem::path copy = copies / ("replica-" + std::to_string(replica)) / ("shard-" + std::to_string(shard));
        std::filesystem::create_directories(copy.parent_path());
        std::filesystem::copy(folders[shard], copy, std::filesystem::copy_options::recursive);
        replicas_.back().push_back(std::make_unique<Replica>(copy, test::free_loopback_port(), options));
      }
    }
  }
  Replica& replica(std::size_t shard, std::size_t replica) { return *replicas_.at(shard).at(replica); }
  std::vector<std::vector<shards::Endpoint>> endpoints() const {
    std::vector<std::vector<shards::Endpoint>> out;
    for (const auto& shard : replicas_) {
      out.emplace_back();
      for (const auto& replica : shard) out.back().push_back(replica->endpoint());
    }
    return out;
  }
  // searchd's flags: --remote-shard a,b per shard.
  std::vector<std::string> flags() const {
    std::vector<std::string> out;
    for (const auto& shard : replicas_) {
      std::string list;
      for (const auto& replica : shard) list += (list.empty() ? "" : ",") + replica->address();
      out.insert(out.end(), {"--remote-shard", list});
    }
    return out;
  }

 private:
  std::vector<std::vector<std::unique_ptr<Replica>>> replicas_;
};

std::shared_ptr<shards::RemoteShards> remote(const ServedIndex& served, std::chrono::milliseconds timeout = 5000ms) {
  return std::make_shared<shards::RemoteShards>(served.endpoints(), shards::RemoteShards::Settings{.timeout = timeout});
}

class RemoteShardsAnswer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    test::write_synthetic_tables(*dir_ / "synthetic");
    test::write_synthetic_archive(*dir_ / "synthetic", 7, test::kIssues);
    for (const std::size_t shards : {1, 2}) {
      ASSERT_EQ(index_archive({.archive = *dir_ / "synthetic", .db = synthetic(shards), .shards = shards}).stories,
                static_cast<std::size_t>(test::kIssues * test::kStoriesPerIssue));
      ASSERT_EQ(index_archive({.archive = test::data_dir(), .db = seed(shards), .shards = shards}).stories, 5u);
    }
    synthetic_served_ = new ServedIndex(synthetic(2), 2, 2, *dir_ / "synthetic-copies");
    seed_served_ = new ServedIndex(seed(2), 2, 1, *dir_ / "seed-copies");
  }
  static void TearDownTestSuite() {
    delete synthetic_served_;
    delete seed_served_;
    delete dir_;
    synthetic_served_ = seed_served_ = nullptr;
    dir_ = nullptr;
  }
  static std::filesystem::path synthetic(std::size_t shards) { return *dir_ / ("synthetic-" + std::to_string(shards)); }
  static std::filesystem::path seed(std::size_t shards) { return *dir_ / ("seed-" + std::to_string(shards)); }
  static inline test::TempDir* dir_ = nullptr;
  static inline ServedIndex* synthetic_served_ = nullptr;
  static inline ServedIndex* seed_served_ = nullptr;
};

// Story threads read term lists, term frequencies and matching terms: over the
// network, they must be those of one database. The SYNTHETIC threads fixture
// has threads to compare (the pseudo-word archive above has none).
TEST(RemoteShardThreads, AreThoseOfOneDatabase) {
  test::TempDir dir;
  const auto fixture = test::source_dir() / "tests" / "fixtures" / "threads";
  for (const std::size_t shards : {1, 2}) {
    const IndexSummary summary = index_archive({.archive = fixture,
                                                .db = dir / ("threads-" + std::to_string(shards)),
                                                .companies = test::data_dir() / "companies.json",
                                                .shards = shards});
    ASSERT_EQ(summary.stories, 40u) << test::all_warnings(summary.warnings);
  }
  ServedIndex served_index(dir / "threads-2", 2, 1, dir / "copies");
  SearchEngine one(dir / "threads-1");
  SearchEngine served(dir / "threads-2", remote(served_index));
  std::size_t links = 0;
  for (int issue = 201; issue <= 208; ++issue) {
    for (int story = 1; story <= 5; ++story) {
      const std::string id = std::to_string(issue) + "-" + std::to_string(story);
      const auto a = one.thread(id), b = served.thread(id);
      ASSERT_TRUE(a && b) << id;
      for (const auto side : {&StoryThread::earlier, &StoryThread::later}) {
        const std::vector<ThreadLink>& from_one = (*a).*side;
        const std::vector<ThreadLink>& from_served = (*b).*side;
        ASSERT_EQ(from_one.size(), from_served.size()) << id;
        links += from_one.size();
        for (std::size_t i = 0; i < from_one.size(); ++i) {
          EXPECT_EQ(from_one[i].record.story.id, from_served[i].record.story.id) << id << " at " << i;
          EXPECT_EQ(from_one[i].reason, from_served[i].reason) << id << " at " << i;
          EXPECT_DOUBLE_EQ(from_one[i].score, from_served[i].score) << id << " at " << i;
        }
      }
    }
  }
  EXPECT_GE(links, 30u) << "the fixture's threads were found";
}

TEST_F(RemoteShardsAnswer, TwoHundredProbesRankAsOneDatabaseWithFacets) {
  SearchEngine one(synthetic(1));
  SearchEngine served(synthetic(2), remote(*synthetic_served_));
  EXPECT_EQ(served.story_count(), one.story_count());
  for (const SearchRequest& request : test::probe_requests()) {
    test::expect_same_search(one, served, request, "2 remote shards");
  }
  for (const char* q : {"ledger", "robot forecast", "\"copper signal\""}) {
    test::expect_same_search(one, served, {.q = q, .recency_half_life_days = 90}, "2 remote shards, recency");
  }
  EXPECT_TRUE(served.missing_shards().empty());
}

TEST_F(RemoteShardsAnswer, PagesSortsAndCollapsedIssuesAreThoseOfOneDatabase) {
  SearchEngine one(synthetic(1));
  SearchEngine served(synthetic(2), remote(*synthetic_served_));
  const std::vector<SearchRequest> probes = test::probe_requests();
  for (std::size_t i = 0; i < probes.size(); i += 9) {
    for (int page = 1; page <= 2; ++page) {
      SearchRequest request = probes[i];
      request.page = page;
      request.collapse_by_issue = true;
      test::expect_same_search(one, served, request, "remote, one per issue, page " + std::to_string(page));
      request.collapse_by_issue = false;
      for (const SortOrder sort : {SortOrder::kNewest, SortOrder::kOldest}) {
        request.sort = sort;
        test::expect_same_search(one, served, request, "remote, by date, page " + std::to_string(page));
      }
    }
  }
}

// Each shard's server keeps its own first page after the cursor (a match spy
// sent over Xapian's protocol) and the front merges them.
TEST_F(RemoteShardsAnswer, CursorPagesAndExportsAreThoseOfOneDatabase) {
  SearchEngine one(synthetic(1));
  SearchEngine served(synthetic(2), remote(*synthetic_served_));
  const std::vector<SearchRequest> probes = test::probe_requests();
  for (std::size_t i = 0; i < probes.size(); i += 25) {
    for (const SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewest}) {
      SearchRequest request = probes[i];
      request.facets.clear();
      request.collapse_by_issue = false;
      request.sort = sort;
      request.per_page = 20;
      const SearchResult first = one.search(request);
      if (first.next_after.empty()) continue;
      request.after = first.next_after;
      test::expect_same_search(one, served, request, "remote, after a cursor");
      request.after.clear();
      ResultStream local = one.stream(request);
      ResultStream remote_stream = served.stream(request);
      EXPECT_EQ(remote_stream.total(), local.total()) << test::describe(request);
      for (std::vector<SearchHit> hits = local.next(100); !hits.empty(); hits = local.next(100)) {
        const std::vector<SearchHit> theirs = remote_stream.next(100);
        ASSERT_EQ(theirs.size(), hits.size()) << test::describe(request);
        for (std::size_t h = 0; h < hits.size(); ++h) {
          EXPECT_EQ(theirs[h].record.story.id, hits[h].record.story.id) << test::describe(request);
          EXPECT_DOUBLE_EQ(theirs[h].score, hits[h].score) << test::describe(request);
        }
      }
      EXPECT_TRUE(remote_stream.next(100).empty());
    }
  }
}

TEST_F(RemoteShardsAnswer, TrendsStoriesIssuesRelatedAndCompletionsAreThoseOfOneDatabase) {
  SearchEngine one(synthetic(1));
  SearchEngine served(synthetic(2), remote(*synthetic_served_));
  const std::vector<SearchRequest> requests = test::probe_requests();
  for (std::size_t i = 0; i < requests.size(); i += 10) test::expect_same_trends(one, served, requests[i], "remote");

  for (const std::string id : {"1-1", "77-3", "150-5"}) {
    const auto a = one.story(id), b = served.story(id);
    ASSERT_TRUE(a && b) << id;
    EXPECT_EQ(a->story.title, b->story.title) << id;
    const auto related_a = one.related(id), related_b = served.related(id);
    ASSERT_TRUE(related_a && related_b) << id;
    ASSERT_EQ(related_a->hits.size(), related_b->hits.size()) << id;
    for (std::size_t i = 0; i < related_a->hits.size(); ++i) {
      EXPECT_EQ(related_a->hits[i].record.story.id, related_b->hits[i].record.story.id) << id << " at " << i;
      // Xapian's own BM25 here, not the engine's score grid: equal to the last
      // few bits, summed in another order.
      EXPECT_DOUBLE_EQ(related_a->hits[i].score, related_b->hits[i].score) << id << " at " << i;
    }
  }
  EXPECT_FALSE(served.story("999-1"));
  const auto issue_a = one.issue("42"), issue_b = served.issue("42");
  ASSERT_TRUE(issue_a && issue_b);
  ASSERT_EQ(issue_a->stories.size(), issue_b->stories.size());
  for (std::size_t i = 0; i < issue_a->stories.size(); ++i) EXPECT_EQ(issue_a->stories[i].story.id, issue_b->stories[i].story.id);

  // Completions draw titles and phrases from a sample of stories taken in
  // document order, which is the layout's: the same shards read locally.
  SearchEngine local_shards(synthetic(2));
  for (const std::string typed : {"rob", "synthetic fo", "Quill", "company:Zeph", "harbo"}) {
    const auto a = local_shards.suggest(typed), b = served.suggest(typed);
    ASSERT_EQ(a.size(), b.size()) << typed;
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].text, b[i].text) << typed << " at " << i;
  }
}

TEST_F(RemoteShardsAnswer, TheRelevanceSuitesQueriesRankAsOneDatabase) {
  SearchEngine one(seed(1));
  SearchEngine served(seed(2), remote(*seed_served_));
  const std::vector<SearchRequest> requests = test::judged_requests();
  for (const SearchRequest& request : requests) test::expect_same_search(one, served, request, "2 remote shards");
  EXPECT_GT(requests.size(), 100u);
}

TEST_F(RemoteShardsAnswer, SpellingComesFromTheFrontsLocalCopy) {
  SearchEngine one(synthetic(1));
  SearchEngine served(synthetic(2), remote(*synthetic_served_));
  const SearchResult a = one.search({.q = "robott"}), b = served.search({.q = "robott"});
  ASSERT_TRUE(a.did_you_mean.has_value());
  EXPECT_EQ(b.did_you_mean, a.did_you_mean);
}

// searchd in front of 2 shards x 2 replicas of its own, which the tests kill,
// stop and bring back.
// A corpus's declared fields over the network: filters and a field's order as
// one database gives them; a declared field's facet is refused, naming facets.
TEST(RemoteShardFields, FilterAndSortAsOneDatabaseAndRefuseTheirFacets) {
  test::TempDir dir;
  const auto fixture = test::source_dir() / "tests" / "fixtures" / "fields";
  for (const std::size_t shards : {1, 2}) {
    ASSERT_EQ(index_archive({.archive = fixture, .db = dir / ("fields-" + std::to_string(shards)), .shards = shards}).stories,
              30u);
  }
  ServedIndex served_index(dir / "fields-2", 2, 1, dir / "copies");
  SearchEngine one(dir / "fields-1");
  SearchEngine served(dir / "fields-2", remote(served_index));
  for (const bool descending : {false, true}) {
    const SearchRequest request{.q = "author:\"Ada Lovelace\" OR words:..400", .per_page = 30, .sort_field = "words",
                                .sort_descending = descending};
    const SearchResult a = one.search(request), b = served.search(request);
    ASSERT_EQ(a.hits.size(), b.hits.size());
    for (std::size_t i = 0; i < a.hits.size(); ++i) EXPECT_EQ(a.hits[i].record.story.id, b.hits[i].record.story.id) << i;
  }
  try {
    served.search({.field_facets = {"author"}});
    ADD_FAILURE() << "a declared field's facet over remote shards was answered";
  } catch (const BadParameter& e) {
    EXPECT_EQ(e.parameter, "facets");
  }
}

class RemoteShardFailover : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_synthetic_tables(dir_ / "synthetic");
    test::write_synthetic_archive(dir_ / "synthetic", 11, 40);
    ASSERT_EQ(index_archive({.archive = dir_ / "synthetic", .db = dir_ / "index", .shards = 2}).stories, 200u);
    served_ = std::make_unique<ServedIndex>(dir_ / "index", 2, 2, dir_ / "copies");
  }
  std::unique_ptr<test::RunningSearchd> front(const std::string& timeout_ms) {
    std::vector<std::string> flags = served_->flags();
    flags.insert(flags.end(), {"--shard-timeout-ms", timeout_ms, "--threads", "2", "--access-log", "off"});
    auto searchd = std::make_unique<test::RunningSearchd>(dir_ / "index", flags);
    test::wait_until_listening(searchd->port());
    return searchd;
  }

  test::TempDir dir_;
  std::unique_ptr<ServedIndex> served_;
};

TEST_F(RemoteShardFailover, KillingOneReplicaUnderTenSecondsOfRequestsFailsNone) {
  const auto searchd = front("500");
  std::atomic<int> answered = 0, failed = 0, partial = 0;
  std::string first_failure;
  std::atomic<bool> done = false;
  std::thread client([&] {
    test::HttpClient http(searchd->port(), {.keep_alive = true});
    for (int i = 0; !done; ++i) {
      const std::string q = test::kWords[static_cast<std::size_t>(i) % test::kWords.size()];
      std::string error;
      const auto answer = http.get("/search?q=" + q + "&facets=company,year", &error);
      if (!answer || answer->status != 200) {
        if (failed++ == 0) first_failure = answer ? answer->body : error;
        continue;
      }
      ++answered;
      if (answer->json().at("partial").get<bool>()) ++partial;
    }
  });
  std::this_thread::sleep_for(2s);
  served_->replica(0, 0).stop();
  served_->replica(1, 1).stop();
  std::this_thread::sleep_for(8s);
  done = true;
  client.join();
  EXPECT_EQ(failed.load(), 0) << first_failure;
  EXPECT_EQ(partial.load(), 0);
  EXPECT_GT(answered.load(), 50);
  // The metrics name the replicas left and count their failovers.
  const std::string metrics = test::http_get(searchd->port(), "/metrics").body;
  EXPECT_NE(metrics.find("searchd_shard_replica_up{shard=\"0\",replica=\"" + served_->replica(0, 0).address() + "\"} 0"),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("searchd_shard_failovers_total{shard=\"0\""), std::string::npos);
}

TEST_F(RemoteShardFailover, AShardWithNoReplicaLeftIsNamedAndComesBackWithinFiveSeconds) {
  const auto searchd = front("500");
  const nlohmann::json whole = test::http_get(searchd->port(), "/search?q=synthetic&facets=year").json();
  EXPECT_FALSE(whole.at("partial").get<bool>());
  EXPECT_EQ(whole.at("total").at("estimate"), 200);

  const Xapian::doccount in_shard_0 = Xapian::Database(shard_paths(dir_ / "index", 2).front().string()).get_doccount();
  served_->replica(1, 0).stop();
  served_->replica(1, 1).stop();
  for (int i = 0; i < 5; ++i) {
    const test::Answer answer = test::http_get(searchd->port(), "/search?q=synthetic&facets=year");
    ASSERT_EQ(answer.status, 200) << answer.body;
    const nlohmann::json body = answer.json();
    EXPECT_TRUE(body.at("partial").get<bool>());
    EXPECT_EQ(body.at("missing_shards"), nlohmann::json::array({1}));
    EXPECT_EQ(body.at("total").at("estimate"), in_shard_0) << "the stories of shard 0";
  }
  const test::Answer trends = test::http_get(searchd->port(), "/trends?q=synthetic");
  ASSERT_EQ(trends.status, 200) << trends.body;
  EXPECT_EQ(trends.json().at("missing_shards"), nlohmann::json::array({1}));
  const test::Answer ready = test::http_get(searchd->port(), "/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(ready.json().at("missing_shards"), nlohmann::json::array({1}));

  served_->replica(1, 1).start();
  const auto back = test::wait_until(5s, [&] {
    const nlohmann::json body = test::http_get(searchd->port(), "/search?q=synthetic").json();
    return !body.at("partial").get<bool>() && body.at("total").at("estimate") == 200;
  });
  EXPECT_TRUE(back.has_value()) << "no full answer within 5 s of a replica's return";

  // No shard at all: not ready, and searches say why with a 503.
  for (std::size_t shard = 0; shard < 2; ++shard) {
    for (std::size_t replica = 0; replica < 2; ++replica) served_->replica(shard, replica).stop();
  }
  const test::Answer none = test::http_get(searchd->port(), "/readyz");
  EXPECT_EQ(none.status, 503) << none.body;
  const test::Answer search = test::http_get(searchd->port(), "/search?q=synthetic");
  EXPECT_EQ(search.status, 503) << search.body;
  EXPECT_NE(search.body.find("shards_unavailable"), std::string::npos) << search.body;
  EXPECT_EQ(search.header("Retry-After"), "1");
}

TEST_F(RemoteShardFailover, AStoppedReplicaCostsTheShardTimeoutNotTenSeconds) {
  const auto searchd = front("300");
  ASSERT_EQ(test::http_get(searchd->port(), "/search?q=robot").status, 200);
  served_->replica(0, 0).pause();
  served_->replica(0, 1).pause();
  served_->replica(0, 0).resume();  // one of the two stays stopped
  std::chrono::milliseconds slowest{0};
  for (int i = 0; i < 6; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const test::Answer answer = test::http_get(searchd->port(), "/search?q=robot+" + test::kWords[static_cast<std::size_t>(i)]);
    slowest = std::max(slowest, std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start));
    EXPECT_EQ(answer.status, 200) << answer.body;
    EXPECT_FALSE(answer.json().at("partial").get<bool>()) << answer.body;
  }
  served_->replica(0, 1).resume();
  // One timeout of 300 ms to find the replica stopped, at most twice (its
  // connection, then a retry), and the search itself.
  EXPECT_LT(slowest, 1500ms);
}

TEST_F(RemoteShardFailover, AConnectionTheServerClosedAsIdleIsOpenedAgainWithoutLeavingTheShard) {
  // One replica a shard, which ends a connection idle for 300 ms.
  served_ = std::make_unique<ServedIndex>(dir_ / "index", 2, 1, dir_ / "idle-copies", std::vector<std::string>{"--timeout-ms", "300"});
  const auto searchd = front("500");
  for (int i = 0; i < 3; ++i) {
    const test::Answer answer = test::http_get(searchd->port(), "/search?q=synthetic+" + test::kWords[static_cast<std::size_t>(i)]);
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_FALSE(answer.json().at("partial").get<bool>()) << "after an idle pause: " << answer.body;
    std::this_thread::sleep_for(700ms);
  }
  const std::string metrics = test::http_get(searchd->port(), "/metrics").body;
  EXPECT_EQ(metrics.find("searchd_shard_errors_total{shard=\"0\",replica=\"" + served_->replica(0, 0).address() + "\"} 1"),
            std::string::npos)
      << metrics;
}

TEST(RemoteShardOptions, SearchdRefusesABadShardAddressNamingIt) {
  const test::ProcessResult bad = test::run_program(SCATTER_SEARCHD, {"--db", "x", "--remote-shard", "127.0.0.1:99999"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("--remote-shard"), std::string::npos) << bad.err;
  test::TempDir dir;
  test::write_file(dir / "shards", "# shard 0\n127.0.0.1:7001,127.0.0.1:7002\n\nnot-an-address\n");
  const test::ProcessResult list = test::run_program(SCATTER_SEARCHD, {"--db", "x", "--shard-list", (dir / "shards").string()});
  EXPECT_NE(list.exit_code, 0);
  EXPECT_NE(list.err.find("shards:4"), std::string::npos) << list.err;
}

}  // namespace
}  // namespace scatter
