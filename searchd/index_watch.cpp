#include "index_watch.h"

namespace scatter::searchd {

IndexWatch::IndexWatch(std::filesystem::path db, std::chrono::milliseconds interval, std::function<void()> tick)
    : index_(std::move(db)), interval_(interval), tick_(std::move(tick)) {
  look();
  thread_ = std::thread([this] { run(); });
}

IndexWatch::~IndexWatch() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void IndexWatch::look() {
  std::optional<std::string> revision = index_.current();  // file reads: outside the lock
  const std::uint64_t stories = revision ? index_.stories() : 0;
  std::string damage = index_.damage();
  const std::lock_guard lock(mutex_);
  if (revision && revision != state_.revision) {
    if (state_.last_reload != std::chrono::system_clock::time_point{}) ++state_.reloads;
    state_.last_reload = std::chrono::system_clock::now();
  }
  state_.revision = std::move(revision);
  state_.stories = stories;
  state_.damage = std::move(damage);
}

void IndexWatch::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    look();
    if (tick_) tick_();
    lock.lock();
  }
}

IndexWatch::State IndexWatch::state() const {
  const std::lock_guard lock(mutex_);
  return state_;
}

std::optional<std::string> IndexWatch::revision() const {
  const std::lock_guard lock(mutex_);
  return state_.revision;
}

}  // namespace scatter::searchd
