// common/query/synonyms.h: the synonyms file as the indexer stores it and the
// query reader applies it. Errors name the file and the line; expressions match
// word by word, by English stem, the longest first.
#include "test_support.h"

#include "archive/diagnostics.h"
#include "query/indexed_words.h"
#include "query/synonyms.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace scatter::query {
namespace {

using Expressions = std::vector<Expression>;

// The query's words as the engine hands them to match_at().
std::vector<std::string> words(std::string_view text) { return indexed_words(text); }

TEST(Synonyms, ParsesOneGroupALineAndSkipsComments) {
  const Synonyms synonyms = Synonyms::parse(
      "# a comment line\n"
      "\n"
      "mla, Multi-Head Latent Attention   # a comment after a group\n"
      "   \t\n"
      "film, movie,filmmaking\n"
      "# mfu, model flops utilization\n",
      "test.conf");
  EXPECT_EQ(synonyms.group_count(), 2u);

  const auto mla = synonyms.match_at(words("mla"), 0);
  ASSERT_TRUE(mla.has_value());
  EXPECT_EQ(mla->length, 1u);
  // Expressions as indexed: lower case, split at hyphens.
  EXPECT_EQ(mla->alternatives, (Expressions{{"multi", "head", "latent", "attention"}}));

  const auto movie = synonyms.match_at(words("movie"), 0);
  ASSERT_TRUE(movie.has_value());
  EXPECT_EQ(movie->alternatives, (Expressions{{"film"}, {"filmmaking"}}));

  // A commented-out group is no group.
  EXPECT_FALSE(synonyms.match_at(words("mfu"), 0).has_value());
  EXPECT_FALSE(synonyms.match_at(words("comment"), 0).has_value());
}

TEST(Synonyms, KeepsTheTextToStoreInTheIndex) {
  const std::string text = "mla, multi-head latent attention\nrag, retrieval-augmented generation\n";
  const Synonyms synonyms = Synonyms::parse(text, "test.conf");
  EXPECT_EQ(synonyms.text(), text);
  EXPECT_EQ(Synonyms::parse(synonyms.text(), "index").group_count(), 2u);
  EXPECT_EQ(Synonyms::parse("", "empty.conf").group_count(), 0u);
  EXPECT_FALSE(Synonyms().match_at(words("mla"), 0).has_value());
}

TEST(Synonyms, ErrorsNameTheFileAndTheLine) {
  const struct {
    std::string name;
    std::string text;
    int line;
    std::string why;  // a piece of the reason
  } rows[] = {
      {"a group of one expression", "mla, multi-head latent attention\n\nlonely\n", 3, "two or more"},
      {"one expression and a trailing comma", "# c\nlonely,\n", 2, "empty expression"},
      {"two commas in a row", "film,, movie\n", 1, "empty expression"},
      {"a leading comma", "a, b\n, film, movie\n", 2, "empty expression"},
      {"an expression of punctuation only", "film, --, movie\n", 1, "empty expression"},
      {"an expression in two groups", "film, movie\n# c\nbot, film\n", 3, "line 1"},
      {"the same expression by stem", "chatbot, bot\nchatbots, assistant\n", 2, "line 1"},
      {"the same expression in other case and hyphens", "mla, multi-head latent attention\nMulti Head latent Attention, x\n", 2,
       "line 1"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    try {
      Synonyms::parse(row.text, "conf/synonyms.conf");
      ADD_FAILURE() << "accepted: " << row.text;
    } catch (const ParseError& e) {
      EXPECT_EQ(e.file, "conf/synonyms.conf");
      EXPECT_EQ(e.line, row.line) << e.what();
      const std::string what = e.what();
      EXPECT_TRUE(what.starts_with("conf/synonyms.conf:" + std::to_string(row.line) + ": ")) << what;
      EXPECT_NE(what.find(row.why), std::string::npos) << what;
    }
  }
}

TEST(Synonyms, MatchesByStem) {
  const Synonyms synonyms = Synonyms::load(test::data_dir() / "synonyms.conf");
  // data/synonyms.conf: "chatbot, bot, chat assistant".
  for (const std::string typed : {"chatbots", "Chatbot", "CHATBOTS"}) {
    SCOPED_TRACE(typed);
    const auto match = synonyms.match_at(words(typed), 0);
    ASSERT_TRUE(match.has_value());
    EXPECT_EQ(match->length, 1u);
    EXPECT_EQ(match->alternatives, (Expressions{{"bot"}, {"chat", "assistant"}}));
  }
  // "large language models": the phrase's last word in the plural.
  const auto llm = synonyms.match_at(words("large language models"), 0);
  ASSERT_TRUE(llm.has_value());
  EXPECT_EQ(llm->length, 3u);
  EXPECT_EQ(llm->alternatives, (Expressions{{"llm"}}));
  // Hyphens and case do not matter: "Multi-Head" is "multi head".
  const auto mla = synonyms.match_at(words("multi head Latent-Attention"), 0);
  ASSERT_TRUE(mla.has_value());
  EXPECT_EQ(mla->length, 4u);
  EXPECT_EQ(mla->alternatives, (Expressions{{"mla"}}));
}

TEST(Synonyms, MatchesOnlyWhereTheWholeExpressionStands) {
  const Synonyms synonyms = Synonyms::load(test::data_dir() / "synonyms.conf");
  const struct {
    std::string text;
    std::size_t first;
    std::size_t length;  // 0: no match
  } rows[] = {
      {"new mla results", 1, 1},
      {"new mla results", 0, 0},
      {"new mla results", 2, 0},
      {"mla", 1, 0},  // past the end
      {"mla", 7, 0},
      {"multi head attention", 0, 0},         // a word of the phrase missing
      {"latent attention multi head", 0, 0},  // out of order
      {"the large language model", 1, 3},
      {"large language", 0, 0},  // the phrase cut short
      {"", 0, 0},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE("'" + row.text + "' from word " + std::to_string(row.first));
    const auto match = synonyms.match_at(words(row.text), row.first);
    EXPECT_EQ(match ? match->length : 0u, row.length);
  }
}

TEST(Synonyms, TheLongestExpressionWins) {
  const Synonyms synonyms = Synonyms::parse(
      "open, free\n"
      "open source, open-weight\n"
      "open source software, foss\n",
      "test.conf");
  const struct {
    std::string text;
    std::size_t length;
    Expressions alternatives;
  } rows[] = {
      {"open door", 1, {{"free"}}},
      {"open source model", 2, {{"open", "weight"}}},
      {"open source software today", 3, {{"foss"}}},
      {"open", 1, {{"free"}}},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.text);
    const auto match = synonyms.match_at(words(row.text), 0);
    ASSERT_TRUE(match.has_value());
    EXPECT_EQ(match->length, row.length);
    EXPECT_EQ(match->alternatives, row.alternatives);
  }
}

TEST(Synonyms, LoadsTheArchivesFile) {
  const Synonyms synonyms = Synonyms::load(test::data_dir() / "synonyms.conf");
  EXPECT_EQ(synonyms.group_count(), 19u);
  EXPECT_EQ(synonyms.text(), test::read_file(test::data_dir() / "synonyms.conf"));
}

TEST(Synonyms, LoadReadsWindowsLineEndsAndAByteOrderMark) {
  test::TempDir dir;
  test::write_file(dir / "synonyms.conf", "\xEF\xBB\xBFmla, multi-head latent attention\r\nfilm, movie\r\n");
  const Synonyms synonyms = Synonyms::load(dir / "synonyms.conf");
  EXPECT_EQ(synonyms.group_count(), 2u);
  const auto mla = synonyms.match_at(words("mla"), 0);
  ASSERT_TRUE(mla.has_value());
  EXPECT_EQ(mla->alternatives, (Expressions{{"multi", "head", "latent", "attention"}}));
}

TEST(Synonyms, LoadErrorsNameTheFile) {
  test::TempDir dir;
  try {
    Synonyms::load(dir / "missing.conf");
    FAIL() << "loaded a missing file";
  } catch (const ParseError& e) {
    EXPECT_EQ(e.file, dir / "missing.conf");
    EXPECT_NE(std::string(e.what()).find((dir / "missing.conf").string()), std::string::npos) << e.what();
  }
  test::write_file(dir / "bad.conf", "mla, multi-head latent attention\nfilm\n");
  try {
    Synonyms::load(dir / "bad.conf");
    FAIL() << "loaded a group of one expression";
  } catch (const ParseError& e) {
    EXPECT_EQ(e.file, dir / "bad.conf");
    EXPECT_EQ(e.line, 2);
    EXPECT_TRUE(std::string(e.what()).starts_with((dir / "bad.conf").string() + ":2: ")) << e.what();
  }
}

}  // namespace
}  // namespace scatter::query
