// Marks query matches in stored text for HTML output. The text is escaped first
// and the <mark> tags added after, so a story that contains markup comes back as
// inert text. Words match when equal to a query word (case-insensitive), when
// they share the query word's English stem, or when they start with a word
// start the reader is still typing.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace scatter {

class Highlighter {
 public:
  // Takes the words of `query`, the user's text query without filters.
  Highlighter(const Xapian::Query& query, const Xapian::Stem& stemmer);
  // Lower-case whole words and word starts.
  Highlighter(const std::set<std::string, std::less<>>& words, const std::set<std::string, std::less<>>& prefixes,
              const Xapian::Stem& stemmer);

  // The whole text, escaped, every match marked (for titles).
  std::string mark_all(std::string_view text) const;

  // At most about `max_words` words of `text`: the window with the most distinct
  // matches, escaped and marked, with "…" where text was cut. Without matches,
  // the opening words.
  std::string snippet(std::string_view text, std::size_t max_words) const;

  bool empty() const { return exact_.empty() && stems_.empty() && prefixes_.empty(); }

 private:
  // For each word: 0 when it does not match, else 1 + the index of the query word it matched.
  std::vector<std::size_t> match_keys(std::string_view text, const std::vector<std::string_view>& words) const;
  std::size_t key_of(std::string_view word) const;
  std::string render(std::string_view text, const std::vector<std::string_view>& words,
                     const std::vector<std::size_t>& keys, std::size_t first_word, std::size_t end_word) const;
  void add_word(const std::string& word);

  Xapian::Stem stemmer_;
  std::set<std::string, std::less<>> exact_;      // lower-case query words
  std::set<std::string, std::less<>> stems_;      // their stems
  std::set<std::string, std::less<>> openings_;   // the first letters of each stem: words worth stemming
  std::vector<std::string> prefixes_;             // word starts
};

}  // namespace scatter
