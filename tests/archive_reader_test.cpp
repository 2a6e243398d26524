// common/archive/archive_reader.h: a folder of captures in, merged issues out; a
// bad file is named, counted and skipped.
#include "archive/archive_reader.h"

#include "issue3_expected.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace scatter {
namespace {

namespace issue3 = test::issue3;
using test::all_warnings;
using test::data_dir;
using test::read_file;
using test::TempDir;
using test::write_file;

std::size_t story_count(const Archive& archive) {
  std::size_t n = 0;
  for (const Issue& issue : archive.issues) n += issue.stories.size();
  return n;
}

void expect_issue3(const Archive& archive) {
  ASSERT_EQ(archive.issues.size(), 1u) << "the two captures of issue 3 make one issue";
  const Issue& issue = archive.issues[0];
  ASSERT_TRUE(issue.number.has_value());
  EXPECT_EQ(*issue.number, issue3::kNumber);
  ASSERT_TRUE(issue.date.has_value());
  EXPECT_EQ(issue.date->iso(), issue3::kDate);
  EXPECT_EQ(issue.newsletter, issue3::kNewsletter);
  ASSERT_EQ(issue.stories.size(), issue3::kStories.size());
  for (std::size_t i = 0; i < issue.stories.size(); ++i) {
    SCOPED_TRACE("story " + std::to_string(i + 1));
    EXPECT_EQ(issue.stories[i].title, issue3::kStories[i].title);
    EXPECT_EQ(issue.stories[i].paragraphs.size(), issue3::kParagraphsPerStory);
    EXPECT_EQ(issue.stories[i].bullets.size(), issue3::kBulletsPerStory);
  }
}

void copy_seed_captures(const TempDir& dir) {
  for (const auto name : {issue3::kSourceFile, issue3::kPageCaptureFile}) {
    write_file(dir / std::string(name), read_file(data_dir() / "issues" / std::string(name)));
  }
}

TEST(ReadArchive, DataFolderHoldsOneIssueOfFiveStories) {
  const Archive archive = read_archive(data_dir());
  expect_issue3(archive);
  EXPECT_EQ(archive.files_read, 2u) << "the source text and the page capture";
  EXPECT_EQ(archive.files_skipped, 0u) << all_warnings(archive.warnings);
  EXPECT_TRUE(archive.warnings.empty()) << all_warnings(archive.warnings);
  for (const auto& source : archive.issues[0].sources) {
    EXPECT_NE(source.filename(), "companies.json") << "the companies list was read as a capture";
  }
}

TEST(IsCaptureFile, CaptureFormatsByExtensionAndNothingElse) {
  struct Row {
    std::filesystem::path file;
    bool capture;
  };
  const std::vector<Row> rows = {
      {"2026-02-09-issue-003.source.txt", true},
      {"/archive/issues/a.txt", true},
      {"companies.json", false},
      {"topics.json", false},
      {"cover.png", false},
      {"notes.md", true},
      {"ISSUE.HTML", true},
      {"page.htm", true},
      {"corpus.jsonl", true},
      {"corpus.ndjson", true},
      {"txt", false},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.file.string());
    EXPECT_EQ(is_capture_file(row.file), row.capture);
  }
}

TEST(ReadArchive, BadFilesAreNamedCountedAndSkipped) {
  const TempDir dir;
  copy_seed_captures(dir);
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"synthetic-empty.txt", ""},
      {"synthetic-binary.txt", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0", 18)},
      {"synthetic-no-stories.txt", "Synthetic Letter\nA paragraph of synthetic prose, no numbered story.\n"},
  };
  for (const auto& [name, bytes] : bad) write_file(dir / name, bytes);

  const Archive archive = read_archive(dir.path());
  expect_issue3(archive);
  EXPECT_EQ(story_count(archive), issue3::kStories.size()) << "the good captures still give their stories";
  EXPECT_EQ(archive.files_read, 2u);
  EXPECT_EQ(archive.files_skipped, bad.size());
  for (const auto& [name, bytes] : bad) {
    SCOPED_TRACE(name);
    const auto about_it = [&, file = dir / name](const Warning& w) { return w.file == file; };
    EXPECT_EQ(std::count_if(archive.warnings.begin(), archive.warnings.end(), about_it), 1)
        << "expected one warning for the file:" << all_warnings(archive.warnings);
    const auto it = std::find_if(archive.warnings.begin(), archive.warnings.end(), about_it);
    if (it != archive.warnings.end()) {
      EXPECT_NE(it->text().find(name), std::string::npos) << "the warning does not name the file: " << it->text();
    }
  }
  EXPECT_EQ(archive.warnings.size(), bad.size()) << all_warnings(archive.warnings);
}

TEST(ReadArchive, ParseFailuresAreReportedBeforeOtherWarnings) {
  const TempDir dir;
  // Sorted first, read fine but repaired: a per-file warning.
  write_file(dir / "a-synthetic-latin1.txt", "1. Synthetic story one\nA caf\xE9 paragraph.\n");
  // Sorted last, cannot be read: a parse failure.
  write_file(dir / "z-synthetic-empty.txt", "");
  const Archive archive = read_archive(dir.path());
  EXPECT_EQ(archive.files_read, 1u);
  EXPECT_EQ(archive.files_skipped, 1u);
  ASSERT_EQ(archive.warnings.size(), 2u) << all_warnings(archive.warnings);
  EXPECT_EQ(archive.warnings[0].file, dir / "z-synthetic-empty.txt") << "parse failures come first";
  EXPECT_EQ(archive.warnings[1].file, dir / "a-synthetic-latin1.txt");
  EXPECT_EQ(archive.warnings[1].line, 2) << archive.warnings[1].text();
  ASSERT_EQ(story_count(archive), 1u) << "the repaired file still gives its story";
  EXPECT_EQ(archive.issues[0].stories[0].paragraphs.at(0), "A caf\xEF\xBF\xBD paragraph.");
}

TEST(ReadArchive, HiddenFilesAndFoldersAreIgnored) {
  const TempDir dir;
  copy_seed_captures(dir);
  const std::string other_issue = "---\nissue: 9\ndate: 2026-04-06\n---\n1. Synthetic story one\nA synthetic paragraph.\n";
  write_file(dir / ".synthetic-draft.txt", other_issue);
  write_file(dir / ".drafts" / "synthetic-draft.txt", other_issue);
  write_file(dir / ".synthetic-empty.txt", "");  // would be a warning if read

  const Archive archive = read_archive(dir.path());
  expect_issue3(archive);
  EXPECT_EQ(archive.files_read, 2u) << "a hidden file was read";
  EXPECT_EQ(archive.files_skipped, 0u) << "a hidden file was tried";
  EXPECT_TRUE(archive.warnings.empty()) << all_warnings(archive.warnings);
}

TEST(ReadArchive, CapturesInSubfoldersAreRead) {
  const TempDir dir;
  write_file(dir / "2026" / "february" / std::string(issue3::kSourceFile),
             read_file(data_dir() / "issues" / std::string(issue3::kSourceFile)));
  write_file(dir / std::string(issue3::kPageCaptureFile),
             read_file(data_dir() / "issues" / std::string(issue3::kPageCaptureFile)));
  write_file(dir / "companies.json", read_file(data_dir() / "companies.json"));
  const Archive archive = read_archive(dir.path());
  expect_issue3(archive);
  EXPECT_EQ(archive.files_read, 2u);
  EXPECT_EQ(archive.files_skipped, 0u) << all_warnings(archive.warnings);
}

TEST(ReadArchive, EmptyFolderGivesNoIssues) {
  const TempDir dir;
  const Archive archive = read_archive(dir.path());
  EXPECT_TRUE(archive.issues.empty());
  EXPECT_EQ(archive.files_read, 0u);
  EXPECT_EQ(archive.files_skipped, 0u);
}

TEST(ReadArchive, MissingFolderOrAFileThrowsArchiveErrorNamingIt) {
  const TempDir dir;
  write_file(dir / "synthetic.txt", "1. Synthetic story one\nA synthetic paragraph.\n");
  const std::vector<std::pair<std::string, std::filesystem::path>> rows = {
      {"missing folder", dir / "no-such-folder"},
      {"a file, not a folder", dir / "synthetic.txt"},
  };
  for (const auto& [name, path] : rows) {
    SCOPED_TRACE(name);
    try {
      const Archive archive = read_archive(path);
      ADD_FAILURE() << "read " << archive.files_read << " files without error";
    } catch (const ArchiveError& e) {
      EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos)
          << "the error does not name the folder: " << e.what();
    }
  }
}

}  // namespace
}  // namespace scatter
