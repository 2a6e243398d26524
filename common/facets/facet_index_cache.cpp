#include "facets/facet_index_cache.h"

#include <algorithm>

namespace scatter::facets {

std::shared_ptr<const FacetIndex> FacetIndexCache::get(const std::string& key, const std::function<FacetIndex()>& build) {
  std::unique_lock lock(mutex_);
  const auto find = [&] {
    return std::find_if(entries_.begin(), entries_.end(), [&](const Entry& entry) { return entry.key == key; });
  };
  for (auto it = find(); it != entries_.end(); it = find()) {
    if (it->index != nullptr) {
      std::rotate(it, it + 1, entries_.end());  // most recently used last
      return entries_.back().index;
    }
    built_.wait(lock);  // another thread is building it
  }
  entries_.push_back({key, nullptr});
  lock.unlock();
  std::shared_ptr<const FacetIndex> index;
  try {
    index = std::make_shared<const FacetIndex>(build());
  } catch (...) {
    lock.lock();
    entries_.erase(find());
    built_.notify_all();
    throw;
  }
  lock.lock();
  ++builds_;
  find()->index = index;
  std::rotate(find(), find() + 1, entries_.end());
  // The least recently used go first; one being built is never dropped.
  while (entries_.size() > capacity_) {
    const auto oldest = std::find_if(entries_.begin(), entries_.end(), [](const Entry& entry) { return entry.index != nullptr; });
    if (oldest == entries_.end() || oldest->key == key) break;
    entries_.erase(oldest);
  }
  built_.notify_all();
  return index;
}

std::uint64_t FacetIndexCache::builds() const {
  const std::lock_guard lock(mutex_);
  return builds_;
}

FacetIndexCache& FacetIndexCache::shared() {
  static FacetIndexCache cache;
  return cache;
}

}  // namespace scatter::facets
