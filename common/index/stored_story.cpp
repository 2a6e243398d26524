#include "index/stored_story.h"

#include <nlohmann/json.hpp>

namespace scatter {
namespace {

nlohmann::json topics_json(const std::vector<TopicScore>& topics) {
  nlohmann::json list = nlohmann::json::array();
  for (const TopicScore& topic : topics) list.push_back({{"name", topic.name}, {"score", topic.score}});
  return list;
}

}  // namespace


std::string encode_stored_story(const StoryRecord& record) {
  const Story& story = record.story;
  nlohmann::json doc{{"id", story.id},
                     {"url", story.url},
                     {"story", story.number},
                     {"title", story.title},
                     {"paragraphs", story.paragraphs},
                     {"bullets", story.bullets},
                     {"companies", story.companies},
                     {"topics", topics_json(story.topics)},
                     {"newsletter", record.newsletter}};
  if (record.issue) doc["issue"] = *record.issue;
  if (record.date) doc["date"] = record.date->iso();
  // Only when there are some: stories of an archive without fields.json keep
  // the stored form, and so the content hash, they had.
  if (!story.fields.empty()) doc["fields"] = story.fields;
  return doc.dump();
}

StoryRecord decode_stored_story(std::string_view data) {
  try {
    const auto doc = nlohmann::json::parse(data);
    StoryRecord record;
    Story& story = record.story;
    story.id = doc.at("id").get<std::string>();
    story.url = doc.at("url").get<std::string>();
    story.number = doc.at("story").get<int>();
    story.title = doc.at("title").get<std::string>();
    story.paragraphs = doc.at("paragraphs").get<std::vector<std::string>>();
    story.bullets = doc.at("bullets").get<std::vector<std::string>>();
    story.companies = doc.at("companies").get<std::vector<std::string>>();
    for (const auto& topic : doc.at("topics")) {
      story.topics.push_back({topic.at("name").get<std::string>(), topic.at("score").get<double>()});
    }
    record.newsletter = doc.at("newsletter").get<std::string>();
    if (doc.contains("issue")) record.issue = doc["issue"].get<int>();
    if (doc.contains("fields")) story.fields = doc["fields"].get<std::map<std::string, std::string>>();
    if (doc.contains("date")) {
      record.date = Date::from_stored(doc["date"].get<std::string>());
      if (!record.date) throw CorruptDocument("stored date is not YYYY, YYYY-MM or YYYY-MM-DD");
    }
    return record;
  } catch (const nlohmann::json::exception& e) {
    throw CorruptDocument(std::string("stored story is not readable: ") + e.what());
  }
}

}  // namespace scatter
