// Story -> Xapian document, and the one writer of each database (shard).
#pragma once

#include "fields/user_fields.h"
#include "story/story.h"

#include <xapian.h>

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace scatter {

struct IndexError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The Xapian error being handled, as an IndexError naming `path`; call only
// from a catch block. Damage Xapian reports (a corrupt block; a revision that
// changed under us, which only damage can do while this run holds the lock) is
// told as damaged_index_message(): rebuild. Anything else, a full disk
// included, as "PATH: `what`: Xapian's words".
[[noreturn]] void throw_index_error(const std::filesystem::path& path, const std::string& what);

// Reads every block of the database at `path`, as xapian-check does (Xapian's
// Database::check): a second or so per 20,000 stories. Throws IndexError
// (damaged_index_message()) when it finds damage, which an update written onto
// it could spread, or which could crash Xapian mid-update.
void check_not_damaged(const std::filesystem::path& path);

// A story ready for the writer: its document and what an incremental run
// compares. Built on any thread; handed to the writer whole.
struct StoryDocument {
  std::string id{};
  std::string content_hash{};  // 16 hex digits over the stored story
  Xapian::Document document{};
};

// The terms, values and data of one story's document (see schema/schema.h).
// `sources` are the archive-relative paths of the files the story was read
// from: a file that later fails to parse keeps its stories (they carry its term).
// `fields`: how the story's declared fields are indexed (fields.json).
StoryDocument make_document(const StoryRecord& record, const std::vector<std::string>& sources = {},
                            const UserFields& fields = {});

// What an incremental run compares: a hash of the stored story and the files it
// was read from (both are in its document). 16 hex digits.
std::string story_content_hash(std::string_view stored_form, const std::vector<std::string>& sources);

// The term marking documents read from one archive file.
std::string source_term(std::string_view relative_path);

// Owns one database's single WritableDatabase; not thread-safe.
class ShardWriter {
 public:
  enum class Mode {
    // Changing an index readers use: everything up to commit() is one Xapian
    // transaction, so readers see none of it until commit(), and a run that dies
    // before commit() leaves the previous revision whole. Xapian keeps value
    // changes in memory until the commit, about 300 bytes per changed story.
    kTransaction,
    // Filling a database no reader sees yet (it is installed afterwards):
    // Xapian commits each batch without syncing, so memory stays flat however
    // many stories; commit() syncs every file to disk before it returns.
    kBulk,
  };

  // Opens `path`, creating it if missing. Throws IndexError naming the path
  // (locked by another writer, cannot be created, damaged). Each write below
  // throws IndexError too (a full disk), after which the writer is done.
  explicit ShardWriter(const std::filesystem::path& path, Mode mode = Mode::kTransaction);

  void add(StoryDocument story);      // a story this database does not hold
  void replace(StoryDocument story);  // a story it holds, by id
  void remove(const std::string& story_id);
  void set_metadata(std::string_view key, const std::string& value);
  std::string metadata(std::string_view key) const;

  // Reads throw IndexError (throw_index_error()).
  // Every stored story: its id and content hash, from the committed revision.
  void for_each_stored(const std::function<void(std::string_view id, std::string_view hash)>& visit) const;
  // Ids of stories carrying a source term.
  std::vector<std::string> ids_from_source(std::string_view relative_path) const;

  // Makes this database's spelling table hold the words of `shards` (this one
  // among them, its uncommitted stories included), to be committed with them.
  // Throws IndexError.
  void refresh_spelling(const std::vector<const ShardWriter*>& shards);

  // Throws IndexError; a transaction that fails (a full disk) leaves the
  // database at its last committed revision. The writer is done afterwards.
  void commit();

  Xapian::doccount document_count() const { return db_.get_doccount(); }  // read from memory: no error
  const std::filesystem::path& path() const { return path_; }

 private:
  // The Xapian error being handled, as throw_index_error() tells it, and for a
  // transaction that readers still see the last commit.
  [[noreturn]] void fail(const std::string& what) const;

  std::filesystem::path path_;
  Mode mode_;
  Xapian::WritableDatabase db_;
};

// Flushes every file under `folder` to disk (fsync), then the folder itself:
// what a bulk-built index needs before it is installed in place of the old one.
void sync_to_disk(const std::filesystem::path& folder);

}  // namespace scatter
