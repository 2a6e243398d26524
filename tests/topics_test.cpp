// The topic tagger through its public header: the taxonomy in data/topics.json
// against issue 3's stories, and the matching rules on synthetic text.
#include "gazetteer/topics.h"

#include "archive/diagnostics.h"
#include "archive/text_capture.h"
#include "gazetteer/gazetteer.h"
#include "index/indexing.h"
#include "test_support.h"

#include <gtest/gtest.h>

namespace scatter {
namespace {

TopicTagger data_topics() { return TopicTagger::load(test::data_dir() / "topics.json"); }

Story synthetic(std::string title, std::string paragraph) {
  return Story{.number = 1, .title = std::move(title), .paragraphs = {std::move(paragraph)}};
}

std::vector<std::string> names(const std::vector<TopicScore>& topics) {
  std::vector<std::string> out;
  for (const auto& topic : topics) out.push_back(topic.name);
  return out;
}

TEST(Topics, TaxonomyHasFifteenToTwentyFiveTopics) {
  const auto size = data_topics().topics().size();
  EXPECT_GE(size, 15u);
  EXPECT_LE(size, 25u);
}

// Written down from reading each story of issue 3, not from the tagger's output.
TEST(Topics, IssueThreeStoriesGetTheirCompaniesAndFirstTopic) {
  const struct {
    int number;
    std::vector<std::string> companies;
    std::string first_topic;
  } expected[] = {
      {1, {"DeepSeek"}, "Training efficiency"},
      {2, {"OpenAI"}, "Video generation"},
      {3, {}, "Governance and regulation"},
      {4, {"Google", "Microsoft"}, "Long context and retrieval"},
      {5, {"Mistral AI"}, "Multimodal"},
  };
  const auto file = test::data_dir() / "issues" / "2026-02-09-issue-003.source.txt";
  Issue issue = parse_text_capture(file, test::read_file(file)).issue;
  tag_companies(issue, Gazetteer::load(test::data_dir() / "companies.json"));
  tag_topics(issue, data_topics());
  ASSERT_EQ(issue.stories.size(), 5u);
  for (const auto& row : expected) {
    const Story& story = issue.stories[static_cast<std::size_t>(row.number - 1)];
    SCOPED_TRACE(story.title);
    EXPECT_EQ(story.companies, row.companies);
    ASSERT_FALSE(story.topics.empty());
    EXPECT_LE(story.topics.size(), 3u);
    EXPECT_EQ(story.topics.front().name, row.first_topic);
    for (std::size_t i = 1; i < story.topics.size(); ++i) {
      EXPECT_GE(story.topics[i - 1].score, story.topics[i].score) << "best first";
    }
  }
}

// Found by topics_fuzzer: a name with a space at its start was kept with it,
// and a filter on the topic did not find it.
TEST(Topics, SpacesAtANamesEndsAreNotPartOfIt) {
  const auto tagger = TopicTagger::from_json(R"({"topics": [{"name": " Efficiency ", "terms": {"efficiency": 4}}]})",
                                             "synthetic-topics.json");
  const Topic* topic = tagger.find("Efficiency");
  ASSERT_NE(topic, nullptr);
  EXPECT_EQ(topic->name, "Efficiency");
}

TEST(Topics, WordsMatchByStemAndAnyCase) {
  const auto topics = data_topics().topics_for(
      synthetic("Synthetic headline", "New REGULATIONS and regulators demand compliance with policies."));
  ASSERT_FALSE(topics.empty());
  EXPECT_EQ(topics.front().name, "Governance and regulation");
}

TEST(Topics, TitleCountsDoubleAndRepetitionIsCapped) {
  const auto tagger = TopicTagger::from_json(
      R"({"min_score": 0, "topics": [{"name": "Synthetic A", "terms": {"alpha": 1}},
                                      {"name": "Synthetic B", "terms": {"beta": 1}}]})",
      "inline.json");
  const auto in_title = tagger.topics_for(synthetic("alpha", "beta"));
  EXPECT_EQ(names(in_title), (std::vector<std::string>{"Synthetic A", "Synthetic B"}));
  EXPECT_DOUBLE_EQ(in_title[0].score, 2.0);
  const auto repeated = tagger.topics_for(synthetic("none", "beta beta beta beta beta beta alpha alpha alpha"));
  EXPECT_DOUBLE_EQ(repeated[0].score, 3.0) << "five more betas count as three";
  EXPECT_DOUBLE_EQ(repeated[1].score, 3.0);
}

TEST(Topics, BelowTheMinimumScoreAStoryHasNoTopic) {
  EXPECT_TRUE(data_topics().topics_for(synthetic("Synthetic note", "Nothing relevant here at all.")).empty());
}

TEST(Topics, FindIsCaseInsensitive) {
  const auto tagger = data_topics();
  ASSERT_NE(tagger.find("open weights"), nullptr);
  EXPECT_EQ(tagger.find("OPEN WEIGHTS")->name, "Open weights");
  EXPECT_EQ(tagger.find("astrology"), nullptr);
}

TEST(Topics, BadTaxonomyNamesTheFile) {
  const std::string rows[] = {
      "not json",
      R"({"topics": [{"terms": {"a": 1}}]})",
      R"({"topics": [{"name": "Synthetic", "terms": {}}]})",
      R"({"topics": [{"name": "Synthetic", "terms": {"a": -1}}]})",
      R"({"topics": [{"name": "Synthetic", "terms": {"a": 1}}, {"name": "synthetic", "terms": {"b": 1}}]})",
      // Found by tests/fuzz/topics_fuzzer: these escaped as nlohmann's out_of_range and type_error.
      R"({"topics": [{"name": "Synthetic", "terms": {"a": 41e308}}]})",
      R"({"min_score": "high", "topics": [{"name": "Synthetic", "terms": {"a": 1}}]})",
  };
  for (const auto& row : rows) {
    try {
      TopicTagger::from_json(row, "bad-topics.json");
      ADD_FAILURE() << "accepted " << row;
    } catch (const ParseError& e) {
      EXPECT_NE(std::string(e.what()).find("bad-topics.json"), std::string::npos) << e.what();
    }
  }
}

TEST(Topics, JsonRoundTrip) {
  const auto tagger = data_topics();
  const auto again = TopicTagger::from_json(tagger.to_json(), "round-trip.json");
  ASSERT_EQ(again.topics().size(), tagger.topics().size());
  const Story story = synthetic("Synthetic multimodal model", "It reads text and images.");
  EXPECT_EQ(again.topics_for(story), tagger.topics_for(story));
}

}  // namespace
}  // namespace scatter
