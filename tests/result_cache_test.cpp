// searchd/result_cache.h: answers kept by index revision and request target,
// bounded, least recently used first out, off at capacity 0.
#include "searchd/result_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace scatter::searchd {
namespace {

ResultCache::Body body(const std::string& text) { return std::make_shared<const std::string>(text); }

std::string target(int n) { return "/search?q=synthetic" + std::to_string(n); }

TEST(ResultCache, GivesBackWhatWasStoredForTheSameRevisionAndTarget) {
  ResultCache cache(100);
  EXPECT_TRUE(cache.enabled());
  EXPECT_EQ(cache.find("rev1", "/search?q=sora"), nullptr);
  cache.store("rev1", "/search?q=sora", body("{\"results\":[]}"));
  const ResultCache::Body found = cache.find("rev1", "/search?q=sora");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*found, "{\"results\":[]}");
  EXPECT_EQ(cache.find("rev1", "/search?q=Sora"), nullptr) << "targets are compared exactly";
  EXPECT_EQ(cache.stats().entries, 1u);
  EXPECT_EQ(cache.stats().hits, 1u);
  EXPECT_EQ(cache.stats().misses, 2u);
}

TEST(ResultCache, ANewRevisionMissesEveryOlderAnswer) {
  ResultCache cache(100);
  cache.store("rev1", "/search?q=sora", body("old"));
  EXPECT_EQ(cache.find("rev2", "/search?q=sora"), nullptr);
  cache.store("rev2", "/search?q=sora", body("new"));
  EXPECT_EQ(*cache.find("rev2", "/search?q=sora"), "new");
  EXPECT_EQ(*cache.find("rev1", "/search?q=sora"), "old") << "the revision is part of the key, not a flush";
}

TEST(ResultCache, StoringTheSameKeyAgainReplacesTheBody) {
  ResultCache cache(100);
  cache.store("rev1", "/x", body("first"));
  cache.store("rev1", "/x", body("second"));
  EXPECT_EQ(*cache.find("rev1", "/x"), "second");
  EXPECT_EQ(cache.stats().entries, 1u);
}

TEST(ResultCache, NeverHoldsMoreThanItsCapacity) {
  for (const std::size_t capacity : {1u, 5u, 16u, 17u, 40u, 1000u}) {
    ResultCache cache(capacity);
    for (int i = 0; i < 3000; ++i) {
      cache.store("rev1", target(i), body("x"));
      ASSERT_LE(cache.stats().entries, capacity) << "capacity " << capacity << " after " << i + 1 << " stores";
    }
    // And it holds a fair share of it: a cache that keeps nothing is not bounded, it is off.
    EXPECT_GE(cache.stats().entries, std::min<std::size_t>(capacity, 16) / 2) << "capacity " << capacity;
  }
}

TEST(ResultCache, TheLeastRecentlyUsedGoFirst) {
  ResultCache cache(32);
  cache.store("rev1", "/hot", body("hot"));
  cache.store("rev1", "/cold", body("cold"));
  for (int i = 0; i < 2000; ++i) {
    cache.store("rev1", target(i), body("x"));
    // Read after every store, so it is never the least recently used.
    ASSERT_NE(cache.find("rev1", "/hot"), nullptr) << "a key read after every store was evicted after store " << i;
  }
  EXPECT_EQ(cache.find("rev1", "/cold"), nullptr) << "a key never read again stays forever";
  // The newest entries are there.
  EXPECT_NE(cache.find("rev1", target(1999)), nullptr);
}

TEST(ResultCache, CapacityZeroTurnsItOff) {
  ResultCache cache(0);
  EXPECT_FALSE(cache.enabled());
  cache.store("rev1", "/search?q=sora", body("x"));
  EXPECT_EQ(cache.find("rev1", "/search?q=sora"), nullptr);
  EXPECT_EQ(cache.stats().entries, 0u);
  EXPECT_EQ(cache.stats().hits, 0u);
}

TEST(ResultCache, ThreadsShareItSafely) {
  ResultCache cache(64);
  std::atomic<int> wrong = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, &wrong, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string key = target((i * 7 + t) % 200);
        if (const ResultCache::Body found = cache.find("rev1", key)) {
          if (*found != key) ++wrong;
        } else {
          cache.store("rev1", key, body(key));
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong, 0) << "a body came back under another target";
  EXPECT_LE(cache.stats().entries, 64u);
  EXPECT_EQ(cache.stats().hits + cache.stats().misses, 8000u);
}

}  // namespace
}  // namespace scatter::searchd
