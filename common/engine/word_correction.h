// "Did you mean" for one word the archive lacks: the archive's words (its
// spelling table) within a few edits, preferring the one that finds more
// stories. Xapian's own get_spelling_suggestion() takes the fewest edits first,
// so "tarrifs" became "tarries" (one story) rather than "tariffs" (many).
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>

namespace scatter {

// Edits allowed in a word of `characters` letters: one under five, two from
// five, like Elasticsearch's fuzziness AUTO (which allows two from six).
unsigned allowed_edits(std::size_t characters);

// Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`,
// counted in Unicode characters; `limit` + 1 once past `limit`.
unsigned edit_distance(std::string_view a, std::string_view b, unsigned limit);

// The archive word within allowed_edits() of `word` that finds most stories,
// each edit past the first costing a factor of kEditPenalty in stories; nullopt
// when none is near. Reads the spelling table of `db`; `word` is lower case.
inline constexpr double kEditPenalty = 4.0;
std::optional<std::string> correct_word(const Xapian::Database& db, const std::string& word);

}  // namespace scatter
