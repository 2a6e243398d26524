// Gives a parsed query (query_syntax.h) its meaning over one index: words become
// Xapian terms of the title, body and "why it matters" fields, exact and stemmed;
// fields become filters; synonyms and proximity add evidence. Also says how the
// query was read, in the query language itself, and what it could not use.
#pragma once

#include "fields/user_fields.h"
#include "gazetteer/gazetteer.h"
#include "gazetteer/topics.h"
#include "query/query_syntax.h"
#include "query/synonyms.h"

#include <xapian.h>

#include <functional>

#include <set>
#include <string>
#include <vector>

namespace scatter::query {

struct QueryContext {
  const Xapian::Database& db;  // for vocabulary: which words the archive has
  const Gazetteer& companies;
  const TopicTagger& topics;
  const Synonyms& synonyms;
  // Words of the query close together earn a bonus (OP_NEAR).
  bool proximity = true;
  // Applied to each phrase and NEAR query: their position checks run inside a
  // posting list, where only a list ANDed into them is consulted per candidate
  // (the engine's deadline, engine/deadline.h). None: left as they are.
  std::function<Xapian::Query(const Xapian::Query&)> bound_positional{};
  // A word's exact form adds a little to its stems' score (OP_AND_MAYBE). Off
  // for a query that only counts: the stems alone match the same stories, and
  // Xapian then reads one posting list, not two. (Counting also turns off
  // proximity, which adds weight, never a match.)
  bool exact_form_bonus = true;
  // The query only counts (facets, trends): what it matches matters, not how
  // it weighs. A two-word phrase in every field is then its word pair
  // (schema::word_pair_term), one posting list, not a position check per story.
  bool only_counts = false;
  // The archive's declared fields (fields.json): `name:value` filters by them.
  const UserFields* fields = nullptr;
};

// The words to mark in results: whole words (and their stems) and word starts.
struct HighlightWords {
  std::set<std::string, std::less<>> words{};
  std::set<std::string, std::less<>> prefixes{};
};

struct BuiltQuery {
  Xapian::Query query{};    // MatchAll when the text asks for nothing; empty when it can match nothing
  bool ranked = false;      // holds words to rank by; without them, order by date
  std::string reading{};    // the query as understood, in the query language
  std::vector<std::string> notes{};
  HighlightWords highlight{};
  std::vector<std::string> unknown_words{};  // words typed that the archive does not have: spelling candidates
};

BuiltQuery build_query(const Node& root, const QueryContext& context);

// A word like "the", "for", "are" (lower case): in nearly every story of any
// archive, so it ranks a little and stands out in none.
bool is_stopword(std::string_view word);

// Date spans of the language: 2026, 2026-02, 2026-02-09. First and last day as
// the index's YYYYMMDD keys ("20260200".."20260299" for a month is fine: keys
// only compare). nullopt for anything else, including 2026-02-30.
struct DateSpan {
  std::string first, last;
};
std::optional<DateSpan> parse_date_span(std::string_view text);

// A filter on `term`: the query of every document when every story has it,
// else the term. Xapian 1.4.22 reads such a term, unweighted, through the list
// of all documents under the term's name, which throws on a sound index once a
// deletion left a gap in the document ids (query/counting_weight.h says how).
// Exact for one database; in shards, a term that every story of one shard has
// but not every story of the index is not caught.
Xapian::Query boolean_term(const Xapian::Database& db, const std::string& term);

// Stories dated from `first` to `last` (YYYYMMDD keys, ends included), as the
// index's year, month and day terms; an empty Query when none can match.
Xapian::Query date_filter(const Xapian::Database& db, const std::string& first, const std::string& last);

}  // namespace scatter::query
