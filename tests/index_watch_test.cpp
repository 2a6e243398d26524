// searchd's index watch through its interface: no index is no revision, an
// index appearing or changing is seen within the interval, reloads and the
// story count follow, and the tick runs after each look.
#include "test_support.h"

#include "index/index_revision.h"
#include "index/indexing.h"
#include "searchd/index_watch.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

using scatter::searchd::IndexWatch;
using scatter::test::TempDir;

namespace {

constexpr auto kInterval = std::chrono::milliseconds(20);

// Polls until `done` or five seconds pass; the watch promises "within the interval".
template <typename Condition>
bool eventually(Condition done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

TEST(IndexWatch, HasNoRevisionUntilAnIndexAppearsThenSeesIt) {
  TempDir dir;
  IndexWatch watch(dir / "index", kInterval);
  EXPECT_FALSE(watch.revision().has_value());
  EXPECT_EQ(watch.state().stories, 0u);
  scatter::index_archive({.archive = scatter::test::data_dir(), .db = dir / "index"});
  ASSERT_TRUE(eventually([&] { return watch.revision().has_value(); }));
  EXPECT_EQ(watch.state().stories, 5u);
  EXPECT_EQ(watch.state().reloads, 0u) << "the first index seen is not a reload";
}

TEST(IndexWatch, ACommitChangesTheRevisionAndCountsAReload) {
  TempDir dir;
  scatter::test::write_file(dir / "archive" / "2026-03-02-issue-004.txt",
                            "1. Synthetic watch story\nA synthetic paragraph, not news.\n");
  scatter::index_archive({.archive = dir / "archive", .db = dir / "index"});
  IndexWatch watch(dir / "index", kInterval);
  const auto before = watch.revision();
  ASSERT_TRUE(before.has_value());
  const auto first_seen = watch.state().last_reload;

  scatter::test::write_file(dir / "archive" / "2026-03-09-issue-005.txt",
                            "1. Another synthetic watch story\nA second synthetic paragraph, not news.\n");
  scatter::index_archive({.archive = dir / "archive", .db = dir / "index"});
  const auto final_revision = scatter::IndexRevision(dir / "index").current();
  ASSERT_TRUE(final_revision.has_value());
  ASSERT_NE(final_revision, before);
  ASSERT_TRUE(eventually([&] { return watch.revision() == final_revision; }));
  const IndexWatch::State after = watch.state();
  EXPECT_EQ(after.stories, 2u);
  // One run, one revision: the stories and their spelling words commit together,
  // so no look sees a state between them.
  EXPECT_EQ(after.reloads, 1u);
  EXPECT_GT(after.last_reload, first_seen);
}

TEST(IndexWatch, ARebuiltIndexSwappedInIsSeen) {
  TempDir dir;
  scatter::index_archive({.archive = scatter::test::data_dir(), .db = dir / "index"});
  IndexWatch watch(dir / "index", kInterval);
  const auto before = watch.revision();
  scatter::index_archive({.archive = scatter::test::data_dir(), .db = dir / "index", .rebuild = true});
  ASSERT_TRUE(eventually([&] { return watch.revision() != before; })) << "a new folder is a new revision";
  EXPECT_EQ(watch.state().stories, 5u);
}

TEST(IndexWatch, TicksAfterEachLook) {
  TempDir dir;
  std::atomic<int> ticks = 0;
  IndexWatch watch(dir / "index", kInterval, [&] { ++ticks; });
  EXPECT_TRUE(eventually([&] { return ticks >= 3; }));
}

}  // namespace
