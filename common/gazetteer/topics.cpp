#include "gazetteer/topics.h"

#include "archive/diagnostics.h"
#include "gazetteer/gazetteer.h"
#include "text/stemmer.h"
#include "text/utf8.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <numeric>
#include <sstream>

namespace scatter {
namespace {

constexpr std::size_t kMaxTopicsPerStory = 3;
constexpr int kMaxCountPerTerm = 3;
constexpr double kTitleFactor = 2.0;

}  // namespace

TopicTagger TopicTagger::from_json(std::string_view json_text, const std::filesystem::path& origin) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception& e) {
    // parse_error, and out_of_range for a number no double holds (1e400).
    throw ParseError(origin, 0, std::string("not valid JSON: ") + e.what());
  }
  if (!doc.is_object() || !doc.contains("topics") || !doc["topics"].is_array()) {
    throw ParseError(origin, 0, "expected an object with a \"topics\" array");
  }
  TopicTagger tagger;
  if (doc.contains("min_score") && !doc["min_score"].is_number()) {
    throw ParseError(origin, 0, "\"min_score\" must be a number");
  }
  tagger.min_score_ = doc.value("min_score", 0.0);
  for (std::size_t i = 0; i < doc["topics"].size(); ++i) {
    const auto& entry = doc["topics"][i];
    const std::string where = "topics[" + std::to_string(i) + "]";
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string() ||
        trim(entry["name"].get<std::string>()).empty()) {
      throw ParseError(origin, 0, where + " has no \"name\" string");
    }
    // Spaces at a name's ends are not part of it: find() trims what it is asked.
    Topic topic{.name = std::string(trim(entry["name"].get<std::string>())), .terms = {}};
    if (tagger.find(topic.name) != nullptr) throw ParseError(origin, 0, where + ": topic '" + topic.name + "' twice");
    if (!entry.contains("terms") || !entry["terms"].is_object() || entry["terms"].empty()) {
      throw ParseError(origin, 0, where + " (" + topic.name + ") has no \"terms\" object");
    }
    for (const auto& [term, weight] : entry["terms"].items()) {
      if (!weight.is_number() || weight.get<double>() <= 0) {
        throw ParseError(origin, 0, where + ".terms[\"" + term + "\"] must be a positive number");
      }
      auto stems = tagger.stems_of(term);
      if (stems.empty()) throw ParseError(origin, 0, where + ": term '" + term + "' has no words");
      topic.terms.emplace_back(term, weight.get<double>());
      tagger.terms_by_first_stem_[stems.front()].push_back(tagger.terms_.size());
      tagger.terms_.push_back({std::move(stems), weight.get<double>(), tagger.topics_.size()});
    }
    tagger.topics_.push_back(std::move(topic));
  }
  return tagger;
}

TopicTagger TopicTagger::load(const std::filesystem::path& file) {
  return from_json(read_settings_file(file, "topics"), file);
}

std::vector<std::string> TopicTagger::stems_of(std::string_view text) const {
  const std::string lower = to_lower(fold_typography(text));
  std::vector<std::string> stems;
  // A Xapian::Stem keeps state while it stems, so each thread has its own: the
  // indexer tags stories on several threads with one shared tagger.
  Xapian::Stem& stemmer = thread_english_stemmer();
  for (const auto word : split_words(lower)) stems.push_back(stemmer(std::string(word)));
  return stems;
}

void TopicTagger::score_text(const std::vector<std::string>& stems, double factor,
                             std::vector<double>& scores) const {
  std::vector<int> counts(terms_.size(), 0);
  for (std::size_t i = 0; i < stems.size(); ++i) {
    const auto candidates = terms_by_first_stem_.find(stems[i]);
    if (candidates == terms_by_first_stem_.end()) continue;
    for (const std::size_t t : candidates->second) {
      const Term& term = terms_[t];
      if (counts[t] < kMaxCountPerTerm && i + term.stems.size() <= stems.size() &&
          std::equal(term.stems.begin(), term.stems.end(), stems.begin() + static_cast<std::ptrdiff_t>(i))) {
        ++counts[t];
      }
    }
  }
  for (std::size_t t = 0; t < terms_.size(); ++t) scores[terms_[t].topic] += factor * terms_[t].weight * counts[t];
}

std::vector<TopicScore> TopicTagger::topics_for(const Story& story) const {
  std::vector<double> scores(topics_.size(), 0.0);
  score_text(stems_of(story.title), kTitleFactor, scores);
  std::string body;
  for (const auto& part : {std::cref(story.paragraphs), std::cref(story.bullets)}) {
    for (const std::string& line : part.get()) body += line + "\n";
  }
  score_text(stems_of(body), 1.0, scores);

  std::vector<std::size_t> order(topics_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Ties go to the topic listed first in the taxonomy, so tagging is stable.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  std::vector<TopicScore> best;
  for (std::size_t i : order) {
    if (best.size() == kMaxTopicsPerStory || scores[i] < min_score_ || scores[i] <= 0) break;
    best.push_back({topics_[i].name, scores[i]});
  }
  return best;
}

const Topic* TopicTagger::find(std::string_view name) const {
  const std::string key = to_lower(trim(name));
  for (const Topic& topic : topics_) {
    if (to_lower(topic.name) == key) return &topic;
  }
  return nullptr;
}

std::string TopicTagger::to_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const Topic& topic : topics_) {
    nlohmann::json terms = nlohmann::json::object();
    for (const auto& [term, weight] : topic.terms) terms[term] = weight;
    list.push_back({{"name", topic.name}, {"terms", terms}});
  }
  return nlohmann::json{{"min_score", min_score_}, {"topics", list}}.dump();
}

}  // namespace scatter
