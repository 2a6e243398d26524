// The facet indexes of the revisions being searched, shared by every engine of
// a process: searchd's workers each hold an engine, and one index per revision
// is enough for all of them.
#pragma once

#include "facets/facet_index.h"

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace scatter::facets {

class FacetIndexCache {
 public:
  // Keeps the indexes of at most `revisions` revisions: the newest, and those
  // a reader may still be on while the newest is built.
  explicit FacetIndexCache(std::size_t revisions = 2) : capacity_(revisions) {}

  // The index of revision `key`, built by `build` if it is not kept yet. One
  // thread builds; the others asking for the same key wait for it. An index
  // dropped from the cache lives on while a caller still holds it.
  std::shared_ptr<const FacetIndex> get(const std::string& key, const std::function<FacetIndex()>& build);

  // The cache every SearchEngine of the process uses.
  static FacetIndexCache& shared();

  // How many indexes `build` has made so far: one per revision searched, when
  // the cache works.
  std::uint64_t builds() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const FacetIndex> index;  // null while being built
  };
  std::size_t capacity_;
  std::uint64_t builds_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable built_;
  std::vector<Entry> entries_;  // most recently used last
};

}  // namespace scatter::facets
