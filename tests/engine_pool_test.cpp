// searchd's engine pool through its interface: engines are lent to one borrower
// at a time, at most `size` exist, a borrower waits for a returned one, and an
// index that cannot be opened is an EngineError that holds nothing.
#include "seed_index.h"

#include "searchd/engine_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <set>
#include <thread>

using scatter::searchd::EnginePool;

namespace {

class EnginePoolOverSeeds : public scatter::test::SeedIndexTest {};

TEST_F(EnginePoolOverSeeds, LendsWorkingEnginesAndReusesReturnedOnes) {
  EnginePool pool(*dir_ / "index", 2);
  const scatter::SearchEngine* first = nullptr;
  {
    const EnginePool::Lease lease = pool.borrow();
    first = &*lease;
    EXPECT_EQ(lease->search({.q = "sora"}).hits.at(0).record.story.id, "3-2");
  }
  const EnginePool::Lease again = pool.borrow();
  EXPECT_EQ(&*again, first) << "a returned engine is lent again rather than a new one opened";
}

TEST_F(EnginePoolOverSeeds, NeverLendsOneEngineToTwoBorrowersAtOnce) {
  EnginePool pool(*dir_ / "index", 2);
  const EnginePool::Lease a = pool.borrow();
  const EnginePool::Lease b = pool.borrow();
  EXPECT_NE(&*a, &*b);
}

TEST_F(EnginePoolOverSeeds, AThirdBorrowerWaitsUntilAnEngineComesBack) {
  EnginePool pool(*dir_ / "index", 2);
  std::optional<EnginePool::Lease> a(pool.borrow());
  const EnginePool::Lease b = pool.borrow();
  const scatter::SearchEngine* lent_to_a = &**a;
  std::atomic<bool> borrowed = false;
  auto third = std::async(std::launch::async, [&] {
    const EnginePool::Lease c = pool.borrow();
    borrowed = true;
    return &*c;
  });
  EXPECT_EQ(third.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);
  EXPECT_FALSE(borrowed);
  a.reset();  // give one back
  ASSERT_EQ(third.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(third.get(), lent_to_a);
}

TEST_F(EnginePoolOverSeeds, ManyThreadsSearchingThroughASmallPoolAllGetAnswers) {
  EnginePool pool(*dir_ / "index", 2);
  std::atomic<int> answered = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        const EnginePool::Lease engine = pool.borrow();
        if (engine->search({.q = "mistral"}).hits.at(0).record.story.id == "3-5") ++answered;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(answered, 160);
}

TEST(EnginePool, AMissingIndexIsAnEngineErrorAndHoldsNoSlot) {
  scatter::test::TempDir dir;
  EnginePool pool(dir / "missing", 1);
  EXPECT_THROW(pool.borrow(), scatter::EngineError);
  // The failed open gave its slot back: the next borrower is not left waiting.
  auto second = std::async(std::launch::async, [&] {
    try {
      pool.borrow();
    } catch (const scatter::EngineError&) {
      return true;
    }
    return false;
  });
  ASSERT_EQ(second.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_TRUE(second.get());
}

}  // namespace
