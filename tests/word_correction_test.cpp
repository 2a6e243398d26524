// common/engine/word_correction.h: how far one word is from another, how far a
// correction may go, and which archive word a misspelling becomes.
#include "engine/word_correction.h"

#include "index/indexing.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <string>

namespace scatter {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndSwaps) {
  const struct {
    std::string a, b;
    unsigned distance;
  } rows[] = {
      {"tariff", "tariff", 0}, {"tarrif", "tariff", 2}, {"tarrifs", "tarries", 1}, {"tarrifs", "tariffs", 2},
      {"sora", "sorra", 1},    {"mdoel", "model", 1},   {"", "abc", 3},          {"café", "cafe", 1},
      {"naïve", "naive", 1},   {"abcdef", "ghijkl", 3},  // past the limit of 2: limit + 1
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.a + " -> " + row.b);
    EXPECT_EQ(edit_distance(row.a, row.b, 2), row.distance);
    EXPECT_EQ(edit_distance(row.b, row.a, 2), row.distance) << "symmetric";
  }
}

TEST(AllowedEdits, OneUnderFiveLettersTwoFromFive) {
  EXPECT_EQ(allowed_edits(3), 1u);
  EXPECT_EQ(allowed_edits(4), 1u);
  EXPECT_EQ(allowed_edits(5), 2u);
  EXPECT_EQ(allowed_edits(6), 2u);  // "tarrif" got no suggestion with one edit
  EXPECT_EQ(allowed_edits(12), 2u);
}

// SYNTHETIC stories, written for this test: "tariffs" in six stories, "tarries"
// in one.
TEST(CorrectWord, PrefersTheWordThatFindsMoreStories) {
  test::TempDir dir;
  std::string lines;
  for (int story = 1; story <= 6; ++story) {
    lines += R"({"issue": 1, "story": )" + std::to_string(story) +
             R"(, "date": "2026-01-05", "title": "SYNTHETIC trade note )" + std::to_string(story) +
             R"(", "body": "Import tariffs rose again; the tariff schedule changed."})" + "\n";
  }
  lines += R"({"issue": 2, "story": 1, "date": "2026-01-12", "title": "SYNTHETIC ferry note", "body": "The ferry tarries at the pier."})" "\n";
  test::write_file(dir / "archive" / "synthetic.jsonl", lines);
  ASSERT_EQ(index_archive({.archive = dir / "archive", .db = dir / "index"}).stories, 7u);
  const Xapian::Database db((dir / "index").string());

  EXPECT_EQ(correct_word(db, "tarrifs"), "tariffs") << "not 'tarries', one edit nearer but in one story";
  EXPECT_EQ(correct_word(db, "tarrif"), "tariff") << "two edits in a six-letter word";
  EXPECT_EQ(correct_word(db, "tarries"), std::nullopt) << "a word of the archive";
  EXPECT_EQ(correct_word(db, "ferri"), "ferry");
  EXPECT_EQ(correct_word(db, "xylophone"), std::nullopt);
}

}  // namespace
}  // namespace scatter
