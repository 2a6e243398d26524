// End to end: `scatter backup` of an index searchd is serving and an indexer is
// writing, and `scatter restore`, with the real programs. A restored index
// answers as the original did; a backup never holds half of an indexer run.
#include "searchd_client.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <set>
#include <thread>

using nlohmann::json;
using scatter::test::ProcessResult;
using scatter::test::TempDir;

namespace {

ProcessResult scatter_cli(const std::vector<std::string>& args) { return scatter::test::run_program(SCATTER_CLI, args); }

ProcessResult indexer(const std::filesystem::path& archive, const std::filesystem::path& db,
                      const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"--quiet", "--archive", archive.string(), "--db", db.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return scatter::test::run_program(SCATTER_INDEXER, args);
}

// What a reader notices of a search: the stories in order, and the total.
struct Answer {
  std::vector<std::string> ids;
  json total;
  bool operator==(const Answer&) const = default;
};

Answer answer_of(const json& body) {
  Answer answer{.ids = {}, .total = body.at("total")};
  for (const json& hit : body.at("results")) answer.ids.push_back(hit.at("id"));
  return answer;
}

std::ostream& operator<<(std::ostream& out, const Answer& answer) {
  out << answer.total.dump() << " [";
  for (const std::string& id : answer.ids) out << id << " ";
  return out << "]";
}

Answer cli_search(const std::filesystem::path& db, const std::vector<std::string>& query) {
  std::vector<std::string> args = {"search"};
  args.insert(args.end(), query.begin(), query.end());
  for (const char* more : {"--json", "--limit", "50", "--db"}) args.push_back(more);
  args.push_back(db.string());
  const ProcessResult result = scatter_cli(args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.exit_code == 0 ? answer_of(json::parse(result.out)) : Answer{};
}

const std::vector<std::vector<std::string>> kQueries = {
    {"latent attention"}, {"sora"}, {"--company", "OpenAI"}, {"model", "--sort", "newest"},
    {"training OR video"}, {"--topic", "video generation"}, {""}};

json backup(const std::filesystem::path& db, const std::filesystem::path& dir) {
  const ProcessResult result = scatter_cli({"backup", dir.string(), "--db", db.string(), "--json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.exit_code == 0 ? json::parse(result.out) : json::object();
}

TEST(Backup, RestoredWhileServedAnswersAsTheOriginal) {
  TempDir dir;
  const auto db = dir / "index";
  scatter::test::index_with_binary(scatter::test::data_dir(), db);
  std::vector<Answer> before;
  for (const auto& query : kQueries) before.push_back(cli_search(db, query));
  ASSERT_FALSE(before.front().ids.empty());

  scatter::test::RunningSearchd searchd(db);
  scatter::test::wait_until_listening(searchd.port());
  const json summary = backup(db, dir / "backup");
  EXPECT_EQ(summary.value("stories", 0), 5) << summary.dump();
  EXPECT_FALSE(std::filesystem::exists(dir / "backup.partial"));
  // The backup is an index: it answers as the original, searched directly.
  for (std::size_t i = 0; i < kQueries.size(); ++i) {
    EXPECT_EQ(cli_search(dir / "backup", kQueries[i]), before[i]) << "query " << i;
  }

  // The index is lost to another archive; restoring the backup brings it
  // back, and searchd, still running, serves it again without a restart.
  const auto other = dir / "other";
  std::filesystem::create_directories(other);
  scatter::test::write_synthetic_jsonl(other / "stories.jsonl", {.stories = 40});
  ASSERT_EQ(indexer(other, db, {"--rebuild"}).exit_code, 0);
  const auto served = [&] {
    return answer_of(scatter::test::http_get(searchd.port(), "/search?q=latent+attention&per_page=50").json());
  };
  ASSERT_TRUE(scatter::test::wait_until(std::chrono::seconds(10), [&] { return served() != before[0]; }));

  const ProcessResult restored = scatter_cli({"restore", (dir / "backup").string(), "--db", db.string()});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_NE(restored.out.find("5 stories"), std::string::npos) << restored.out;
  EXPECT_TRUE(scatter::test::wait_until(std::chrono::seconds(10), [&] { return served() == before[0]; }))
      << served();
  for (std::size_t i = 0; i < kQueries.size(); ++i) EXPECT_EQ(cli_search(db, kQueries[i]), before[i]) << "query " << i;
  // The backup is left whole, for another restore; the restored index takes updates.
  EXPECT_EQ(cli_search(dir / "backup", kQueries[0]), before[0]);
  const ProcessResult update = indexer(scatter::test::data_dir(), db);
  EXPECT_EQ(update.exit_code, 0) << update.err;
}

// Two archives indexed in turn into two shards, as fast as the indexer goes,
// while backups are taken: each backup holds one archive or the other, whole.
// A shard copied before a run and another after it would mix them.
TEST(Backup, NeverHoldsHalfOfAnIndexerRun) {
  TempDir dir;
  const auto db = dir / "index";
  const std::vector<std::size_t> sizes = {150, 60};
  std::vector<std::filesystem::path> archives;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    archives.push_back(dir / ("archive-" + std::to_string(i)));
    std::filesystem::create_directories(archives.back());
    scatter::test::write_synthetic_jsonl(archives.back() / "stories.jsonl",
                                         {.stories = sizes[i], .seed = static_cast<std::uint32_t>(i + 1)});
  }
  ASSERT_EQ(indexer(archives[0], db, {"--shards", "2"}).exit_code, 0);

  std::atomic<bool> stop = false;
  std::atomic<int> runs = 0;
  std::vector<std::string> failures;
  std::jthread writer([&] {
    for (std::size_t turn = 1; !stop; ++turn) {
      const ProcessResult run = indexer(archives[turn % 2], db);
      if (run.exit_code != 0) failures.push_back(run.err);
      ++runs;
    }
  });
  std::set<std::size_t> seen;
  constexpr int kMaxBackups = 40;
  for (int i = 0; i < kMaxBackups && (i < 8 || runs < 4); ++i) {
    const auto copy = dir / ("backup-" + std::to_string(i));
    const json summary = backup(db, copy);
    const std::size_t stories = summary.value("stories", 0);
    EXPECT_TRUE(stories == sizes[0] || stories == sizes[1]) << "backup " << i << ": " << summary.dump();
    EXPECT_EQ(summary.value("shards", 0), 2);
    // What the backup holds, counted by searching it.
    const ProcessResult count = scatter_cli({"count", "", "--json", "--db", copy.string()});
    EXPECT_EQ(count.exit_code, 0) << count.err;
    if (count.exit_code == 0) {
      EXPECT_EQ(json::parse(count.out).at("total").at("lower_bound"), stories) << count.out;
    }
    seen.insert(stories);
  }
  stop = true;
  writer.join();
  // An indexer that starts while a backup opens the shards waits for it.
  EXPECT_TRUE(failures.empty()) << failures.front();
  EXPECT_GE(runs, 4);
  std::cout << runs << " indexer runs during the backups; backups held " << seen.size() << " different states\n";
}

TEST(Backup, RefusesANonEmptyFolderAndLeavesItAlone) {
  TempDir dir;
  const auto db = dir / "index";
  scatter::test::index_with_binary(scatter::test::data_dir(), db);
  scatter::test::write_file(dir / "taken" / "notes.txt", "mine");
  const ProcessResult result = scatter_cli({"backup", (dir / "taken").string(), "--db", db.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("taken: not empty"), std::string::npos) << result.err;
  EXPECT_EQ(scatter::test::read_file(dir / "taken" / "notes.txt"), "mine");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir / "taken"), {}), 1);
  EXPECT_FALSE(std::filesystem::exists(dir / "taken.partial"));

  // An empty folder is fine, and so is a new one.
  std::filesystem::create_directories(dir / "empty");
  EXPECT_EQ(backup(db, dir / "empty").value("stories", 0), 5);
}

TEST(Backup, RefusesWhatIsNotAnIndex) {
  TempDir dir;
  const auto db = dir / "index";
  scatter::test::index_with_binary(scatter::test::data_dir(), db);
  scatter::test::write_file(dir / "notes" / "a.txt", "not an index");

  ProcessResult result = scatter_cli({"backup", (dir / "copy").string(), "--db", (dir / "nothing").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("nothing: no index here to back up"), std::string::npos) << result.err;
  // A restore over a folder that is not an index would lose it: refused.
  backup(db, dir / "copy");
  result = scatter_cli({"restore", (dir / "copy").string(), "--db", (dir / "notes").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("not a Xapian index"), std::string::npos) << result.err;
  EXPECT_EQ(scatter::test::read_file(dir / "notes" / "a.txt"), "not an index");
  result = scatter_cli({"restore", (dir / "notes").string(), "--db", db.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("notes: a folder that is not a Xapian index"), std::string::npos) << result.err;
  // Backups read files: a server cannot be backed up from afar.
  result = scatter_cli({"backup", (dir / "far").string(), "--server", "http://127.0.0.1:9"});
  EXPECT_EQ(result.exit_code, 64);
  EXPECT_NE(result.err.find("--server"), std::string::npos) << result.err;
}

}  // namespace
