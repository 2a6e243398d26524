// IndexRevision (index/index_revision.h): the tag result caches and HTTP ETags
// are keyed on. It must change with every commit and every swap of folders,
// stay put while nothing is committed, and be nullopt (never an exception) when
// there is no readable index. Indexes are built from small SYNTHETIC archives.
#include "index/index_revision.h"

#include "index/indexing.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>
#include <string>

namespace scatter {
namespace {

using test::TempDir;
using test::write_file;

void write_issue(const std::filesystem::path& archive, int number) {
  char name[64];
  std::snprintf(name, sizeof name, "2026-03-%02d-issue-%03d.txt", number, number);
  write_file(archive / name, "1. Synthetic story of issue " + std::to_string(number) +
                                 "\nSynthetic test text, not news: a paragraph for issue " + std::to_string(number) +
                                 ".\n");
}

IndexSummary index(const TempDir& dir, IndexConfig config = {}) {
  config.archive = dir / "archive";
  config.db = dir / "index";
  const IndexSummary summary = index_archive(config);
  EXPECT_TRUE(summary.committed) << test::all_warnings(summary.warnings);
  return summary;
}

TEST(IndexRevision, NulloptWithoutAReadableIndex) {
  TempDir dir;
  IndexRevision missing(dir / "no-such-index");
  EXPECT_EQ(missing.current(), std::nullopt);

  std::filesystem::create_directories(dir / "empty");
  IndexRevision empty(dir / "empty");
  EXPECT_EQ(empty.current(), std::nullopt);

  write_file(dir / "junk" / "not-a-database.txt", "synthetic bytes, not a Xapian database\n");
  IndexRevision junk(dir / "junk");
  EXPECT_EQ(junk.current(), std::nullopt);

  write_file(dir / "a-file", "synthetic bytes\n");
  IndexRevision file(dir / "a-file");
  EXPECT_EQ(file.current(), std::nullopt);

  write_file(dir / "damaged" / "iamglass", "synthetic bytes, not a version file\n");
  IndexRevision damaged(dir / "damaged");
  EXPECT_EQ(damaged.current(), std::nullopt);
}

TEST(IndexRevision, NamesTheDamageOfAnIndexXapianCannotReadUntilItIsRebuilt) {
  TempDir dir;
  write_issue(dir / "archive", 1);
  index(dir);
  IndexRevision revision(dir / "index");
  ASSERT_TRUE(revision.current().has_value());
  EXPECT_EQ(revision.damage(), "");

  // Swapped in damaged, as if restored from a bad copy: opening it fails.
  std::filesystem::copy(dir / "index", dir / "copy");
  test::damage_every_glass_block(dir / "copy" / "termlist.glass");
  install(dir / "copy", dir / "index");
  EXPECT_EQ(revision.current(), std::nullopt);
  EXPECT_EQ(revision.damage().rfind((dir / "index").string() + ": the index is damaged (DatabaseCorruptError: ", 0), 0u)
      << revision.damage();

  index(dir, {.rebuild = true});
  EXPECT_TRUE(revision.current().has_value());
  EXPECT_EQ(revision.damage(), "");
  std::filesystem::remove_all(dir / "index");
  EXPECT_EQ(revision.current(), std::nullopt);
  EXPECT_EQ(revision.damage(), "") << "no index is no damage";
}

TEST(IndexRevision, NulloptWhenAShardIsMissing) {
  TempDir dir;
  for (int number = 1; number <= 3; ++number) write_issue(dir / "archive", number);
  index(dir, {.shards = 2});
  IndexRevision revision(dir / "index");
  ASSERT_TRUE(revision.current().has_value());
  std::filesystem::remove_all(dir / "index" / "shard-1");
  EXPECT_EQ(revision.current(), std::nullopt);
  IndexRevision fresh(dir / "index");
  EXPECT_EQ(fresh.current(), std::nullopt);
}

TEST(IndexRevision, AppearsWhenAnIndexIsBuiltAndCountsItsStories) {
  TempDir dir;
  write_issue(dir / "archive", 1);
  write_issue(dir / "archive", 2);
  IndexRevision revision(dir / "index");
  EXPECT_EQ(revision.current(), std::nullopt);
  index(dir);
  const std::optional<std::string> tag = revision.current();
  ASSERT_TRUE(tag.has_value()) << "the index built after the first look is found";
  EXPECT_FALSE(tag->empty());
  EXPECT_EQ(revision.stories(), 2u);
  EXPECT_EQ(revision.current(), tag) << "nothing committed, same tag";
}

TEST(IndexRevision, ChangesWithEachCommitAndNotWithoutOne) {
  TempDir dir;
  write_issue(dir / "archive", 1);
  index(dir);
  IndexRevision revision(dir / "index");
  std::set<std::string> seen;
  std::optional<std::string> tag = revision.current();
  ASSERT_TRUE(tag.has_value());
  seen.insert(*tag);
  for (int number = 2; number <= 4; ++number) {
    write_issue(dir / "archive", number);
    EXPECT_FALSE(index(dir).rebuilt);
    tag = revision.current();
    ASSERT_TRUE(tag.has_value());
    EXPECT_TRUE(seen.insert(*tag).second) << "commit adding issue " << number << " kept tag " << *tag;
    EXPECT_EQ(revision.stories(), static_cast<Xapian::doccount>(number));
  }
  // A run that finds every file as it was commits nothing: cached answers stay good.
  EXPECT_TRUE(index(dir).nothing_changed);
  EXPECT_EQ(revision.current(), tag);
  // Deleting a file is a commit too.
  std::filesystem::remove(dir / "archive" / "2026-03-04-issue-004.txt");
  index(dir);
  const std::optional<std::string> after_delete = revision.current();
  ASSERT_TRUE(after_delete.has_value());
  EXPECT_TRUE(seen.insert(*after_delete).second) << "deleting a story kept the tag";
  EXPECT_EQ(revision.stories(), 3u);
}

TEST(IndexRevision, ChangesWhenARebuiltIndexIsSwappedIn) {
  // A rebuilt index starts again at a low revision: only the swap of folders
  // tells it from the index it replaced. Each rebuild here holds other stories,
  // so a repeated tag would let a cache serve answers of a replaced index.
  TempDir dir;
  IndexRevision revision(dir / "index");
  std::set<std::string> seen;
  for (int run = 1; run <= 6; ++run) {
    write_file(dir / "archive" / "2026-03-02-issue-001.txt",
               "1. Synthetic story, version " + std::to_string(run) + "\nSynthetic test text, not news: version " +
                   std::to_string(run) + ".\n");
    EXPECT_TRUE(index(dir, {.rebuild = true}).rebuilt);
    const std::optional<std::string> tag = revision.current();
    ASSERT_TRUE(tag.has_value()) << "run " << run;
    EXPECT_TRUE(seen.insert(*tag).second) << "rebuild " << run << " repeated the tag of an earlier index: " << *tag;
  }
}

TEST(IndexRevision, ShardedIndexHasOneRevisionPerShard) {
  TempDir dir;
  for (int number = 1; number <= 6; ++number) write_issue(dir / "archive", number);
  index(dir, {.shards = 3});
  IndexRevision revision(dir / "index");
  const std::optional<std::string> tag = revision.current();
  ASSERT_TRUE(tag.has_value());
  const std::string revisions = tag->substr(tag->rfind('-') + 1);
  EXPECT_EQ(std::count(revisions.begin(), revisions.end(), '.'), 2) << *tag << ": three shards, three revisions";
  EXPECT_EQ(revision.stories(), 6u) << "the stories of every shard";

  write_issue(dir / "archive", 7);
  index(dir);
  const std::optional<std::string> after = revision.current();
  ASSERT_TRUE(after.has_value());
  EXPECT_NE(after, tag) << "a commit to the shards changes the tag";
  EXPECT_EQ(revision.stories(), 7u);

  // Going from three shards to one is a rebuild, swapped in.
  index(dir, {.shards = 1});
  const std::optional<std::string> single = revision.current();
  ASSERT_TRUE(single.has_value());
  EXPECT_NE(single, after);
  EXPECT_EQ(single->find('.'), std::string::npos) << *single << ": one database, one revision";
  EXPECT_EQ(revision.stories(), 7u);
}

TEST(IndexRevision, NulloptOnceTheIndexIsRemovedAndBackWhenItReturns) {
  TempDir dir;
  write_issue(dir / "archive", 1);
  index(dir);
  IndexRevision revision(dir / "index");
  const std::optional<std::string> before = revision.current();
  ASSERT_TRUE(before.has_value());
  std::filesystem::remove_all(dir / "index");
  EXPECT_EQ(revision.current(), std::nullopt);
  index(dir);
  const std::optional<std::string> rebuilt = revision.current();
  ASSERT_TRUE(rebuilt.has_value());
  EXPECT_EQ(revision.stories(), 1u);
}

}  // namespace
}  // namespace scatter
