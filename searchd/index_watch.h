// Watches the index for new revisions from a background thread, several times
// a second: the revision tag that result caches and ETags are keyed on, whether
// the index is there at all (readiness), and when it last changed. Searches do
// not wait for it: each engine moves to the latest revision by itself.
#pragma once

#include "index/index_revision.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace scatter::searchd {

class IndexWatch {
 public:
  // Looks once before returning, then every `interval`; `tick` runs after each
  // look (searchd flushes its access log there).
  IndexWatch(std::filesystem::path db, std::chrono::milliseconds interval, std::function<void()> tick = {});
  ~IndexWatch();
  IndexWatch(const IndexWatch&) = delete;
  IndexWatch& operator=(const IndexWatch&) = delete;

  struct State {
    std::optional<std::string> revision;  // nullopt: no readable index
    std::string damage;                   // when nullopt because the index is damaged: what to tell the operator
    std::uint64_t stories = 0;
    std::uint64_t reloads = 0;                             // revisions seen after the first
    std::chrono::system_clock::time_point last_reload{};  // when the current revision was first seen
  };
  State state() const;
  std::optional<std::string> revision() const;

 private:
  void look();
  void run();

  IndexRevision index_;
  std::chrono::milliseconds interval_;
  std::function<void()> tick_;
  mutable std::mutex mutex_;
  State state_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace scatter::searchd
