#include "engine_pool.h"

namespace scatter::searchd {

EnginePool::EnginePool(std::filesystem::path db, unsigned size, std::shared_ptr<shards::RemoteShards> remote)
    : db_(std::move(db)), remote_(std::move(remote)), size_(size) {}

EnginePool::Lease::~Lease() {
  if (engine_) pool_->give_back(std::move(engine_));
}

EnginePool::Lease EnginePool::borrow() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [this] { return !idle_.empty() || opened_ < size_; });
  return take(lock);
}

std::optional<EnginePool::Lease> EnginePool::borrow_until(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  if (!returned_.wait_until(lock, deadline, [this] { return !idle_.empty() || opened_ < size_; })) return std::nullopt;
  return take(lock);
}

EnginePool::Lease EnginePool::take(std::unique_lock<std::mutex>& lock) {
  if (!idle_.empty()) {
    std::unique_ptr<SearchEngine> engine = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(engine));
  }
  ++opened_;
  lock.unlock();
  try {
    return Lease(*this, std::make_unique<SearchEngine>(db_, remote_));  // opening reads files: not under the lock
  } catch (...) {
    lock.lock();
    --opened_;
    returned_.notify_one();
    throw;
  }
}

void EnginePool::give_back(std::unique_ptr<SearchEngine> engine) {
  {
    const std::lock_guard lock(mutex_);
    idle_.push_back(std::move(engine));
  }
  returned_.notify_one();
}

}  // namespace scatter::searchd
