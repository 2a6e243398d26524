// Synonyms and abbreviations (data/synonyms.conf), applied when a query is read:
// "mla" also finds "multi-head latent attention", and the other way round. The
// indexer stores the file in the index, so the engine reads the list the index
// was built with.
//
// File format: one group a line, expressions that mean the same separated by
// commas; '#' starts a comment. Expressions are compared word by word, as
// indexed (indexed_words.h) and stemmed, so case, hyphens and plurals do not matter.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scatter::query {

using Expression = std::vector<std::string>;  // words, as indexed

class Synonyms {
 public:
  Synonyms() = default;

  // Throws ParseError naming `origin` and the line: a group of one expression,
  // an empty expression, or an expression in two groups.
  static Synonyms parse(std::string_view text, const std::filesystem::path& origin);
  static Synonyms load(const std::filesystem::path& file);

  struct Match {
    std::size_t length = 0;                 // words of the query matched
    std::vector<Expression> alternatives{};  // the other expressions of the group
  };
  // The longest expression starting at words[first], if any; `words` as indexed.
  std::optional<Match> match_at(const std::vector<std::string>& words, std::size_t first) const;

  // The file's text, to store in an index; parse() reads it back.
  const std::string& text() const { return text_; }
  std::size_t group_count() const { return groups_.size(); }

 private:
  std::vector<std::vector<Expression>> groups_{};
  std::vector<std::vector<Expression>> stemmed_groups_{};  // the same, each word stemmed: what match_at compares
  std::string text_{};
};

}  // namespace scatter::query
