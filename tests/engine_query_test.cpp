// The search engine as a reader uses it: as-you-type, sorting, one story per
// issue, issue filters, related stories, ranking a reader would agree with, and
// stories holding markup. Over the seed archive (data/) and over a small archive
// of JSON Lines written here, each scenario with words of its own.
#include "seed_index.h"
#include "test_support.h"

#include "engine/search_engine.h"
#include "index/indexing.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace scatter {
namespace {

using Ids = std::vector<std::string>;

Ids ids_of(const SearchResult& result) { return test::story_ids(result); }

Ids sorted(Ids ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

// ----------------------------------------------------------------------------
// The seed archive.

class SeedEngine : public test::SeedIndexTest {};

TEST_F(SeedEngine, AsYouTypeCompletesTheLastWord) {
  const SearchResult typing = engine_.search({.q = "deepse", .prefix = true});
  ASSERT_FALSE(typing.hits.empty());
  EXPECT_EQ(typing.hits.front().record.story.id, "3-1");
  EXPECT_EQ(typing.hits.front().title_html,
            "The <mark>DeepSeek</mark> Aftermath: Industry-Wide Pivot to Training Efficiency");
  EXPECT_EQ(typing.interpreted_as, "deepse*");
  EXPECT_FALSE(typing.corrected);

  // Without prefix, "deepse" is a word no story has: nothing, or a correction.
  const SearchResult word = engine_.search({.q = "deepse"});
  EXPECT_NE(word.interpreted_as, "deepse*");
  EXPECT_TRUE(word.hits.empty() || word.corrected) << "found by a word start it was not asked for";

  // Earlier words stay words; only the last is a start.
  const SearchResult two = engine_.search({.q = "copilot pixtr", .prefix = true});
  EXPECT_EQ(sorted(ids_of(two)), (Ids{"3-4", "3-5"}));
  EXPECT_EQ(two.interpreted_as, "copilot pixtr*");
}

TEST_F(SeedEngine, AsYouTypeAWordFollowedByASpaceIsFinished) {
  // search_request.h: "q's last word may be the start of a word"; query_syntax.h:
  // "The last word is a prefix unless the text ends in a space".
  for (const std::string q : {"deepse ", "deepse\t", "copilot deepse "}) {
    SCOPED_TRACE("q '" + q + "'");
    const SearchResult finished = engine_.search({.q = q, .prefix = true});
    EXPECT_EQ(finished.interpreted_as.find('*'), std::string::npos) << finished.interpreted_as;
    for (const SearchHit& hit : finished.hits) {
      EXPECT_TRUE(finished.corrected || hit.record.story.id != "3-1") << "3-1 found by the word start 'deepse'";
    }
  }
}

TEST_F(SeedEngine, RelatedStoriesAreOtherStories) {
  const auto related = engine_.related("3-1");
  ASSERT_TRUE(related.has_value());
  EXPECT_FALSE(related->hits.empty());
  EXPECT_FALSE(related->timed_out);
  for (const SearchHit& hit : related->hits) {
    EXPECT_NE(hit.record.story.id, "3-1") << "a story is not related to itself";
    EXPECT_GT(hit.score, 0);
  }
  std::set<std::string> distinct;
  for (const SearchHit& hit : related->hits) distinct.insert(hit.record.story.id);
  EXPECT_EQ(distinct.size(), related->hits.size()) << "a story listed twice";

  for (const std::string id : {"3-2", "3-3", "3-4", "3-5"}) {
    const auto others = engine_.related(id, 2);
    ASSERT_TRUE(others.has_value()) << id;
    EXPECT_LE(others->hits.size(), 2u) << id;
    for (const SearchHit& hit : others->hits) EXPECT_NE(hit.record.story.id, id);
  }
}

TEST_F(SeedEngine, AWordTooLongToBeIndexedMatchesNothingAndSaysSo) {
  const std::string long_word(70, 'a');  // Xapian's TermGenerator keeps words of at most 64 bytes
  const SearchResult alone = engine_.search({.q = long_word});
  EXPECT_TRUE(alone.hits.empty()) << "a word no story can hold must not list every story";
  ASSERT_EQ(alone.notes.size(), 1u);
  EXPECT_NE(alone.notes.front().find("longer than the archive indexes"), std::string::npos) << alone.notes.front();
  EXPECT_EQ(test::story_ids(engine_.search({.q = "sora " + long_word})), std::vector<std::string>{"3-2"})
      << "beside other words it is one word that matches nothing";
  EXPECT_TRUE(engine_.search({.q = long_word + " company:openai"}).hits.empty());
}

TEST_F(SeedEngine, RelatedOfAnUnknownStoryIsNothing) {
  EXPECT_FALSE(engine_.related("9-9").has_value());
  EXPECT_FALSE(engine_.related("").has_value());
  EXPECT_FALSE(engine_.related("3-").has_value());
  EXPECT_THROW(engine_.related("3-1", 0), BadParameter);
}

TEST_F(SeedEngine, NothingTypedMakesTheEngineThrow) {
  using namespace std::string_literals;
  auto repeated = [](std::string_view piece, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i) out += piece;
    return out;
  };
  const std::vector<std::string> nasty = {
      "",        " ",        "AND OR NOT", "(((",      ")))",          "\"",         "\xE2\x80\x9C",
      "()",      "-",        "+",          "*",        "**",           "title:",     "title:\"\"",
      "issue:..", "date:..", "after:",     "company:", "topic:",       "!@#$%^&*()", "sora\0AND\0("s,
      "\0"s,     "\xFF\xFE", "\xE2",       "\xF0\x9F\x98\x80*",         "deepse*",    "-sora",
      "NOT NOT", repeated("(", 999), repeated(")", 999), repeated("sora AND ", 100), repeated("\"", 999),
      repeated("a", 1000), repeated("d*", 500), repeated("title:", 166),
  };
  for (const std::string& q : nasty) {
    for (const bool prefix : {false, true}) {
      SCOPED_TRACE("q '" + q.substr(0, 40) + "' (" + std::to_string(q.size()) + " bytes), prefix " +
                   (prefix ? "on" : "off"));
      EXPECT_NO_THROW(engine_.search({.q = q, .prefix = prefix}));
    }
  }
}

// ----------------------------------------------------------------------------
// A small archive: three dated issues about a lighthouse, then one issue per
// ranking scenario (each with words no other story has), then a story that
// holds markup.

constexpr const char* kSmallArchive =
    // Issues 10-12: the oldest story is the most relevant to "lighthouse".
    R"({"issue": 10, "story": 1, "date": "2026-01-05", "title": "Lighthouse restoration begins", "paragraphs": ["The old lighthouse on the cape is being restored; lighthouse volunteers paint the lighthouse tower."]}
{"issue": 10, "story": 2, "date": "2026-01-05", "title": "Cape trail reopens", "paragraphs": ["The cape trail passes the lighthouse and the dunes."]}
{"issue": 11, "story": 1, "date": "2026-01-12", "title": "Cottage sold", "paragraphs": ["The cottage beside the lighthouse was sold at auction."]}
{"issue": 11, "story": 2, "date": "2026-01-12", "title": "Fog season", "paragraphs": ["Fog hides the lighthouse on most mornings in spring."]}
{"issue": 12, "story": 1, "date": "2026-01-19", "title": "Museum opens", "paragraphs": ["A museum about the lighthouse opened its doors this week."]}
{"issue": 20, "story": 1, "date": "2026-01-26", "title": "Robotics lab update one", "paragraphs": ["The robotics lab began training a walking robot."]}
{"issue": 20, "story": 2, "date": "2026-01-26", "title": "Robotics lab update two", "paragraphs": ["The robotics lab has trained a walking robot."]}
{"issue": 21, "story": 1, "date": "2026-01-27", "title": "Saffron harvest report", "paragraphs": ["Farmers in the hills picked the crop early this year."]}
{"issue": 21, "story": 2, "date": "2026-01-27", "title": "Spice market report", "paragraphs": ["Farmers in the hills picked saffron early this year."]}
{"issue": 22, "story": 1, "date": "2026-01-28", "title": "Northern survey one", "paragraphs": ["The glacier feeds a fjord where the survey team camped."]}
{"issue": 22, "story": 2, "date": "2026-01-28", "title": "Northern survey two", "paragraphs": ["Glacier after glacier: the glacier melts, the glacier moves, the glacier calves, the glacier groans."]}
{"issue": 23, "story": 1, "date": "2026-01-29", "title": "Workshop notes one", "paragraphs": ["She polished the copper kettle before lunch and then went to the market for bread and cheese."]}
{"issue": 23, "story": 2, "date": "2026-01-29", "title": "Workshop notes two", "paragraphs": ["She polished the copper before lunch and then went to the market for bread and kettle cheese."]}
{"issue": 30, "story": 1, "date": "2026-02-02", "title": "<script>alert('x')</script> Falcon <b>nests</b>", "paragraphs": ["The <img src=x onerror=alert(1)> falcon returned to the tower & nested.", "Watchers said \"falcon\" sightings rose."]}
)";

class SmallEngine : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    test::write_file(*dir_ / "archive" / "small.jsonl", kSmallArchive);
    const IndexSummary summary = index_archive({.archive = *dir_ / "archive", .db = *dir_ / "index"});
    ASSERT_EQ(summary.stories, 14u) << test::all_warnings(summary.warnings);
  }
  static void TearDownTestSuite() { delete dir_; }

  Ids ids(const SearchRequest& request) { return ids_of(engine_.search(request)); }

  static test::TempDir* dir_;
  SearchEngine engine_{*dir_ / "index"};
};
test::TempDir* SmallEngine::dir_ = nullptr;

TEST_F(SmallEngine, SortsNewestOrOldestFirst) {
  EXPECT_EQ(ids({.q = "lighthouse"}).front(), "10-1") << "the most relevant story, whatever its date";
  EXPECT_EQ(ids({.q = "lighthouse", .sort = SortOrder::kNewest}), (Ids{"12-1", "11-1", "11-2", "10-1", "10-2"}));
  EXPECT_EQ(ids({.q = "lighthouse", .sort = SortOrder::kOldest}), (Ids{"10-1", "10-2", "11-1", "11-2", "12-1"}));
  // Paging keeps the order.
  EXPECT_EQ(ids({.q = "lighthouse", .page = 2, .per_page = 2, .sort = SortOrder::kNewest}), (Ids{"11-2", "10-1"}));
  // Sorted by date, a hit has no relevance score to show.
  for (const SearchHit& hit : engine_.search({.q = "lighthouse", .sort = SortOrder::kOldest}).hits) {
    EXPECT_EQ(hit.score, 0) << hit.record.story.id;
  }
}

TEST_F(SmallEngine, CollapseByIssueGivesTheBestStoryOfEachIssue) {
  const SearchResult all = engine_.search({.q = "lighthouse"});
  EXPECT_EQ(all.hits.size(), 5u);
  const SearchResult collapsed = engine_.search({.q = "lighthouse", .collapse_by_issue = true});
  std::set<int> issues;
  for (const SearchHit& hit : collapsed.hits) {
    ASSERT_TRUE(hit.record.issue.has_value()) << hit.record.story.id;
    EXPECT_TRUE(issues.insert(*hit.record.issue).second) << "two stories of issue " << *hit.record.issue;
  }
  EXPECT_EQ(issues, (std::set<int>{10, 11, 12}));
  ASSERT_FALSE(collapsed.hits.empty());
  EXPECT_EQ(collapsed.hits.front().record.story.id, "10-1") << "the best story of the best issue first";
  // Without a query too: one story per issue, newest first.
  const Ids listing = ids({.per_page = 100, .collapse_by_issue = true});
  EXPECT_EQ(listing, (Ids{"30-1", "23-1", "22-1", "21-1", "20-1", "12-1", "11-1", "10-1"}));
}

TEST_F(SmallEngine, IssuesFilter) {
  EXPECT_EQ(sorted(ids({.q = "lighthouse", .issues = {10, 12}})), (Ids{"10-1", "10-2", "12-1"}));
  EXPECT_EQ(ids({.issues = {11}}), (Ids{"11-1", "11-2"}));
  EXPECT_EQ(ids({.q = "lighthouse", .issues = {20}}), Ids{});
  EXPECT_EQ(ids({.issues = {99}}), Ids{});
}

TEST_F(SmallEngine, RanksTheWayAReaderExpects) {
  const struct {
    std::string why;
    std::string q;
    Ids order;  // every hit, best first
  } rows[] = {
      // Both stem to "train"; ties would go to the newer story, 20-2.
      {"the exact form above a stemmed-only form", "training", {"20-1", "20-2"}},
      {"a title match above a body match", "saffron", {"21-1", "21-2"}},
      {"more of the query's words above one word repeated", "glacier fjord", {"22-1", "22-2"}},
      {"the words side by side above the same words apart", "copper kettle", {"23-1", "23-2"}},
  };
  // The premise of each row: equal scores go to the later story (x-2 before x-1).
  EXPECT_EQ(ids({.q = "robotics"}), (Ids{"20-2", "20-1"}));
  for (const auto& row : rows) {
    SCOPED_TRACE(row.why + ": q '" + row.q + "'");
    const SearchResult result = engine_.search({.q = row.q});
    EXPECT_EQ(ids_of(result), row.order);
    if (result.hits.size() == 2) {
      EXPECT_GT(result.hits[0].score, result.hits[1].score);
    }
  }
}

// Marks and escapes removed: what a reader would see of the HTML.
std::string without_marks(std::string html) {
  for (const std::string_view tag : {std::string_view("<mark>"), std::string_view("</mark>")}) {
    for (auto pos = html.find(tag); pos != std::string::npos; pos = html.find(tag)) html.erase(pos, tag.size());
  }
  return html;
}

TEST_F(SmallEngine, MarkupInAStoryComesBackEscapedWithOnlyMatchesMarked) {
  const SearchResult result = engine_.search({.q = "falcon"});
  ASSERT_EQ(ids_of(result), Ids{"30-1"});
  const SearchHit& hit = result.hits.front();
  EXPECT_EQ(hit.title_html,
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; <mark>Falcon</mark> &lt;b&gt;nests&lt;/b&gt;");
  EXPECT_EQ(hit.snippet_html,
            "The &lt;img src=x onerror=alert(1)&gt; <mark>falcon</mark> returned to the tower &amp; nested. "
            "Watchers said &quot;<mark>falcon</mark>&quot; sightings rose.");

  // Whatever word is searched, the only tags that come back are <mark>s.
  for (const std::string q : {"falcon", "script", "img onerror", "nests", "alert", "falc"}) {
    SCOPED_TRACE("q '" + q + "'");
    const SearchResult found = engine_.search({.q = q, .prefix = q == "falc"});
    ASSERT_FALSE(found.hits.empty());
    const SearchHit& first = found.hits.front();
    EXPECT_NE((first.title_html + first.snippet_html).find("<mark>"), std::string::npos) << "nothing marked";
    for (const std::string& html : {first.title_html, first.snippet_html}) {
      const std::string rest = without_marks(html);
      EXPECT_EQ(rest.find('<'), std::string::npos) << "live markup: " << html;
      EXPECT_EQ(rest.find('>'), std::string::npos) << html;
    }
  }
  const SearchResult script = engine_.search({.q = "script"});
  ASSERT_FALSE(script.hits.empty());
  EXPECT_EQ(script.hits.front().title_html,
            "&lt;<mark>script</mark>&gt;alert(&#39;x&#39;)&lt;/<mark>script</mark>&gt; Falcon &lt;b&gt;nests&lt;/b&gt;");
}

}  // namespace
}  // namespace scatter
