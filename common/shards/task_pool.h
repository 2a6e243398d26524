// A fixed set of threads that every request shares for the parts of its work
// that run side by side (one task per shard): the threads are bounded however
// many requests arrive, and a request waits for its own tasks only.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace scatter::shards {

class TaskPool {
 public:
  explicit TaskPool(std::size_t threads);
  ~TaskPool();  // finishes the queued tasks, then joins
  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  // Runs every task, the first on the calling thread and the others on the
  // pool, and returns when all have ended. The first exception a task throws
  // is rethrown here, after the others have ended. Tasks must not call run_all.
  void run_all(const std::vector<std::function<void()>>& tasks);

  std::size_t threads() const { return threads_.size(); }

  // The pool of the process: one thread per core.
  static TaskPool& shared();

 private:
  void work();

  std::mutex mutex_;
  std::condition_variable queued_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace scatter::shards
