// End to end: the real indexer over data/ and over archives with bad files, then
// the index's terms and values checked with Xapian directly.
#include "test_support.h"

#include "schema/schema.h"

#include <gtest/gtest.h>
#include <xapian.h>

using scatter::test::ProcessResult;
using scatter::test::TempDir;

namespace {

ProcessResult indexer(const std::vector<std::string>& args) { return scatter::test::run_program(SCATTER_INDEXER, args); }

ProcessResult index_archive(const std::filesystem::path& archive, const std::filesystem::path& db) {
  return indexer({"--archive", archive.string(), "--db", db.string()});
}

// The archive of issue #3, copied so that a test may add bad files to it.
void copy_seed_archive(const std::filesystem::path& to) {
  std::filesystem::copy(scatter::test::data_dir(), to, std::filesystem::copy_options::recursive);
}

std::vector<std::string> all_terms(const Xapian::Database& db) {
  std::vector<std::string> terms;
  for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) terms.push_back(*it);
  return terms;
}

Xapian::Document story_document(const Xapian::Database& db, const std::string& id) {
  const std::string term = scatter::schema::id_term(id);
  auto posting = db.postlist_begin(term);
  if (posting == db.postlist_end(term)) throw std::runtime_error("no document for " + id);
  return db.get_document(*posting);
}

bool has_term(const Xapian::Document& doc, const std::string& term) {
  auto it = doc.termlist_begin();
  it.skip_to(term);
  return it != doc.termlist_end() && *it == term;
}

TEST(Indexer, IndexesTheSeedArchiveIntoOneDocumentPerStory) {
  TempDir dir;
  const ProcessResult result = index_archive(scatter::test::data_dir(), dir / "index");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("2 files, 1 issue, 5 stories (5 added, 0 replaced, 0 deleted, 0 unchanged), 0 warnings, 0 skipped"), std::string::npos) << result.out;
  EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 1) << "one summary line";

  const Xapian::Database db((dir / "index").string());
  EXPECT_EQ(db.get_doccount(), 5u);
  const struct {
    std::string id;
    std::vector<std::string> companies;
  } rows[] = {{"3-1", {"deepseek"}},
              {"3-2", {"openai"}},
              {"3-3", {}},
              {"3-4", {"google", "microsoft"}},
              {"3-5", {"mistral ai"}}};
  for (const auto& row : rows) {
    SCOPED_TRACE(row.id);
    const Xapian::Document doc = story_document(db, row.id);
    EXPECT_TRUE(has_term(doc, "XI3"));
    EXPECT_TRUE(has_term(doc, "D20260209"));
    EXPECT_TRUE(has_term(doc, "M202602"));
    EXPECT_TRUE(has_term(doc, "Y2026"));
    EXPECT_EQ(doc.get_value(scatter::schema::kDateSlot), "20260209");
    EXPECT_EQ(Xapian::sortable_unserialise(doc.get_value(scatter::schema::kIssueSlot)), 3.0);
    for (const std::string& company : row.companies) EXPECT_TRUE(has_term(doc, "XC" + company)) << company;
    std::size_t company_terms = 0;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) company_terms += (*it).starts_with("XC");
    EXPECT_EQ(company_terms, row.companies.size());
  }
  // The title is searchable on its own, with positions for phrases.
  EXPECT_TRUE(has_term(story_document(db, "3-5"), "Spixtral"));
  EXPECT_GT(db.get_collection_freq("XBlatent"), 0u) << "body words are indexed under the body prefix";
  EXPECT_TRUE(db.has_positions());
  // Framework residue of the page capture is in no story.
  for (const std::string& term : all_terms(db)) {
    EXPECT_EQ(term.find("prerender"), std::string::npos) << term;
  }
}

TEST(Indexer, BadFilesAreNamedSkippedAndTheRestIndexed) {
  TempDir dir;
  copy_seed_archive(dir / "archive");
  scatter::test::write_file(dir / "archive" / "empty.txt", "");
  scatter::test::write_file(dir / "archive" / "image.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  scatter::test::write_file(dir / "archive" / "notes.txt", "Just some notes.\nNo numbered stories here.\n");
  const ProcessResult result = index_archive(dir / "archive", dir / "index");
  EXPECT_EQ(result.exit_code, 2) << "exit status says files were skipped";
  EXPECT_NE(result.err.find("empty.txt:1: empty file"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("image.txt:1: binary file"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("notes.txt:1: no numbered stories"), std::string::npos) << result.err;
  EXPECT_NE(result.out.find("5 stories"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("3 skipped"), std::string::npos) << result.out;
  EXPECT_EQ(Xapian::Database((dir / "index").string()).get_doccount(), 5u);
}

TEST(Indexer, ACaptureThatTurnsBadLosesNoIndexedStory) {
  TempDir dir;
  copy_seed_archive(dir / "archive");
  ASSERT_EQ(index_archive(dir / "archive", dir / "index").exit_code, 0);
  scatter::test::write_file(dir / "archive" / "issues" / "2026-02-09-issue-003.page-capture.txt", "");
  scatter::test::write_file(dir / "archive" / "issues" / "2026-02-09-issue-003.source.txt", std::string(64, '\0'));
  EXPECT_EQ(index_archive(dir / "archive", dir / "index").exit_code, 2);
  const Xapian::Database db((dir / "index").string());
  EXPECT_EQ(db.get_doccount(), 5u);
  EXPECT_TRUE(has_term(story_document(db, "3-2"), "Ssora"));
}

TEST(Indexer, CreatesTheDatabaseFolderAndItsParents) {
  TempDir dir;
  const ProcessResult result = index_archive(scatter::test::data_dir(), dir / "var" / "nested" / "index");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(Xapian::Database((dir / "var" / "nested" / "index").string()).get_doccount(), 5u);
}

TEST(Indexer, StrictTurnsWarningsIntoAFailureWithoutTouchingTheIndex) {
  TempDir dir;
  copy_seed_archive(dir / "archive");
  ASSERT_EQ(index_archive(dir / "archive", dir / "index").exit_code, 0);
  scatter::test::write_file(dir / "archive" / "2026-03-02-issue-004.txt",
                            "1. Synthetic story one\nA synthetic paragraph.\n");
  scatter::test::write_file(dir / "archive" / "empty.txt", "");
  const ProcessResult strict =
      indexer({"--archive", (dir / "archive").string(), "--db", (dir / "index").string(), "--strict"});
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_NE(strict.err.find("empty.txt"), std::string::npos) << strict.err;
  EXPECT_NE(strict.err.find("not changed"), std::string::npos) << strict.err;
  EXPECT_EQ(Xapian::Database((dir / "index").string()).get_doccount(), 5u) << "issue 4 was not added";
}

TEST(Indexer, SymlinkLoopsDoNotHangTheWalk) {
  TempDir dir;
  copy_seed_archive(dir / "archive");
  std::filesystem::create_directory_symlink("..", dir / "archive" / "issues" / "up");
  std::filesystem::create_symlink("self.txt", dir / "archive" / "self.txt");
  const ProcessResult result = index_archive(dir / "archive", dir / "index");
  EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 2) << result.err;
  EXPECT_NE(result.out.find("5 stories"), std::string::npos) << result.out << result.err;
}

TEST(Indexer, ReindexingReplacesRatherThanDuplicates) {
  TempDir dir;
  ASSERT_EQ(index_archive(scatter::test::data_dir(), dir / "index").exit_code, 0);
  ASSERT_EQ(index_archive(scatter::test::data_dir(), dir / "index").exit_code, 0);
  EXPECT_EQ(Xapian::Database((dir / "index").string()).get_doccount(), 5u);
}

TEST(Indexer, CommandLineErrors) {
  TempDir dir;
  const ProcessResult help = indexer({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--archive"), std::string::npos);
  EXPECT_NE(help.out.find("Exit status"), std::string::npos);

  const ProcessResult no_db = indexer({"--archive", scatter::test::data_dir().string()});
  EXPECT_EQ(no_db.exit_code, 64);
  EXPECT_NE(no_db.err.find("--db"), std::string::npos) << no_db.err;

  const ProcessResult no_archive = index_archive(dir / "missing", dir / "index");
  EXPECT_EQ(no_archive.exit_code, 1);
  EXPECT_NE(no_archive.err.find((dir / "missing").string()), std::string::npos) << no_archive.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "index")) << "nothing written when the run fails";

  scatter::test::write_file(dir / "bad-companies.json", "{\"companies\": [ {\"aliases\": []} ]}");
  const ProcessResult bad_companies = indexer({"--archive", scatter::test::data_dir().string(), "--db",
                                               (dir / "index").string(), "--companies",
                                               (dir / "bad-companies.json").string()});
  EXPECT_EQ(bad_companies.exit_code, 1);
  EXPECT_NE(bad_companies.err.find("bad-companies.json"), std::string::npos) << bad_companies.err;
  EXPECT_NE(bad_companies.err.find("companies[0]"), std::string::npos) << bad_companies.err;
}

TEST(Indexer, RefusesADatabaseItDidNotWrite) {
  TempDir dir;
  {
    Xapian::WritableDatabase other((dir / "other").string(), Xapian::DB_CREATE);
    Xapian::Document doc;
    doc.set_data("someone else's document");
    other.add_document(doc);
    other.commit();
  }
  const ProcessResult result = index_archive(scatter::test::data_dir(), dir / "other");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("did not write"), std::string::npos) << result.err;
  EXPECT_EQ(Xapian::Database((dir / "other").string()).get_doccount(), 1u);
}

TEST(Indexer, SiteUrlAndPatternMakeStoryLinks) {
  TempDir dir;
  const ProcessResult result = indexer({"--archive", scatter::test::data_dir().string(), "--db",
                                        (dir / "index").string(), "--site-url", "https://scatterai.example/",
                                        "--url-pattern", "/{date}/issue-{issue}/#story-{story}"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const ProcessResult show = scatter::test::run_program(SCATTER_CLI, {"show", "3-4", "--json", "--db",
                                                                      (dir / "index").string()});
  EXPECT_NE(show.out.find("\"url\": \"https://scatterai.example/2026-02-09/issue-3/#story-4\""), std::string::npos)
      << show.out;
}

}  // namespace
