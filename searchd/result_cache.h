// Answers already computed, by request target and index revision: a search box
// sends the same popular queries again and again. Bounded (least recently used
// entries go first); keys carry the revision, so a commit makes every older
// entry unreachable at once, and they age out. Safe to share between threads.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace scatter::searchd {

class ResultCache {
 public:
  // `capacity` entries in all; 0 turns the cache off.
  explicit ResultCache(std::size_t capacity);

  using Body = std::shared_ptr<const std::string>;

  // The body stored for this revision and target, or null.
  Body find(std::string_view revision, std::string_view target);
  void store(std::string_view revision, std::string_view target, Body body);

  bool enabled() const { return capacity_ > 0; }

  struct Stats {
    std::size_t entries = 0, hits = 0, misses = 0;
  };
  Stats stats() const;

 private:
  // Split by key hash so that threads seldom wait on one another's lock.
  struct Shard {
    mutable std::mutex mutex;
    std::list<std::pair<std::string, Body>> recency;  // most recently used first
    std::unordered_map<std::string_view, std::list<std::pair<std::string, Body>>::iterator> by_key;
    std::size_t hits = 0, misses = 0;
    std::size_t limit = 0;  // entries this shard may hold
  };
  static std::string key_of(std::string_view revision, std::string_view target);
  Shard& shard_for(const std::string& key);

  std::size_t capacity_;
  std::vector<Shard> shards_;
};

}  // namespace scatter::searchd
