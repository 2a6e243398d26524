// A small SYNTHETIC archive for the engine's counts over many issues and dates:
// facets, trends, suggestions. Every company, topic and story in it is invented
// for tests and says so in its text; none is news. Built once per suite with
// index_archive(), like SeedIndexTest.
//
//   issue  date        story  companies                topics
//   9      2024-12-30  9-1    Quillbyte                Robots
//                      9-2    Zephyrsynth              Forecasts
//   10     2025-01-05  10-1   Quillbyte, Marrowlabs    Robots
//   11     2025-01-22  11-1   Quillbyte                Robots, Forecasts
//                      11-2   Tundrabit                -
//   12     2025-03-03  12-1   Zephyrsynth              Robots
//   13     2027-06-15  13-1   Marrowlabs, Tundrabit    Robots
//   100    (none)      100-1  Quillbyte                Robots
//
// 2024-12-30 is a Monday and 2025-01-05 the Sunday of that week; 2025-01-22 is a
// Wednesday (week of 2025-01-20); 2027-06-15 a Tuesday (week of 2027-06-14).
// No story falls in 2025-02, 2025-04 .. 2027-05, or 2026.
#pragma once

#include "test_support.h"

#include "engine/search_engine.h"
#include "index/indexing.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <optional>
#include <string>

namespace scatter::test {

inline constexpr std::size_t kSyntheticStories = 8;

inline void write_synthetic_archive(const std::filesystem::path& archive) {
  write_file(archive / "companies.json", R"({
  "_about": "SYNTHETIC companies for tests: invented names, not real companies.",
  "companies": [
    {"name": "Quillbyte", "aliases": ["Quillbyte Labs"], "products": ["Inkwell"]},
    {"name": "Zephyrsynth", "aliases": [], "products": ["Gustnet"]},
    {"name": "Marrowlabs", "aliases": [], "products": []},
    {"name": "Tundrabit", "aliases": [], "products": []}
  ]
})");
  write_file(archive / "topics.json", R"({
  "_about": "SYNTHETIC topics for tests.",
  "min_score": 4.0,
  "topics": [
    {"name": "Robots", "terms": {"robot": 4}},
    {"name": "Forecasts", "terms": {"forecast": 4}}
  ]
})");
  write_file(archive / "2024-12-30-issue-009.txt",
             "1. Synthetic story: Quillbyte robot demo\n"
             "Synthetic test text, not news: Quillbyte shows a robot that sorts parcels.\n"
             "2. Synthetic story: Zephyrsynth forecast model\n"
             "Synthetic test text, not news: Zephyrsynth trains a forecast model on rainfall.\n");
  write_file(archive / "2025-01-05-issue-010.txt",
             "1. Synthetic story: Quillbyte and Marrowlabs robot pact\n"
             "Synthetic test text, not news: Quillbyte and Marrowlabs agree to share robot parts.\n");
  write_file(archive / "2025-01-22-issue-011.txt",
             "1. Synthetic story: Quillbyte forecast robot\n"
             "Synthetic test text, not news: Quillbyte builds a robot that reads the forecast.\n"
             "2. Synthetic story: Tundrabit ledger <beta> & notes\n"
             "Synthetic test text, not news: Tundrabit ships a ledger.\n");
  write_file(archive / "2025-03-03-issue-012.txt",
             "1. Synthetic story: Zephyrsynth robot arm\n"
             "Synthetic test text, not news: Zephyrsynth shows a robot arm.\n");
  write_file(archive / "2027-06-15-issue-013.txt",
             "1. Synthetic story: Marrowlabs and Tundrabit robot race\n"
             "Synthetic test text, not news: Marrowlabs and Tundrabit race their robots.\n");
  write_file(archive / "issue-100.txt",  // no date anywhere: an undated issue
             "1. Synthetic story: Quillbyte undated robot note\n"
             "Synthetic test text, not news: Quillbyte writes an undated note about a robot.\n");
}

// The synthetic archive indexed once per suite (as one database, or as
// `shards()` shards), and a SearchEngine on it for each test.
class SyntheticIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { build(std::nullopt); }
  static void build(std::optional<std::size_t> shards) {
    dir_ = new TempDir;
    write_synthetic_archive(*dir_ / "archive");
    const IndexSummary summary = index_archive({.archive = *dir_ / "archive", .db = *dir_ / "index", .shards = shards});
    ASSERT_EQ(summary.stories, kSyntheticStories) << all_warnings(summary.warnings);
    ASSERT_TRUE(summary.warnings.empty()) << all_warnings(summary.warnings);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static inline TempDir* dir_ = nullptr;
  SearchEngine engine_{*dir_ / "index"};
};

}  // namespace scatter::test
