// SearchEngine (engine/search_engine.h) over a damaged index: opening it, or a
// read that meets the damage later, throws IndexDamaged naming the path and
// the cure, never one of Xapian's errors (which no caller catches) and never
// a crash. Each test damages its own copy of the seed index.
#include "engine/search_engine.h"
#include "index/indexing.h"
#include "schema/schema.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>

namespace scatter {
namespace {

using test::TempDir;

std::filesystem::path seed_index(const TempDir& dir) {
  const IndexSummary summary = index_archive({.archive = test::data_dir(), .db = dir / "index"});
  EXPECT_EQ(summary.stories, 5u) << test::all_warnings(summary.warnings);
  return dir / "index";
}

void expect_named_damage(const IndexDamaged& e, const std::filesystem::path& db, const std::string& cause) {
  const std::string message = e.what();
  EXPECT_EQ(message.rfind(db.string() + ": the index is damaged (", 0), 0u) << message;
  EXPECT_NE(message.find(cause), std::string::npos) << message;
  EXPECT_NE(message.find("indexer --rebuild"), std::string::npos) << message;
}

TEST(EngineOverADamagedIndex, OpeningThrowsIndexDamaged) {
  const struct {
    const char* table;
    bool every_block;  // else the first block only: a leaf of the postlist, where the metadata is read
  } rows[] = {{"termlist.glass", true}, {"docdata.glass", true}, {"postlist.glass", false}};
  for (const auto& row : rows) {
    const TempDir dir;
    const std::filesystem::path db = seed_index(dir);
    if (row.every_block) test::damage_every_glass_block(db / row.table);
    else test::damage_glass_block(db / row.table, 0);
    try {
      SearchEngine engine(db);
      ADD_FAILURE() << row.table << ": opened";
    } catch (const IndexDamaged& e) {
      expect_named_damage(e, db, "DatabaseCorruptError");
    }
  }
}

TEST(EngineOverADamagedIndex, AReadMeetingDamageThrowsIndexDamagedAndTheEngineRecoversAfterARebuild) {
  const TempDir dir;
  const std::filesystem::path db = seed_index(dir);
  SearchEngine engine(db);
  ASSERT_EQ(engine.search({.q = "sora"}).hits.at(0).record.story.id, "3-2");

  test::damage_every_glass_block(db / "postlist.glass");
  try {
    engine.search({.q = "gemini"});
    ADD_FAILURE() << "searched a damaged index";
  } catch (const IndexDamaged& e) {
    expect_named_damage(e, db, "search failed: DatabaseCorruptError");
  }
  EXPECT_THROW(engine.story("3-4"), IndexDamaged);

  index_archive({.archive = test::data_dir(), .db = db, .rebuild = true});
  EXPECT_EQ(engine.search({.q = "gemini workspace"}).hits.at(0).record.story.id, "3-4");
}

TEST(EngineOverADamagedIndex, AStoredTableThatDoesNotParseIsDamage) {
  const TempDir dir;
  const std::filesystem::path db = seed_index(dir);
  {
    Xapian::WritableDatabase writable(db.string(), Xapian::DB_OPEN);
    writable.set_metadata(std::string(schema::kTopicsKey), R"({"topics": [)");
    writable.commit();
  }
  try {
    SearchEngine engine(db);
    ADD_FAILURE() << "opened";
  } catch (const IndexDamaged& e) {
    expect_named_damage(e, db, "metadata:topics");
  }
}

}  // namespace
}  // namespace scatter
