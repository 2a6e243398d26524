// End to end: a full disk and a damaged index, met by the real indexer,
// searchd and scatter. The full disk is a small tmpfs mounted for the test and
// filled (skipped, saying why, where mounting is not allowed); the damage is
// bytes flipped in a Xapian table, at places Xapian notices. No fault may
// crash a program or lose a story already served.
#include "searchd_client.h"
#include "test_support.h"

#include "schema/schema.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <sys/mount.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>

namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using scatter::test::damage_every_glass_block;
using scatter::test::damage_glass_block;
using scatter::test::data_dir;
using scatter::test::http_get;
using scatter::test::index_with_binary;
using scatter::test::ProcessResult;
using scatter::test::read_file;
using scatter::test::run_program;
using scatter::test::RunningSearchd;
using scatter::test::TempDir;
using scatter::test::wait_until;

// The seed index takes about 150 KiB, a fresh build as much again beside it;
// 200 more stories take a few MiB while they are written.
constexpr std::uintmax_t kSmallFilesystemBytes = 8 * 1024 * 1024;
// What filling leaves free: less than any run that writes the seed index needs.
constexpr std::uintmax_t kLeftFree = 16 * 1024;

constexpr const char* kQuery = "/search?q=latent+attention";
constexpr const char* kFirstStory = "3-1";  // what kQuery finds first in the seed archive

// A tmpfs of `bytes` mounted on a fresh folder, unmounted when the object dies
// (lazily: a program still holding a file there cannot keep it mounted).
class SmallFilesystem {
 public:
  explicit SmallFilesystem(std::uintmax_t bytes) {
    std::filesystem::create_directories(path());
    const std::string options = "size=" + std::to_string(bytes);
    if (::mount("tmpfs", path().c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0) {
      mounted_ = true;
    } else {
      why_not_ = "cannot mount a " + std::to_string(bytes / 1024) + " KiB tmpfs to fill (" + std::strerror(errno) +
                 "; mounting needs root or CAP_SYS_ADMIN, which this sandbox does not give)";
    }
  }
  ~SmallFilesystem() {
    if (mounted_) ::umount2(path().c_str(), MNT_DETACH);
  }
  SmallFilesystem(const SmallFilesystem&) = delete;
  SmallFilesystem& operator=(const SmallFilesystem&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& why_not() const { return why_not_; }
  std::filesystem::path path() const { return dir_ / "fs"; }

  // Writes one file of zeros until only `left` bytes stay free.
  void fill_leaving(std::uintmax_t left) const {
    const std::uintmax_t available = std::filesystem::space(path()).available;
    ASSERT_GT(available, left);
    std::ofstream filler(path() / "filler", std::ios::binary);
    const std::string chunk(64 * 1024, '\0');
    for (std::uintmax_t remaining = available - left; remaining > 0;) {
      const std::uintmax_t n = std::min<std::uintmax_t>(remaining, chunk.size());
      filler.write(chunk.data(), static_cast<std::streamsize>(n));
      remaining -= n;
    }
    filler.close();
    ASSERT_TRUE(filler) << "the filler did not fit";
  }

 private:
  TempDir dir_;  // destroyed after the unmount
  bool mounted_ = false;
  std::string why_not_;
};

// The ids of the stories searchd finds at `path`, in its order.
std::vector<std::string> result_ids(int port, const std::string& path) {
  const scatter::test::Answer answer = http_get(port, path);
  EXPECT_EQ(answer.status, 200) << path << ": " << answer.body;
  std::vector<std::string> ids;
  if (answer.status != 200) return ids;
  const json body = answer.json();
  for (const json& hit : body.at("results")) ids.push_back(hit.at("id").get<std::string>());
  return ids;
}

// Xapian's own checker (Debian's xapian-tools), where it is installed.
std::optional<ProcessResult> xapian_check(const std::filesystem::path& db) {
  for (const char* folder : {"/usr/bin", "/usr/local/bin"}) {
    const std::filesystem::path program = std::filesystem::path(folder) / "xapian-check";
    if (std::filesystem::exists(program)) return run_program(program.string(), {db.string()});
  }
  return std::nullopt;
}

std::vector<std::string> indexer_args(const std::filesystem::path& archive, const std::filesystem::path& db,
                                      const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args{"--archive", archive.string(), "--db", db.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// The index at `db` after a failed run: a running searchd answers as before,
// a new reader opens it and finds the same story, and Xapian finds it whole.
void expect_still_served(const RunningSearchd& server, const std::filesystem::path& db,
                         const std::vector<std::string>& before) {
  EXPECT_EQ(result_ids(server.port(), kQuery), before);
  EXPECT_EQ(http_get(server.port(), "/readyz").status, 200);
  const ProcessResult cli = run_program(SCATTER_CLI, {"search", "latent attention", "--db", db.string(), "--json"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(json::parse(cli.out).at("results").at(0).at("id"), kFirstStory);
  if (const auto check = xapian_check(db)) {
    EXPECT_EQ(check->exit_code, 0) << check->out << check->err;
    EXPECT_NE(check->out.find("No errors found"), std::string::npos) << check->out;
  }
}

void expect_damage_named(const std::string& message, const std::filesystem::path& db) {
  EXPECT_NE(message.find(db.string() + ": the index is damaged ("), std::string::npos) << message;
  EXPECT_NE(message.find("indexer --rebuild"), std::string::npos) << message;
}

// `indexer --rebuild` of the damaged index at `db`: the running searchd notices
// the swap, is ready again, and finds `first` first for `path`; it never crashed.
void expect_served_once_rebuilt(RunningSearchd& server, const std::filesystem::path& db, const std::string& path,
                                const std::string& first) {
  const ProcessResult rebuild = run_program(SCATTER_INDEXER, indexer_args(data_dir(), db, {"--rebuild"}));
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  EXPECT_TRUE(wait_until(5s, [&] { return http_get(server.port(), "/readyz").status == 200; }));
  const std::vector<std::string> ids = result_ids(server.port(), path);
  ASSERT_FALSE(ids.empty()) << path;
  EXPECT_EQ(ids.front(), first) << path;
  EXPECT_EQ(server.stop(), 0) << "searchd's exit status";
}

TEST(FullDisk, RebuildFailsNamingTheIndexWhichStaysWholeAndServed) {
  SmallFilesystem fs(kSmallFilesystemBytes);
  if (!fs.mounted()) GTEST_SKIP() << fs.why_not();
  const std::filesystem::path db = fs.path() / "index";
  index_with_binary(data_dir(), db);
  RunningSearchd server(db);
  const std::vector<std::string> before = result_ids(server.port(), kQuery);
  ASSERT_FALSE(before.empty());
  ASSERT_EQ(before.front(), kFirstStory);
  fs.fill_leaving(kLeftFree);

  const ProcessResult run = run_program(SCATTER_INDEXER, indexer_args(data_dir(), db, {"--rebuild"}));

  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("No space left on device"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("; " + db.string() + " is as it was"), std::string::npos) << run.err;
  // The half-built index gave its space back at once.
  EXPECT_FALSE(std::filesystem::exists(fs.path() / "index.building"));
  EXPECT_GE(std::filesystem::space(fs.path()).available, kLeftFree);
  expect_still_served(server, db, before);
  EXPECT_EQ(server.stop(), 0);
}

// Xapian writes blocks while it adds, not only when it commits: the disk fills
// at an add or at the commit, depending on the space left, and either way the
// transaction is dropped.
TEST(FullDisk, IncrementalRunFailsPartWayAndTheIndexKeepsItsRevision) {
  SmallFilesystem fs(kSmallFilesystemBytes);
  if (!fs.mounted()) GTEST_SKIP() << fs.why_not();
  const TempDir dir;
  const std::filesystem::path archive = dir / "archive";
  std::filesystem::copy(data_dir(), archive, std::filesystem::copy_options::recursive);
  const std::filesystem::path db = fs.path() / "index";
  index_with_binary(archive, db);
  RunningSearchd server(db);
  const std::vector<std::string> before = result_ids(server.port(), kQuery);
  ASSERT_FALSE(before.empty());
  // 200 SYNTHETIC stories: far more than the space left.
  const std::vector<std::string> added =
      scatter::test::write_synthetic_jsonl(archive / "synthetic.jsonl", {.stories = 200});
  fs.fill_leaving(kLeftFree);

  const ProcessResult run = run_program(SCATTER_INDEXER, indexer_args(archive, db));

  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(run.err.rfind("indexer: " + db.string() + ": ", 0), 0u) << run.err;
  EXPECT_NE(run.err.find("No space left on device"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("; the database keeps its last committed revision"), std::string::npos) << run.err;
  expect_still_served(server, db, before);
  EXPECT_EQ(http_get(server.port(), "/stories/" + added.front()).status, 404);

  // Once there is room, the next run does the work.
  std::filesystem::remove(fs.path() / "filler");
  const ProcessResult again = run_program(SCATTER_INDEXER, indexer_args(archive, db));
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(wait_until(5s, [&] { return http_get(server.port(), "/stories/" + added.front()).status == 200; }));
  EXPECT_EQ(server.stop(), 0);
}

TEST(DamagedIndex, SearchdStartsNamingTheDamageAnswers503AndServesAgainOnceRebuilt) {
  const TempDir dir;
  const std::filesystem::path db = dir / "index";
  index_with_binary(data_dir(), db);
  damage_every_glass_block(db / "termlist.glass");
  RunningSearchd server(db, {}, {}, dir / "searchd.err");

  for (const char* path : {"/readyz", "/search?q=sora", "/stories/3-2"}) {
    const scatter::test::Answer answer = http_get(server.port(), path);
    EXPECT_EQ(answer.status, 503) << path;
    EXPECT_EQ(answer.json().at("error").at("code"), "index_damaged") << path << ": " << answer.body;
    EXPECT_EQ(answer.header("Cache-Control"), "no-store") << path;
  }
  EXPECT_EQ(http_get(server.port(), "/healthz").status, 200);
  const std::string told = read_file(dir / "searchd.err");
  expect_damage_named(told, db);
  EXPECT_NE(told.find("DatabaseCorruptError"), std::string::npos) << told;
  if (const auto check = xapian_check(db)) {
    EXPECT_NE(check->exit_code, 0) << "xapian-check found no damage";
  }

  expect_served_once_rebuilt(server, db, kQuery, kFirstStory);
}

TEST(DamagedIndex, RunningSearchdAnswersWhatItCanOr503sAndNeverCrashes) {
  const TempDir dir;
  const std::filesystem::path db = dir / "index";
  index_with_binary(data_dir(), db);
  RunningSearchd server(db, {}, {}, dir / "searchd.err");
  const std::vector<std::string> before = result_ids(server.port(), kQuery);
  ASSERT_FALSE(before.empty());

  // Damaged under it, in place, as a failing disk would.
  damage_every_glass_block(db / "postlist.glass");

  EXPECT_TRUE(wait_until(5s, [&] { return http_get(server.port(), "/readyz").status == 503; }));
  const scatter::test::Answer ready = http_get(server.port(), "/readyz");
  EXPECT_EQ(ready.json().at("error").at("code"), "index_damaged") << ready.body;
  // Each answer is what it was (a cached page is still right) or a JSON 503.
  for (const char* path : {kQuery, "/search?q=gemini", "/search?q=sora&facets=company", "/stories/3-4",
                           "/trends?q=model", "/suggest?q=ope", "/related/3-1", "/issues/3"}) {
    const scatter::test::Answer answer = http_get(server.port(), path);
    ASSERT_TRUE(answer.status == 200 || answer.status == 503) << path << ": " << answer.status;
    if (answer.status == 503) {
      EXPECT_EQ(answer.json().at("error").at("code"), "index_damaged") << path;
    } else if (path == std::string(kQuery)) {
      EXPECT_EQ(result_ids(server.port(), path), before);
    }
  }
  EXPECT_EQ(http_get(server.port(), "/search?q=gemini+workspace").status, 503);
  expect_damage_named(read_file(dir / "searchd.err"), db);

  expect_served_once_rebuilt(server, db, "/search?q=gemini+workspace", "3-4");
}

TEST(DamagedIndex, IndexerRefusesItSayingToRebuildAndRebuildRecoversIt) {
  const TempDir dir;
  const std::filesystem::path db = dir / "index";
  index_with_binary(data_dir(), db);
  damage_every_glass_block(db / "termlist.glass");

  const ProcessResult refused = run_program(SCATTER_INDEXER, indexer_args(data_dir(), db));
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  expect_damage_named(refused.err, db);

  const ProcessResult rebuilt = run_program(SCATTER_INDEXER, indexer_args(data_dir(), db, {"--rebuild"}));
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  const ProcessResult cli = run_program(SCATTER_CLI, {"search", "latent attention", "--db", db.string(), "--json"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(json::parse(cli.out).at("results").at(0).at("id"), kFirstStory);
  if (const auto check = xapian_check(db)) {
    EXPECT_EQ(check->exit_code, 0) << check->out;
  }
}

// Bytes in the directory of item offsets of the position table's first block:
// searches read on, but Xapian 1.4 crashed writing onto them (a heap error,
// "munmap_chunk(): invalid pointer"). Its check finds them before anything is written.
TEST(DamagedIndex, IndexerRefusesDamageOnlyXapiansCheckFindsInsteadOfCrashing) {
  const TempDir dir;
  const std::filesystem::path archive = dir / "archive";
  std::filesystem::copy(data_dir(), archive, std::filesystem::copy_options::recursive);
  const std::filesystem::path db = dir / "index";
  index_with_binary(archive, db);
  {
    std::fstream positions(db / "position.glass", std::ios::in | std::ios::out | std::ios::binary);
    positions.seekp(100);
    positions.write("\xff\xff\xff\xff", 4);
    ASSERT_TRUE(positions);
  }
  scatter::test::write_synthetic_jsonl(archive / "synthetic.jsonl", {.stories = 3});

  const ProcessResult refused = run_program(SCATTER_INDEXER, indexer_args(archive, db));

  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  expect_damage_named(refused.err, db);
  EXPECT_NE(refused.err.find("Xapian's check"), std::string::npos) << refused.err;
  const ProcessResult rebuilt = run_program(SCATTER_INDEXER, indexer_args(archive, db, {"--rebuild"}));
  EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
}

TEST(DamagedIndex, ScatterNamesTheDamage) {
  const struct {
    const char* table;
    bool every_block;  // else the first block only: a leaf, read at the first lookup rather than at opening
  } rows[] = {{"termlist.glass", true}, {"postlist.glass", false}};
  for (const auto& row : rows) {
    const TempDir dir;
    const std::filesystem::path db = dir / "index";
    index_with_binary(data_dir(), db);
    if (row.every_block) damage_every_glass_block(db / row.table);
    else damage_glass_block(db / row.table, 0);

    const ProcessResult cli = run_program(SCATTER_CLI, {"search", "sora", "--db", db.string()});

    EXPECT_EQ(cli.exit_code, 1) << row.table << ": " << cli.err;
    EXPECT_EQ(cli.err.rfind("scatter search: ", 0), 0u) << row.table << ": " << cli.err;
    expect_damage_named(cli.err, db);
  }
}

// The companies, topics and synonyms travel in the index as text the indexer
// wrote: one that does not parse is damage too, not a crash at startup.
TEST(DamagedIndex, AStoredTableThatDoesNotParseIsNamedDamage) {
  const TempDir dir;
  const std::filesystem::path db = dir / "index";
  index_with_binary(data_dir(), db);
  {
    Xapian::WritableDatabase writable(db.string(), Xapian::DB_OPEN);
    writable.set_metadata(std::string(scatter::schema::kCompaniesKey), R"({"companies": [{"name": )");
    writable.commit();
  }

  RunningSearchd server(db, {}, {}, dir / "searchd.err");
  const scatter::test::Answer ready = http_get(server.port(), "/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(ready.json().at("error").at("code"), "index_damaged") << ready.body;
  const std::string told = read_file(dir / "searchd.err");
  expect_damage_named(told, db);
  EXPECT_NE(told.find("metadata:companies"), std::string::npos) << told;
  EXPECT_EQ(server.stop(), 0);

  const ProcessResult cli = run_program(SCATTER_CLI, {"show", "3-1", "--db", db.string()});
  EXPECT_EQ(cli.exit_code, 1) << cli.err;
  expect_damage_named(cli.err, db);
}

}  // namespace
