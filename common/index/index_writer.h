// Story -> Xapian document, and the one writer of a database. A story replaces
// any document with the same id, so re-indexing an issue never duplicates it.
#pragma once

#include "gazetteer/gazetteer.h"
#include "gazetteer/topics.h"
#include "story/story.h"

#include <xapian.h>

#include <filesystem>
#include <stdexcept>

namespace scatter {

struct IndexError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The terms, values and data of one story's document (see schema/schema.h).
Xapian::Document make_document(const StoryRecord& record);

// Owns the database's single WritableDatabase; not thread-safe; nothing is
// visible to readers until commit(), and commit() publishes everything at once.
class IndexWriter {
 public:
  // Opens `db`, creating it if missing. Throws IndexError naming the path when the
  // database is locked by another writer, cannot be created, or is a Xapian
  // database this program did not write. An index of an older schema is rebuilt
  // from scratch; `rebuilt()` then says so.
  explicit IndexWriter(const std::filesystem::path& db);

  void add(const StoryRecord& record);
  // Stores the gazetteer in the index, so readers resolve company names as the
  // indexer did.
  void set_gazetteer(const Gazetteer& gazetteer);
  void set_topics(const TopicTagger& topics);
  void commit();  // throws IndexError; call once: the writer is done afterwards

  bool rebuilt() const { return rebuilt_; }
  Xapian::doccount document_count() const { return db_.get_doccount(); }

 private:
  std::filesystem::path path_;
  Xapian::WritableDatabase db_;
  bool rebuilt_ = false;
};

}  // namespace scatter
