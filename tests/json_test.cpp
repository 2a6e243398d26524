// common/json/to_json.h: the parsed archive as JSON, checked against golden files,
// and the engine's answers (issue listings, trends, suggestions, facets) by shape.
// Each issue of data/ has tests/golden/issue-NNN.json. After a deliberate change,
// regenerate with SCATTER_UPDATE_GOLDEN=1 and read the diff before committing.
#include "json/to_json.h"

#include "archive/archive_reader.h"
#include "gazetteer/gazetteer.h"
#include "index/indexing.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace scatter {
namespace {

using test::data_dir;
using test::read_file;
using test::source_dir;
using test::write_file;

bool updating_goldens() {
  const char* update = std::getenv("SCATTER_UPDATE_GOLDEN");
  return update != nullptr && std::string(update) == "1";
}

std::filesystem::path golden_for(const Issue& issue) {
  char name[32];
  std::snprintf(name, sizeof name, "issue-%03d.json", issue.number.value_or(0));
  return source_dir() / "tests" / "golden" / name;
}

TEST(IssueJson, DataArchiveMatchesGoldenFiles) {
  const Archive archive = read_archive(data_dir());
  const Gazetteer gazetteer = Gazetteer::load(data_dir() / "companies.json");
  const TopicTagger topics = TopicTagger::load(data_dir() / "topics.json");
  ASSERT_FALSE(archive.issues.empty()) << "no issue read from " << data_dir();
  for (Issue issue : archive.issues) {
    tag_companies(issue, gazetteer);
    tag_topics(issue, topics);
    const nlohmann::json actual = to_json(issue);
    const std::filesystem::path golden = golden_for(issue);
    SCOPED_TRACE(golden.string());
    if (updating_goldens()) {
      write_file(golden, actual.dump(2, ' ', false) + "\n");
      std::printf("wrote %s\n", golden.string().c_str());
      continue;
    }
    ASSERT_TRUE(std::filesystem::exists(golden))
        << "no golden file for issue " << issue.number.value_or(0) << "; run with SCATTER_UPDATE_GOLDEN=1";
    const nlohmann::json expected = nlohmann::json::parse(read_file(golden));
    // Only the patch is printed: both documents in full would bury it.
    EXPECT_TRUE(actual == expected) << "the JSON differs from " << golden.filename()
                                << " (RFC 6902 patch from golden to actual):\n"
                                << nlohmann::json::diff(expected, actual).dump(2)
                                << "\nIf the change is intended, rerun with SCATTER_UPDATE_GOLDEN=1.";
  }
}

TEST(IssueJson, ShapeOfAnIssue) {
  Issue issue;
  issue.newsletter = "Synthetic Letter";
  issue.date = Date{2026, 3, 2};
  issue.sources = {"/somewhere/synthetic-a.txt"};
  issue.stories = {Story{.number = 1,
                         .title = "Synthetic story one",
                         .paragraphs = {"A synthetic paragraph."},
                         .bullets = {},
                         .companies = {"OpenAI"}}};
  const nlohmann::json json = to_json(issue);
  EXPECT_EQ(json["newsletter"], "Synthetic Letter");
  EXPECT_TRUE(json["issue"].is_null()) << "an issue without a number says null, not 0";
  EXPECT_EQ(json["date"], "2026-03-02");
  EXPECT_EQ(json["sources"], nlohmann::json::array({"synthetic-a.txt"})) << "sources are file names, not paths";
  ASSERT_EQ(json["stories"].size(), 1u);
  const nlohmann::json& story = json["stories"][0];
  EXPECT_EQ(story["number"], 1);
  EXPECT_EQ(story["title"], "Synthetic story one");
  EXPECT_EQ(story["paragraphs"], nlohmann::json::array({"A synthetic paragraph."}));
  EXPECT_TRUE(story["bullets"].is_array() && story["bullets"].empty()) << "no bullets is [], not null";
  EXPECT_EQ(story["companies"], nlohmann::json::array({"OpenAI"}));
}

// The engine's answers as searchd serves them. Built by hand from synthetic
// values, so that each field's shape is pinned without an index.

StoryRecord synthetic_record(int story) {
  return StoryRecord{.story = Story{.number = story,
                                    .title = "Synthetic story " + std::to_string(story),
                                    .paragraphs = {"A synthetic paragraph."},
                                    .bullets = {"A synthetic bullet."},
                                    .companies = {"Quillbyte"},
                                    .topics = {{"Robots", 4.256}},
                                    .id = "40-" + std::to_string(story),
                                    .url = "/issues/40#story-" + std::to_string(story)},
                     .newsletter = "Synthetic Letter",
                     .issue = 40,
                     .date = Date{2026, 3, 2}};
}

TEST(EngineJson, IssueListingHasItsStoriesInFull) {
  const IssueListing listing{.number = 40, .date = Date{2026, 3, 2}, .stories = {synthetic_record(1), synthetic_record(2)}};
  const nlohmann::json json = to_json(listing);
  EXPECT_EQ(json["issue"], 40);
  EXPECT_EQ(json["date"], "2026-03-02");
  ASSERT_EQ(json["stories"].size(), 2u);
  EXPECT_EQ(json["stories"][0], to_json(synthetic_record(1))) << "each story as /stories/{id} gives it";
  EXPECT_EQ(json["stories"][1]["id"], "40-2");
  EXPECT_EQ(json["stories"][1]["paragraphs"], nlohmann::json::array({"A synthetic paragraph."}));
  EXPECT_EQ(json["stories"][1]["topics"], nlohmann::json::parse(R"([{"name": "Robots", "score": 4.26}])"));

  const nlohmann::json undated = to_json(IssueListing{.number = 41, .stories = {synthetic_record(1)}});
  EXPECT_TRUE(undated["date"].is_null()) << "an issue without a date says null";
}

TEST(EngineJson, TrendsWithoutASplitHaveNoByAnywhere) {
  const TrendsResult trends{.query = "robot",
                            .interpreted_as = "robot",
                            .interval = Interval::kYear,
                            .total = 4,
                            .undated = 1,
                            .periods = {{"2024", Date{2024, 1, 1}, 2, {}, 40}, {"2025", Date{2025, 1, 1}, 0, {}, 0},
                                        {"2026", Date{2026, 1, 1}, 1, {}, 10}},
                            .took_ms = 1.23456};
  const nlohmann::json json = to_json(trends);
  EXPECT_EQ(json, nlohmann::json::parse(R"({
    "query": "robot", "interpreted_as": "robot", "notes": [], "interval": "year", "by": null,
    "total": 4, "undated": 1, "series": [],
    "periods": [{"period": "2024", "start": "2024-01-01", "count": 2, "archive_count": 40},
                {"period": "2025", "start": "2025-01-01", "count": 0, "archive_count": 0},
                {"period": "2026", "start": "2026-01-01", "count": 1, "archive_count": 10}],
    "took_ms": 1.235, "timed_out": false, "partial": false, "missing_shards": []})"))
      << json.dump(2);
  EXPECT_EQ(to_json(TrendsResult{.timed_out = true})["timed_out"], true);
}

TEST(EngineJson, AnAnswerWithoutSomeRemoteShardsSaysWhichAndThatItIsPartial) {
  const nlohmann::json search = to_json(SearchResult{.missing_shards = {1, 3}});
  EXPECT_EQ(search["partial"], true);
  EXPECT_EQ(search["missing_shards"], nlohmann::json::array({1, 3}));
  EXPECT_EQ(to_json(SearchResult{})["partial"], false);
  const nlohmann::json trends = to_json(TrendsResult{.missing_shards = {0}});
  EXPECT_EQ(trends["partial"], true);
  EXPECT_EQ(trends["missing_shards"], nlohmann::json::array({0}));
}

TEST(EngineJson, RelatedStoriesNameTheirStoryAndSayWhetherTheyWereCutShort) {
  const nlohmann::json json = to_json("40-1", RelatedStories{.hits = {{.record = synthetic_record(2)}}, .timed_out = true});
  EXPECT_EQ(json["id"], "40-1");
  ASSERT_EQ(json["results"].size(), 1u);
  EXPECT_EQ(json["results"][0]["id"], "40-2");
  EXPECT_EQ(json["timed_out"], true);
  EXPECT_EQ(to_json("40-1", RelatedStories{})["results"], nlohmann::json::array());
}

TEST(EngineJson, TrendsSplitNameEachSeriesInEveryPeriod) {
  const TrendsResult trends{.interval = Interval::kWeek,
                            .by = TrendSplit::kCompany,
                            .total = 3,
                            .series = {"Quillbyte", "Marrowlabs", "other"},
                            .periods = {{"2024-12-30", Date{2024, 12, 30}, 3, {2, 1, 1}, 7},
                                        {"2025-01-06", Date{2025, 1, 6}, 0, {0, 0, 0}}}};
  const nlohmann::json json = to_json(trends);
  EXPECT_EQ(json["interval"], "week");
  EXPECT_EQ(json["by"], "company");
  EXPECT_EQ(json["series"], nlohmann::json::array({"Quillbyte", "Marrowlabs", "other"}));
  EXPECT_EQ(json["periods"][0],
            nlohmann::json::parse(R"({"period": "2024-12-30", "start": "2024-12-30", "count": 3, "archive_count": 7,
                                      "by": {"Quillbyte": 2, "Marrowlabs": 1, "other": 1}})"));
  EXPECT_EQ(json["periods"][1]["by"], nlohmann::json::parse(R"({"Quillbyte": 0, "Marrowlabs": 0, "other": 0})"))
      << "an empty period still names every series";
  EXPECT_EQ(to_json(TrendsResult{.by = TrendSplit::kTopic})["by"], "topic");
}

TEST(EngineJson, SuggestionsCarryAStoryOnlyForTitles) {
  const std::vector<Suggestion> suggestions = {
      {SuggestionKind::kCompany, "Quillbyte", "<mark>Quill</mark>byte", 4, "", ""},
      {SuggestionKind::kTopic, "Robots", "<mark>Rob</mark>ots", 6, "", ""},
      {SuggestionKind::kTitle, "Synthetic <b> & title", "Synthetic &lt;b&gt; &amp; title", 1, "40-1", "/issues/40#story-1"},
      {SuggestionKind::kWord, "robot", "<mark>rob</mark>ot", 6, "", ""},
      {SuggestionKind::kPhrase, "robot arm", "robot <mark>a</mark>rm", 1, "", ""},
  };
  const nlohmann::json json = to_json("rob", suggestions);
  EXPECT_EQ(json, nlohmann::json::parse(R"({"query": "rob", "suggestions": [
    {"kind": "company", "text": "Quillbyte", "html": "<mark>Quill</mark>byte", "stories": 4},
    {"kind": "topic", "text": "Robots", "html": "<mark>Rob</mark>ots", "stories": 6},
    {"kind": "title", "text": "Synthetic <b> & title", "html": "Synthetic &lt;b&gt; &amp; title", "stories": 1,
     "id": "40-1", "url": "/issues/40#story-1"},
    {"kind": "word", "text": "robot", "html": "<mark>rob</mark>ot", "stories": 6},
    {"kind": "phrase", "text": "robot arm", "html": "robot <mark>a</mark>rm", "stories": 1}]})"))
      << json.dump(2);
  EXPECT_EQ(to_json("", std::vector<Suggestion>{}), nlohmann::json::parse(R"({"query": "", "suggestions": []})"));
}

TEST(EngineJson, SearchResultFacetsAreKeyedByFacetName) {
  SearchResult result{.query = "robot"};
  result.facets = {{Facet::kCompany, {{"Quillbyte", 4}, {"Marrowlabs", 2}}}, {Facet::kIssue, {}},
                   {Facet::kMonth, {{"2025-01", 3}}}};
  const nlohmann::json json = to_json(result);
  EXPECT_EQ(json["facets"], nlohmann::json::parse(R"({
    "company": [{"value": "Quillbyte", "count": 4}, {"value": "Marrowlabs", "count": 2}],
    "issue": [],
    "month": [{"value": "2025-01", "count": 3}]})"));
  EXPECT_EQ(to_json(SearchResult{})["facets"], nlohmann::json::object()) << "none asked: {}, not null";
}

TEST(EngineJson, ASearchCutShortByItsDeadlineSaysSo) {
  EXPECT_EQ(to_json(SearchResult{})["timed_out"], false);
  const nlohmann::json json = to_json(SearchResult{.total_estimate = 64, .total_lower = 64, .total_upper = 900, .timed_out = true});
  EXPECT_EQ(json["timed_out"], true);
  EXPECT_EQ(json["total"]["exact"], false);
}

}  // namespace
}  // namespace scatter
