// common/query/query_syntax.h: what a researcher types, read as a tree. Each row
// is {text -> printed tree}; malformed text must say what is wrong and fall
// back to the plain reading of its words, and nothing typed may throw.
#include "query/query_syntax.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace scatter::query {
namespace {

// The tree in one line: words as typed, "quoted" phrases, prefix*, field:value,
// field:"quoted", +/- marks, (SEQ ...), (AND ...), (OR ...).
std::string printed(const Node& node) {
  std::string out = node.mark == Node::Mark::kRequired ? "+" : node.mark == Node::Mark::kExcluded ? "-" : "";
  const auto group = [&](const char* name) {
    out += std::string("(") + name;
    for (const Node& child : node.children) out += " " + printed(child);
    out += ")";
  };
  switch (node.kind) {
    case Node::Kind::kWord: out += node.text; break;
    case Node::Kind::kPhrase: out += "\"" + node.text + "\""; break;
    case Node::Kind::kPrefix: out += node.text + "*"; break;
    case Node::Kind::kField: out += node.field + ":" + (node.quoted ? "\"" + node.text + "\"" : node.text); break;
    case Node::Kind::kSequence: group("SEQ"); break;
    case Node::Kind::kAnd: group("AND"); break;
    case Node::Kind::kOr: group("OR"); break;
  }
  return out;
}

struct Row {
  std::string text;
  std::string tree;
};

void expect_trees(const std::vector<Row>& rows, const ParseOptions& options = {}) {
  for (const Row& row : rows) {
    SCOPED_TRACE("text '" + row.text + "'");
    const ParseOutcome outcome = parse(row.text, options);
    EXPECT_EQ(outcome.problem, "") << "well-formed text reported as malformed";
    EXPECT_EQ(printed(outcome.root), row.tree);
  }
}

TEST(QuerySyntax, WordsAndPhrases) {
  expect_trees({
      {"sora", "sora"},
      {"  sora  ", "sora"},
      {"sora openai", "(SEQ sora openai)"},
      {"DeepSeek-R1", "DeepSeek-R1"},
      {"\"latent attention\"", "\"latent attention\""},
      {"sora \"latent attention\" mla", "(SEQ sora \"latent attention\" mla)"},
      // Typographic quotes, as pasted from the newsletter, either way round.
      {"\xE2\x80\x9C" "latent attention" "\xE2\x80\x9D", "\"latent attention\""},
      {"\xE2\x80\x9C" "red teaming\"", "\"red teaming\""},
      {"\"\"", "\"\""},
      // A colon after digits is no field ("12:30").
      {"12:30", "12:30"},
  });
}

TEST(QuerySyntax, OperatorsInAnyCase) {
  expect_trees({
      {"sora AND gemini", "(AND sora gemini)"},
      {"sora and gemini", "(AND sora gemini)"},
      {"sora And gemini", "(AND sora gemini)"},
      {"sora && gemini", "(AND sora gemini)"},
      {"sora OR gemini", "(OR sora gemini)"},
      {"sora or gemini", "(OR sora gemini)"},
      {"sora || gemini", "(OR sora gemini)"},
      {"sora NOT gemini", "(SEQ sora -gemini)"},
      {"sora not gemini", "(SEQ sora -gemini)"},
      {"NOT gemini", "-gemini"},
      {"sora AND NOT gemini", "(AND sora -gemini)"},
      // AND binds tighter than OR; words side by side bind tighter than both.
      {"sora OR gemini AND copilot", "(OR sora (AND gemini copilot))"},
      {"a b OR c d", "(OR (SEQ a b) (SEQ c d))"},
      {"a OR b OR c", "(OR a b c)"},
      // A word that merely contains an operator is a word.
      {"android oracle nothing", "(SEQ android oracle nothing)"},
  });
}

TEST(QuerySyntax, PlusAndMinus) {
  expect_trees({
      {"+sora", "+sora"},
      {"-sora", "-sora"},
      {"+sora -gemini copilot", "(SEQ +sora -gemini copilot)"},
      {"-\"red teaming\"", "-\"red teaming\""},
      {"+title:sora", "+title:sora"},
      // A hyphen inside a word is part of the word.
      {"open-weight", "open-weight"},
      // An operator word after a mark is a word.
      {"+and", "+and"},
  });
}

TEST(QuerySyntax, ParenthesesAndNesting) {
  expect_trees({
      {"(sora)", "sora"},
      {"(sora OR gemini) mistral", "(SEQ (OR sora gemini) mistral)"},
      {"((a OR b) AND (c OR d))", "(AND (OR a b) (OR c d))"},
      {"(a (b (c OR d)))", "(SEQ a (SEQ b (OR c d)))"},
      {"-(sora gemini) copilot", "(SEQ -(SEQ (SEQ sora gemini)) copilot)"},
      {"+(sora OR gemini)", "+(SEQ (OR sora gemini))"},
      {"NOT (sora OR gemini)", "-(OR sora gemini)"},
      {"(sora OR gemini) company:mistral", "(SEQ (OR sora gemini) company:mistral)"},
  });
}

TEST(QuerySyntax, FieldsAndPrefixes) {
  expect_trees({
      {"title:sora", "title:sora"},
      {"Title:Sora", "title:Sora"},  // field names in any case, values as typed
      {"title:\"red teaming\"", "title:\"red teaming\""},
      {"title:\xE2\x80\x9C" "red teaming" "\xE2\x80\x9D", "title:\"red teaming\""},
      {"company:mistral sora", "(SEQ company:mistral sora)"},
      {"issue:3..5", "issue:3..5"},
      {"date:2026-02..2026-03", "date:2026-02..2026-03"},
      {"date:..2026-02", "date:..2026-02"},
      {"-company:openai", "-company:openai"},
      {"deepse*", "deepse*"},
      {"sora deepse*", "(SEQ sora deepse*)"},
      {"title:deepse*", "title:deepse*"},
      // A lone star is no word start.
      {"*", "*"},
  });
}

TEST(QuerySyntax, AsYouTypeTheLastWordIsAPrefix) {
  const ParseOptions typing{.last_word_is_prefix = true};
  expect_trees(
      {
          {"deepse", "deepse*"},
          {"sora deepse", "(SEQ sora deepse*)"},
          {"sora OR gemi", "(OR sora gemi*)"},
          {"\"latent attention\" deeps", "(SEQ \"latent attention\" deeps*)"},
          // Ending in a space: the word is finished.
          {"deepse ", "deepse"},
          {"sora deepse\t", "(SEQ sora deepse)"},
          // Inside quotes or parentheses that are closed: finished too.
          {"\"latent atten\"", "\"latent atten\""},
          {"sora \xE2\x80\x9C" "latent atten" "\xE2\x80\x9D", "(SEQ sora \"latent atten\")"},
          {"sora AND (gemini OR copi)", "(AND sora (OR gemini copi))"},
          {"", "(SEQ)"},
      },
      typing);
  // Without the option no word is a prefix.
  expect_trees({{"deepse", "deepse"}, {"sora deepse", "(SEQ sora deepse)"}});
}

struct MalformedRow {
  std::string text;
  std::string problem_mentions;  // a piece of the problem the reader is told
  std::string plain;             // the plain reading, printed
};

void expect_malformed(const std::vector<MalformedRow>& rows, const ParseOptions& options = {}) {
  for (const MalformedRow& row : rows) {
    SCOPED_TRACE("text '" + row.text + "'");
    const ParseOutcome outcome = parse(row.text, options);
    EXPECT_NE(outcome.problem, "") << "malformed text read as well formed: " << printed(outcome.root);
    EXPECT_NE(outcome.problem.find(row.problem_mentions), std::string::npos) << outcome.problem;
    EXPECT_EQ(printed(outcome.root), row.plain);
    EXPECT_EQ(printed(outcome.root), printed(plain_reading(row.text, options)));
  }
}

TEST(QuerySyntax, MalformedTextSaysWhyAndReadsThePlainWords) {
  expect_malformed({
      {"\"unbalanced sora", "quote", "(SEQ unbalanced sora)"},
      {"sora \xE2\x80\x9C" "red teaming", "quote", "(SEQ sora red teaming)"},
      {"title:\"red teaming", "quote", "(SEQ title red teaming)"},
      {"(sora", "'('", "(SEQ sora)"},
      {"((sora OR gemini)", "'('", "(SEQ sora OR gemini)"},
      {"sora)", "')'", "(SEQ sora)"},
      {"sora AND", "AND", "(SEQ sora AND)"},
      {"AND sora", "AND", "(SEQ AND sora)"},
      {"sora and", "AND", "(SEQ sora and)"},
      {"sora OR", "OR", "(SEQ sora OR)"},
      {"OR sora", "OR", "(SEQ OR sora)"},
      {"sora OR OR gemini", "OR", "(SEQ sora OR OR gemini)"},
      {"sora NOT", "NOT", "(SEQ sora NOT)"},
      {"NOT", "NOT", "(SEQ NOT)"},
      {"-", "'-'", "(SEQ)"},
      {"sora -", "'-'", "(SEQ sora)"},
      {"sora - gemini", "'-'", "(SEQ sora gemini)"},
      {"+", "'+'", "(SEQ)"},
      {"title:", "title", "(SEQ title)"},
      {"sora title:", "title", "(SEQ sora title)"},
      {"title: sora", "title", "(SEQ title sora)"},
      {"()", "()", "(SEQ)"},
      {"sora ()", "()", "(SEQ sora)"},
  });
}

TEST(QuerySyntax, AsYouTypeOnMalformedTextStillCompletesTheLastWord) {
  const ParseOptions typing{.last_word_is_prefix = true};
  expect_malformed(
      {
          {"(sora gemi", "'('", "(SEQ sora gemi*)"},
          {"(sora gemi ", "'('", "(SEQ sora gemi)"},
          // The quoted words were closed: finished, whichever quotes were typed.
          {"(\"latent atten\"", "'('", "(SEQ latent atten)"},
          {"(\xE2\x80\x9C" "latent atten" "\xE2\x80\x9D", "'('", "(SEQ latent atten)"},
      },
      typing);
}

std::string repeated(std::string_view piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

TEST(QuerySyntax, NothingTypedThrows) {
  using namespace std::string_literals;
  const std::vector<std::string> nasty = {
      "",
      " ",
      "\t\n\r\f\v",
      "AND",
      "AND OR NOT",
      "NOT NOT NOT sora",
      "&& || &&",
      "(",
      ")",
      ")(",
      "(((",
      ")))",
      "\"",
      "\"\"\"",
      "\xE2\x80\x9C",
      "\xE2\x80\x9D\xE2\x80\x9D",
      ":",
      "::",
      "*",
      "**",
      "-+-+",
      "+-",
      "!@#$%^&*()_+=[]{};'<>?,./\\|`~",
      "title:\"",
      "title:\"\"",
      ":sora",
      "sora:",
      "issue:..",
      "date:..",
      "a..b",
      "\xE6\x97\xA5\xE6\x9C\xAC AND (\xE4\xB8\xAD\xE6\x96\x87 OR",  // 日本 AND (中文 OR
      "\xF0\x9F\x98\x80 emoji \xF0\x9F\x98\x80*",
      "\xFF\xFE\xFD invalid utf-8",
      "sora \xE2\x80",  // a typographic quote cut short
      "\xE2",
      "sora\0AND\0("s,
      "\0"s,
      "\"\0\""s,
      repeated("sora ", 2000),
      repeated("(", 1000),
      repeated(")", 1000),
      repeated("(sora OR ", 200),
      repeated("sora AND ", 500),
      repeated("\"", 1001),
      repeated("-", 2000),
      repeated("NOT ", 500),
      repeated("title:", 500),
  };
  for (const bool typing : {false, true}) {
    const ParseOptions options{.last_word_is_prefix = typing};
    for (const std::string& text : nasty) {
      SCOPED_TRACE("text '" + text.substr(0, 40) + "' (" + std::to_string(text.size()) + " bytes), as you type: " +
                   (typing ? "yes" : "no"));
      ParseOutcome outcome;
      ASSERT_NO_THROW(outcome = parse(text, options));
      ASSERT_NO_THROW(plain_reading(text, options));
      if (!outcome.problem.empty()) {
        EXPECT_EQ(printed(outcome.root), printed(plain_reading(text, options)));
      }
    }
  }
}

// parse() is public and documented never to throw: deeply nested text must come
// back as a problem, not overflow the stack. (The engine caps q at
// kMaxQueryChars, but nothing caps a direct caller.) Run in a child process so
// that a crash fails this test alone.
TEST(QuerySyntaxDeathTest, DeepNestingDoesNotCrash) {
  for (const std::size_t depth : {std::size_t{10'000}, std::size_t{100'000}}) {
    SCOPED_TRACE(std::to_string(depth) + " nested parentheses");
    const std::string opened = repeated("(", depth);
    const std::string words = repeated("(a ", depth);
    EXPECT_EXIT(
        {
          const bool ok = !parse(opened).problem.empty() && !parse(words).problem.empty();
          std::exit(ok ? 0 : 1);
        },
        ::testing::ExitedWithCode(0), "");
  }
}

}  // namespace
}  // namespace scatter::query
