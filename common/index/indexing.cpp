#include "index/indexing.h"

#include "index/archive_plan.h"
#include "index/database_layout.h"
#include "index/index_writer.h"
#include "index/parallel.h"
#include "index/pipeline.h"
#include "index/spelling.h"
#include "query/synonyms.h"
#include "schema/schema.h"
#include "text/hash.h"

#include <nlohmann/json.hpp>

#include <malloc.h>

#include <chrono>
#include <cstdlib>
#include <future>
#include <memory>
#include <thread>

namespace scatter {
namespace {

using Clock = std::chrono::steady_clock;

// Xapian 1.4 writes a batch of changes to disk every N documents (it has no API
// for this, only the environment variable). Its default, 10,000, holds seven
// times the memory and runs slower than 1,000 on stories of a few hundred words
// (bench/RESULTS.md). A value the user set wins.
constexpr const char* kFlushThreshold = "1000";

// Parts a fresh single database is built in, at most: one per writer a machine
// can keep busy; more only adds merging.
constexpr std::size_t kMaxBuildParts = 8;

// An explicit file, else the archive's own file of that name, else nothing.
template <typename Table>
Table load_table(const std::optional<std::filesystem::path>& explicit_file, const std::filesystem::path& archive,
                 const char* default_name) {
  if (explicit_file) return Table::load(*explicit_file);
  const auto beside = archive / default_name;
  if (std::filesystem::exists(beside)) return Table::load(beside);
  return Table{};
}

// Everything besides the archive that shapes a document: when it changes, every
// story is compared again even though no file did.
std::string settings_fingerprint(const Gazetteer& gazetteer, const TopicTagger& topics, const query::Synonyms& synonyms,
                                 const UserFields& fields, const UrlScheme& urls) {
  ContentHasher hasher;
  for (const std::string& part : {std::to_string(schema::kSchemaVersion), gazetteer.to_json(), topics.to_json(),
                                  synonyms.text(), fields.to_json(), urls.site_url, urls.pattern}) {
    hasher.update(part);
    hasher.update("\n");
  }
  return hex64(hasher.digest());
}

using FileHashes = std::map<std::string, std::string>;  // relative path -> content hash

std::string files_json(const FileHashes& files) { return nlohmann::json(files).dump(); }

FileHashes parse_files_json(const std::string& text) {
  FileHashes files;
  if (text.empty()) return files;
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (!parsed.is_object()) return files;
  for (const auto& [path, hash] : parsed.items()) {
    if (hash.is_string()) files[path] = hash.get<std::string>();
  }
  return files;
}

std::string warnings_json(const std::vector<Warning>& warnings) {
  nlohmann::json list = nlohmann::json::array();
  for (const Warning& warning : warnings) {
    list.push_back({{"file", warning.file.string()}, {"line", warning.line}, {"message", warning.message}});
  }
  return list.dump();
}

std::vector<Warning> parse_warnings_json(const std::string& text) {
  std::vector<Warning> warnings;
  const nlohmann::json parsed = nlohmann::json::parse(text.empty() ? "[]" : text, nullptr, false);
  if (!parsed.is_array()) return warnings;
  for (const nlohmann::json& item : parsed) {
    warnings.push_back({item.value("file", std::string()), item.value("line", 0), item.value("message", std::string())});
  }
  return warnings;
}

// The schema version of the index at `db`, read-only; "" for an empty database.
// Throws IndexError for a database this program did not write.
std::string schema_version_of(const std::filesystem::path& db) {
  try {
    const Xapian::Database database(db.string());
    const std::string version = database.get_metadata(std::string(schema::kSchemaVersionKey));
    if (version.empty() && database.get_doccount() > 0) {
      throw IndexError(db.string() + ": a Xapian database this indexer did not write; "
                                     "refusing to change it (choose another --db)");
    }
    return version;
  } catch (const Xapian::Error&) {
    throw_index_error(db, "cannot read the existing index");
  }
}

class Run {
 public:
  explicit Run(const IndexConfig& config)
      : config_(config),
        start_(Clock::now()),
        gazetteer_(load_table<Gazetteer>(config_.companies, config_.archive, "companies.json")),
        topics_(load_table<TopicTagger>(config_.topics, config_.archive, "topics.json")),
        synonyms_(load_table<query::Synonyms>(config_.synonyms, config_.archive, "synonyms.conf")),
        fields_(load_table<UserFields>(config_.fields, config_.archive, "fields.json")),
        fingerprint_(settings_fingerprint(gazetteer_, topics_, synonyms_, fields_, config_.urls)),
        jobs_(config_.jobs > 0 ? config_.jobs : std::max(1u, std::thread::hardware_concurrency())) {}

  IndexSummary go() {
    summary_.companies_known = gazetteer_.companies().size();
    summary_.topics_known = topics_.topics().size();

    const IndexLock lock(config_.db);
    remove_abandoned_builds(config_.db);
    const std::optional<std::size_t> existing = existing_shards(config_.db);
    summary_.shards = std::max<std::size_t>(1, config_.shards.value_or(existing.value_or(1)));
    bool fresh = decide_fresh(existing);
    ::setenv("XAPIAN_FLUSH_THRESHOLD", kFlushThreshold, 0);

    std::vector<std::unique_ptr<ShardWriter>> writers;
    FileHashes previous_files;
    if (!fresh) {
      for (const auto& path : shard_paths(config_.db, summary_.shards)) writers.push_back(std::make_unique<ShardWriter>(path));
      previous_files = parse_files_json(writers.front()->metadata(schema::kFilesKey));
      if (writers.front()->metadata(schema::kConfigKey) == fingerprint_ && unchanged_files(previous_files, jobs_)) {
        summary_.nothing_changed = true;
        summary_.warnings = parse_warnings_json(writers.front()->metadata(schema::kWarningsKey));
        for (const auto& writer : writers) summary_.stories += writer->document_count();
        summary_.unchanged = summary_.stories;
        summary_.files_read = previous_files.size();
        summary_.issues = std::stoul("0" + writers.front()->metadata(schema::kIssuesKey));
        summary_.committed = !(config_.strict && !summary_.warnings.empty());
        writers.clear();
        if (config_.compact && summary_.committed) compact();
        return finish();
      }
    }

    // Xapian can crash writing onto damaged blocks, and an update would spread
    // the damage: the existing index is checked while the archive is read.
    std::future<void> checked;
    if (!fresh) checked = std::async(std::launch::async, [this] { check_existing(); });
    progress("reading", 0, 0);
    ArchivePlan plan = plan_archive(config_.archive, config_.selection, jobs_, fields_);
    if (checked.valid()) checked.get();
    // The first pass held every title; hand that memory back before the second
    // pass fills the writers' buffers, so the peak is one pass's, not the sum.
    ::malloc_trim(0);
    summary_.files_read = plan.files_read;
    summary_.files_skipped = plan.files_skipped;
    summary_.files_unselected = plan.files_unselected;
    summary_.issues = plan.issues.size();
    summary_.stories = plan.story_ids.size();
    summary_.warnings = plan.warnings;
    if (config_.strict && !summary_.warnings.empty()) {
      // Decided before anything is written: a strict run with warnings leaves the index as it was.
      summary_.committed = false;
      return finish();
    }

    try {
      write(plan, std::move(writers), previous_files, fresh);
    } catch (const IndexError& e) {
      if (!fresh) throw;
      // A fresh build that fails (a full disk, most often) gives its space back
      // now, not at the next run; the index readers use was never touched.
      remove_abandoned_builds(config_.db);
      throw IndexError(std::string(e.what()) + "; " + config_.db.string() + " is as it was");
    }
    if (config_.compact) compact();
    return finish();
  }

 private:
  // Writes the planned archive into the index (fresh: into a new one, then
  // installed in place of the old).
  void write(const ArchivePlan& plan, std::vector<std::unique_ptr<ShardWriter>> writers, const FileHashes& previous_files,
             bool fresh) {
    const std::filesystem::path target = fresh ? build_path(config_.db) : config_.db;
    // One Xapian writer is the bottleneck of a build. A fresh single database is
    // built as one part per job, written in parallel, then merged by Xapian's
    // compaction, which costs a few percent of the writing it saves.
    const std::size_t parts = fresh ? (summary_.shards == 1 ? std::min<std::size_t>(jobs_, kMaxBuildParts) : summary_.shards) : 1;
    if (fresh) writers = open_fresh(target, parts);

    std::unordered_map<std::string, std::string> stored;
    std::vector<std::string> deletions;
    if (!fresh) collect_stored(writers, plan, previous_files, stored, deletions);

    PipelineCounts counts;
    std::vector<ShardWriter*> writer_pointers;
    for (const auto& writer : writers) writer_pointers.push_back(writer.get());
    run_pipeline({plan, gazetteer_, topics_, config_.urls, fields_, stored, writer_pointers, jobs_}, counts,
                 [&] { progress("indexing", counts.done, summary_.stories); });
    summary_.added = counts.added;
    summary_.replaced = counts.replaced;
    summary_.unchanged = counts.unchanged;

    progress("committing", counts.done, summary_.stories);
    for (const std::string& id : deletions) writers[schema::shard_of(id, writers.size())]->remove(id);
    summary_.deleted = deletions.size();
    FileHashes files;
    for (const PlannedFile& file : plan.files) {
      if (file.parsed) {
        files[file.relative] = hex64(file.content_hash);
      } else if (const auto known = previous_files.find(file.relative); known != previous_files.end()) {
        // Still known, so that its kept stories stay kept at the next run too.
        files[file.relative] = known->second;
      }
    }
    for (const auto& writer : writers) {
      writer->set_metadata(schema::kCompaniesKey, gazetteer_.to_json());
      writer->set_metadata(schema::kTopicsKey, topics_.to_json());
      writer->set_metadata(schema::kSynonymsKey, synonyms_.text());
      writer->set_metadata(schema::kFieldsKey, fields_.to_json());
    }
    ShardWriter& first = *writers.front();
    first.set_metadata(schema::kFilesKey, files_json(files));
    first.set_metadata(schema::kConfigKey, fingerprint_);
    first.set_metadata(schema::kWarningsKey, warnings_json(summary_.warnings));
    first.set_metadata(schema::kIssuesKey, std::to_string(summary_.issues));
    if (!fresh) {
      // In the run's transaction: the stories and their words become one
      // revision, so searchd reloads (and rebuilds its facet index) once a run.
      progress("spelling", counts.done, summary_.stories);
      first.refresh_spelling({writer_pointers.begin(), writer_pointers.end()});
    }
    // The first shard holds the record of what was indexed: committed last, so a
    // run killed between shard commits is redone by the next run.
    for (auto it = writers.rbegin(); it != writers.rend(); ++it) (*it)->commit();
    writers.clear();
    if (fresh && summary_.shards == 1 && parts > 1) {
      progress("merging", summary_.stories, summary_.stories);
      const std::filesystem::path merged = target / "merged";
      try {
        Xapian::Database(target.string()).compact(merged.string());
      } catch (const Xapian::Error& e) {
        throw IndexError(target.string() + ": merging the parts failed: " + e.get_description() + " (the index is as it was)");
      }
      progress("spelling", summary_.stories, summary_.stories);
      refresh_spelling(merged, merged);
      install(merged, config_.db);
      std::error_code ec;
      std::filesystem::remove_all(target, ec);
    } else if (fresh) {
      progress("spelling", summary_.stories, summary_.stories);
      refresh_spelling(target, shard_paths(target, summary_.shards).front());
      install(target, config_.db);
    }
  }

  void check_existing() const {
    for (const auto& path : shard_paths(config_.db, summary_.shards)) check_not_damaged(path);
  }

  bool decide_fresh(const std::optional<std::size_t>& existing) {
    summary_.rebuilt = true;
    if (config_.rebuild) return true;
    if (!existing) {
      summary_.rebuilt = false;
      return true;
    }
    if (*existing != summary_.shards) {
      summary_.rebuilt_because = "it had " + std::to_string(*existing) + " shard(s), this run writes " +
                                 std::to_string(summary_.shards);
      return true;
    }
    const std::string version = schema_version_of(config_.db);
    if (!version.empty() && version != std::to_string(schema::kSchemaVersion)) {
      summary_.rebuilt_because = "it had schema version " + version + ", this indexer writes version " +
                                 std::to_string(schema::kSchemaVersion);
      return true;
    }
    summary_.rebuilt = false;
    return false;
  }

  std::vector<std::unique_ptr<ShardWriter>> open_fresh(const std::filesystem::path& target, std::size_t parts) {
    std::vector<std::unique_ptr<ShardWriter>> writers;
    if (parts > 1) {
      std::error_code ec;
      std::filesystem::create_directories(target, ec);
      if (ec) throw IndexError(target.string() + ": cannot create: " + ec.message());
      write_stub(target, parts);
    }
    for (const auto& path : shard_paths(target, parts)) {
      writers.push_back(std::make_unique<ShardWriter>(path, ShardWriter::Mode::kBulk));
    }
    return writers;
  }

  // True when the archive holds exactly the files of the last run, byte for byte.
  bool unchanged_files(const FileHashes& previous, std::size_t jobs) {
    if (previous.empty()) return false;
    std::vector<Warning> walk_warnings;
    const CaptureListing listing = list_capture_files(config_.archive, config_.selection, walk_warnings);
    const std::vector<std::filesystem::path>& paths = listing.files;
    summary_.files_unselected = listing.unselected;
    if (!walk_warnings.empty() || paths.size() != previous.size()) return false;
    std::atomic<bool> differs{false};
    progress("hashing", 0, paths.size());
    parallel_for(paths.size(), jobs, [&](std::size_t i) {
      if (differs) return;
      const auto found = previous.find(std::filesystem::relative(paths[i], config_.archive).generic_string());
      try {
        if (found == previous.end() || found->second != hex64(hash_capture_file(paths[i]))) differs = true;
      } catch (const ParseError&) {
        differs = true;  // unreadable now: the full run names it
      }
    });
    return !differs;
  }

  void collect_stored(const std::vector<std::unique_ptr<ShardWriter>>& writers, const ArchivePlan& plan,
                      const FileHashes& previous_files, std::unordered_map<std::string, std::string>& stored,
                      std::vector<std::string>& deletions) {
    for (const auto& writer : writers) {
      writer->for_each_stored([&](std::string_view id, std::string_view hash) { stored.emplace(id, hash); });
    }
    // A file that fails to parse now keeps the stories it gave last time: bad
    // input never loses what was indexed. A file that is gone loses them.
    std::unordered_set<std::string> kept;
    for (const PlannedFile& file : plan.files) {
      if (file.parsed || !previous_files.contains(file.relative)) continue;
      for (const auto& writer : writers) {
        for (std::string& id : writer->ids_from_source(file.relative)) kept.insert(std::move(id));
      }
    }
    for (const auto& [id, hash] : stored) {
      if (plan.story_ids.contains(id)) continue;
      if (kept.contains(id)) ++summary_.kept;
      else deletions.push_back(id);
    }
    std::sort(deletions.begin(), deletions.end());
  }

  void compact() {
    progress("compacting", summary_.stories, summary_.stories);
    for (const auto& path : shard_paths(config_.db, summary_.shards)) {
      const std::filesystem::path compacted = build_path(path);
      std::error_code ec;
      std::filesystem::remove_all(compacted, ec);
      try {
        Xapian::Database(path.string()).compact(compacted.string());
      } catch (const Xapian::Error& e) {
        std::filesystem::remove_all(compacted, ec);
        throw IndexError(path.string() + ": compaction failed: " + e.get_description() + " (the index is intact)");
      }
      install(compacted, path);
    }
    // A new shard list tells readers to open the shards afresh.
    if (summary_.shards > 1) write_stub(config_.db, summary_.shards);
    summary_.compacted = true;
  }

  void progress(const char* stage, std::size_t done, std::size_t total) {
    if (config_.on_progress) config_.on_progress({stage, done, total, elapsed()});
  }

  double elapsed() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  IndexSummary finish() {
    summary_.seconds = elapsed();
    return std::move(summary_);
  }

  const IndexConfig& config_;
  const Clock::time_point start_;
  const Gazetteer gazetteer_;
  const TopicTagger topics_;
  const query::Synonyms synonyms_;
  const UserFields fields_;
  const std::string fingerprint_;  // everything besides the archive that shapes a document
  const std::size_t jobs_;
  IndexSummary summary_{};
};

}  // namespace

void tag_companies(Issue& issue, const Gazetteer& gazetteer) {
  for (Story& story : issue.stories) {
    std::string text = story.title;
    for (const auto& part : {std::cref(story.paragraphs), std::cref(story.bullets)}) {
      for (const std::string& line : part.get()) text += "\n" + line;
    }
    story.companies = gazetteer.companies_in(text);
  }
}

void tag_topics(Issue& issue, const TopicTagger& topics) {
  for (Story& story : issue.stories) story.topics = topics.topics_for(story);
}

IndexSummary index_archive(const IndexConfig& config) {
  // "index/" and "index" are one index: the lock and the build folder are named
  // by appending to the last path component, which a trailing slash leaves empty.
  IndexConfig normalised = config;
  normalised.db = config.db.lexically_normal();
  while (normalised.db.has_parent_path() && !normalised.db.has_filename()) normalised.db = normalised.db.parent_path();
  return Run(normalised).go();
}

}  // namespace scatter
