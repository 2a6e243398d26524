// The committed revision of the index at a path, as a short tag that changes
// with every commit and every swap of folders: what result caches and HTTP
// ETags are keyed on. Cheap to ask again: it reopens, it does not search.
#pragma once

#include "index/database_layout.h"

#include <xapian.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace scatter {

class IndexRevision {
 public:
  explicit IndexRevision(std::filesystem::path db);

  // The tag of the revision committed now ("6a1f-0-3c9e01b2-12.9.10" for three
  // shards at revisions 12, 9 and 10: folder, stub, the databases' UUIDs,
  // revisions), or nullopt when there is no readable index at the path. Never
  // throws for a missing or damaged index.
  std::optional<std::string> current();

  // Stories in the index at the last current() that found one.
  Xapian::doccount stories() const { return stories_; }

  // When the last current() found an index at the path that Xapian cannot
  // read: what to tell the operator (damaged_index_message()). Empty when it
  // found a readable index, or none.
  const std::string& damage() const { return damage_; }

 private:
  bool open();

  std::filesystem::path db_;
  IndexIdentity identity_{};
  std::vector<Xapian::Database> shards_;  // each alone: get_revision() refuses a combined database
  Xapian::doccount stories_ = 0;
  std::string damage_;
};

}  // namespace scatter
