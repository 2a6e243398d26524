// Completions for a search box over one story index. What the reader is typing
// is read by read_typed (engine/typed_text.h); the answer mixes kinds so that a
// short start shows the archive's common words first:
//   1. completions of the word being typed, most stories first: words of the
//      archive (of one field after "title:" and the like), or, after words
//      typed side by side, phrases the archive holds ("civil r" -> "civil
//      rights"); companies and topics by their own name rank among them;
//   2. a few titles holding every word typed, no two alike once case,
//      punctuation and numbers are set aside;
//   3. companies and topics found by an alias or a product;
//   4. then more of 1 and 2 while there is room.
// The work is bounded whatever the archive's size: see the constants in
// suggester.cpp. A Suggester borrows the engine's database, tables and stemmer
// for one call: it owns nothing, and is used on the engine's thread only
// (Xapian objects do no locking). Xapian errors pass through; the engine wraps them.
#pragma once

#include "engine/search_request.h"
#include "engine/typed_text.h"
#include "gazetteer/gazetteer.h"
#include "gazetteer/topics.h"

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace scatter {

class Suggester {
 public:
  // `spelling` holds the spelling table: `db` itself, or with remote shards
  // (which serve none) the front's local copy of the first shard.
  Suggester(const Xapian::Database& db, const Xapian::Database& spelling, const Gazetteer& gazetteer,
            const TopicTagger& topics, const Xapian::Stem& stemmer)
      : db_(db), spelling_(spelling), gazetteer_(gazetteer), topics_(topics), stemmer_(stemmer) {}

  // At most `limit` suggestions, each text once; none for blank text.
  std::vector<Suggestion> suggest(std::string_view typed, std::size_t limit) const;

  // A completion of the word being typed ("rights" for "civil r") and how many
  // stories hold it.
  struct Completion {
    std::string text;
    Xapian::doccount stories = 0;
  };
  struct Completions {
    SuggestionKind kind = SuggestionKind::kWord;  // or kPhrase: each follows the words before
    std::vector<Completion> found{};              // most stories first
  };

 private:
  struct Entities {
    std::vector<Suggestion> by_name{}, by_other_name{};  // each most stories first
  };
  Entities entities(const TypedText& typed, std::string_view whole) const;
  Completions completions(const TypedText& typed, std::size_t limit) const;
  static std::vector<Suggestion> as_suggestions(const TypedText& typed, const Completions& completed);
  std::vector<Suggestion> titles(const TypedText& typed, const std::vector<Completion>& last_words,
                                 std::size_t wanted) const;

  const Xapian::Database& db_;
  const Xapian::Database& spelling_;
  const Gazetteer& gazetteer_;
  const TopicTagger& topics_;
  const Xapian::Stem& stemmer_;
};

}  // namespace scatter
