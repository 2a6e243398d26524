// The synonyms file (data/synonyms.conf) on arbitrary bytes: parsed as the
// indexer reads it, stored in the index and read back as the engine reads it,
// then matched against each expression of the file as a query would be.
#include "fuzz_support.h"

#include "archive/diagnostics.h"
#include "query/indexed_words.h"
#include "query/synonyms.h"

#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = scatter::fuzz::text_of(data, size);
  scatter::query::Synonyms synonyms;
  try {
    synonyms = scatter::query::Synonyms::parse(text, "synonyms.conf");
  } catch (const scatter::ParseError&) {
    return 0;  // named and refused, with its line: the documented outcome
  }
  const auto stored = scatter::query::Synonyms::parse(synonyms.text(), "index:synonyms");
  scatter::fuzz::require(stored.group_count() == synonyms.group_count(), "the index's copy of the synonyms reads back whole");
  // The file's own words as a query (its first 64: a query is short): every
  // position may start an expression.
  const std::vector<std::string> words = scatter::query::indexed_words(text);
  for (std::size_t first = 0; first < words.size() && first < 64; ++first) {
    if (const auto match = synonyms.match_at(words, first)) {
      scatter::fuzz::require(match->length > 0 && first + match->length <= words.size(), "a match lies within the query");
    }
  }
  return 0;
}
