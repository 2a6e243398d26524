#include "query/synonyms.h"

#include "archive/diagnostics.h"
#include "query/indexed_words.h"
#include "text/stemmer.h"
#include "text/utf8.h"

#include <fstream>
#include <map>
#include <sstream>

namespace scatter::query {
namespace {

Expression stemmed(const Expression& words) {
  Expression stems;
  for (const std::string& word : words) stems.push_back(thread_english_stemmer()(word));
  return stems;
}

}  // namespace

Synonyms Synonyms::parse(std::string_view text, const std::filesystem::path& origin) {
  Synonyms synonyms;
  synonyms.text_ = std::string(text);
  std::map<Expression, int> line_of;
  int line_number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    if (trim(line).empty()) continue;
    std::vector<Expression> group;
    std::size_t from = 0;
    while (from <= line.size()) {
      std::size_t comma = line.find(',', from);
      if (comma == std::string_view::npos) comma = line.size();
      Expression expression = indexed_words(line.substr(from, comma - from));
      from = comma + 1;
      if (expression.empty()) throw ParseError(origin, line_number, "an empty expression (two commas in a row?)");
      if (const auto seen = line_of.find(stemmed(expression)); seen != line_of.end()) {
        throw ParseError(origin, line_number,
                         "'" + std::string(trim(line)) + "' repeats an expression of line " + std::to_string(seen->second));
      }
      line_of.emplace(stemmed(expression), line_number);
      group.push_back(std::move(expression));
    }
    if (group.size() < 2) throw ParseError(origin, line_number, "a group needs two or more expressions, separated by commas");
    std::vector<Expression> stems;
    for (const Expression& expression : group) stems.push_back(stemmed(expression));
    synonyms.stemmed_groups_.push_back(std::move(stems));
    synonyms.groups_.push_back(std::move(group));
  }
  return synonyms;
}

Synonyms Synonyms::load(const std::filesystem::path& file) {
  return parse(clean_text(read_settings_file(file, "synonyms")).text, file);
}

std::optional<Synonyms::Match> Synonyms::match_at(const std::vector<std::string>& words, std::size_t first) const {
  std::optional<Match> best;
  if (groups_.empty()) return best;
  const Expression stems = stemmed(words);
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    const auto& group = groups_[g];
    for (std::size_t e = 0; e < group.size(); ++e) {
      const Expression& expression = stemmed_groups_[g][e];
      if (first + expression.size() > stems.size()) continue;
      if (best && expression.size() <= best->length) continue;
      if (!std::equal(expression.begin(), expression.end(), stems.begin() + static_cast<std::ptrdiff_t>(first))) continue;
      Match match{.length = expression.size()};
      for (std::size_t other = 0; other < group.size(); ++other) {
        if (other != e) match.alternatives.push_back(group[other]);
      }
      best = std::move(match);
    }
  }
  return best;
}

}  // namespace scatter::query
