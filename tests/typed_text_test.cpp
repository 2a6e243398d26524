// read_typed (engine/typed_text.h): what a reader has typed so far, read for
// completing it. A table: text typed -> the text before the word being typed,
// that word, its field, and the words it would continue as a phrase.
#include "engine/typed_text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace scatter {
namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}

TEST(ReadTyped, TheWordBeingTypedAndWhatComesBeforeIt) {
  const struct {
    std::string typed, before, word, field, phrase, words;
    bool in_open_quote = false;
  } rows[] = {
      {"lin", "", "lin", "", "", "lin"},
      {"  Civil R", "Civil ", "r", "", "civil", "civil r"},
      {"open ", "", "", "", "", "open"},                   // a finished word: nothing to complete
      {"lin*", "", "", "", "", "lin"},                     // the reader's own word start
      {"title:lin", "title:", "lin", "title", "", "lin"},  // the field name is not a word
      {"TITLE:Lin", "TITLE:", "lin", "title", "", "lin"},
      {"title:", "", "", "", "", ""},
      {"sora title:gem", "sora title:", "gem", "title", "", "sora gem"},
      {"title:ai g", "title:ai ", "g", "", "", "ai g"},  // g is not in the title field
      {"title:\"ai g", "title:\"ai ", "g", "title", "ai", "ai g", true},
      {"\"civil r", "\"civil ", "r", "", "civil", "civil r", true},
      {"\u201Ccivil r", "\u201Ccivil ", "r", "", "civil", "civil r", true},
      {"\"civil rights\"", "", "", "", "", "civil rights"},  // a closed quote
      {"\"civil rights\" w", "\"civil rights\" ", "w", "", "", "civil rights w"},
      {"-openai so", "-openai ", "so", "", "", "so"},  // an excluded word is no phrase, no title word
      {"+civil r", "+civil ", "r", "", "", "civil r"},
      {"civil AND r", "civil AND ", "r", "", "", "civil r"},
      {"(civil) r", "(civil) ", "r", "", "", "civil r"},
      {"company:openai so", "company:openai ", "so", "", "", "so"},
      {"company:\"mistral a", "company:\"mistral ", "a", "company", "mistral", "", true},
      {"DeepSeek-R", "DeepSeek-", "r", "", "deepseek", "deepseek r"},  // a hyphenated word is a phrase
      {"one two three four f", "one two three four ", "f", "", "two three four", "one two three four f"},
      {"http://x", "http://", "x", "", "http", "http x"},  // not a field: plain words
      {"-", "", "", "", "", ""},
      {"year:19", "year:", "19", "year", "", ""},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE("'" + row.typed + "'");
    const TypedText text = read_typed(row.typed);
    EXPECT_EQ(text.before, row.before);
    EXPECT_EQ(text.word, row.word);
    EXPECT_EQ(text.field, row.field);
    EXPECT_EQ(joined(text.phrase), row.phrase);
    EXPECT_EQ(joined(text.words), row.words);
    EXPECT_EQ(text.in_open_quote, row.in_open_quote);
  }
}

TEST(ReadTyped, ExcludedWords) {
  EXPECT_EQ(joined(read_typed("-openai -title:sora gem").excluded), "openai sora");
  EXPECT_EQ(joined(read_typed("-company:openai gem").excluded), "") << "a company is not a word of a title";
  EXPECT_EQ(joined(read_typed("openai gem").excluded), "");
}

TEST(ReadTyped, AFieldValueForNames) {
  const TypedText text = read_typed("sora company:\"Mistral A");
  EXPECT_EQ(text.field_before, "sora company:");
  EXPECT_EQ(text.field_value, "mistral a");
  EXPECT_TRUE(read_typed("mistral a").field_before.empty());
}

TEST(ReadTyped, QueryFields) {
  for (const std::string name :
       {"title", "body", "why", "company", "topic", "issue", "date", "after", "before", "year", "Title"}) {
    EXPECT_TRUE(is_query_field(name)) << name;
  }
  for (const std::string name : {"http", "month", "", "titles"}) EXPECT_FALSE(is_query_field(name)) << name;
}

}  // namespace
}  // namespace scatter
