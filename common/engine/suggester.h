// Completions for a search box over one story index: companies and topics
// whose names start with what was typed, story titles with a word starting
// with its last word, and the archive's most frequent words with that start.
// A Suggester borrows the engine's database, tables and stemmer for one call:
// it owns nothing, and is used on the engine's thread only (Xapian objects do
// no locking). Xapian errors pass through; the engine wraps them.
#pragma once

#include "engine/search_request.h"
#include "gazetteer/gazetteer.h"
#include "gazetteer/topics.h"

#include <xapian.h>

#include <cstddef>
#include <string_view>
#include <vector>

namespace scatter {

class Suggester {
 public:
  Suggester(const Xapian::Database& db, const Gazetteer& gazetteer, const TopicTagger& topics,
            const Xapian::Stem& stemmer)
      : db_(db), gazetteer_(gazetteer), topics_(topics), stemmer_(stemmer) {}

  // At most `limit` suggestions, each text once; none for blank text.
  std::vector<Suggestion> suggest(std::string_view typed, std::size_t limit) const;

 private:
  const Xapian::Database& db_;
  const Gazetteer& gazetteer_;
  const TopicTagger& topics_;
  const Xapian::Stem& stemmer_;
};

}  // namespace scatter
