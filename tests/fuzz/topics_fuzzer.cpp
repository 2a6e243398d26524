// The topics file (data/topics.json) on arbitrary bytes: loaded as the indexer
// loads it, stored in the index and read back as the engine reads it, then
// scoring a story and looked up as a user names a topic.
#include "fuzz_support.h"

#include "archive/diagnostics.h"
#include "gazetteer/topics.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view json = scatter::fuzz::text_of(data, size);
  scatter::TopicTagger tagger;
  try {
    tagger = scatter::TopicTagger::from_json(json, "topics.json");
  } catch (const scatter::ParseError&) {
    return 0;  // named and refused: the documented outcome
  }
  const scatter::TopicTagger stored = scatter::TopicTagger::from_json(tagger.to_json(), "index:topics");
  scatter::fuzz::require(stored.topics().size() == tagger.topics().size(), "the index's copy of the topics reads back whole");

  scatter::Story story{.number = 1, .title = "New regulation for AI chips and open-weight models"};
  for (const scatter::Topic& topic : tagger.topics()) {
    scatter::fuzz::require(tagger.find(topic.name) == &topic, "a topic is found by its name");
    for (const auto& [term, weight] : topic.terms) story.paragraphs.push_back(term);
  }
  story.bullets.emplace_back(json.substr(0, 4096));
  const std::vector<scatter::TopicScore> scores = tagger.topics_for(story);
  scatter::fuzz::require(scores.size() <= 3, "a story gets at most three topics");
  return 0;
}
