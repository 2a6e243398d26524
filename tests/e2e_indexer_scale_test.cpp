// End to end at scale: the real indexer over synthetic archives of a few
// thousand stories (test_support's write_synthetic_jsonl), for what only shows
// with a run that takes a while: incremental runs, runs killed half way, readers
// and a second indexer during a run, shards, threads, and what a user sees.
#include "test_support.h"

#include "engine/search_engine.h"
#include "schema/schema.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

using scatter::test::BackgroundProgram;
using scatter::test::ProcessResult;
using scatter::test::SyntheticCorpus;
using scatter::test::TempDir;
using Clock = std::chrono::steady_clock;

namespace {

// Big enough that a run takes a good second (several under ASan), so that a test
// can act while it is going; small enough to keep each test within seconds.
constexpr std::size_t kLargeCorpus = 3000;
// A time limit for waiting on something a run does; far above a normal run.
constexpr std::chrono::seconds kPatience{120};
// When to kill a run: once this much of its index is on disk (Xapian writes a
// batch every 1,000 documents, even inside a transaction) or, should that not
// happen, after a while, a fraction of a run over kLargeCorpus stories.
constexpr std::uintmax_t kWrittenBytes = 512 * 1024;
constexpr std::chrono::milliseconds kAWhile{300};

ProcessResult indexer(const std::vector<std::string>& args) {
  return scatter::test::run_program(SCATTER_INDEXER, args);
}

std::vector<std::string> index_args(const std::filesystem::path& archive, const std::filesystem::path& db,
                                    const std::vector<std::string>& more = {}) {
  std::vector<std::string> args{"--archive", archive.string(), "--db", db.string()};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// Runs the indexer with --stats-json and returns its summary; fails the test on
// an exit status other than `expected_exit`.
nlohmann::json index_stats(const std::filesystem::path& archive, const std::filesystem::path& db,
                           const std::vector<std::string>& more = {}, int expected_exit = 0) {
  std::vector<std::string> args = index_args(archive, db, more);
  args.push_back("--stats-json");
  const ProcessResult result = indexer(args);
  EXPECT_EQ(result.exit_code, expected_exit) << result.err;
  const nlohmann::json stats = nlohmann::json::parse(result.out, nullptr, false);
  EXPECT_TRUE(stats.is_object()) << "stdout: " << result.out << "\nstderr: " << result.err;
  return stats.is_object() ? stats : nlohmann::json::object();
}

// The archive of issue #3 (5 stories, companies.json, topics.json), copied so that
// a test may add synthetic files beside it.
void copy_seed_archive(const std::filesystem::path& to) {
  std::filesystem::copy(scatter::test::data_dir(), to, std::filesystem::copy_options::recursive);
}

std::string body_term(const std::string& word) { return std::string(scatter::schema::kBody.prefix) + word; }

Xapian::doccount term_frequency(const std::filesystem::path& db, const std::string& term) {
  return Xapian::Database(db.string()).get_termfreq(term);
}

std::vector<std::string> ids_of(const scatter::SearchResult& result) {
  std::vector<std::string> ids;
  for (const scatter::SearchHit& hit : result.hits) ids.push_back(hit.record.story.id);
  return ids;
}

// Every story of the index: id -> its document's data (the stored story).
std::map<std::string, std::string> stored_stories(const std::filesystem::path& db) {
  const Xapian::Database database(db.string());
  std::map<std::string, std::string> stories;
  for (auto it = database.postlist_begin(""); it != database.postlist_end(""); ++it) {
    const Xapian::Document doc = database.get_document(*it);
    auto term = doc.termlist_begin();
    term.skip_to(std::string(scatter::schema::kIdPrefix));
    if (term == doc.termlist_end() || !(*term).starts_with(scatter::schema::kIdPrefix)) {
      ADD_FAILURE() << "document " << *it << " has no id term";
      continue;
    }
    stories[(*term).substr(scatter::schema::kIdPrefix.size())] = doc.get_data();
  }
  return stories;
}

// The total size of the files in a folder (0 when it does not exist).
std::uintmax_t folder_bytes(const std::filesystem::path& folder) {
  std::uintmax_t bytes = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder, ec)) {
    if (entry.is_regular_file(ec)) bytes += entry.file_size(ec);
  }
  return bytes;
}

// Waits until `ready()` or until the program exits; true when `ready()` came first.
template <typename Condition>
bool wait_while_running(BackgroundProgram& program, Condition ready) {
  const auto deadline = Clock::now() + kPatience;
  while (Clock::now() < deadline) {
    if (ready()) return true;
    if (!program.running()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

// Rewrites one JSON Lines story: its paragraphs become `paragraphs`.
void rewrite_story(const std::filesystem::path& file, int issue, int story,
                   const std::vector<std::string>& paragraphs) {
  std::istringstream in(scatter::test::read_file(file));
  std::string out;
  bool found = false;
  for (std::string line; std::getline(in, line);) {
    nlohmann::json object = nlohmann::json::parse(line);
    if (object["issue"] == issue && object["story"] == story) {
      object["paragraphs"] = paragraphs;
      found = true;
    }
    out += object.dump() + "\n";
  }
  ASSERT_TRUE(found) << "no story " << issue << "-" << story << " in " << file;
  scatter::test::write_file(file, out);
}

// The rarest word of a story's body in the index (unprefixed, as a user types it).
std::string rarest_body_word(const std::filesystem::path& db, const std::string& id) {
  const Xapian::Database database(db.string());
  const std::string id_term = scatter::schema::id_term(id);
  const Xapian::Document doc = database.get_document(*database.postlist_begin(id_term));
  const std::string prefix = body_term("");
  std::string rarest;
  Xapian::doccount rarest_frequency = database.get_doccount() + 1;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    const std::string term = *it;
    if (!term.starts_with(prefix) || term.size() < prefix.size() + 4) continue;
    if (!std::islower(static_cast<unsigned char>(term[prefix.size()]))) continue;
    if (database.get_termfreq(term) < rarest_frequency) {
      rarest = term.substr(prefix.size());
      rarest_frequency = database.get_termfreq(term);
    }
  }
  return rarest;
}

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// ---------------------------------------------------------------------------

TEST(IndexerScale, IncrementalRunsWriteOnlyWhatChanged) {
  TempDir dir;
  const auto archive = dir / "archive";
  const auto db = dir / "index";
  copy_seed_archive(archive);
  scatter::test::write_synthetic_jsonl(archive / "a.jsonl", {.stories = 500, .seed = 11, .first_issue = 100});

  const nlohmann::json first = index_stats(archive, db);
  EXPECT_EQ(first["stories"], 505);
  EXPECT_EQ(first["added"], 505);
  EXPECT_EQ(first["replaced"], 0);
  EXPECT_EQ(first["unchanged"], 0);
  EXPECT_EQ(first["rebuilt"], false) << "a first run is a build, not a rebuild";
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), 505u);
  const Xapian::rev revision = Xapian::Database(db.string()).get_revision();

  // Unchanged: said so, and the database is not even committed again.
  const ProcessResult again = indexer(index_args(archive, db));
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("505 stories, nothing changed since the last run"), std::string::npos) << again.out;
  EXPECT_EQ(Xapian::Database(db.string()).get_revision(), revision);

  // One story's body edited: exactly that story is written again.
  const std::string old_word = rarest_body_word(db, "100-5");
  ASSERT_TRUE(contains(ids_of(scatter::SearchEngine(db).search({.q = old_word, .per_page = 100})), "100-5"))
      << old_word;
  rewrite_story(archive / "a.jsonl", 100, 5, {"A rewritten synthetic paragraph about zorblewix."});
  const nlohmann::json edited = index_stats(archive, db);
  EXPECT_EQ(edited["replaced"], 1);
  EXPECT_EQ(edited["added"], 0);
  EXPECT_EQ(edited["deleted"], 0);
  EXPECT_EQ(edited["unchanged"], 504);
  EXPECT_EQ(edited["nothing_changed"], false);
  {
    scatter::SearchEngine engine(db);
    EXPECT_EQ(ids_of(engine.search({.q = "zorblewix"})), std::vector<std::string>{"100-5"});
    EXPECT_FALSE(contains(ids_of(engine.search({.q = old_word, .per_page = 100})), "100-5"))
        << "'" << old_word << "' is no longer in the text of 100-5";
    EXPECT_EQ(engine.story_count(), 505u);
  }

  // A new file: its stories are added, the rest left alone.
  scatter::test::write_synthetic_jsonl(archive / "b.jsonl", {.stories = 200, .seed = 12, .first_issue = 300});
  const nlohmann::json added = index_stats(archive, db);
  EXPECT_EQ(added["added"], 200);
  EXPECT_EQ(added["replaced"], 0);
  EXPECT_EQ(added["unchanged"], 505);
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), 705u);

  // A file removed: exactly its stories are deleted.
  std::filesystem::remove(archive / "a.jsonl");
  const nlohmann::json removed = index_stats(archive, db);
  EXPECT_EQ(removed["deleted"], 500);
  EXPECT_EQ(removed["added"], 0);
  EXPECT_EQ(removed["replaced"], 0);
  EXPECT_EQ(removed["unchanged"], 205);
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), 205u);
  EXPECT_FALSE(scatter::SearchEngine(db).story("100-5").has_value());

  // --rebuild writes everything afresh.
  const nlohmann::json rebuilt = index_stats(archive, db, {"--rebuild"});
  EXPECT_EQ(rebuilt["rebuilt"], true);
  EXPECT_EQ(rebuilt["added"], 205);
  EXPECT_EQ(rebuilt["stories"], 205);
  EXPECT_EQ(rebuilt["unchanged"], 0);
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), 205u);
}

TEST(IndexerScale, AnUnchangedRunStillCountsTheArchive) {
  TempDir dir;
  const auto archive = dir / "archive";
  const auto db = dir / "index";
  scatter::test::write_synthetic_jsonl(archive / "synthetic.jsonl", {.stories = 300, .seed = 13});
  const nlohmann::json first = index_stats(archive, db);
  ASSERT_EQ(first["issues"], 30);
  const nlohmann::json again = index_stats(archive, db);
  EXPECT_EQ(again["nothing_changed"], true);
  EXPECT_EQ(again["files"], 1);
  EXPECT_EQ(again["stories"], 300);
  EXPECT_EQ(again["unchanged"], 300);
  EXPECT_EQ(again["added"], 0);
  EXPECT_EQ(again["replaced"], 0);
  EXPECT_EQ(again["deleted"], 0);
  EXPECT_EQ(again["issues"], 30) << "the archive still holds 30 issues: " << again.dump();
}

TEST(IndexerScale, AnIndexOfAnOlderSchemaIsRebuilt) {
  TempDir dir;
  const auto db = dir / "index";
  {
    Xapian::WritableDatabase old(db.string(), Xapian::DB_CREATE);
    Xapian::Document doc;
    doc.set_data("a story of schema version 2");
    doc.add_boolean_term(scatter::schema::id_term("old-1"));
    old.add_document(doc);
    old.set_metadata(std::string(scatter::schema::kSchemaVersionKey), "2");
    old.commit();
  }
  const ProcessResult result = indexer(index_args(scatter::test::data_dir(), db));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("rebuilt"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("schema version 2"), std::string::npos) << result.err;
  const Xapian::Database index(db.string());
  EXPECT_EQ(index.get_doccount(), 5u);
  EXPECT_EQ(index.get_metadata(std::string(scatter::schema::kSchemaVersionKey)),
            std::to_string(scatter::schema::kSchemaVersion));
  EXPECT_EQ(index.get_termfreq(scatter::schema::id_term("old-1")), 0u) << "the old document is gone";
  EXPECT_EQ(index.get_termfreq(scatter::schema::id_term("3-2")), 1u);
}

TEST(IndexerScale, AFreshBuildKilledHalfWayLeavesTheOldIndex) {
  TempDir dir;
  const auto archive = dir / "archive";
  const auto db = dir / "index";
  copy_seed_archive(archive);
  ASSERT_EQ(indexer(index_args(archive, db)).exit_code, 0);
  scatter::test::write_synthetic_jsonl(archive / "synthetic.jsonl", {.stories = kLargeCorpus, .seed = 21});

  auto building = db;
  building += ".building";
  {
    BackgroundProgram run(SCATTER_INDEXER, index_args(archive, db, {"--rebuild"}));
    // Killed once the new index has reached the disk (Xapian has written
    // documents into the folder being built), or a while after it was begun.
    std::optional<Clock::time_point> begun;
    const bool writing = wait_while_running(run, [&] {
      if (!begun && std::filesystem::exists(building)) begun = Clock::now();
      return folder_bytes(building) > kWrittenBytes || (begun && Clock::now() - *begun > kAWhile);
    });
    const bool killed = run.kill_now();
    ASSERT_TRUE(writing && killed) << "the run ended before it could be killed: " << run.wait().err;
  }
  {
    scatter::SearchEngine engine(db);
    EXPECT_EQ(engine.story_count(), 5u) << "the index of before the run is whole";
    const scatter::SearchResult sora = engine.search({.q = "sora"});
    ASSERT_FALSE(sora.hits.empty());
    EXPECT_EQ(sora.hits.front().record.story.id, "3-2");
  }

  const ProcessResult rerun = indexer(index_args(archive, db));
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), kLargeCorpus + 5);
  EXPECT_FALSE(std::filesystem::exists(building)) << "what the killed run left is cleaned up";
  EXPECT_EQ(scatter::SearchEngine(db).search({.q = "sora"}).hits.front().record.story.id, "3-2");
}

TEST(IndexerScale, AnIncrementalRunKilledHalfWayChangesNothing) {
  TempDir dir;
  const auto archive = dir / "archive";
  const auto db = dir / "index";
  const SyntheticCorpus v1{.stories = kLargeCorpus, .seed = 31, .marker = "plumvar"};
  SyntheticCorpus v2 = v1;
  v2.marker = "quincevar";
  scatter::test::write_synthetic_jsonl(archive / "synthetic.jsonl", v1);
  ASSERT_EQ(indexer(index_args(archive, db)).exit_code, 0);
  ASSERT_EQ(term_frequency(db, body_term("plumvar")), kLargeCorpus);

  scatter::test::write_synthetic_jsonl(archive / "synthetic.jsonl", v2);  // every story changes
  {
    const std::uintmax_t before = folder_bytes(db);
    BackgroundProgram run(SCATTER_INDEXER, index_args(archive, db));
    // Killed once Xapian has written part of the changes into the index's
    // files, or a while after the run began.
    const auto begun = Clock::now();
    const bool writing = wait_while_running(
        run, [&] { return folder_bytes(db) > before + kWrittenBytes || Clock::now() - begun > 2 * kAWhile; });
    const bool killed = run.kill_now();
    ASSERT_TRUE(writing && killed) << "the run ended before it could be killed: " << run.wait().err;
  }
  {
    const Xapian::Database index(db.string());
    EXPECT_EQ(index.get_doccount(), kLargeCorpus);
    EXPECT_EQ(index.get_termfreq(body_term("plumvar")), kLargeCorpus) << "every story has its old text";
    EXPECT_EQ(index.get_termfreq(body_term("quincevar")), 0u) << "no story has its new text";
    scatter::SearchEngine engine(db);
    EXPECT_EQ(engine.search({.q = "plumvar"}).total_estimate, kLargeCorpus);
  }

  const nlohmann::json rerun = index_stats(archive, db);
  EXPECT_EQ(rerun["replaced"], kLargeCorpus);
  EXPECT_EQ(rerun["added"], 0);
  EXPECT_EQ(term_frequency(db, body_term("quincevar")), kLargeCorpus);
  EXPECT_EQ(term_frequency(db, body_term("plumvar")), 0u);
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), kLargeCorpus);
}

TEST(IndexerScale, ReadersSeeTheOldIndexUntilTheRunCommits) {
  TempDir dir;
  const auto archive = dir / "archive";
  const auto db = dir / "index";
  const SyntheticCorpus v1{.stories = kLargeCorpus, .seed = 41, .marker = "plumvar"};
  SyntheticCorpus v2 = v1;
  v2.marker = "quincevar";
  scatter::test::write_synthetic_jsonl(archive / "synthetic.jsonl", v1);
  ASSERT_EQ(indexer(index_args(archive, db)).exit_code, 0);

  Xapian::Database reader(db.string());
  scatter::SearchEngine engine(db);
  scatter::test::write_synthetic_jsonl(archive / "synthetic.jsonl", v2);
  scatter::test::write_synthetic_jsonl(archive / "more.jsonl",
                                       {.stories = 500, .seed = 42, .first_issue = 1000, .marker = "quincevar"});
  // Each look finds the index of before the run or the one after it, never a
  // mixture, and never the old one again once it has found the new one.
  BackgroundProgram run(SCATTER_INDEXER, index_args(archive, db));
  const auto started = Clock::now();
  int looks_before_the_commit = 0;
  bool committed = false;
  while (run.running()) {
    reader.reopen();
    const Xapian::doccount count = reader.get_doccount();
    const Xapian::doccount old_text = reader.get_termfreq(body_term("plumvar"));
    const Xapian::doccount new_text = reader.get_termfreq(body_term("quincevar"));
    const Xapian::doccount found = engine.search({.q = "quincevar"}).total_estimate;
    const bool old_index = count == kLargeCorpus && old_text == kLargeCorpus && new_text == 0;
    const bool new_index = count == kLargeCorpus + 500 && old_text == 0 && new_text == kLargeCorpus + 500;
    ASSERT_TRUE(old_index || new_index) << "a reader saw part of a run: " << count << " stories, " << old_text
                                        << " with the old text, " << new_text << " with the new";
    ASSERT_TRUE(found == 0 || found == kLargeCorpus + 500) << "the engine saw part of a run: " << found;
    // The reader looks before the engine, so a commit may fall between them: the
    // reader's old index is judged against earlier looks only.
    ASSERT_FALSE(old_index && committed) << "the old index came back";
    if (new_index || found > 0) committed = true;
    if (old_index && found == 0) ++looks_before_the_commit;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  const ProcessResult result = run.wait();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_GE(looks_before_the_commit, 3) << "too few looks while the run was writing; it took " << seconds << " s";

  reader.reopen();
  EXPECT_EQ(reader.get_doccount(), kLargeCorpus + 500);
  EXPECT_EQ(reader.get_termfreq(body_term("quincevar")), kLargeCorpus + 500);
  EXPECT_EQ(reader.get_termfreq(body_term("plumvar")), 0u);
  EXPECT_EQ(engine.search({.q = "quincevar"}).total_estimate, kLargeCorpus + 500);
}

TEST(IndexerScale, ASearchEngineAnswersThroughoutARebuild) {
  TempDir dir;
  const auto archive = dir / "archive";
  const auto db = dir / "index";
  const SyntheticCorpus v1{.stories = kLargeCorpus, .seed = 43, .marker = "plumvar"};
  SyntheticCorpus v2 = v1;
  v2.marker = "quincevar";
  scatter::test::write_synthetic_jsonl(archive / "synthetic.jsonl", v1);
  ASSERT_EQ(indexer(index_args(archive, db)).exit_code, 0);

  // What searchd does: one engine, opened before the run, searching throughout.
  // Another shard count rebuilds the index beside the old one and swaps it in.
  scatter::SearchEngine engine(db);
  scatter::test::write_synthetic_jsonl(archive / "synthetic.jsonl", v2);
  BackgroundProgram run(SCATTER_INDEXER, index_args(archive, db, {"--shards", "2", "--stats-json"}));
  int looks_before_the_swap = 0;
  bool swapped = false;
  while (run.running()) {
    const Xapian::doccount old_text = engine.search({.q = "plumvar"}).total_estimate;
    const Xapian::doccount new_text = engine.search({.q = "quincevar"}).total_estimate;
    ASSERT_EQ(engine.story_count(), kLargeCorpus);
    // The two searches may straddle the swap: the old text, searched first, is
    // judged against what earlier looks saw, before this look's new text counts.
    if (old_text == kLargeCorpus) {
      ASSERT_FALSE(swapped) << "the old index came back";
      ++looks_before_the_swap;
    } else {
      ASSERT_EQ(old_text, 0u) << "the engine saw part of a run";
    }
    if (new_text == kLargeCorpus) swapped = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const ProcessResult result = run.wait();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("rebuilt"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("shard"), std::string::npos) << "names the reason: " << result.err;
  const nlohmann::json stats = nlohmann::json::parse(result.out, nullptr, false);
  EXPECT_EQ(stats.value("rebuilt", false), true) << result.out;
  EXPECT_EQ(stats.value("added", 0), kLargeCorpus) << result.out;
  EXPECT_GE(looks_before_the_swap, 3) << "too few looks while the run was writing";

  EXPECT_EQ(engine.search({.q = "quincevar"}).total_estimate, kLargeCorpus);
  EXPECT_EQ(engine.search({.q = "plumvar"}).total_estimate, 0u);
  EXPECT_TRUE(std::filesystem::exists(db / "XAPIANDB"));
  auto building = db;
  building += ".building";
  EXPECT_FALSE(std::filesystem::exists(building));
  // The shard count stays as it is when not given.
  const nlohmann::json again = index_stats(archive, db);
  EXPECT_EQ(again["shards"], 2);
  EXPECT_EQ(again["nothing_changed"], true);
}

TEST(IndexerScale, ChangingTheCompaniesFileRetagsOnlyTheStoriesItConcerns) {
  TempDir dir;
  const auto archive = dir / "archive";
  const auto db = dir / "index";
  copy_seed_archive(archive);
  scatter::test::write_synthetic_jsonl(archive / "synthetic.jsonl", {.stories = 1000, .seed = 44});
  ASSERT_EQ(index_stats(archive, db)["stories"], 1005);
  const std::string nvidia_term = scatter::schema::company_term("nvidia");
  const Xapian::doccount tagged = term_frequency(db, nvidia_term);
  ASSERT_GT(tagged, 5u) << "the synthetic corpus names Nvidia in some stories";
  ASSERT_EQ(scatter::SearchEngine(db).search({.companies = {"Nvidia"}, .per_page = 100}).total_estimate, tagged);

  nlohmann::json companies = nlohmann::json::parse(scatter::test::read_file(archive / "companies.json"));
  auto& list = companies["companies"];
  const auto before = list.size();
  list.erase(std::remove_if(list.begin(), list.end(), [](const nlohmann::json& c) { return c["name"] == "Nvidia"; }),
             list.end());
  ASSERT_EQ(list.size(), before - 1);
  scatter::test::write_file(archive / "companies.json", companies.dump(2));

  const nlohmann::json stats = index_stats(archive, db);
  EXPECT_EQ(stats["nothing_changed"], false) << "no archive file changed, but the companies did";
  EXPECT_EQ(stats["replaced"], tagged);
  EXPECT_EQ(stats["unchanged"], 1005 - tagged);
  EXPECT_EQ(stats["added"], 0);
  EXPECT_EQ(term_frequency(db, nvidia_term), 0u);
  scatter::SearchEngine engine(db);
  EXPECT_THROW(engine.search({.companies = {"Nvidia"}}), scatter::BadParameter) << "the index's own table changed";
  EXPECT_FALSE(engine.search({.companies = {"Microsoft"}}).hits.empty());
}

// "--db index/", as a shell's completion writes it, names the same index as
// "--db index": nothing of the run's own (lock, build) goes inside the folder.
TEST(IndexerScale, ADatabasePathWithATrailingSlashIsTheSameIndex) {
  TempDir dir;
  const auto archive = dir / "archive";
  copy_seed_archive(archive);
  scatter::test::write_synthetic_jsonl(archive / "synthetic.jsonl", {.stories = 100, .seed = 45});
  const auto strays = [](const std::filesystem::path& db) {
    std::string found;
    for (const char* stray : {".lock", ".building"}) {
      if (std::filesystem::exists(db / stray)) found += std::string(" ") + stray;
    }
    return found;
  };

  // A first run.
  const ProcessResult first = indexer(index_args(archive, (dir / "first").string() + "/"));
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(strays(dir / "first"), "");
  const ProcessResult first_again = indexer(index_args(archive, dir / "first"));
  EXPECT_EQ(first_again.exit_code, 0) << first_again.err;
  EXPECT_NE(first_again.out.find("105 stories, nothing changed"), std::string::npos) << first_again.out;

  // An index made without the slash, then updated and rebuilt with it.
  ASSERT_EQ(indexer(index_args(archive, dir / "second")).exit_code, 0);
  const std::string second_slash = (dir / "second").string() + "/";
  const ProcessResult update = indexer(index_args(archive, second_slash));
  EXPECT_EQ(update.exit_code, 0) << update.err;
  EXPECT_NE(update.out.find("nothing changed"), std::string::npos) << update.out;
  const ProcessResult rebuilt = indexer(index_args(archive, second_slash, {"--rebuild"}));
  EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_EQ(strays(dir / "second"), "") << "left inside the index";
  EXPECT_EQ(scatter::SearchEngine(dir / "second").story_count(), 105u);
}

TEST(IndexerScale, ASecondIndexerOnTheSameIndexFailsAtOnce) {
  TempDir dir;
  const auto archive = dir / "archive";
  const auto db = dir / "index";
  scatter::test::write_synthetic_jsonl(archive / "synthetic.jsonl", {.stories = kLargeCorpus, .seed = 51});
  BackgroundProgram first(SCATTER_INDEXER, index_args(archive, db));
  auto lock_file = db;
  lock_file += ".lock";
  const std::string holder = std::to_string(first.pid()) + "\n";
  ASSERT_TRUE(wait_while_running(first, [&] {
    std::error_code ec;
    return std::filesystem::exists(lock_file, ec) && scatter::test::read_file(lock_file) == holder;
  })) << "the first run did not take the lock";

  const auto started = Clock::now();
  const ProcessResult second = indexer(index_args(archive, db));
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  const bool first_still_running = first.running();
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.err.find("locked by another indexer"), std::string::npos) << second.err;
  EXPECT_NE(second.err.find(std::to_string(first.pid())), std::string::npos) << "names the holder: " << second.err;
  EXPECT_LT(seconds, 2.0) << "fails at once rather than waiting";
  EXPECT_TRUE(first_still_running) << "the second run must have met the first one";

  const ProcessResult first_result = first.wait();
  EXPECT_EQ(first_result.exit_code, 0) << first_result.err;
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), kLargeCorpus);
}

// Requests whose answers must not depend on the index's layout: words common
// and rare (picked from the index), phrases, boolean syntax, filters, pages.
std::vector<scatter::SearchRequest> layout_probe_requests(const std::filesystem::path& db) {
  const Xapian::Database index(db.string());
  const std::string prefix = body_term("");
  const std::vector<std::pair<Xapian::doccount, Xapian::doccount>> bands = {
      {1, 1}, {3, 10}, {20, 80}, {100, 400}, {600, 1200}};
  std::vector<std::string> words;
  for (const auto& [low, high] : bands) {
    for (auto it = index.allterms_begin(prefix); it != index.allterms_end(prefix); ++it) {
      const std::string word = (*it).substr(prefix.size());
      if (it.get_termfreq() >= low && it.get_termfreq() <= high && word.size() > 4 &&
          std::islower(static_cast<unsigned char>(word[0]))) {
        words.push_back(word);
        break;
      }
    }
  }
  if (words.size() != bands.size()) {
    ADD_FAILURE() << "the synthetic corpus should have words of every frequency";
    return {};
  }
  const std::optional<scatter::StoryRecord> story = scatter::SearchEngine(db).story("150-3");
  EXPECT_TRUE(story.has_value());
  std::string phrase = "\"sora video\"";
  if (story) {
    std::istringstream first_paragraph(story->story.paragraphs.front());
    std::string a, b;
    first_paragraph >> a >> b;
    phrase = "\"" + a + " " + b + "\"";
  }
  std::vector<scatter::SearchRequest> requests;
  for (const std::string& word : words) requests.push_back({.q = word, .per_page = 30});
  requests.push_back({.q = phrase});
  requests.push_back({.q = "sora"});
  requests.push_back({.q = "\"training efficiency\""});
  requests.push_back({.q = words[3] + " " + words[4], .per_page = 50});
  requests.push_back({.q = "+" + words[3] + " " + words[4], .per_page = 50});
  requests.push_back({.q = words[3] + " AND " + words[4], .per_page = 50});
  requests.push_back({.q = words[4] + " -" + words[3], .page = 2, .per_page = 50});
  requests.push_back({.q = "title:" + words[4], .per_page = 50});
  requests.push_back({.q = "", .companies = {"Microsoft"}, .per_page = 100});
  requests.push_back({.q = words[4], .companies = {"Microsoft", "Google"}, .per_page = 100});
  requests.push_back({.q = words[3], .sort = scatter::SortOrder::kOldest});
  requests.push_back({.q = "plumvar", .page = 7, .per_page = 100});
  return requests;
}

// The same stories in the same order, except that stories whose scores are
// within 1% may trade places: a word's exact and stemmed forms are weighed as
// one (an OP_SYNONYM), and Xapian estimates how many stories have any of them
// per shard, so shards and one database give near-ties slightly different scores.
void expect_same_ranking(const scatter::SearchResult& got, const scatter::SearchResult& want) {
  ASSERT_EQ(got.hits.size(), want.hits.size());
  const auto close = [](double a, double b) { return std::abs(a - b) <= 0.01 * std::max(std::abs(a), std::abs(b)) + 1e-9; };
  double largest_difference = 0;
  for (std::size_t i = 0; i < want.hits.size(); ++i) {
    const double a = got.hits[i].score, b = want.hits[i].score;
    largest_difference = std::max(largest_difference, std::abs(a - b) / std::max(1e-9, std::abs(b)));
    if (got.hits[i].record.story.id == want.hits[i].record.story.id) continue;
    EXPECT_TRUE(close(a, b)) << "position " << i << ": " << got.hits[i].record.story.id << " (" << a << ") where "
                             << want.hits[i].record.story.id << " (" << b << ") should be";
  }
  // A story on one page and not the other can only be a near-tie at the page's edge.
  const auto ids = [](const scatter::SearchResult& result) {
    std::set<std::string> out;
    for (const auto& hit : result.hits) out.insert(hit.record.story.id);
    return out;
  };
  const auto got_ids = ids(got), want_ids = ids(want);
  for (const auto& hit : got.hits) {
    if (!want_ids.contains(hit.record.story.id) && !want.hits.empty()) {
      EXPECT_TRUE(close(hit.score, want.hits.back().score)) << hit.record.story.id << " is no near-tie";
    }
  }
  EXPECT_LT(largest_difference, 0.01);
}

void expect_same_answers(const std::filesystem::path& expected_db, const std::filesystem::path& actual_db) {
  scatter::SearchEngine expected(expected_db), actual(actual_db);
  EXPECT_EQ(expected.story_count(), actual.story_count());
  for (const scatter::SearchRequest& request : layout_probe_requests(expected_db)) {
    SCOPED_TRACE("q=" + request.q + " companies=" + std::to_string(request.companies.size()) +
                 " page=" + std::to_string(request.page));
    const scatter::SearchResult want = expected.search(request);
    const scatter::SearchResult got = actual.search(request);
    EXPECT_FALSE(want.hits.empty()) << "a probe that finds nothing proves little";
    if (want.hits.empty() || want.hits.front().score == 0) EXPECT_EQ(ids_of(got), ids_of(want));
    else expect_same_ranking(got, want);
    EXPECT_EQ(got.total_estimate, want.total_estimate);
  }
}

TEST(IndexerScale, ShardsAnswerAsOneDatabaseDoes) {
  TempDir dir;
  const auto archive = dir / "archive";
  copy_seed_archive(archive);
  scatter::test::write_synthetic_jsonl(archive / "synthetic.jsonl", {.stories = 1500, .seed = 61});
  scatter::test::write_synthetic_jsonl(archive / "more.jsonl", {.stories = 30, .seed = 62, .first_issue = 2000});
  const auto single = dir / "single";
  const auto sharded = dir / "sharded";
  ASSERT_EQ(index_stats(archive, single)["shards"], 1);
  ASSERT_EQ(index_stats(archive, sharded, {"--shards", "3"})["shards"], 3);

  EXPECT_TRUE(std::filesystem::exists(single / "iamglass"));
  EXPECT_EQ(scatter::test::read_file(sharded / "XAPIANDB"), "auto shard-0\nauto shard-1\nauto shard-2\n");
  for (int shard = 0; shard < 3; ++shard) {
    const auto folder = sharded / ("shard-" + std::to_string(shard));
    EXPECT_TRUE(std::filesystem::exists(folder / "iamglass")) << folder;
    EXPECT_GT(Xapian::Database(folder.string()).get_doccount(), 300u) << "stories are spread over the shards";
  }
  EXPECT_FALSE(std::filesystem::exists(sharded / "shard-3"));
  EXPECT_EQ(Xapian::Database(sharded.string()).get_doccount(), 1535u);
  expect_same_answers(single, sharded);

  // A file removed: its stories are deleted from whichever shard holds them;
  // then the shards are compacted.
  std::filesystem::remove(archive / "more.jsonl");
  const nlohmann::json compacted = index_stats(archive, sharded, {"--compact"});
  EXPECT_EQ(compacted["deleted"], 30);
  EXPECT_EQ(compacted["compacted"], true);
  ASSERT_EQ(index_stats(archive, single)["deleted"], 30);
  EXPECT_EQ(Xapian::Database(sharded.string()).get_doccount(), 1505u);
  expect_same_answers(single, sharded);
}

TEST(IndexerScale, CompactOnAnUnchangedArchiveCompacts) {
  TempDir dir;
  const auto archive = dir / "archive";
  const auto db = dir / "index";
  scatter::test::write_synthetic_jsonl(archive / "synthetic.jsonl", {.stories = 1000, .seed = 71});
  ASSERT_EQ(index_stats(archive, db, {"--shards", "2"})["compacted"], false);
  const std::uintmax_t before = folder_bytes(db);
  // The usual way to compact: index as always, then once more with --compact.
  const nlohmann::json stats = index_stats(archive, db, {"--compact"});
  EXPECT_EQ(stats["compacted"], true) << stats.dump();
  EXPECT_LT(folder_bytes(db), before) << "a compacted index is smaller";
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), 1000u);
}

TEST(IndexerScale, ThreadCountDoesNotChangeTheIndex) {
  TempDir dir;
  const auto archive = dir / "archive";
  copy_seed_archive(archive);
  scatter::test::write_synthetic_jsonl(archive / "synthetic.jsonl", {.stories = 1500, .seed = 81});
  scatter::test::write_synthetic_jsonl(archive / "second.jsonl", {.stories = 300, .seed = 82, .first_issue = 900});
  ASSERT_EQ(index_stats(archive, dir / "one", {"--jobs", "1"})["stories"], 1805);
  ASSERT_EQ(index_stats(archive, dir / "four", {"--jobs", "4"})["stories"], 1805);
  const auto one = stored_stories(dir / "one");
  const auto four = stored_stories(dir / "four");
  EXPECT_EQ(one.size(), 1805u);
  ASSERT_EQ(one.size(), four.size());
  for (const auto& [id, data] : one) {
    const auto other = four.find(id);
    ASSERT_NE(other, four.end()) << id << " is missing with --jobs 4";
    EXPECT_EQ(other->second, data) << id;
  }
}

TEST(IndexerScale, OutputOffATerminalIsOneLine) {
  TempDir dir;
  const auto archive = dir / "archive";
  const auto db = dir / "index";
  copy_seed_archive(archive);
  scatter::test::write_synthetic_jsonl(archive / "synthetic.jsonl", {.stories = 300, .seed = 91});

  const ProcessResult plain = indexer(index_args(archive, db));
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(std::count(plain.out.begin(), plain.out.end(), '\n'), 1) << plain.out;
  EXPECT_TRUE(plain.out.starts_with("indexed " + archive.string() + " into " + db.string() +
                                    ": 3 files, 31 issues, 305 stories (305 added, 0 replaced, 0 deleted, "
                                    "0 unchanged), 0 warnings, 0 skipped, in "))
      << plain.out;
  EXPECT_EQ(plain.err.find('\r'), std::string::npos) << "no progress bar off a terminal";
  EXPECT_EQ(plain.err, "");

  const ProcessResult quiet = indexer(index_args(archive, db, {"--rebuild", "--quiet"}));
  EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.out, "");
  EXPECT_EQ(quiet.err, "");

  const ProcessResult json = indexer(index_args(archive, db, {"--rebuild", "--stats-json"}));
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(std::count(json.out.begin(), json.out.end(), '\n'), 1) << json.out;
  const nlohmann::json stats = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_TRUE(stats.is_object()) << json.out;
  for (const char* key : {"archive", "db", "shards", "files", "files_skipped", "issues", "stories", "added",
                          "replaced", "deleted", "unchanged", "kept_from_skipped_files", "nothing_changed", "rebuilt",
                          "compacted", "committed", "warnings", "seconds", "stories_per_second", "files_unselected"}) {
    EXPECT_TRUE(stats.contains(key)) << key;
  }
  EXPECT_EQ(stats.size(), 20u) << stats.dump();
  EXPECT_EQ(stats.value("archive", ""), archive.string());
  EXPECT_EQ(stats.value("db", ""), db.string());
  EXPECT_EQ(stats["shards"], 1);
  EXPECT_EQ(stats["files"], 3);
  EXPECT_EQ(stats["files_skipped"], 0);
  EXPECT_EQ(stats["issues"], 31);
  EXPECT_EQ(stats["stories"], 305);
  EXPECT_EQ(stats["added"], 305);
  EXPECT_EQ(stats["replaced"], 0);
  EXPECT_EQ(stats["deleted"], 0);
  EXPECT_EQ(stats["unchanged"], 0);
  EXPECT_EQ(stats["kept_from_skipped_files"], 0);
  EXPECT_EQ(stats["nothing_changed"], false);
  EXPECT_EQ(stats["rebuilt"], true);
  EXPECT_EQ(stats["compacted"], false);
  EXPECT_EQ(stats["committed"], true);
  EXPECT_EQ(stats["warnings"], 0);
  ASSERT_TRUE(stats["seconds"].is_number());
  EXPECT_GT(stats["seconds"].get<double>(), 0.0);
  EXPECT_LT(stats["seconds"].get<double>(), 600.0);
  const double rate = stats["stories_per_second"].get<double>();
  EXPECT_NEAR(rate, 305 / stats["seconds"].get<double>(), rate * 0.05 + 1);
}

TEST(IndexerScale, OnATerminalTheRunDrawsAProgressBar) {
  TempDir dir;
  const auto archive = dir / "archive";
  const auto db = dir / "index";
  scatter::test::write_synthetic_jsonl(archive / "synthetic.jsonl", {.stories = kLargeCorpus, .seed = 101});
  const ProcessResult result = scatter::test::run_program_on_terminal(SCATTER_INDEXER, index_args(archive, db));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("\rindexing ["), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(" stories "), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("/" + std::to_string(kLargeCorpus) + " stories"), std::string::npos) << result.err;
  EXPECT_TRUE(result.err.ends_with("\r")) << "the bar is cleared before the summary";
  // The summary still goes to stdout, alone.
  EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 1) << result.out;
  EXPECT_NE(result.out.find(std::to_string(kLargeCorpus) + " added"), std::string::npos) << result.out;

  scatter::test::write_synthetic_jsonl(dir / "small" / "synthetic.jsonl", {.stories = 100, .seed = 102});
  const ProcessResult quiet = scatter::test::run_program_on_terminal(
      SCATTER_INDEXER, index_args(dir / "small", dir / "small-index", {"--quiet"}));
  EXPECT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.err, "") << "--quiet draws no bar";
  EXPECT_EQ(quiet.out, "");
  EXPECT_EQ(Xapian::Database((dir / "small-index").string()).get_doccount(), 100u);
}

// An archive of three JSON Lines files (350 stories) and the seed archive,
// indexed; then b.jsonl (100 stories) turns binary and c.jsonl (50) to text
// that yields no story.
void index_then_spoil(const std::filesystem::path& archive, const std::filesystem::path& db) {
  copy_seed_archive(archive);
  scatter::test::write_synthetic_jsonl(archive / "a.jsonl", {.stories = 200, .seed = 111});
  scatter::test::write_synthetic_jsonl(archive / "b.jsonl", {.stories = 100, .seed = 112, .first_issue = 500});
  scatter::test::write_synthetic_jsonl(archive / "c.jsonl", {.stories = 50, .seed = 113, .first_issue = 700});
  ASSERT_EQ(index_stats(archive, db)["stories"], 355);
  const char video_header[] = "\0\0\0\x18" "ftypisom\0\0\x02\0" "garbage\n";
  scatter::test::write_file(archive / "b.jsonl", std::string(video_header, sizeof video_header - 1));
  scatter::test::write_file(archive / "c.jsonl", "this is not JSON\n{\"neither\": \"is this a story\"}\n");
}

TEST(IndexerScale, AFileThatTurnsBadKeepsItsStories) {
  TempDir dir;
  const auto archive = dir / "archive";
  const auto db = dir / "index";
  ASSERT_NO_FATAL_FAILURE(index_then_spoil(archive, db));
  const ProcessResult bad = indexer(index_args(archive, db, {"--stats-json"}));
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("b.jsonl:1: binary file"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("c.jsonl:1: no line yields a story"), std::string::npos) << bad.err;
  const nlohmann::json stats = nlohmann::json::parse(bad.out, nullptr, false);
  ASSERT_TRUE(stats.is_object()) << bad.out;
  EXPECT_EQ(stats["files_skipped"], 2);
  EXPECT_EQ(stats["kept_from_skipped_files"], 150);
  EXPECT_EQ(stats["deleted"], 0);
  EXPECT_EQ(stats["unchanged"], 205);
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), 355u);
  EXPECT_TRUE(scatter::SearchEngine(db).story("500-7").has_value());
  EXPECT_TRUE(scatter::SearchEngine(db).story("700-3").has_value());

  // c.jsonl removed, b.jsonl repaired: b's stories are as they were, c's go.
  scatter::test::write_synthetic_jsonl(archive / "b.jsonl", {.stories = 100, .seed = 112, .first_issue = 500});
  std::filesystem::remove(archive / "c.jsonl");
  const nlohmann::json repaired = index_stats(archive, db);
  EXPECT_EQ(repaired["files_skipped"], 0);
  EXPECT_EQ(repaired["added"], 0);
  EXPECT_EQ(repaired["replaced"], 0);
  EXPECT_EQ(repaired["deleted"], 50);
  EXPECT_EQ(repaired["unchanged"], 305);
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), 305u);
}

TEST(IndexerScale, AFileThatStaysBadKeepsItsStories) {
  TempDir dir;
  const auto archive = dir / "archive";
  const auto db = dir / "index";
  ASSERT_NO_FATAL_FAILURE(index_then_spoil(archive, db));
  ASSERT_EQ(index_stats(archive, db, {}, 2)["kept_from_skipped_files"], 150);
  // The next run (nightly, say) meets the same bad files: nothing changed.
  const nlohmann::json again = index_stats(archive, db, {}, 2);
  EXPECT_EQ(again["files_skipped"], 2);
  EXPECT_EQ(again["kept_from_skipped_files"], 150);
  EXPECT_EQ(again["deleted"], 0);
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), 355u);
  EXPECT_TRUE(scatter::SearchEngine(db).story("500-7").has_value());
  EXPECT_TRUE(scatter::SearchEngine(db).story("700-3").has_value());
}

TEST(IndexerScale, ZeroJobsOrShardsIsAUsageError) {
  TempDir dir;
  for (const auto& option : {std::vector<std::string>{"--jobs", "0"}, std::vector<std::string>{"--shards", "0"},
                             std::vector<std::string>{"--jobs", "-1"}, std::vector<std::string>{"--shards", "257"}}) {
    SCOPED_TRACE(option[0] + " " + option[1]);
    const ProcessResult result = indexer(index_args(scatter::test::data_dir(), dir / "index", option));
    EXPECT_EQ(result.exit_code, 64) << result.err;
    EXPECT_NE(result.err.find(option[0]), std::string::npos) << "names the option: " << result.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "index"));
  }
}

TEST(IndexerScale, AnIssueSpreadOverLinesAndFilesIsOneIssue) {
  TempDir dir;
  const auto archive = dir / "archive";
  const auto db = dir / "index";
  const auto line = [](int issue, int story, const std::string& title, const std::string& body) {
    return nlohmann::json{{"issue", issue}, {"story", story}, {"date", "2030-04-11"},
                          {"newsletter", "SYNTHETIC TEST DATA (not news)"}, {"title", title},
                          {"paragraphs", {body}}}.dump() + "\n";
  };
  // Issue 100's lines are not consecutive; issue 101 sits between them.
  scatter::test::write_file(archive / "lines.jsonl",
                            line(100, 1, "Vorkel Drix Tamba", "Short vorkel text.") +
                                line(101, 1, "Quonshi Fen Gol", "A quonshi paragraph.") +
                                line(100, 2, "Zembri Hup Jin", "A zembri paragraph.") +
                                line(101, 2, "Kruvek Tor Wun", "A kruvek paragraph.") +
                                line(100, 3, "Xalyor Cua Dax", "A xalyor paragraph."));
  // A page capture of issue 100: a longer text of story 1, and a story the lines lack.
  const std::string page =
      "SYNTHETIC TEST DATA (not news)\nApril 11, 2030 · Issue #100\n\nA synthetic headline\n\n"
      "1. Vorkel Drix Tamba\n\nA much longer vorkel text, as the published page gave it, with brimplex in it.\n\n"
      "2. Zembri Hup Jin\n\nA zembri paragraph.\n\n"
      "3. Xalyor Cua Dax\n\nA xalyor paragraph.\n\n"
      "4. Florbin Gatch Mell\n\nOnly the page has the florbin story.\n";
  scatter::test::write_file(archive / "issues" / "2030-04-11-issue-100.page-capture.txt", page);

  const nlohmann::json first = index_stats(archive, db);
  EXPECT_EQ(first["issues"], 2);
  EXPECT_EQ(first["stories"], 6);
  EXPECT_EQ(first["warnings"], 0);
  {
    scatter::SearchEngine engine(db);
    EXPECT_EQ(engine.story_count(), 6u);
    EXPECT_EQ(engine.search({.q = "issue:100"}).total_estimate, 4u);
    EXPECT_EQ(engine.search({.q = "issue:101"}).total_estimate, 2u);
    EXPECT_EQ(ids_of(engine.search({.q = "brimplex"})), std::vector<std::string>{"100-1"}) << "the longer body won";
    EXPECT_EQ(ids_of(engine.search({.q = "florbin"})), std::vector<std::string>{"100-4"});
    EXPECT_EQ(ids_of(engine.search({.q = "xalyor"})), std::vector<std::string>{"100-3"});
  }

  EXPECT_EQ(index_stats(archive, db)["nothing_changed"], true);

  // The page's own story changes: only it is written again.
  std::string edited = page;
  edited.replace(edited.find("Only the page"), 13, "Now the page");
  scatter::test::write_file(archive / "issues" / "2030-04-11-issue-100.page-capture.txt", edited);
  const nlohmann::json second = index_stats(archive, db);
  EXPECT_EQ(second["issues"], 2);
  EXPECT_EQ(second["stories"], 6);
  EXPECT_EQ(second["replaced"], 1);
  EXPECT_EQ(second["unchanged"], 5);

  // The page gone: its story goes, the lines' own text of story 1 comes back.
  std::filesystem::remove(archive / "issues" / "2030-04-11-issue-100.page-capture.txt");
  const nlohmann::json third = index_stats(archive, db);
  EXPECT_EQ(third["stories"], 5);
  EXPECT_EQ(third["deleted"], 1);
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), 5u);
  scatter::SearchEngine engine(db);
  EXPECT_TRUE(engine.search({.q = "brimplex"}).hits.empty());
  EXPECT_EQ(ids_of(engine.search({.q = "vorkel"})), std::vector<std::string>{"100-1"});
}

}  // namespace
