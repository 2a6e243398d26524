#include "engine/highlight.h"

#include "gazetteer/gazetteer.h"
#include "text/utf8.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace scatter {
namespace {

constexpr std::string_view kMarkOpen = "<mark>";
constexpr std::string_view kMarkClose = "</mark>";
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

// Xapian terms carry an upper-case field prefix ("Sattention", "XWmodel"); stemmed
// terms start with Z before it ("ZSattent"). Strips both.
std::string_view without_prefixes(std::string_view term) {
  std::size_t i = 0;
  while (i < term.size() && std::isupper(static_cast<unsigned char>(term[i]))) ++i;
  return term.substr(i);
}

struct WordSpan {
  std::size_t begin, end;  // byte offsets in the text
  bool match;
};

}  // namespace

Highlighter::Highlighter(const Xapian::Query& query, const Xapian::Stem& stemmer) : stemmer_(stemmer) {
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    const std::string term = *it;
    const bool stemmed = term.starts_with('Z');
    const std::string word(without_prefixes(term));
    if (word.empty()) continue;
    if (stemmed) stems_.insert(word);
    else {
      exact_.insert(word);
      stems_.insert(stemmer_(word));
    }
  }
}

bool Highlighter::matches(std::string_view word) const {
  const std::string lower = to_lower(word);
  return exact_.contains(lower) || stems_.contains(stemmer_(lower));
}

std::string Highlighter::render(std::string_view text, std::size_t first_word, std::size_t end_word) const {
  const auto words = split_words(text);
  std::string out;
  std::size_t cursor = first_word == 0 ? 0 : static_cast<std::size_t>(words[first_word].data() - text.data());
  const std::size_t stop = end_word >= words.size()
                               ? text.size()
                               : static_cast<std::size_t>(words[end_word - 1].data() - text.data()) +
                                     words[end_word - 1].size();
  if (first_word > 0) out += kEllipsis;
  for (std::size_t w = first_word; w < std::min(end_word, words.size()); ++w) {
    const auto begin = static_cast<std::size_t>(words[w].data() - text.data());
    out += html_escape(text.substr(cursor, begin - cursor));
    if (matches(words[w])) {
      out += kMarkOpen;
      out += html_escape(words[w]);
      out += kMarkClose;
    } else {
      out += html_escape(words[w]);
    }
    cursor = begin + words[w].size();
  }
  out += html_escape(text.substr(cursor, stop - cursor));
  if (end_word < words.size()) out += kEllipsis;
  return out;
}

std::string Highlighter::mark_all(std::string_view text) const {
  return render(text, 0, split_words(text).size());
}

std::string Highlighter::snippet(std::string_view text, std::size_t max_words) const {
  const auto words = split_words(text);
  if (words.size() <= max_words) return render(text, 0, words.size());
  std::vector<std::string> keys(words.size());  // the query word each text word matched, or ""
  for (std::size_t w = 0; w < words.size(); ++w) {
    if (matches(words[w])) keys[w] = stemmer_(to_lower(words[w]));
  }
  // Slide a window; score = distinct matched words, then total matches.
  std::size_t best_start = 0;
  std::pair<std::size_t, std::size_t> best_score{0, 0};
  for (std::size_t start = 0; start + max_words <= words.size(); ++start) {
    std::set<std::string_view> distinct;
    std::size_t total = 0;
    for (std::size_t w = start; w < start + max_words; ++w) {
      if (keys[w].empty()) continue;
      distinct.insert(keys[w]);
      ++total;
    }
    const std::pair<std::size_t, std::size_t> score{distinct.size(), total};
    if (score > best_score) best_score = score, best_start = start;
  }
  // Open a few words before the first match, so the reader sees its context.
  if (best_score.first > 0) {
    std::size_t first_match = best_start;
    while (keys[first_match].empty()) ++first_match;
    constexpr std::size_t kLeadIn = 4;
    best_start = first_match > kLeadIn ? first_match - kLeadIn : 0;
    best_start = std::min(best_start, words.size() - max_words);
  }
  return render(text, best_start, best_start + max_words);
}

}  // namespace scatter
