#include "index/index_revision.h"

#include "text/hash.h"

#include <sstream>

namespace scatter {

IndexRevision::IndexRevision(std::filesystem::path db) : db_(std::move(db)) {}

// Xapian's errors are left to current().
bool IndexRevision::open() {
  shards_.clear();
  std::optional<std::size_t> shards;
  try {
    shards = readable_shards(db_);
    if (!shards) return false;
    identity_ = identity_of(db_);
  } catch (const std::exception&) {  // IndexError: not an index
    return false;
  }
  for (const std::filesystem::path& shard : shard_paths(db_, *shards)) shards_.emplace_back(shard.string());
  return true;
}

std::optional<std::string> IndexRevision::current() {
  damage_.clear();
  try {
    if (shards_.empty() || identity_of(db_) != identity_) {
      if (!open()) return std::nullopt;
    } else {
      for (Xapian::Database& shard : shards_) shard.reopen();
    }
    // A rebuilt index restarts at a low revision, and its folder may get the
    // inode of one removed earlier: only the databases' UUIDs, new with each
    // database, tell it from an index that had the same tag before.
    ContentHasher uuids;
    std::ostringstream revisions;
    Xapian::doccount stories = 0;
    for (std::size_t i = 0; i < shards_.size(); ++i) {
      revisions << (i == 0 ? "" : ".") << shards_[i].get_revision();
      uuids.update(shards_[i].get_uuid());
      stories += shards_[i].get_doccount();
    }
    std::ostringstream tag;
    tag << std::hex << identity_.folder << "-" << identity_.stub << "-" << hex64(uuids.digest()).substr(0, 8) << "-"
        << revisions.str();
    stories_ = stories;
    return tag.str();
  } catch (const std::exception&) {  // swapped or removed while we looked: ask again next time
    shards_.clear();
  } catch (const Xapian::DatabaseOpeningError&) {  // likewise; Xapian's errors are no std::exception
    shards_.clear();
  } catch (const Xapian::DatabaseError& e) {  // there, but Xapian cannot read it
    damage_ = damaged_index_message(db_, e.get_description());
    shards_.clear();
  } catch (const Xapian::Error&) {
    shards_.clear();
  }
  return std::nullopt;
}

}  // namespace scatter
