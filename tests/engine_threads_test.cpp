// Engines on several threads at once, each with its own SearchEngine, as
// searchd runs them: nothing they build may be shared behind their backs.
// Xapian's objects count their references without atomics, so one shared
// object (Xapian::Query::MatchAll, once) corrupts its count when threads copy
// it together and is freed under a running search: searchd crashed in
// Query::get_length during the hot-reload test. This test hammers exactly the
// queries that used it: every story (no words), an exclusion, and trends.
#include "seed_index.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace {

using scatter::SearchEngine;
using scatter::SearchRequest;

class EnginesOnManyThreads : public scatter::test::SeedIndexTest {};

TEST_F(EnginesOnManyThreads, EachWithItsOwnEngineGetTheSameAnswersAsOne) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 1500;
  const std::size_t all = engine_.search({}).total_estimate;
  const std::size_t without_sora = engine_.search({.q = "model -sora"}).total_estimate;
  ASSERT_EQ(all, 5u);
  ASSERT_EQ(without_sora, 4u);

  std::atomic<int> wrong = 0;
  std::vector<std::jthread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      SearchEngine engine(*dir_ / "index");
      for (int round = 0; round < kRounds; ++round) {
        if (engine.search({}).total_estimate != all) ++wrong;
        if (engine.search({.q = "model -sora"}).total_estimate != without_sora) ++wrong;
        if (round % 10 == 0 && engine.trends({}).total != all) ++wrong;
      }
    });
  }
  threads.clear();  // joins
  EXPECT_EQ(wrong, 0);
}

}  // namespace
