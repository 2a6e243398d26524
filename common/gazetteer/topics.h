// Topics as data: a taxonomy (data/topics.json) where each topic is a set of
// weighted words and phrases, and the tagger that scores a story against it.
// Words match by English stem and case-insensitively ("regulations" counts for
// "regulation"); a match in the title counts double; each term counts at most
// three times, so one repeated word cannot carry a topic.
#pragma once

#include "story/story.h"

#include <xapian.h>

#include <filesystem>
#include <unordered_map>
#include <string>
#include <string_view>
#include <vector>

namespace scatter {

struct Topic {
  std::string name;
  std::vector<std::pair<std::string, double>> terms;  // word or phrase, weight
};

// Immutable after construction; safe to share between threads.
class TopicTagger {
 public:
  TopicTagger() = default;

  // Throws ParseError naming `origin` on malformed JSON, a topic without name or
  // terms, a non-positive weight, or a name used twice.
  static TopicTagger from_json(std::string_view json_text, const std::filesystem::path& origin);
  static TopicTagger load(const std::filesystem::path& file);

  // The 1-3 best topics scoring at least the taxonomy's min_score, best first.
  std::vector<TopicScore> topics_for(const Story& story) const;

  // The topic a user means by `name` (any case), or nullptr.
  const Topic* find(std::string_view name) const;

  const std::vector<Topic>& topics() const { return topics_; }
  std::string to_json() const;

 private:
  struct Term {
    std::vector<std::string> stems;
    double weight;
    std::size_t topic;
  };
  std::vector<std::string> stems_of(std::string_view text) const;
  void score_text(const std::vector<std::string>& stems, double factor, std::vector<double>& scores) const;

  std::vector<Topic> topics_;
  std::vector<Term> terms_;
  // Terms by their first stem: scoring looks up each word of a story once,
  // instead of trying every term at every word.
  std::unordered_map<std::string, std::vector<std::size_t>> terms_by_first_stem_;
  double min_score_ = 0;
};

}  // namespace scatter
