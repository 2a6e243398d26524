// Warnings read down a file: the indexer's summary lists one file's warnings in
// line order (whole-file ones first), whether the reader streamed the file or
// read it whole. A JSON Lines file gave the warnings of its issues (at the end of
// each issue) before those of its skipped lines, so line 7 came before line 2.
#include "archive/archive_reader.h"
#include "index/indexing.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace scatter {
namespace {

// SYNTHETIC lines: a skipped line (2), an issue's date conflict (4), another
// skipped line (5), a story number used twice (7).
constexpr const char* kLines =
    R"({"issue": 1, "story": 1, "date": "1901-03-05", "title": "SYNTHETIC one", "body": "Text."}
not json
{"issue": 1, "story": 2, "date": "1901-03-05", "title": "SYNTHETIC two", "body": "Text."}
{"issue": 1, "story": 3, "date": "1901-03-06", "title": "SYNTHETIC three", "body": "Text."}
{"issue": 1, "story": 4, "title": "SYNTHETIC without a date", "body": "Text."}
{"issue": 2, "story": 1, "date": "1901-04-02", "title": "SYNTHETIC four", "body": "Text."}
{"issue": 2, "story": 1, "date": "1901-04-02", "title": "SYNTHETIC again", "body": "Text."}
)";

std::vector<int> lines_of(const std::vector<Warning>& warnings) {
  std::vector<int> lines;
  for (const Warning& warning : warnings) lines.push_back(warning.line);
  return lines;
}

TEST(WarningOrder, TheIndexerListsAFilesWarningsInLineOrder) {
  test::TempDir dir;
  test::write_file(dir / "archive" / "synthetic.jsonl", kLines);
  const IndexSummary summary = index_archive({.archive = dir / "archive", .db = dir / "index"});
  EXPECT_EQ(summary.stories, 4u) << test::all_warnings(summary.warnings);
  EXPECT_EQ(lines_of(summary.warnings), (std::vector<int>{2, 4, 5, 7})) << test::all_warnings(summary.warnings);
}

TEST(WarningOrder, ReadingTheArchiveWholeListsThemInLineOrderToo) {
  test::TempDir dir;
  test::write_file(dir / "archive" / "synthetic.jsonl", kLines);
  const Archive archive = read_archive(dir / "archive");
  EXPECT_EQ(lines_of(archive.warnings), (std::vector<int>{2, 4, 5, 7})) << test::all_warnings(archive.warnings);
}

}  // namespace
}  // namespace scatter
