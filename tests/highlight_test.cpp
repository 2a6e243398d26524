// common/engine/highlight.h: titles and snippets as a search result shows them.
#include "engine/highlight.h"

#include "gazetteer/gazetteer.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

namespace scatter {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …

// The query a user's words become, parsed as the engine parses them.
Xapian::Query parse(const std::string& q) {
  Xapian::QueryParser parser;
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.add_prefix("title", "S");
  parser.add_prefix("why", "XW");
  return parser.parse_query(q);
}

Highlighter highlighter_for(const std::string& q) { return Highlighter(parse(q), Xapian::Stem("english")); }

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++n;
  return n;
}

// The words a reader sees in a snippet: marks and ellipses removed.
std::size_t visible_words(std::string text) {
  for (const std::string_view tag : {std::string_view("<mark>"), std::string_view("</mark>"), kEllipsis}) {
    for (auto pos = text.find(tag); pos != std::string::npos; pos = text.find(tag)) text.replace(pos, tag.size(), " ");
  }
  return split_words(text).size();
}

TEST(Highlighter, MarkupInAStoryComesBackInert) {
  const std::string html = highlighter_for("sora").mark_all("<script>alert(1)</script> Sora");
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;/script&gt;"), std::string::npos) << html;
  EXPECT_NE(html.find("<mark>Sora</mark>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<script>"), std::string::npos) << "live markup in the output: " << html;
  EXPECT_EQ(count(html, "<mark>"), 1u) << html;
  EXPECT_EQ(html, "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Sora</mark>");
}

TEST(Highlighter, MarkAllMarksEveryMatchAndEscapesTheRest) {
  struct Row {
    std::string name;
    std::string query;
    std::string text;
    std::string html;
  };
  const std::vector<Row> rows = {
      {"case-insensitive exact word", "sora", "Sora, sora and SORA", "<mark>Sora</mark>, <mark>sora</mark> and <mark>SORA</mark>"},
      {"capitalised query word (not stemmed by STEM_SOME)", "OpenAI", "OpenAI and openai",
       "<mark>OpenAI</mark> and <mark>openai</mark>"},
      // Xapian's English stemmer: training, trained, trains and train all stem to "train".
      {"stem shared with the query word", "training", "Labs trained; the trains train on training data",
       "Labs <mark>trained</mark>; the <mark>trains</mark> <mark>train</mark> on <mark>training</mark> data"},
      {"efficiency and efficient share a stem", "efficiency", "an efficient lab",
       "an <mark>efficient</mark> lab"},
      {"ampersand escaped", "sora", "Research & development: Sora",
       "Research &amp; development: <mark>Sora</mark>"},
      {"quotes escaped", "sora", "\"Sora\" isn't 'out'",
       "&quot;<mark>Sora</mark>&quot; isn&#39;t &#39;out&#39;"},
      {"curly quotes kept", "pixtral", "Mistral Releases \xE2\x80\x98Pixtral\xE2\x80\x99 12B",
       "Mistral Releases \xE2\x80\x98<mark>Pixtral</mark>\xE2\x80\x99 12B"},
      {"whole words only", "sora", "Soraya and Sorà", "Soraya and Sorà"},
      {"two query words", "sora openai", "OpenAI grants Sora access",
       "<mark>OpenAI</mark> grants <mark>Sora</mark> access"},
      {"phrase query marks its words", "\"red teaming\"", "Sora enters red teaming",
       "Sora enters <mark>red</mark> <mark>teaming</mark>"},
      {"field-prefixed query word", "title:training", "Training efficiency",
       "<mark>Training</mark> efficiency"},
      {"letters and digits", "pixtral 12b", "Pixtral 12B ships", "<mark>Pixtral</mark> <mark>12B</mark> ships"},
      {"non-ASCII case folding", "\xC3\xA9" "cole", "\xC3\x89" "cole ouverte", "<mark>\xC3\x89" "cole</mark> ouverte"},
      {"no match: escaped, unmarked", "sora", "Tom & Jerry", "Tom &amp; Jerry"},
      {"empty text", "sora", "", ""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name + ": query '" + row.query + "', text '" + row.text + "'");
    EXPECT_EQ(highlighter_for(row.query).mark_all(row.text), row.html);
  }
}

TEST(Highlighter, EmptyQueryMarksNothing) {
  const Highlighter highlighter(Xapian::Query(), Xapian::Stem("english"));
  EXPECT_TRUE(highlighter.empty());
  EXPECT_EQ(highlighter.mark_all("Sora & <b>"), "Sora &amp; &lt;b&gt;");
  EXPECT_FALSE(highlighter_for("sora").empty());
}

// "w0 w1 ... wN-1" with `match` put in place of word `at`.
std::string numbered_words(std::size_t n, std::size_t at, const std::string& match) {
  std::string text;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) text += ' ';
    text += i == at ? match : "w" + std::to_string(i);
  }
  return text;
}

TEST(HighlighterSnippet, PicksTheWindowWithTheMatchAndMarksCutEnds) {
  constexpr std::size_t kWords = 80;
  constexpr std::size_t kMax = 12;
  struct Row {
    std::string name;
    std::size_t match_at;
    bool cut_before, cut_after;
  };
  const std::vector<Row> rows = {
      {"match in the middle", 40, true, true},
      {"match at the start", 0, false, true},
      {"match at the end", kWords - 1, true, false},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name + " (word " + std::to_string(row.match_at) + " of " + std::to_string(kWords) + ")");
    const std::string text = numbered_words(kWords, row.match_at, "Sora");
    const std::string snippet = highlighter_for("sora").snippet(text, kMax);
    EXPECT_NE(snippet.find("<mark>Sora</mark>"), std::string::npos) << snippet;
    EXPECT_EQ(snippet.starts_with(kEllipsis), row.cut_before) << snippet;
    EXPECT_EQ(snippet.ends_with(kEllipsis), row.cut_after) << snippet;
    EXPECT_LE(visible_words(snippet), kMax) << snippet;
    EXPECT_GE(visible_words(snippet), kMax - 2) << "the snippet is far shorter than asked: " << snippet;
  }
}

TEST(HighlighterSnippet, ShortTextComesBackWhole) {
  const std::string snippet = highlighter_for("sora").snippet("OpenAI grants Sora access & more", 30);
  EXPECT_EQ(snippet, "OpenAI grants <mark>Sora</mark> access &amp; more");
}

TEST(HighlighterSnippet, WithoutMatchesShowsTheOpeningWords) {
  const std::string text = numbered_words(50, 50, "");
  const std::string snippet = highlighter_for("sora").snippet(text, 10);
  EXPECT_TRUE(snippet.starts_with("w0 w1 w2")) << snippet;
  EXPECT_FALSE(snippet.starts_with(kEllipsis)) << snippet;
  EXPECT_TRUE(snippet.ends_with(kEllipsis)) << "the cut end is not marked: " << snippet;
  EXPECT_EQ(snippet.find("<mark>"), std::string::npos) << snippet;
  EXPECT_EQ(visible_words(snippet), 10u) << snippet;
}

TEST(HighlighterSnippet, PrefersTheWindowWithMoreDistinctQueryWords) {
  // "Sora" alone near the start; "Sora" and "OpenAI" together later.
  std::string text = numbered_words(100, 5, "Sora");
  text += " OpenAI w100 Sora";
  for (std::size_t i = 101; i < 160; ++i) text += " w" + std::to_string(i);
  const std::string snippet = highlighter_for("sora openai").snippet(text, 12);
  EXPECT_NE(snippet.find("<mark>OpenAI</mark>"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("<mark>Sora</mark>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("w4 <mark>Sora"), std::string::npos) << "picked the window with one query word: " << snippet;
}

TEST(HighlighterSnippet, EscapesMarkupInTheWindow) {
  std::string text = numbered_words(40, 40, "");
  text += " <script>alert(1)</script> Sora & co";
  for (std::size_t i = 40; i < 80; ++i) text += " w" + std::to_string(i);
  const std::string snippet = highlighter_for("sora").snippet(text, 12);
  EXPECT_NE(snippet.find("<mark>Sora</mark>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<script>"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("&amp;"), std::string::npos) << snippet;
}

// The engine's constructor: the words and word starts query_builder.h collects.
TEST(HighlighterWords, WordsAndWordStartsAsTheEngineGivesThem) {
  using Words = std::set<std::string, std::less<>>;
  struct Row {
    std::string name;
    Words words, prefixes;
    std::string text;
    std::string html;
  };
  const std::vector<Row> rows = {
      {"a word start marks the whole word", {}, {"deepse"}, "The DeepSeek Aftermath", "The <mark>DeepSeek</mark> Aftermath"},
      {"a word start, any case, in a hyphenated name", {}, {"deepse"}, "DeepSeek-R1 and deepseek's",
       "<mark>DeepSeek</mark>-R1 and <mark>deepseek</mark>&#39;s"},
      {"a word start matches only at the start", {}, {"seek"}, "DeepSeek seeks", "DeepSeek <mark>seeks</mark>"},
      {"a word by its stem", {"training"}, {}, "Labs trained models", "Labs <mark>trained</mark> models"},
      {"words and starts together", {"sora"}, {"gemi"}, "Sora and Gemini", "<mark>Sora</mark> and <mark>Gemini</mark>"},
      {"markup around a word start", {}, {"deepse"}, "<b>DeepSeek</b>", "&lt;b&gt;<mark>DeepSeek</mark>&lt;/b&gt;"},
      {"a word inside a tag stays escaped", {"onerror"}, {}, "<img src=x onerror=alert(1)>",
       "&lt;img src=x <mark>onerror</mark>=alert(1)&gt;"},
      // Matching is on the text, escaping after: a query word never marks part of an entity.
      {"amp is no word of '&'", {"amp"}, {}, "Tom & Jerry", "Tom &amp; Jerry"},
      {"quot is no word of '\"'", {"quot"}, {"qu"}, "\"x\"", "&quot;x&quot;"},
      {"lt is no word of '<'", {"lt", "gt"}, {}, "a < b > c", "a &lt; b &gt; c"},
      {"nothing to mark", {}, {}, "<i>Sora</i>", "&lt;i&gt;Sora&lt;/i&gt;"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name + ": text '" + row.text + "'");
    const Highlighter highlighter(row.words, row.prefixes, Xapian::Stem("english"));
    EXPECT_EQ(highlighter.mark_all(row.text), row.html);
    EXPECT_EQ(highlighter.snippet(row.text, 30), row.html);
    EXPECT_EQ(highlighter.empty(), row.words.empty() && row.prefixes.empty());
  }
}

}  // namespace
}  // namespace scatter
