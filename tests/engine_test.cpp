// The search engine through its public interface, over the seed archive indexed
// by index_archive(): ranking, filters, highlighting, limits and how q is read.
#include "seed_index.h"

#include <gtest/gtest.h>

using scatter::BadParameter;
using scatter::SearchEngine;
using scatter::SearchRequest;
using scatter::SearchResult;
using scatter::SortOrder;

namespace {

class Engine : public scatter::test::SeedIndexTest {
 protected:
  std::vector<std::string> ids(const SearchRequest& request) { return scatter::test::story_ids(engine_.search(request)); }
};

using Ids = std::vector<std::string>;

TEST_F(Engine, RanksTheStoryAUserMeansFirst) {
  const struct {
    std::string q;
    std::string first;
  } rows[] = {
      {"latent attention", "3-1"},       {"sora", "3-2"},          {"open-weight", "3-5"},
      {"governance", "3-3"},             {"gemini", "3-4"},        {"\"visual effects\"", "3-2"},
      {"distillation efficiency", "3-1"}, {"pixtral mistral", "3-5"}, {"title:governance", "3-3"},
      {"why:laptops", "3-5"},            {"copilot", "3-4"},       {"regulation", "3-2"},
  };
  for (const auto& row : rows) {
    const auto result = ids({.q = row.q});
    ASSERT_FALSE(result.empty()) << row.q;
    EXPECT_EQ(result.front(), row.first) << row.q;
  }
}

TEST_F(Engine, TitleMatchesOutrankBodyMatches) {
  // "efficiency" is in story 1's title and in story 5's body.
  const auto result = engine_.search({.q = "efficiency"});
  ASSERT_GE(result.hits.size(), 2u);
  EXPECT_EQ(result.hits[0].record.story.id, "3-1");
  EXPECT_GT(result.hits[0].score, result.hits[1].score);
}

TEST_F(Engine, HowTheQueryWasRead) {
  // The reading is the query language itself, normalised: operators in capitals,
  // names canonical, so a reader sees what was searched for.
  const struct {
    std::string q;
    std::string reading;
  } rows[] = {
      {"sora", "sora"},
      {"\"latent attention\"", "\"latent attention\""},
      {"title:governance", "title:governance"},
      {"sora -openai", "sora -openai"},
      {"sora and not gemini", "sora AND -gemini"},
      {"(sora or gemini) company:mistral", "(sora OR gemini) company:\"Mistral AI\""},
      {"Topic:\"governance and regulation\" date:2026-02", "topic:\"Governance and regulation\" date:2026-02"},
  };
  for (const auto& row : rows) EXPECT_EQ(engine_.search({.q = row.q}).interpreted_as, row.reading) << row.q;
  EXPECT_EQ(engine_.search({}).interpreted_as, "");
}

TEST_F(Engine, ALoneExclusionListsEveryOtherStory) {
  // Each was read as the positive term and returned the story it excludes.
  for (const std::string q : {"-openai", "NOT openai", "(-openai)", "-title:sora", "-company:openai"}) {
    const auto result = engine_.search({.q = q});
    EXPECT_EQ(scatter::test::story_ids(result), (Ids{"3-1", "3-3", "3-4", "3-5"})) << q;
    EXPECT_EQ(result.interpreted_as.front(), '-') << q << " read as " << result.interpreted_as;
  }
  EXPECT_EQ(ids({.q = "-year:2026"}), Ids{});
  EXPECT_EQ(ids({.q = "-year:2025"}).size(), 5u);
}

TEST_F(Engine, FiltersCombineWithText) {
  EXPECT_EQ(ids({.companies = {"Microsoft"}}), Ids{"3-4"});
  EXPECT_EQ(ids({.companies = {"copilot"}}), Ids{"3-4"});
  EXPECT_EQ(ids({.q = "model", .companies = {"OpenAI", "Mistral AI"}}).size(), 2u);
  EXPECT_EQ(ids({.from = scatter::Date{2026, 3, 1}}), Ids{});
  EXPECT_EQ(ids({.q = "sora", .from = scatter::Date{2026, 2, 9}, .to = scatter::Date{2026, 2, 9}}), Ids{"3-2"});
  EXPECT_EQ(ids({.q = "sora", .to = scatter::Date{2026, 2, 8}}), Ids{});
}

TEST_F(Engine, TopicFilter) {
  EXPECT_EQ(ids({.topics = {"video generation"}}), Ids{"3-2"});
  EXPECT_EQ(ids({.topics = {"Multimodal", "Governance and regulation"}}), (Ids{"3-3", "3-5"}));
  EXPECT_THROW(ids({.topics = {"Astrology"}}), BadParameter);
  const auto story = engine_.story("3-1");
  ASSERT_TRUE(story.has_value());
  ASSERT_FALSE(story->story.topics.empty());
  EXPECT_EQ(story->story.topics.front().name, "Training efficiency");
}

TEST_F(Engine, ListingWithoutQueryIsNewestFirstInReadingOrderAndPaged) {
  EXPECT_EQ(ids({}), (Ids{"3-1", "3-2", "3-3", "3-4", "3-5"}));
  EXPECT_EQ(ids({.page = 2, .per_page = 2}), (Ids{"3-3", "3-4"}));
  EXPECT_EQ(ids({.page = 3, .per_page = 2}), (Ids{"3-5"}));
  EXPECT_EQ(ids({.sort = SortOrder::kOldest}), (Ids{"3-1", "3-2", "3-3", "3-4", "3-5"}));
  const auto result = engine_.search({.per_page = 2});
  EXPECT_EQ(result.total_estimate, 5u);
  EXPECT_EQ(result.total_lower, 5u);
  EXPECT_EQ(result.total_upper, 5u);
}

TEST_F(Engine, SnippetsAreEscapedAndMarked) {
  const auto result = engine_.search({.q = "stock footage"});
  ASSERT_FALSE(result.hits.empty());
  const auto& hit = result.hits.front();
  EXPECT_EQ(hit.record.story.id, "3-2");
  EXPECT_NE(hit.snippet_html.find("<mark>stock</mark> <mark>footage</mark>"), std::string::npos) << hit.snippet_html;
  const auto governance = engine_.search({.q = "governance"}).hits.front();
  EXPECT_EQ(governance.title_html, "The Great Enterprise AI <mark>Governance</mark> Spike");
}

TEST_F(Engine, SnippetsKeepBulletsApartFromEachOther) {
  // Story 3-4's bullets end without full stops: "... fought at the file system
  // level" and then "Productivity gains ...". Run together they read as one
  // sentence; a middle dot keeps them apart.
  const auto result = engine_.search({.q = "\"file system level\""});
  ASSERT_FALSE(result.hits.empty());
  const std::string& snippet = result.hits.front().snippet_html;
  EXPECT_NE(snippet.find("<mark>level</mark> \xC2\xB7 Productivity"), std::string::npos) << snippet;
  // A paragraph that ends a sentence is followed by a plain space.
  EXPECT_EQ(snippet.find(". \xC2\xB7"), std::string::npos) << snippet;
}

TEST_F(Engine, MalformedSyntaxFallsBackToPlainWords) {
  for (const std::string q : {"\"unbalanced sora", "sora AND", "(sora", "sora OR OR"}) {
    const auto result = engine_.search({.q = q});
    ASSERT_FALSE(result.hits.empty()) << q;
    EXPECT_EQ(result.hits.front().record.story.id, "3-2") << q;
  }
  EXPECT_TRUE(engine_.search({.q = "\"unbalanced sora"}).fell_back_to_plain);
}

TEST_F(Engine, RequestsOutsideTheLimitsNameTheParameter) {
  const struct {
    SearchRequest request;
    std::string parameter;
  } rows[] = {
      {{.q = std::string(scatter::kMaxQueryChars + 1, 'a')}, "q"},
      {{.page = 0}, "page"},
      {{.per_page = -1}, "per_page"},
      {{.per_page = scatter::kMaxPerPage + 1}, "per_page"},
      {{.page = 100000, .per_page = 100}, "page"},
      {{.companies = {"Initech"}}, "company"},
      {{.from = scatter::Date{2026, 3, 1}, .to = scatter::Date{2026, 2, 1}}, "from"},
  };
  for (const auto& row : rows) {
    try {
      engine_.search(row.request);
      ADD_FAILURE() << "accepted a bad " << row.parameter;
    } catch (const BadParameter& e) {
      EXPECT_EQ(e.parameter, row.parameter);
    }
  }
  // Exactly at the limit is fine, counted in characters not bytes.
  std::string at_limit;
  for (std::size_t i = 0; i < scatter::kMaxQueryChars; ++i) at_limit += "\xC3\xA9";
  EXPECT_NO_THROW(engine_.search({.q = at_limit}));
}

TEST_F(Engine, PerPageZeroCountsEveryMatchAndListsNone) {
  const SearchResult all = engine_.search({.per_page = 0});
  EXPECT_TRUE(all.hits.empty());
  EXPECT_EQ(all.total_estimate, 5u);
  EXPECT_TRUE(all.total_is_exact());
  const SearchResult counted = engine_.search({.q = "model", .per_page = 0});
  const SearchResult listed = engine_.search({.q = "model", .per_page = 100, .facets = {scatter::Facet::kCompany}});
  EXPECT_TRUE(counted.hits.empty());
  EXPECT_EQ(counted.total_estimate, listed.hits.size());
  EXPECT_TRUE(counted.total_is_exact());
  const SearchResult with_facets = engine_.search({.q = "model", .per_page = 0, .facets = {scatter::Facet::kCompany}});
  EXPECT_TRUE(with_facets.hits.empty());
  ASSERT_EQ(with_facets.facets.size(), 1u);
  EXPECT_EQ(with_facets.facets[0].values.size(), listed.facets[0].values.size());
  const SearchResult issues = engine_.search({.per_page = 0, .collapse_by_issue = true});
  EXPECT_EQ(issues.total_estimate, 1u) << "one issue";
}

TEST_F(Engine, StoryById) {
  const auto story = engine_.story("3-4");
  ASSERT_TRUE(story.has_value());
  EXPECT_EQ(story->story.companies, (std::vector<std::string>{"Google", "Microsoft"}));
  EXPECT_EQ(story->story.bullets.size(), 3u);
  EXPECT_EQ(story->issue, 3);
  EXPECT_FALSE(engine_.story("3-9").has_value());
}

TEST(EngineOpen, MissingIndexIsAnEngineErrorNamingThePath) {
  scatter::test::TempDir dir;
  try {
    SearchEngine engine(dir / "nothing");
    FAIL() << "opened a missing index";
  } catch (const scatter::EngineError& e) {
    EXPECT_NE(std::string(e.what()).find((dir / "nothing").string()), std::string::npos) << e.what();
  }
}

TEST(EngineOpen, SeesANewCommitWithoutReopening) {
  scatter::test::TempDir dir;
  scatter::test::write_file(dir / "archive" / "2026-03-02-issue-004.txt",
                            "1. Synthetic story one\nA synthetic paragraph about Sora.\n");
  scatter::index_archive({.archive = dir / "archive", .db = dir / "index"});
  SearchEngine engine(dir / "index");
  EXPECT_EQ(engine.search({.q = "sora"}).hits.size(), 1u);
  scatter::test::write_file(dir / "archive" / "2026-03-09-issue-005.txt",
                            "1. Synthetic story two\nAnother synthetic paragraph about Sora.\n");
  scatter::index_archive({.archive = dir / "archive", .db = dir / "index"});
  EXPECT_EQ(engine.search({.q = "sora"}).hits.size(), 2u);
}

TEST(EngineOpen, SeesEveryRebuiltIndexSwappedIn) {
  // Each rebuild installs a new folder at the same revision as the one it
  // replaces, sometimes two between searches: the engine must search the newest.
  scatter::test::TempDir dir;
  const auto rebuild_with = [&](const std::string& word) {
    scatter::test::write_file(dir / "archive" / "2026-03-02-issue-004.txt",
                              "1. Synthetic story\nA synthetic paragraph about " + word + ".\n");
    const auto summary = scatter::index_archive({.archive = dir / "archive", .db = dir / "index", .rebuild = true});
    ASSERT_TRUE(summary.rebuilt);
  };
  rebuild_with("plumvar");
  SearchEngine engine(dir / "index");
  ASSERT_EQ(engine.search({.q = "plumvar"}).hits.size(), 1u);
  const std::vector<std::string> words = {"quorvex", "snellic", "tavrune", "mirkolt", "zebulond", "froskett",
                                          "glimbard", "hexwold"};
  std::string shown = "plumvar";
  for (std::size_t i = 0; i + 1 < words.size(); i += 2) {
    rebuild_with(words[i]);
    rebuild_with(words[i + 1]);
    SCOPED_TRACE("after rebuilds with '" + words[i] + "' then '" + words[i + 1] + "'");
    EXPECT_EQ(engine.search({.q = words[i + 1]}).hits.size(), 1u) << "the newest index is not searched";
    EXPECT_TRUE(engine.search({.q = shown}).hits.empty()) << "still finds '" << shown << "' of a replaced index";
    shown = words[i + 1];
  }
}

}  // namespace
