#include "index/index_revision.h"

#include <sstream>

namespace scatter {

IndexRevision::IndexRevision(std::filesystem::path db) : db_(std::move(db)) {}

bool IndexRevision::open() {
  shards_.clear();
  try {
    const std::optional<std::size_t> shards = existing_shards(db_);
    if (!shards) return false;
    identity_ = identity_of(db_);
    for (const std::filesystem::path& shard : shard_paths(db_, *shards)) shards_.emplace_back(shard.string());
    return true;
  } catch (const std::exception&) {  // IndexError, Xapian::Error: no readable index (yet)
    shards_.clear();
    return false;
  }
}

std::optional<std::string> IndexRevision::current() {
  try {
    if (shards_.empty() || identity_of(db_) != identity_) {
      if (!open()) return std::nullopt;
    } else {
      for (Xapian::Database& shard : shards_) shard.reopen();
    }
    std::ostringstream tag;
    tag << std::hex << identity_.folder << "-" << identity_.stub << "-" << std::dec;
    Xapian::doccount stories = 0;
    for (std::size_t i = 0; i < shards_.size(); ++i) {
      tag << (i == 0 ? "" : ".") << shards_[i].get_revision();
      stories += shards_[i].get_doccount();
    }
    stories_ = stories;
    return tag.str();
  } catch (const std::exception&) {  // swapped or removed while we looked: ask again next time
    shards_.clear();
    return std::nullopt;
  }
}

}  // namespace scatter
