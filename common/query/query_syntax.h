// The query language's grammar (docs/query-language.md): what a researcher types
// turned into a tree, before any word is looked up. Knows nothing of Xapian or
// of the archive; query_builder.h gives the tree its meaning.
//
//   query    := or_expr
//   or_expr  := and_expr ( OR and_expr )*
//   and_expr := sequence ( AND sequence )*
//   sequence := unary+                       words side by side: any of them, more is better
//   unary    := ( '+' | '-' | NOT ) atom | atom
//   atom     := '(' or_expr ')' | field ':' value | '"' words '"' | word | word '*'
//
// AND, OR and NOT are operators in any case. A field name is a word followed
// directly by ':'; a value is a word, a "quoted phrase" or a range a..b.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scatter::query {

struct Node {
  enum class Kind {
    kWord,      // text: one token as typed ("DeepSeek-R1"); may hold several indexable words
    kPhrase,    // text: the quoted words, in order
    kPrefix,    // text: the start of a word ("deepse" from deepse* or as-you-type)
    kField,     // field: the lower-cased field name, text: the value as typed
    kSequence,  // children side by side
    kAnd,       // children all required
    kOr,        // any child
  };
  enum class Mark { kNone, kRequired, kExcluded };

  Kind kind = Kind::kWord;
  Mark mark = Mark::kNone;
  std::string field{};   // kField, and text restricted to one field (title:sora -> kWord, field "title")
  std::string text{};
  bool quoted = false;   // kField: the value was a "quoted phrase"
  std::vector<Node> children{};
};

struct ParseOutcome {
  Node root{};
  // Empty when the text is well formed; otherwise what is wrong, for the reader
  // ("a quote is not closed"), and root is the plain reading of the words.
  std::string problem{};
};

struct ParseOptions {
  // The last word is a prefix unless the text ends in a space: a search box
  // asking as the user types.
  bool last_word_is_prefix = false;
};

// Never throws: malformed text is read as plain words and says why.
ParseOutcome parse(std::string_view text, const ParseOptions& options = {});

// Every word of the text with the syntax ignored: the plain reading.
Node plain_reading(std::string_view text, const ParseOptions& options = {});

}  // namespace scatter::query
