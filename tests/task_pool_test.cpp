// The pool shard tasks run on (common/shards/task_pool.h): every task runs,
// side by side, and a task's failure reaches the caller after the rest end.
#include "shards/task_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <stdexcept>
#include <thread>

namespace scatter::shards {
namespace {

TEST(TaskPool, RunsEveryTaskAndReturnsWhenAllHaveEnded) {
  TaskPool pool(2);
  std::atomic<int> ran = 0;
  std::vector<std::function<void()>> tasks(9, [&] { ++ran; });
  pool.run_all(tasks);
  EXPECT_EQ(ran, 9);
  pool.run_all({});
  EXPECT_EQ(ran, 9);
}

TEST(TaskPool, RunsTasksSideBySide) {
  // Each task waits for the other: run one after the other, they never end.
  TaskPool pool(1);
  std::latch both(2);
  std::vector<std::function<void()>> tasks(2, [&] { both.arrive_and_wait(); });
  pool.run_all(tasks);
  SUCCEED();
}

TEST(TaskPool, RethrowsTheFirstFailureAfterTheOthersEnd) {
  TaskPool pool(2);
  std::atomic<bool> slow_ended = false;
  const std::vector<std::function<void()>> tasks = {
      [] { throw std::runtime_error("shard 0 is unreadable"); },
      [&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        slow_ended = true;
      }};
  EXPECT_THROW(pool.run_all(tasks), std::runtime_error);
  EXPECT_TRUE(slow_ended) << "the caller's objects must outlive every task";
}

TEST(TaskPool, ServesManyCallersAtOnceWithItsOwnThreads) {
  TaskPool pool(2);
  std::atomic<int> ran = 0;
  std::vector<std::thread> callers;
  for (int c = 0; c < 8; ++c) {
    callers.emplace_back([&] {
      std::vector<std::function<void()>> tasks(3, [&] { ++ran; });
      for (int round = 0; round < 50; ++round) pool.run_all(tasks);
    });
  }
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(ran, 8 * 3 * 50);
  EXPECT_EQ(pool.threads(), 2u);
}

}  // namespace
}  // namespace scatter::shards
