// The query workers: at most N search engines, each with its own Xapian
// database, lent to one request at a time. Xapian objects do no locking, so an
// engine is never used by two threads at once; and since searching is bound by
// the CPU, N (--threads) rather than the number of open connections bounds how
// many searches run together. The connection threads wait here, not in Xapian.
#pragma once

#include "engine/search_engine.h"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace scatter::searchd {

class EnginePool {
 public:
  // `remote`: the shards the engines read over the network (null: `db` holds them).
  EnginePool(std::filesystem::path db, unsigned size, std::shared_ptr<shards::RemoteShards> remote = nullptr);

  // An engine for the current request, returned to the pool when it dies.
  class Lease {
   public:
    Lease(EnginePool& pool, std::unique_ptr<SearchEngine> engine) : pool_(&pool), engine_(std::move(engine)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    SearchEngine& operator*() const { return *engine_; }
    SearchEngine* operator->() const { return engine_.get(); }

   private:
    EnginePool* pool_;
    std::unique_ptr<SearchEngine> engine_;
  };

  // Waits for a free engine, opening one if fewer than `size` exist. Throws
  // EngineError when the index cannot be opened (nothing is held then).
  Lease borrow();
  // The same, waiting no later than `deadline`: nullopt when every engine stayed busy.
  std::optional<Lease> borrow_until(std::chrono::steady_clock::time_point deadline);

  unsigned size() const { return size_; }

 private:
  void give_back(std::unique_ptr<SearchEngine> engine);
  // Called with `lock` held and an engine free or openable.
  Lease take(std::unique_lock<std::mutex>& lock);

  std::filesystem::path db_;
  std::shared_ptr<shards::RemoteShards> remote_;
  unsigned size_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<SearchEngine>> idle_;
  unsigned opened_ = 0;  // engines in existence or being opened
};

}  // namespace scatter::searchd
