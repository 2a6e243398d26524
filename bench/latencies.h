// Per-query latencies inside a Google Benchmark loop, reported as counters:
// Google Benchmark itself gives only the mean of a run, and a search's users
// feel its median and its tail. Shared by query_bench and facet_bench.
//
// Wall time (steady_clock) is what a user waits; the thread's CPU time does not
// count the time other programs on a shared machine take the core away, so it
// is the steadier of the two here. One Latencies per benchmark run, one thread.
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <ctime>
#include <vector>

namespace scatter::bench {

// The value at rank p (0..1) of `ms`, nearest rank; 0 for none.
inline double percentile(std::vector<double> ms, double p) {
  if (ms.empty()) return 0;
  std::sort(ms.begin(), ms.end());
  const auto rank = static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1) + 0.5);
  return ms[std::min(rank, ms.size() - 1)];
}

// This thread's CPU time.
inline double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

class Latencies {
 public:
  explicit Latencies(const benchmark::State& state) {
    wall_ms_.reserve(static_cast<std::size_t>(state.max_iterations));
    cpu_ms_.reserve(static_cast<std::size_t>(state.max_iterations));
  }

  // Times one call of `run`, whatever it returns or throws (the exception goes on).
  template <class Run>
  auto time(Run&& run) {
    const Timer timer(*this);
    return run();
  }

  // p50_ms, p99_ms, max_ms (wall time), cpu_p50_ms, cpu_p99_ms.
  void report(benchmark::State& state) const {
    state.counters["p50_ms"] = percentile(wall_ms_, 0.50);
    state.counters["p99_ms"] = percentile(wall_ms_, 0.99);
    state.counters["max_ms"] = wall_ms_.empty() ? 0 : *std::max_element(wall_ms_.begin(), wall_ms_.end());
    state.counters["cpu_p50_ms"] = percentile(cpu_ms_, 0.50);
    state.counters["cpu_p99_ms"] = percentile(cpu_ms_, 0.99);
  }

 private:
  class Timer {
   public:
    explicit Timer(Latencies& to) : to_(to), cpu_start_(thread_cpu_ms()), start_(std::chrono::steady_clock::now()) {}
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;
    ~Timer() {
      to_.wall_ms_.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count());
      to_.cpu_ms_.push_back(thread_cpu_ms() - cpu_start_);
    }

   private:
    Latencies& to_;
    double cpu_start_;
    std::chrono::steady_clock::time_point start_;
  };

  std::vector<double> wall_ms_, cpu_ms_;
};

}  // namespace scatter::bench
