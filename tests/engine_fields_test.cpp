// The researcher's own fields (fields/user_fields.h, docs/jsonl.md): a
// SYNTHETIC JSON Lines corpus (tests/fixtures/fields) with its fields.json,
// indexed once; declared fields filter, count, sort and search as a user asks
// the engine, and the corpus's own ids are the story ids.
//
// The fixture by hand: 30 stories in issues 1-3; authors Ada Lovelace 8,
// Charles Babbage 7, Grace Hopper 6, Alan Turing 5, Mary Somerville 4 (in
// that rotation); story i has words 150 + 53i mod 900 (story 25: "many",
// refused), published 2020-(i mod 12 + 1)-(i mod 27 + 1), section by i mod 3,
// region North/north/south; line 12 repeats id syn-003, line 20's id is unsafe.
#include "test_support.h"

#include "engine/search_engine.h"
#include "fields/user_fields.h"
#include "index/indexing.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace scatter {
namespace {

using test::TempDir;

std::filesystem::path fixture() { return test::source_dir() / "tests" / "fixtures" / "fields"; }

class FieldsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    summary_ = new IndexSummary(index_archive({.archive = fixture(), .db = *dir_ / "index"}));
  }
  static void TearDownTestSuite() {
    delete summary_;
    delete dir_;
  }

  SearchResult all(SearchRequest request) {
    request.per_page = 100;
    return engine_.search(request);
  }

  static std::vector<std::string> ids(const SearchResult& result) {
    std::vector<std::string> out;
    for (const SearchHit& hit : result.hits) out.push_back(hit.record.story.id);
    std::sort(out.begin(), out.end());
    return out;
  }

  static inline TempDir* dir_ = nullptr;
  static inline IndexSummary* summary_ = nullptr;
  SearchEngine engine_{*dir_ / "index"};
};

bool has_warning(const std::vector<Warning>& warnings, const std::string& text) {
  return std::any_of(warnings.begin(), warnings.end(),
                     [&](const Warning& w) { return w.text().find(text) != std::string::npos; });
}

TEST_F(FieldsTest, IndexesEveryStoryAndNamesEachBadValue) {
  EXPECT_EQ(summary_->stories, 30u);
  const auto& warnings = summary_->warnings;
  EXPECT_TRUE(has_warning(warnings, "corpus.jsonl:12: field 'id': 'syn-003' is already the id of line 3"))
      << test::all_warnings(warnings);
  EXPECT_TRUE(has_warning(warnings, "corpus.jsonl:20: field 'id'")) << test::all_warnings(warnings);
  EXPECT_TRUE(has_warning(warnings, "corpus.jsonl:25: field 'words' must be a number")) << test::all_warnings(warnings);
  // Undeclared fields are still named; declared ones are not.
  EXPECT_TRUE(has_warning(warnings, "unknown fields ignored: 'mood'")) << test::all_warnings(warnings);
  EXPECT_FALSE(has_warning(warnings, "'author'")) << test::all_warnings(warnings);
}

TEST_F(FieldsTest, KeepsTheCorpusIdsAndFallsBackForBadOnes) {
  const auto first = engine_.story("syn-001");
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->story.title, "SYNTHETIC fields story 1");
  EXPECT_EQ(first->story.fields.at("author"), "Ada Lovelace");
  EXPECT_EQ(first->story.fields.at("words"), "203");
  EXPECT_EQ(first->story.fields.at("published"), "2020-02-02");
  // The repeated id stays with its first story; the later one gets a made id.
  EXPECT_EQ(engine_.story("syn-003")->story.title, "SYNTHETIC fields story 3");
  EXPECT_EQ(engine_.story("2-2")->story.title, "SYNTHETIC fields story 12");
  EXPECT_EQ(engine_.story("2-10")->story.title, "SYNTHETIC fields story 20");
  EXPECT_FALSE(engine_.story("syn-012").has_value());
  EXPECT_FALSE(engine_.story("syn-025")->story.fields.contains("words")) << "the refused value is not kept";
}

TEST_F(FieldsTest, KeywordFindsExactlyTheAuthorsStoriesWhereWordsFindMore) {
  const SearchResult exact = all({.q = "author:\"Ada Lovelace\""});
  ASSERT_EQ(exact.hits.size(), 8u);
  for (const SearchHit& hit : exact.hits) EXPECT_EQ(hit.record.story.fields.at("author"), "Ada Lovelace");
  EXPECT_EQ(exact.interpreted_as, "author:\"Ada Lovelace\"");
  EXPECT_EQ(ids(all({.q = "author:\"ada LOVELACE\""})), ids(exact)) << "a keyword matches in any case";
  // The words find the 7 stories of others quoting her, and none of hers:
  // what `author:` stands for is not text of the story.
  const SearchResult loose = all({.q = "Ada Lovelace"});
  EXPECT_EQ(loose.hits.size(), 7u);
  for (const SearchHit& hit : loose.hits) EXPECT_NE(hit.record.story.fields.at("author"), "Ada Lovelace");
  EXPECT_EQ(all({.q = "region:north"}).hits.size(), 15u) << "North and north are one value";
  EXPECT_EQ(all({.q = "author:\"Ada Lovelace\" section:science"}).hits.size(),
            all({.q = "author:\"Ada Lovelace\" AND section:science"}).hits.size());
}

TEST_F(FieldsTest, FacetCountsMatchTheHandTally) {
  const SearchResult result = all({.field_facets = {"author"}});
  ASSERT_EQ(result.facets.size(), 1u);
  EXPECT_EQ(result.facets[0].field, "author");
  std::vector<std::pair<std::string, Xapian::doccount>> counts;
  for (const FacetValue& value : result.facets[0].values) counts.emplace_back(value.value, value.count);
  const std::vector<std::pair<std::string, Xapian::doccount>> tally = {
      {"Ada Lovelace", 8}, {"Charles Babbage", 7}, {"Grace Hopper", 6}, {"Alan Turing", 5}, {"Mary Somerville", 4}};
  EXPECT_EQ(counts, tally);

  // Over a query's matches: counted from the hits themselves.
  const SearchResult science = all({.q = "section:science", .field_facets = {"author", "section"}});
  std::map<std::string, Xapian::doccount> by_hand;
  for (const SearchHit& hit : science.hits) ++by_hand[hit.record.story.fields.at("author")];
  std::map<std::string, Xapian::doccount> counted;
  for (const FacetValue& value : science.facets[0].values) counted[value.value] = value.count;
  EXPECT_EQ(counted, by_hand);
  ASSERT_EQ(science.facets[1].values.size(), 1u);
  EXPECT_EQ(science.facets[1].values[0].value, "science");
  EXPECT_EQ(science.facets[1].values[0].count, 10u);
}

TEST_F(FieldsTest, SortsByANumberBothWays) {
  const auto words_of = [](const SearchResult& result) {
    std::vector<int> out;
    for (const SearchHit& hit : result.hits) {
      if (hit.record.story.fields.contains("words")) out.push_back(std::stoi(hit.record.story.fields.at("words")));
    }
    return out;
  };
  const SearchResult up = all({.q = "synthetic", .sort_field = "words"});
  const SearchResult down = all({.q = "synthetic", .sort_field = "words", .sort_descending = true});
  ASSERT_EQ(up.hits.size(), 30u);
  const std::vector<int> ascending = words_of(up), descending = words_of(down);
  ASSERT_EQ(ascending.size(), 29u);
  EXPECT_TRUE(std::is_sorted(ascending.begin(), ascending.end()));
  EXPECT_TRUE(std::is_sorted(descending.rbegin(), descending.rend()));
  EXPECT_EQ(ascending.front(), 151);
  EXPECT_EQ(descending.front(), 998);
  EXPECT_EQ(down.hits.front().record.story.id, "syn-016");
  // The story without a value sorts below every value.
  EXPECT_EQ(up.hits.front().record.story.id, "syn-025");
  EXPECT_EQ(down.hits.back().record.story.id, "syn-025");
  // Paging follows the same order.
  SearchRequest second{.q = "synthetic", .page = 2, .per_page = 5, .sort_field = "words"};
  EXPECT_EQ(engine_.search(second).hits.front().record.story.id, up.hits[5].record.story.id);
  // A date sorts too.
  const SearchResult oldest = all({.sort_field = "published"});
  EXPECT_EQ(oldest.hits.front().record.story.fields.at("published"), "2020-01-13");
}

TEST_F(FieldsTest, RangesOfNumbersAndDates) {
  EXPECT_EQ(ids(all({.q = "words:200..300"})), (std::vector<std::string>{"syn-001", "syn-002", "syn-018", "syn-019"}));
  EXPECT_EQ(ids(all({.q = "words:990.."})), (std::vector<std::string>{"syn-016"}));
  EXPECT_EQ(ids(all({.q = "words:..160"})), (std::vector<std::string>{"syn-017"}));
  EXPECT_EQ(ids(all({.q = "words:309"})), (std::vector<std::string>{"syn-003"}));
  EXPECT_EQ(all({.q = "published:2020-02..2020-03"}).hits.size(), 6u);
  EXPECT_EQ(all({.q = "published:2020-02"}).hits.size(), 3u);
  const SearchResult reversed = all({.q = "words:300..200"});
  EXPECT_EQ(reversed.hits.size(), 4u);
  EXPECT_EQ(reversed.interpreted_as, "words:200..300");
  const SearchResult bad = all({.q = "words:lots"});
  ASSERT_FALSE(bad.notes.empty());
  EXPECT_NE(bad.notes.front().find("not a number or range"), std::string::npos) << bad.notes.front();
}

TEST_F(FieldsTest, TextFieldIsSearchedAloneAndWithEverything) {
  const std::vector<std::string> orrery = {"syn-005", "syn-017"};
  EXPECT_EQ(ids(all({.q = "summary:orrery"})), orrery);
  EXPECT_EQ(ids(all({.q = "orrery"})), orrery);
}

TEST_F(FieldsTest, RefusesWhatFieldsJsonDoesNotAllow) {
  const auto parameter_of = [&](const SearchRequest& request) {
    try {
      engine_.search(request);
    } catch (const BadParameter& e) {
      return e.parameter;
    }
    return std::string("(accepted)");
  };
  EXPECT_EQ(parameter_of({.sort_field = "author"}), "sort") << "a keyword is not sortable";
  EXPECT_EQ(parameter_of({.sort_field = "nosuch"}), "sort");
  EXPECT_EQ(parameter_of({.field_facets = {"region"}}), "facets") << "region is not facetable";
  EXPECT_EQ(parameter_of({.sort_field = "words", .after = "x"}), "after");
  EXPECT_THROW(engine_.stream({.q = "synthetic", .sort_field = "words"}), BadParameter);
  // An undeclared field is read as words, and the note lists the declared ones.
  const SearchResult mood = all({.q = "mood:calm"});
  ASSERT_FALSE(mood.notes.empty());
  EXPECT_NE(mood.notes.front().find("declared in fields.json: author, section, region, words, published, summary"),
            std::string::npos)
      << mood.notes.front();
}

// Shards merge a field's order and count its values as one database does.
TEST_F(FieldsTest, ShardsSortAndCountAsOneDatabase) {
  TempDir sharded;
  IndexConfig config{.archive = fixture(), .db = sharded / "index"};
  config.shards = 3;
  ASSERT_EQ(index_archive(config).stories, 30u);
  SearchEngine shards(sharded / "index");
  for (const bool descending : {false, true}) {
    const SearchRequest request{.q = "synthetic", .per_page = 30, .sort_field = "words", .sort_descending = descending};
    std::vector<std::string> one, three;
    const SearchResult in_one = engine_.search(request), in_three = shards.search(request);
    for (const SearchHit& hit : in_one.hits) one.push_back(hit.record.story.id);
    for (const SearchHit& hit : in_three.hits) three.push_back(hit.record.story.id);
    EXPECT_EQ(three, one) << (descending ? "descending" : "ascending");
  }
  const SearchRequest counted{.q = "section:letters", .field_facets = {"author"}};
  const SearchResult in_one = engine_.search(counted), in_three = shards.search(counted);
  std::vector<std::pair<std::string, Xapian::doccount>> one, three;
  for (const FacetValue& value : in_one.facets[0].values) one.emplace_back(value.value, value.count);
  for (const FacetValue& value : in_three.facets[0].values) three.emplace_back(value.value, value.count);
  EXPECT_EQ(three, one);
}

// An issue known by its date lists its stories whatever their ids.
TEST(FieldsIds, AnIssueKeyedByDateListsStoriesWithTheCorpusIds) {
  TempDir dir;
  test::write_file(dir / "archive" / "dated.jsonl",
                   "{\"id\": \"a-1\", \"date\": \"1901-03-05\", \"title\": \"SYNTHETIC one\", \"body\": \"SYNTHETIC.\"}\n"
                   "{\"id\": \"a-2\", \"date\": \"1901-03-05\", \"title\": \"SYNTHETIC two\", \"body\": \"SYNTHETIC.\"}\n"
                   "{\"date\": \"1901-03-05\", \"title\": \"SYNTHETIC three\", \"body\": \"SYNTHETIC.\"}\n"
                   "{\"id\": \"b-1\", \"date\": \"1901-03\", \"title\": \"SYNTHETIC month\", \"body\": \"SYNTHETIC.\"}\n");
  ASSERT_EQ(index_archive({.archive = dir / "archive", .db = dir / "index"}).stories, 4u);
  SearchEngine engine(dir / "index");
  const auto issue = engine.issue("1901-03-05");
  ASSERT_TRUE(issue.has_value());
  std::vector<std::string> ids;
  for (const StoryRecord& record : issue->stories) ids.push_back(record.story.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"a-1", "a-2", "1901-03-05-3"}));
  ASSERT_TRUE(engine.issue("1901-03").has_value());
  EXPECT_EQ(engine.issue("1901-03")->stories.front().story.id, "b-1");
}

TEST(FieldsFile, BadFieldsAreNamedWithTheirLine) {
  const auto error_of = [](const std::string& text) {
    try {
      UserFields::from_json(text, "fields.json");
    } catch (const ParseError& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  EXPECT_EQ(error_of("{\"fields\": [\n {\"name\": \"author\", \"type\": \"keyword\"},\n {\"name\": \"x\", \"type\": \"colour\"}\n]}"),
            "fields.json:3: fields[1]: type 'colour' is not one of keyword, number, date, text");
  EXPECT_EQ(error_of("{\"fields\": [\n {\"name\": \"title\", \"type\": \"text\"}]}"),
            "fields.json:2: fields[0]: name 'title' is a built-in field");
  EXPECT_EQ(error_of("{\"fields\": [\n\n {\"name\": \"a\", \"type\": \"text\", \"boost\": 2}]}"),
            "fields.json:3: fields[0]: unknown key \"boost\" (name, type, filterable, facetable, sortable)");
  EXPECT_EQ(error_of("{\"fields\": [{\"name\": \"Bad Name\", \"type\": \"text\"}]}").substr(0, 40),
            "fields.json:1: fields[0]: name 'Bad Name");
  EXPECT_EQ(error_of("{\"fields\": [{\"name\": \"n\", \"type\": \"number\", \"facetable\": true}]}"),
            "fields.json:1: fields[0]: only a keyword field can be facetable");
  EXPECT_EQ(error_of("{\"fields\": [{\"name\": \"a\", \"type\": \"text\"},\n{\"name\": \"a\", \"type\": \"text\"}]}"),
            "fields.json:2: fields[1]: name 'a' is declared twice");
  EXPECT_EQ(error_of("{\"fields\": [\n{\"name\": \"a\",}]}").substr(0, 31), "fields.json:2: not valid JSON: ");
  std::string many = "{\"fields\": [";
  for (int i = 0; i <= static_cast<int>(kMaxUserFields); ++i) {
    many += (i ? ",\n" : "\n") + std::string("{\"name\": \"f") + std::to_string(i) + "\", \"type\": \"text\"}";
  }
  EXPECT_EQ(error_of(many + "]}"), "fields.json:34: 33 fields; at most 32");
}

// A changed fields.json reshapes every story: the next run reindexes them,
// and a bad one leaves the index as it was.
TEST(FieldsReindex, ChangedFieldsJsonReindexesAndABadOneChangesNothing) {
  TempDir dir;
  const auto archive = dir / "archive";
  std::filesystem::create_directories(archive);
  std::filesystem::copy_file(fixture() / "corpus.jsonl", archive / "corpus.jsonl");
  std::filesystem::copy_file(fixture() / "fields.json", archive / "fields.json");
  const IndexConfig config{.archive = archive, .db = dir / "index"};
  ASSERT_EQ(index_archive(config).added, 30u);
  EXPECT_TRUE(index_archive(config).nothing_changed);

  // Without summary: it is no longer kept, and summary:orrery is only words.
  std::string fields = test::read_file(archive / "fields.json");
  const auto at = fields.find(",\n    {\n      \"name\": \"summary\"");
  ASSERT_NE(at, std::string::npos);
  fields = fields.substr(0, at) + "\n  ]\n}\n";
  test::write_file(archive / "fields.json", fields);
  const IndexSummary changed = index_archive(config);
  EXPECT_FALSE(changed.nothing_changed);
  EXPECT_EQ(changed.replaced, 30u);
  SearchEngine engine(dir / "index");
  EXPECT_FALSE(engine.story("syn-005")->story.fields.contains("summary"));
  EXPECT_EQ(engine.fields().find("summary"), nullptr);

  test::write_file(archive / "fields.json", "{\"fields\": [\n{\"name\": \"id\", \"type\": \"keyword\"}]}");
  try {
    index_archive(config);
    ADD_FAILURE() << "a bad fields.json was accepted";
  } catch (const ParseError& e) {
    EXPECT_EQ(std::string(e.what()), (archive / "fields.json").string() + ":2: fields[0]: name 'id' is a built-in field");
  }
  const auto result = test::run_program(SCATTER_INDEXER, {"--archive", archive.string(), "--db", (dir / "index").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("fields.json:2:"), std::string::npos) << result.err;
  EXPECT_EQ(SearchEngine(dir / "index").search({.q = "author:\"Ada Lovelace\""}).total_estimate, 8u) << "the index is as it was";
}

}  // namespace
}  // namespace scatter
