#include "shards/task_pool.h"

#include <exception>
#include <memory>

namespace scatter::shards {

TaskPool::TaskPool(std::size_t threads) {
  for (std::size_t i = 0; i < std::max<std::size_t>(threads, 1); ++i) threads_.emplace_back([this] { work(); });
}

TaskPool::~TaskPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void TaskPool::work() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      queued_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

void TaskPool::run_all(const std::vector<std::function<void()>>& tasks) {
  if (tasks.empty()) return;
  // What the request waits on: its tasks still running, and the first error.
  struct Batch {
    std::mutex mutex;
    std::condition_variable done;
    std::size_t left = 0;
    std::exception_ptr error;
  };
  const auto batch = std::make_shared<Batch>();
  batch->left = tasks.size();
  const auto run = [batch](const std::function<void()>& task) {
    std::exception_ptr error;
    try {
      task();
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard lock(batch->mutex);
    if (error && !batch->error) batch->error = error;
    if (--batch->left == 0) batch->done.notify_all();
  };
  {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 1; i < tasks.size(); ++i) queue_.emplace_back([run, &task = tasks[i]] { run(task); });
  }
  queued_.notify_all();
  run(tasks.front());
  std::unique_lock lock(batch->mutex);
  batch->done.wait(lock, [&] { return batch->left == 0; });
  if (batch->error) std::rethrow_exception(batch->error);
}

TaskPool& TaskPool::shared() {
  static TaskPool pool(std::max(1u, std::thread::hardware_concurrency()));
  return pool;
}

}  // namespace scatter::shards
