// common/story/story.h: story ids, urls and the title merge key.
#include "story/story.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace scatter {
namespace {

Issue synthetic_issue(std::optional<int> number, std::optional<Date> date, std::vector<std::filesystem::path> sources) {
  Issue issue;
  issue.newsletter = "ScatterAI";
  issue.number = number;
  issue.date = date;
  issue.sources = std::move(sources);
  issue.stories = {Story{.number = 1, .title = "Synthetic story one"},
                   Story{.number = 2, .title = "Synthetic story two"}};
  return issue;
}

TEST(StoryId, StableIdFromIssueNumberDateOrFileStem) {
  struct Row {
    std::string name;
    Issue issue;
    std::string first_id, second_id;
  };
  const std::vector<Row> rows = {
      {"issue number", synthetic_issue(3, Date{2026, 2, 9}, {"/archive/a.txt"}), "3-1", "3-2"},
      {"issue number without date", synthetic_issue(12, std::nullopt, {}), "12-1", "12-2"},
      {"date when no number", synthetic_issue(std::nullopt, Date{2026, 2, 9}, {"/archive/a.txt"}), "2026-02-09-1",
       "2026-02-09-2"},
      {"first source file stem when neither",
       synthetic_issue(std::nullopt, std::nullopt, {"/archive/synthetic-capture.txt", "/archive/other.txt"}),
       "synthetic-capture-1", "synthetic-capture-2"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(story_id(row.issue, row.issue.stories[0]), row.first_id);
    EXPECT_EQ(story_id(row.issue, row.issue.stories[1]), row.second_id);
  }
}

TEST(StoryId, RecapturingAnIssueKeepsItsIds) {
  const Issue first = synthetic_issue(3, Date{2026, 2, 9}, {"/archive/a.txt"});
  const Issue again = synthetic_issue(3, Date{2026, 2, 9}, {"/elsewhere/b.txt", "/archive/a.txt"});
  EXPECT_EQ(story_id(first, first.stories[0]), story_id(again, again.stories[0]))
      << "ids must not depend on which files the issue came from";
}

TEST(StoryUrl, FillsPlaceholdersAndJoinsWithOneSlash) {
  const Issue issue = synthetic_issue(3, Date{2026, 2, 9}, {"/archive/a.txt"});
  const Story& story = issue.stories[1];
  struct Row {
    std::string name;
    UrlScheme scheme;
    std::string url;
  };
  const std::vector<Row> rows = {
      {"default pattern, site without slash", {.site_url = "https://news.example.org"},
       "https://news.example.org/issues/3#story-2"},
      {"default pattern, site with trailing slash", {.site_url = "https://news.example.org/"},
       "https://news.example.org/issues/3#story-2"},
      {"site with several trailing slashes", {.site_url = "https://news.example.org//"},
       "https://news.example.org/issues/3#story-2"},
      {"site with a path", {.site_url = "https://example.org/scatter/"},
       "https://example.org/scatter/issues/3#story-2"},
      {"no site url gives a relative url", {}, "/issues/3#story-2"},
      {"date and id placeholders", {.site_url = "https://news.example.org/", .pattern = "/{date}/{id}"},
       "https://news.example.org/2026-02-09/3-2"},
      {"all placeholders, repeated",
       {.site_url = "https://news.example.org", .pattern = "/{issue}/{story}/{date}/{id}/{issue}"},
       "https://news.example.org/3/2/2026-02-09/3-2/3"},
      {"pattern without leading slash, site with trailing slash",
       {.site_url = "https://news.example.org/", .pattern = "issues/{issue}#story-{story}"},
       "https://news.example.org/issues/3#story-2"},
      {"pattern without leading slash, site without trailing slash",
       {.site_url = "https://news.example.org", .pattern = "issues/{issue}#story-{story}"},
       "https://news.example.org/issues/3#story-2"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name + ": site_url '" + row.scheme.site_url + "', pattern '" + row.scheme.pattern + "'");
    const std::string url = story_url(row.scheme, issue, story);
    EXPECT_EQ(url, row.url);
    const auto after_scheme = url.find("://");
    const auto path_start = after_scheme == std::string::npos ? 0 : after_scheme + 3;
    EXPECT_EQ(url.find("//", path_start), std::string::npos) << "double slash in " << url;
  }
}

TEST(StoryUrl, AnIssueWithoutANumberStillGetsAWorkingLink) {
  Issue issue;
  issue.date = Date{2026, 3, 2};
  const Story story{.number = 2};
  EXPECT_EQ(story_url(UrlScheme{}, issue, story), "/issues/2026-03-02#story-2");
}

TEST(StoryUrl, AnIssueThatKnowsItsPageLinksIntoIt) {
  struct Row {
    std::string page, site_url, expected;
  };
  const std::vector<Row> rows = {
      {"/issues/3/", "", "/issues/3/#story-2"},
      {"/issues/3/", "https://scatter.example/", "https://scatter.example/issues/3/#story-2"},
      {"/issues/3#top", "https://scatter.example", "https://scatter.example/issues/3#story-2"},
      {"https://elsewhere.example/3", "https://scatter.example", "https://elsewhere.example/3#story-2"},
  };
  for (const Row& row : rows) {
    Issue issue;
    issue.number = 3;
    issue.page = row.page;
    EXPECT_EQ(story_url(UrlScheme{.site_url = row.site_url}, issue, Story{.number = 2}), row.expected)
        << "page " << row.page << ", site " << row.site_url;
  }
}

TEST(AssignIdsAndUrls, EveryStoryGetsItsIdAndUrl) {
  Issue issue = synthetic_issue(3, Date{2026, 2, 9}, {"/archive/a.txt"});
  issue.stories.push_back(Story{.number = 3, .title = "Synthetic story three"});
  assign_ids_and_urls(issue, UrlScheme{.site_url = "https://news.example.org/"});
  ASSERT_EQ(issue.stories.size(), 3u);
  for (const Story& story : issue.stories) {
    SCOPED_TRACE(story.title);
    EXPECT_EQ(story.id, "3-" + std::to_string(story.number));
    EXPECT_EQ(story.url, "https://news.example.org/issues/3#story-" + std::to_string(story.number));
    EXPECT_EQ(story.id, story_id(issue, story)) << "assign_ids_and_urls disagrees with story_id";
  }
}

TEST(NormalisedTitle, TwoTypesettingsOfOneTitleGiveOneKey) {
  struct Row {
    std::string name;
    std::string title;
    std::string key;
  };
  const std::vector<Row> rows = {
      {"curly quotes, case and punctuation (issue 3 story 5)",
       "Mistral Releases \xE2\x80\x98Pixtral\xE2\x80\x99 12B Multimodal Model",
       "mistral releases pixtral 12b multimodal model"},
      {"straight quotes", "Mistral Releases 'Pixtral' 12B Multimodal Model",
       "mistral releases pixtral 12b multimodal model"},
      {"already a key", "mistral releases pixtral 12b multimodal model",
       "mistral releases pixtral 12b multimodal model"},
      {"runs of space and edge space", "  Mistral   Releases\tPixtral  12B Multimodal Model ",
       "mistral releases pixtral 12b multimodal model"},
      {"colon removed", "Synthetic Story: One", "synthetic story one"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name + ": " + row.title);
    EXPECT_EQ(normalised_title(row.title), row.key);
  }
}

TEST(NormalisedTitle, CapturesOfOneStoryMatch) {
  struct Pair {
    std::string a, b;
  };
  const std::vector<Pair> same = {
      {"Google\xE2\x80\x99s Gemini 1.5 Integration Hits Workspace Mainstream",
       "Google's Gemini 1.5 Integration Hits Workspace Mainstream"},
      {"OpenAI Sora Enters \xE2\x80\x98Red-Teaming\xE2\x80\x99 Phase with Creative Professionals",
       "OpenAI Sora Enters 'Red-Teaming' Phase with Creative Professionals"},
      {"OpenAI Sora Enters \xE2\x80\x9CRed\xE2\x80\x91Teaming\xE2\x80\x9D Phase", "OPENAI SORA ENTERS \"RED-TEAMING\" PHASE"},
      {"Synthetic story\xC2\xA0one", "Synthetic story one"},
      {"Synthetic story \xE2\x80\x94 one", "Synthetic story - one"},
  };
  for (const Pair& pair : same) {
    SCOPED_TRACE(pair.a + " | " + pair.b);
    EXPECT_EQ(normalised_title(pair.a), normalised_title(pair.b));
  }
  EXPECT_NE(normalised_title("Synthetic story one"), normalised_title("Synthetic story two"))
      << "different stories must not share a merge key";
  EXPECT_NE(normalised_title("Synthetic story 12"), normalised_title("Synthetic story 1 2"))
      << "removing space must not join separate words";
}

}  // namespace
}  // namespace scatter
