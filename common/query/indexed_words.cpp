#include "query/indexed_words.h"

#include <xapian.h>

#include <algorithm>
#include <utility>

namespace scatter::query {

std::vector<std::string> indexed_words(std::string_view text) {
  // Reusing the TermGenerator is the only way to be sure of its rules; a query
  // is a few words, so building a scratch document costs microseconds.
  Xapian::Document document;
  Xapian::TermGenerator generator;
  generator.set_document(document);
  generator.index_text(std::string(text));
  std::vector<std::pair<Xapian::termpos, std::string>> placed;
  for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
    for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos) placed.emplace_back(*pos, *term);
  }
  std::sort(placed.begin(), placed.end());
  std::vector<std::string> words;
  words.reserve(placed.size());
  for (auto& [pos, word] : placed) words.push_back(std::move(word));
  return words;
}

}  // namespace scatter::query
