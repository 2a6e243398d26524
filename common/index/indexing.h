// The indexer's whole run as one call. Reads the archive twice: a first pass
// parses every file to learn which captures belong to which issue (keeping
// titles, never text); the second streams the files again through a pipeline
// (readers -> analysers -> one writer per shard), so memory is bounded by the
// pipeline's queues and Xapian's flush threshold, not by the archive's size.
//
// Incremental: each story's content hash is stored with it; a run writes only
// stories that are new or changed and deletes those whose files are gone. A run
// over an archive whose files all hash as at the last run changes nothing and
// stops after hashing them.
//
// All or nothing: changes to an existing index are one Xapian transaction per
// shard; a fresh index (first run, --rebuild, an older schema, another shard
// count) is built beside the old one and swapped in with one rename.
#pragma once

#include "archive/archive_reader.h"
#include "gazetteer/gazetteer.h"
#include "gazetteer/topics.h"
#include "story/story.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace scatter {

struct IndexProgress {
  std::string stage{};        // "hashing", "reading", "indexing", "committing", "compacting"
  std::size_t done = 0;       // stories (files while hashing)
  std::size_t total = 0;
  double seconds = 0;         // since the run began
};

struct IndexConfig {
  std::filesystem::path archive{};                 // folder of captures
  std::filesystem::path db{};                      // index: a database folder, or a folder of shards
  std::optional<std::filesystem::path> companies{};  // default: <archive>/companies.json if present
  std::optional<std::filesystem::path> topics{};     // default: <archive>/topics.json if present
  std::optional<std::filesystem::path> synonyms{};   // default: <archive>/synonyms.conf if present
  std::optional<std::filesystem::path> fields{};     // default: <archive>/fields.json if present
  UrlScheme urls{};
  // Which captures are read (--include, --exclude). A file indexed before and
  // left out now is treated as gone: its stories are deleted.
  CaptureSelection selection{};
  bool strict = false;   // any warning leaves the index untouched (summary.committed == false)
  bool rebuild = false;  // build afresh instead of updating
  std::size_t jobs = 0;  // parse/analyse threads; 0: one per core
  std::optional<std::size_t> shards{};  // default: as the existing index, else 1
  bool compact = false;  // compact the index after the run
  // Called from the calling thread about five times a second while the run works.
  std::function<void(const IndexProgress&)> on_progress{};
};

struct IndexSummary {
  std::size_t files_read = 0;
  std::size_t files_skipped = 0;
  std::size_t files_unselected = 0;  // captures the selection left out: neither read nor warned about
  std::size_t issues = 0;
  std::size_t stories = 0;    // in the archive as read by this run
  std::size_t added = 0;
  std::size_t replaced = 0;
  std::size_t deleted = 0;
  std::size_t unchanged = 0;
  std::size_t kept = 0;       // stories of files that failed to parse, kept from the last run
  std::size_t shards = 1;
  std::size_t companies_known = 0;  // size of the gazetteer used
  std::size_t topics_known = 0;     // size of the taxonomy used
  bool nothing_changed = false;     // every file and setting as at the last run: nothing parsed
  bool rebuilt = false;             // built afresh rather than updated
  std::string rebuilt_because{};    // why, when not asked for
  bool committed = true;            // false when strict and there were warnings
  bool compacted = false;
  std::vector<Warning> warnings{};
  double seconds = 0;
};

// Tags each story with the companies its title, body and bullets mention.
void tag_companies(Issue& issue, const Gazetteer& gazetteer);

// Gives each story its 1-3 best topics.
void tag_topics(Issue& issue, const TopicTagger& topics);

// Throws ArchiveError (bad folder), ParseError (bad companies, topics or fields file) or
// IndexError (database locked, foreign, unwritable; an archive file changed
// during the run); in each case the index is left as it was. Files that cannot
// be parsed are not errors: they are counted in files_skipped, named in
// warnings, and the stories they gave at the last run are kept.
IndexSummary index_archive(const IndexConfig& config);

}  // namespace scatter
