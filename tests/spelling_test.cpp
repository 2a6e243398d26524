// Spelling corrections as a reader meets them: the engine's did_you_mean over an
// index built by index_archive() (index/spelling.h keeps the table), offered
// only for words the archive lacks and only when the correction finds more; and
// after an incremental run that deleted a story, its words are no longer offered.
#include "seed_index.h"
#include "test_support.h"

#include "engine/search_engine.h"
#include "index/indexing.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace scatter {
namespace {

using Ids = std::vector<std::string>;

Ids ids_of(const SearchResult& result) { return test::story_ids(result); }

class Spelling : public test::SeedIndexTest {};

TEST_F(Spelling, MisspelledWordsAreCorrected) {
  // "mistrall" already finds 3-5 by its stem; "pixtral" finds it with one word
  // more: the correction is offered beside the query's own results.
  const SearchResult result = engine_.search({.q = "mistrall pixtrel"});
  ASSERT_FALSE(result.hits.empty());
  EXPECT_EQ(result.hits.front().record.story.id, "3-5");
  EXPECT_EQ(result.did_you_mean, "mistral pixtral");
  EXPECT_FALSE(result.corrected) << "the query found stories of its own";
  EXPECT_EQ(result.query, "mistrall pixtrel");
}

TEST_F(Spelling, AQueryThatFindsNothingRunsItsCorrection) {
  const struct {
    std::string q;
    std::string did_you_mean;
    bool corrected;  // the words as typed found nothing: the hits are the correction's
    std::string first;
  } rows[] = {
      {"pixtrel", "pixtral", true, "3-5"},
      {"governanse", "governance", true, "3-3"},
      {"Governanse", "governance", true, "3-3"},  // a capital does not hide the word
      {"sorra", "sora", true, "3-2"},
      // "workspace" finds 3-4 as typed; the correction finds it with one word more.
      {"gemnii workspace", "gemini workspace", false, "3-4"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE("q '" + row.q + "'");
    const SearchResult result = engine_.search({.q = row.q});
    EXPECT_EQ(result.did_you_mean, row.did_you_mean);
    EXPECT_EQ(result.corrected, row.corrected);
    ASSERT_FALSE(result.hits.empty());
    EXPECT_EQ(result.hits.front().record.story.id, row.first);
  }
}

TEST_F(Spelling, CorrectWordsGetNoSuggestion) {
  for (const std::string q : {"stock footage", "governance", "sora", "latent attention", "mistral pixtral",
                              "title:governance", "company:mistral", "deepseek", "Copilot Pages"}) {
    SCOPED_TRACE("q '" + q + "'");
    const SearchResult result = engine_.search({.q = q});
    EXPECT_FALSE(result.did_you_mean.has_value()) << *result.did_you_mean;
    EXPECT_FALSE(result.corrected);
    EXPECT_FALSE(result.hits.empty());
  }
}

TEST_F(Spelling, NoSuggestionWhenNothingIsClose) {
  const SearchResult result = engine_.search({.q = "xylophonic zeppelins"});
  EXPECT_FALSE(result.did_you_mean.has_value()) << *result.did_you_mean;
  EXPECT_FALSE(result.corrected);
  EXPECT_TRUE(result.hits.empty());
}

// A research corpus's misspellings (SYNTHETIC stories): "tarrif" got no
// suggestion (one edit only in six letters) and "tarrifs" became "tarries", a
// word of one story, rather than "tariffs".
TEST(SpellingOnACorpus, TwoEditsFromFiveLettersAndTheWordThatFindsMore) {
  test::TempDir dir;
  std::string lines;
  for (int story = 1; story <= 6; ++story) {
    lines += R"({"issue": 1, "story": )" + std::to_string(story) +
             R"(, "date": "1901-03-05", "title": "SYNTHETIC trade report )" + std::to_string(story) +
             R"(", "body": "Tariffs on imported wool rose; the tariff board met."})" + "\n";
  }
  lines += R"({"issue": 2, "story": 1, "date": "1901-04-02", "title": "SYNTHETIC river report", "body": "The steamer tarries at the landing."})" "\n";
  test::write_file(dir / "archive" / "synthetic.jsonl", lines);
  ASSERT_EQ(index_archive({.archive = dir / "archive", .db = dir / "index"}).stories, 7u);
  SearchEngine engine(dir / "index");

  const SearchResult plural = engine.search({.q = "tarrifs"});
  EXPECT_EQ(plural.did_you_mean, "tariffs");
  EXPECT_TRUE(plural.corrected);
  EXPECT_EQ(plural.hits.size(), 6u);

  const SearchResult singular = engine.search({.q = "tarrif board"});
  EXPECT_EQ(singular.did_you_mean, "tariff board");
  EXPECT_EQ(engine.search({.q = "tarrif"}).did_you_mean, "tariff");
}

// Issue 4, with one story whose word "quokkas" no other story has.
void write_quokka_issue(const std::filesystem::path& archive) {
  test::write_file(archive / "issue-004.jsonl",
                   R"({"issue": 4, "story": 1, "date": "2026-02-16", "title": "Island survey counts quokkas", )"
                   R"("paragraphs": ["Rangers on the island counted quokkas near the ferry landing."]})"
                   "\n");
}

// An archive: the seed issue plus issue 4.
void write_archive(const std::filesystem::path& archive) {
  std::filesystem::copy(test::data_dir(), archive, std::filesystem::copy_options::recursive);
  write_quokka_issue(archive);
}

TEST(SpellingAfterDeletion, AWordGoneFromTheArchiveIsNoLongerSuggested) {
  test::TempDir dir;
  write_archive(dir / "archive");
  IndexSummary summary = index_archive({.archive = dir / "archive", .db = dir / "index"});
  ASSERT_EQ(summary.stories, 6u) << test::all_warnings(summary.warnings);
  SearchEngine engine(dir / "index");

  const SearchResult before = engine.search({.q = "quokas"});
  EXPECT_EQ(before.did_you_mean, "quokkas");
  EXPECT_TRUE(before.corrected);
  EXPECT_EQ(ids_of(before), Ids{"4-1"});

  std::filesystem::remove(dir / "archive" / "issue-004.jsonl");
  summary = index_archive({.archive = dir / "archive", .db = dir / "index"});
  EXPECT_FALSE(summary.rebuilt) << "expected an incremental run: " << summary.rebuilt_because;
  EXPECT_EQ(summary.deleted, 1u);
  EXPECT_EQ(summary.stories, 5u);

  // The same engine, on the same path: it sees the new revision.
  const SearchResult after = engine.search({.q = "quokas"});
  EXPECT_FALSE(after.did_you_mean.has_value()) << "suggested a word no story has: " << *after.did_you_mean;
  EXPECT_FALSE(after.corrected);
  EXPECT_TRUE(after.hits.empty());
  const SearchResult exact = engine.search({.q = "quokkas"});
  EXPECT_TRUE(exact.hits.empty());
  EXPECT_FALSE(exact.did_you_mean.has_value()) << *exact.did_you_mean;

  // Words other stories still have are still offered.
  EXPECT_EQ(engine.search({.q = "governanse"}).did_you_mean, "governance");
  // And a fresh engine on the path agrees.
  SearchEngine reopened(dir / "index");
  EXPECT_FALSE(reopened.search({.q = "quokas"}).did_you_mean.has_value());
}

TEST(SpellingAfterDeletion, AWordSharedWithAStoryThatStaysIsStillSuggested) {
  test::TempDir dir;
  write_archive(dir / "archive");
  // Issue 5 also says "quokkas"; deleting issue 4 must keep the word.
  test::write_file(dir / "archive" / "issue-005.jsonl",
                   R"({"issue": 5, "story": 1, "date": "2026-02-23", "title": "Quokkas return to the mainland", )"
                   R"("paragraphs": ["A few quokkas were seen on the mainland coast."]})"
                   "\n");
  index_archive({.archive = dir / "archive", .db = dir / "index"});
  SearchEngine engine(dir / "index");
  EXPECT_EQ(engine.search({.q = "quokas"}).did_you_mean, "quokkas");

  std::filesystem::remove(dir / "archive" / "issue-004.jsonl");
  const IndexSummary summary = index_archive({.archive = dir / "archive", .db = dir / "index"});
  EXPECT_EQ(summary.deleted, 1u);
  const SearchResult after = engine.search({.q = "quokas"});
  EXPECT_EQ(after.did_you_mean, "quokkas");
  EXPECT_EQ(ids_of(after), Ids{"5-1"});
}

// An update writes the words of the stories it adds in the same commit, on a
// sharded index too: counted over every shard, uncommitted stories included.
TEST(SpellingAfterAddition, AWordAnUpdateAddsToAShardedIndexIsSuggestedWithItsStory) {
  test::TempDir dir;
  std::filesystem::copy(test::data_dir(), dir / "archive", std::filesystem::copy_options::recursive);
  index_archive({.archive = dir / "archive", .db = dir / "index", .shards = 3});
  SearchEngine engine(dir / "index");
  EXPECT_FALSE(engine.search({.q = "quokas"}).did_you_mean.has_value());

  write_quokka_issue(dir / "archive");  // issue 4, whose story alone says "quokkas"
  const IndexSummary summary = index_archive({.archive = dir / "archive", .db = dir / "index"});
  EXPECT_FALSE(summary.rebuilt) << "expected an incremental run: " << summary.rebuilt_because;
  EXPECT_EQ(summary.added, 1u);
  const SearchResult after = engine.search({.q = "quokas"});
  EXPECT_EQ(after.did_you_mean, "quokkas");
  EXPECT_EQ(ids_of(after), Ids{"4-1"});
  // Words of the stories on the other shards are still offered, at their frequencies.
  EXPECT_EQ(engine.search({.q = "governanse"}).did_you_mean, "governance");
}

}  // namespace
}  // namespace scatter
