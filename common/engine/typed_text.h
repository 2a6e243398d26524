// What a reader has typed into a search box so far, read for completing it:
// the word being typed, the field it is restricted to, and the words right
// before it that it would continue as a phrase. Text midway through the query
// language (docs/query-language.md: an unclosed quote, "title:" alone, a
// trailing "-") is read as far as it goes; nothing here throws.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scatter {

struct TypedText {
  // The text as typed before the word being typed ("Civil ", "title:", "-"),
  // leading spaces dropped: a completion is `before` + the completed word.
  std::string before{};
  // The word being typed, lower case, as the index spells words. Empty when the
  // text ends between words ("open "), in syntax ("lin*", "title:") or in a
  // closed quote: there is nothing to complete.
  std::string word{};
  // The field `word` is restricted to, lower case ("title", "company"), or "".
  std::string field{};
  // The words right before `word` that it continues as a phrase (plain words
  // side by side, or words of one quote), nearest last; at most kPhraseWords.
  std::vector<std::string> phrase{};
  // `word` is inside a quote that is not closed yet: a completion closes it.
  bool in_open_quote = false;
  // With a field: the text up to and including its colon ("sora company:"),
  // and the value typed after it, lower case, without quotes ("mistral a").
  std::string field_before{};
  std::string field_value{};
  // Every word typed but excluded ones ("-openai"), `word` last if there is one:
  // what a suggested title must contain.
  std::vector<std::string> words{};
  // Words the reader excluded ("-openai"): a suggested title must not hold them.
  std::vector<std::string> excluded{};
};

// A phrase longer than this adds little to what its last words predict, and
// each word costs a position list per story checked.
inline constexpr std::size_t kPhraseWords = 3;

TypedText read_typed(std::string_view typed);

// Whether `name` is a field of the query language (title, company, year, ...).
bool is_query_field(std::string_view name);

}  // namespace scatter
