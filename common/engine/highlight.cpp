#include "engine/highlight.h"

#include "gazetteer/gazetteer.h"
#include "text/utf8.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

namespace scatter {
namespace {

constexpr std::string_view kMarkOpen = "<mark>";
constexpr std::string_view kMarkClose = "</mark>";
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
// Snowball changes at most the end of a short word ("spy" -> "spi"): two letters are safe.
constexpr std::size_t kOpening = 2;

// Xapian terms carry an upper-case field prefix ("Sattention", "XWmodel"); stemmed
// terms start with Z before it ("ZSattent"). Strips both.
std::string_view without_prefixes(std::string_view term) {
  std::size_t i = 0;
  while (i < term.size() && std::isupper(static_cast<unsigned char>(term[i]))) ++i;
  return term.substr(i);
}

bool is_ascii(std::string_view word) {
  return std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

Highlighter::Highlighter(const Xapian::Query& query, const Xapian::Stem& stemmer) : stemmer_(stemmer) {
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    const std::string term = *it;
    const std::string word(without_prefixes(term));
    if (word.empty()) continue;
    if (term.starts_with('Z')) {
      stems_.insert(word);
      openings_.insert(word.substr(0, kOpening));
    } else {
      add_word(word);
    }
  }
}

Highlighter::Highlighter(const std::set<std::string, std::less<>>& words,
                         const std::set<std::string, std::less<>>& prefixes, const Xapian::Stem& stemmer)
    : stemmer_(stemmer), prefixes_(prefixes.begin(), prefixes.end()) {
  for (const std::string& word : words) add_word(word);
}

void Highlighter::add_word(const std::string& word) {
  exact_.insert(word);
  const std::string stem = stemmer_(word);
  stems_.insert(stem);
  openings_.insert(stem.substr(0, kOpening));
}

std::size_t Highlighter::key_of(std::string_view word) const {
  const std::string lower = is_ascii(word) ? [&] {
    std::string out(word);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }() : to_lower(word);
  if (const auto exact = exact_.find(lower); exact != exact_.end()) {
    return 1 + static_cast<std::size_t>(std::distance(exact_.begin(), exact));
  }
  for (std::size_t p = 0; p < prefixes_.size(); ++p) {
    if (lower.starts_with(prefixes_[p])) return 1 + exact_.size() + stems_.size() + p;
  }
  // Stemming is the costly step: only a word that opens like a query stem can share it.
  if (!openings_.contains(std::string_view(lower).substr(0, kOpening))) return 0;
  if (const auto stem = stems_.find(stemmer_(lower)); stem != stems_.end()) {
    return 1 + exact_.size() + static_cast<std::size_t>(std::distance(stems_.begin(), stem));
  }
  return 0;
}

std::vector<std::size_t> Highlighter::match_keys(std::string_view, const std::vector<std::string_view>& words) const {
  std::vector<std::size_t> keys(words.size(), 0);
  if (empty()) return keys;
  for (std::size_t w = 0; w < words.size(); ++w) keys[w] = key_of(words[w]);
  return keys;
}

std::string Highlighter::render(std::string_view text, const std::vector<std::string_view>& words,
                                const std::vector<std::size_t>& keys, std::size_t first_word,
                                std::size_t end_word) const {
  std::string out;
  out.reserve(text.size() / 2 + 64);
  std::size_t cursor = first_word == 0 ? 0 : static_cast<std::size_t>(words[first_word].data() - text.data());
  const std::size_t stop = end_word >= words.size()
                               ? text.size()
                               : static_cast<std::size_t>(words[end_word - 1].data() - text.data()) +
                                     words[end_word - 1].size();
  if (first_word > 0) out += kEllipsis;
  for (std::size_t w = first_word; w < std::min(end_word, words.size()); ++w) {
    const auto begin = static_cast<std::size_t>(words[w].data() - text.data());
    out += html_escape(text.substr(cursor, begin - cursor));
    if (keys[w] != 0) {
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
  const auto words = split_words(text);
  return render(text, words, match_keys(text, words), 0, words.size());
}

std::string Highlighter::snippet(std::string_view text, std::size_t max_words) const {
  const auto words = split_words(text);
  const std::vector<std::size_t> keys = match_keys(text, words);
  if (words.size() <= max_words) return render(text, words, keys, 0, words.size());
  // Slide a window; score = distinct matched words, then total matches. Counts
  // are kept as the window moves, so the cost is one pass over the text.
  std::map<std::size_t, std::size_t> in_window;  // key -> occurrences in the window
  std::size_t total = 0;
  const auto enter = [&](std::size_t w) {
    if (keys[w] != 0) ++in_window[keys[w]], ++total;
  };
  const auto leave = [&](std::size_t w) {
    if (keys[w] == 0) return;
    --total;
    if (--in_window[keys[w]] == 0) in_window.erase(keys[w]);
  };
  for (std::size_t w = 0; w < max_words; ++w) enter(w);
  std::size_t best_start = 0;
  std::pair<std::size_t, std::size_t> best_score{in_window.size(), total};
  for (std::size_t start = 1; start + max_words <= words.size(); ++start) {
    leave(start - 1);
    enter(start + max_words - 1);
    const std::pair<std::size_t, std::size_t> score{in_window.size(), total};
    if (score > best_score) best_score = score, best_start = start;
  }
  // Open a few words before the first match, so the reader sees its context.
  if (best_score.first > 0) {
    std::size_t first_match = best_start;
    while (keys[first_match] == 0) ++first_match;
    constexpr std::size_t kLeadIn = 4;
    best_start = first_match > kLeadIn ? first_match - kLeadIn : 0;
    best_start = std::min(best_start, words.size() - max_words);
  }
  return render(text, words, keys, best_start, best_start + max_words);
}

}  // namespace scatter
