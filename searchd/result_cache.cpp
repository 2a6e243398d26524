#include "result_cache.h"

#include <algorithm>
#include <functional>

namespace scatter::searchd {
namespace {
constexpr std::size_t kShards = 16;
}

// Never more shards than entries, and the capacity split so that the shards'
// limits add up to it exactly: rounding each up would let a small cache hold
// up to kShards - 1 entries more than it was given.
ResultCache::ResultCache(std::size_t capacity)
    : capacity_(capacity), shards_(std::clamp<std::size_t>(capacity, 1, kShards)) {
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    shards_[i].limit = capacity / shards_.size() + (i < capacity % shards_.size() ? 1 : 0);
  }
}

std::string ResultCache::key_of(std::string_view revision, std::string_view target) {
  std::string key;
  key.reserve(revision.size() + 1 + target.size());
  key.append(revision).append(1, '\n').append(target);
  return key;
}

ResultCache::Shard& ResultCache::shard_for(const std::string& key) {
  return shards_[std::hash<std::string>{}(key) % shards_.size()];
}

ResultCache::Body ResultCache::find(std::string_view revision, std::string_view target) {
  if (capacity_ == 0) return nullptr;
  const std::string key = key_of(revision, target);
  Shard& shard = shard_for(key);
  const std::lock_guard lock(shard.mutex);
  const auto it = shard.by_key.find(key);
  if (it == shard.by_key.end()) {
    ++shard.misses;
    return nullptr;
  }
  ++shard.hits;
  shard.recency.splice(shard.recency.begin(), shard.recency, it->second);
  return it->second->second;
}

void ResultCache::store(std::string_view revision, std::string_view target, Body body) {
  if (capacity_ == 0) return;
  std::string key = key_of(revision, target);
  Shard& shard = shard_for(key);
  const std::lock_guard lock(shard.mutex);
  if (const auto it = shard.by_key.find(key); it != shard.by_key.end()) {
    it->second->second = std::move(body);
    shard.recency.splice(shard.recency.begin(), shard.recency, it->second);
    return;
  }
  shard.recency.emplace_front(std::move(key), std::move(body));
  shard.by_key.emplace(shard.recency.front().first, shard.recency.begin());  // the view points into the list node
  while (shard.recency.size() > shard.limit) {
    shard.by_key.erase(shard.recency.back().first);
    shard.recency.pop_back();
  }
}

ResultCache::Stats ResultCache::stats() const {
  Stats total;
  for (const Shard& shard : shards_) {
    const std::lock_guard lock(shard.mutex);
    total.entries += shard.recency.size();
    total.hits += shard.hits;
    total.misses += shard.misses;
  }
  return total;
}

}  // namespace scatter::searchd
