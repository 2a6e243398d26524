// common/index/database_layout.h, bounded_queue.h and parallel.h: the pieces
// that keep an index whole on disk and the indexer's pipeline moving.
#include "index/bounded_queue.h"
#include "index/database_layout.h"
#include "index/index_writer.h"
#include "index/parallel.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <atomic>
#include <functional>
#include <stdexcept>
#include <thread>

namespace scatter {
namespace {

using test::TempDir;

void make_glass_database(const std::filesystem::path& path, const std::string& marker) {
  Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE_OR_OVERWRITE);
  db.set_metadata("marker", marker);
  db.commit();
}

TEST(DatabaseLayout, CountsTheShardsOfWhatIsThere) {
  TempDir dir;
  EXPECT_FALSE(existing_shards(dir / "missing").has_value());
  std::filesystem::create_directories(dir / "empty");
  EXPECT_FALSE(existing_shards(dir / "empty").has_value());
  make_glass_database(dir / "single", "one");
  EXPECT_EQ(existing_shards(dir / "single"), 1u);
  std::filesystem::create_directories(dir / "sharded");
  for (const auto& shard : shard_paths(dir / "sharded", 3)) make_glass_database(shard, "part");
  write_stub(dir / "sharded", 3);
  EXPECT_EQ(existing_shards(dir / "sharded"), 3u);
  EXPECT_EQ(Xapian::Database((dir / "sharded").string()).get_metadata("marker"), "part")
      << "Xapian opens the stub as one database";
}

TEST(DatabaseLayout, RefusesWhatItDidNotWrite) {
  TempDir dir;
  test::write_file(dir / "notes" / "readme.txt", "not an index");
  EXPECT_THROW(existing_shards(dir / "notes"), IndexError);
  test::write_file(dir / "file", "a file");
  EXPECT_THROW(existing_shards(dir / "file"), IndexError);
  test::write_file(dir / "stub" / "XAPIANDB", "auto /etc/elsewhere\n");
  EXPECT_THROW(existing_shards(dir / "stub"), IndexError);
}

TEST(DatabaseLayout, InstallSwapsInTheNewIndexAndRemovesTheOld) {
  TempDir dir;
  make_glass_database(dir / "index", "old");
  const IndexIdentity before = identity_of(dir / "index");
  make_glass_database(build_path(dir / "index"), "new");
  install(build_path(dir / "index"), dir / "index");
  EXPECT_EQ(Xapian::Database((dir / "index").string()).get_metadata("marker"), "new");
  EXPECT_FALSE(std::filesystem::exists(build_path(dir / "index")));
  EXPECT_NE(identity_of(dir / "index"), before) << "readers can tell the index was replaced";

  make_glass_database(dir / "fresh.building", "first");
  install(dir / "fresh.building", dir / "fresh");
  EXPECT_EQ(Xapian::Database((dir / "fresh").string()).get_metadata("marker"), "first");
}

TEST(DatabaseLayout, RemovesWhatAnInterruptedBuildLeft) {
  TempDir dir;
  make_glass_database(build_path(dir / "index"), "abandoned");
  remove_abandoned_builds(dir / "index");
  EXPECT_FALSE(std::filesystem::exists(build_path(dir / "index")));
}

TEST(DatabaseLayout, ADamagedIndexIsToldWithItsPathTheCauseAndTheCure) {
  EXPECT_EQ(damaged_index_message("var/index", "DatabaseCorruptError: Expected block 0 to be level 0, not 255"),
            "var/index: the index is damaged (DatabaseCorruptError: Expected block 0 to be level 0, not 255); "
            "rebuild it from the archive: indexer --rebuild --archive DIR --db var/index");
}

// Xapian's errors as the indexer tells them: damage says to rebuild; a full disk
// names the path and Xapian's words, and is no damage.
TEST(ThrowIndexError, TellsDamageFromOtherFailures) {
  const struct {
    std::function<void()> xapian_throws;
    std::string message;
  } rows[] = {
      {[] { throw Xapian::DatabaseCorruptError("Expected block 2 to be level 1, not 254"); },
       "idx: the index is damaged (cannot read: DatabaseCorruptError: Expected block 2 to be level 1, not 254); "
       "rebuild it from the archive: indexer --rebuild --archive DIR --db idx"},
      {[] { throw Xapian::DatabaseModifiedError("The revision being read has been discarded"); },
       "idx: the index is damaged (cannot read: DatabaseModifiedError: The revision being read has been "
       "discarded); rebuild it from the archive: indexer --rebuild --archive DIR --db idx"},
      {[] { throw Xapian::DatabaseError("Error writing block 4 (No space left on device)"); },
       "idx: cannot read: DatabaseError: Error writing block 4 (No space left on device)"},
  };
  for (const auto& row : rows) {
    try {
      try {
        row.xapian_throws();
      } catch (const Xapian::Error&) {
        throw_index_error("idx", "cannot read");
      }
      ADD_FAILURE() << "nothing thrown for " << row.message;
    } catch (const IndexError& e) {
      EXPECT_EQ(std::string(e.what()), row.message);
    }
  }
}

TEST(CheckNotDamaged, PassesAWholeDatabaseAndNamesDamageReadsWouldMiss) {
  TempDir dir;
  {
    Xapian::WritableDatabase db((dir / "index").string(), Xapian::DB_CREATE_OR_OVERWRITE);
    for (int i = 0; i < 2000; ++i) {
      Xapian::Document doc;
      for (int word = 0; word < 20; ++word) doc.add_posting("synthetic" + std::to_string((i * 7 + word) % 500), word + 1);
      db.add_document(doc);
    }
    db.commit();
  }
  EXPECT_NO_THROW(check_not_damaged(dir / "index"));
  // The first block of the positions is a leaf that opening the database does
  // not read: only a check of every block finds it.
  test::damage_glass_block(dir / "index" / "position.glass", 0);
  EXPECT_NO_THROW(Xapian::Database((dir / "index").string()).get_doccount());
  try {
    check_not_damaged(dir / "index");
    ADD_FAILURE() << "the damage went unnoticed";
  } catch (const IndexError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind((dir / "index").string() + ": the index is damaged (Xapian's check", 0), 0u) << message;
    EXPECT_NE(message.find("indexer --rebuild"), std::string::npos) << message;
  }
}

TEST(IndexLock, ASecondHolderFailsAtOnceAndTheLockFreesOnRelease) {
  TempDir dir;
  {
    const IndexLock first(dir / "index");
    try {
      const IndexLock second(dir / "index");
      FAIL() << "a second lock was granted";
    } catch (const IndexError& e) {
      EXPECT_NE(std::string(e.what()).find("locked by another indexer (pid " + std::to_string(::getpid())),
                std::string::npos)
          << e.what();
    }
  }
  EXPECT_NO_THROW(IndexLock again(dir / "index"));
}

TEST(BoundedQueue, HandsItemsOverInOrderAndDrainsAfterClose) {
  BoundedQueue<int> queue(2);
  std::thread producer([&] {
    for (int i = 0; i < 100; ++i) ASSERT_TRUE(queue.push(i));
    queue.close();
  });
  int expected = 0;
  while (std::optional<int> item = queue.pop()) EXPECT_EQ(*item, expected++);
  producer.join();
  EXPECT_EQ(expected, 100);
  EXPECT_FALSE(queue.push(1)) << "no pushes after close";
}

TEST(BoundedQueue, AbandonWakesABlockedProducer) {
  BoundedQueue<int> queue(1);
  ASSERT_TRUE(queue.push(0));
  std::atomic<bool> pushed{true};
  std::thread producer([&] { pushed = queue.push(1); });
  queue.abandon();
  producer.join();
  EXPECT_FALSE(pushed);
  EXPECT_FALSE(queue.pop().has_value()) << "abandoned items are discarded";
}

TEST(ParallelFor, VisitsEveryIndexOnceAndRethrowsTheFirstError) {
  std::vector<std::atomic<int>> visits(1000);
  parallel_for(visits.size(), 4, [&](std::size_t i) { ++visits[i]; });
  for (const auto& count : visits) EXPECT_EQ(count, 1);
  EXPECT_THROW(parallel_for(100, 4,
                            [](std::size_t i) {
                              if (i == 42) throw std::runtime_error("file 42 is bad");
                            }),
               std::runtime_error);
  parallel_for(0, 4, [](std::size_t) { FAIL() << "nothing to do"; });
}

}  // namespace
}  // namespace scatter
