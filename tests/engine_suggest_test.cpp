// SearchEngine::suggest (engine/search_engine.h): completions for a search box.
// Companies and topics by a name that starts with what was typed (own names
// before aliases and products), then titles with a word starting with the last
// word typed, then the archive's frequent words with that start; never twice,
// never more than the limit. Over the seed archive (issue 3) and a synthetic one.
#include "seed_index.h"
#include "synthetic_archive.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace scatter {
namespace {

std::string kind_and_text(const Suggestion& suggestion) {
  return std::string(suggestion_kind_name(suggestion.kind)) + ":" + suggestion.text;
}

std::vector<std::string> kinds_and_texts(const std::vector<Suggestion>& suggestions) {
  std::vector<std::string> out;
  for (const Suggestion& suggestion : suggestions) out.push_back(kind_and_text(suggestion));
  return out;
}

// The html with the <mark> tags taken out and the five escapes undone.
std::string plain_text_of(std::string html) {
  for (const std::string tag : {"<mark>", "</mark>"}) {
    for (auto at = html.find(tag); at != std::string::npos; at = html.find(tag)) html.erase(at, tag.size());
  }
  std::string out;
  for (std::size_t i = 0; i < html.size(); ++i) {
    bool replaced = false;
    for (const auto& [entity, character] : {std::pair<std::string, char>{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'},
                                            {"&quot;", '"'}, {"&#39;", '\''}}) {
      if (html.compare(i, entity.size(), entity) == 0) {
        out += character;
        i += entity.size() - 1;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += html[i];
  }
  return out;
}

// The first marked text of an html, or "" when nothing is marked.
std::string first_mark(const std::string& html) {
  const auto open = html.find("<mark>");
  if (open == std::string::npos) return "";
  const auto begin = open + 6;
  return html.substr(begin, html.find("</mark>", begin) - begin);
}

const Suggestion* find_kind(const std::vector<Suggestion>& suggestions, SuggestionKind kind) {
  for (const Suggestion& suggestion : suggestions) {
    if (suggestion.kind == kind) return &suggestion;
  }
  return nullptr;
}

TEST(SuggestionKinds, HaveTheirJsonNames) {
  EXPECT_EQ(suggestion_kind_name(SuggestionKind::kCompany), "company");
  EXPECT_EQ(suggestion_kind_name(SuggestionKind::kTopic), "topic");
  EXPECT_EQ(suggestion_kind_name(SuggestionKind::kTitle), "title");
  EXPECT_EQ(suggestion_kind_name(SuggestionKind::kWord), "word");
}

class Suggest : public test::SeedIndexTest {};

TEST_F(Suggest, ACompanyByItsNameComesBeforeOneByAnotherName) {
  // "deep": DeepSeek by its name; Google by its product DeepMind.
  const std::vector<Suggestion> suggestions = engine_.suggest("deep");
  ASSERT_GE(suggestions.size(), 2u);
  EXPECT_EQ(kind_and_text(suggestions[0]), "company:DeepSeek");
  EXPECT_EQ(suggestions[0].html, "<mark>Deep</mark>Seek");
  EXPECT_EQ(suggestions[0].stories, 1u);
  EXPECT_EQ(kind_and_text(suggestions[1]), "company:Google");
  EXPECT_EQ(suggestions[1].html, "Google") << "nothing of 'Google' was typed";
  EXPECT_TRUE(suggestions[0].story_id.empty() && suggestions[0].url.empty()) << "only titles carry a story";
}

TEST_F(Suggest, ACompanyByAProduct) {
  const std::vector<Suggestion> suggestions = engine_.suggest("pixt");
  ASSERT_FALSE(suggestions.empty());
  EXPECT_EQ(kind_and_text(suggestions[0]), "company:Mistral AI");
  EXPECT_EQ(suggestions[0].stories, 1u);
}

TEST_F(Suggest, CompaniesTheArchiveDoesNotMentionAreLeftOut) {
  // Anthropic and Apple are in the gazetteer, but no story of issue 3 names them.
  for (const std::string typed : {"anth", "apple", "claude"}) {
    for (const Suggestion& suggestion : engine_.suggest(typed)) {
      EXPECT_NE(suggestion.kind, SuggestionKind::kCompany) << typed << " -> " << suggestion.text;
    }
  }
}

TEST_F(Suggest, TopicsByAnyWordOfTheirName) {
  const std::vector<Suggestion> by_start = engine_.suggest("gov");
  ASSERT_FALSE(by_start.empty());
  EXPECT_EQ(kind_and_text(by_start[0]), "topic:Governance and regulation");
  EXPECT_EQ(by_start[0].html, "<mark>Gov</mark>ernance and regulation");
  EXPECT_EQ(by_start[0].stories, 1u);

  const std::vector<Suggestion> by_later_word = engine_.suggest("regul");
  const Suggestion* topic = find_kind(by_later_word, SuggestionKind::kTopic);
  ASSERT_NE(topic, nullptr);
  EXPECT_EQ(topic->text, "Governance and regulation");
  EXPECT_EQ(topic->html, "Governance and <mark>regul</mark>ation");
}

TEST_F(Suggest, TitlesWithAWordStartingWithTheLastWordTyped) {
  const std::vector<Suggestion> suggestions = engine_.suggest("Worksp");
  const Suggestion* title = find_kind(suggestions, SuggestionKind::kTitle);
  ASSERT_NE(title, nullptr) << ::testing::PrintToString(kinds_and_texts(suggestions));
  EXPECT_EQ(title->text, "Google’s Gemini 1.5 Integration Hits Workspace Mainstream");
  EXPECT_EQ(title->story_id, "3-4");
  EXPECT_FALSE(title->url.empty());
  EXPECT_EQ(title->stories, 1u);
  EXPECT_EQ(plain_text_of(title->html), title->text);
  EXPECT_TRUE(first_mark(title->html).starts_with("Worksp")) << title->html;
}

TEST_F(Suggest, TitlesNeedEveryWordTypedBeforeTheLast) {
  // "training" is in 3-1's title only; "mo" starts "model" in 3-5's title and no word of 3-1's.
  for (const Suggestion& suggestion : engine_.suggest("training mo")) {
    EXPECT_NE(suggestion.kind, SuggestionKind::kTitle) << suggestion.text;
  }
  const std::vector<Suggestion> both = engine_.suggest("training eff");
  const Suggestion* title = find_kind(both, SuggestionKind::kTitle);
  ASSERT_NE(title, nullptr) << ::testing::PrintToString(kinds_and_texts(both));
  EXPECT_EQ(title->story_id, "3-1");
}

TEST_F(Suggest, FrequentWordsWithTheTypedStartAfterTheWordsBefore) {
  const std::vector<Suggestion> suggestions = engine_.suggest("training effic");
  const Suggestion* word = find_kind(suggestions, SuggestionKind::kWord);
  ASSERT_NE(word, nullptr) << ::testing::PrintToString(kinds_and_texts(suggestions));
  EXPECT_TRUE(word->text.starts_with("training effic")) << word->text;
  EXPECT_EQ(word->html.substr(0, word->html.find("</mark>") + 7), "training <mark>effic</mark>") << word->html;
  EXPECT_GE(word->stories, 1u);
  for (const Suggestion& suggestion : suggestions) {
    if (suggestion.kind == SuggestionKind::kWord) {
      EXPECT_NE(suggestion.text, "training effic") << "the typed word itself";
    }
  }
}

TEST_F(Suggest, NeverTheSameTextTwice) {
  // "deepseek" is a company and a word of the archive: offered once.
  for (const std::string typed : {"deep", "deepseek", "mi", "g", "s", "model", "the a", "o"}) {
    const std::vector<Suggestion> suggestions = engine_.suggest(typed, kMaxSuggestions);
    std::set<std::string> seen;
    for (const Suggestion& suggestion : suggestions) {
      std::string lower;
      for (const char c : suggestion.text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      EXPECT_TRUE(seen.insert(lower).second) << "'" << typed << "' offers '" << suggestion.text << "' twice";
      EXPECT_EQ(plain_text_of(suggestion.html), suggestion.text) << "'" << typed << "'";
    }
  }
}

TEST_F(Suggest, NoMoreThanTheLimit) {
  EXPECT_GT(engine_.suggest("s", kMaxSuggestions).size(), 5u) << "'s' starts many words of issue 3";
  for (int limit = 1; limit <= kMaxSuggestions; ++limit) {
    EXPECT_LE(engine_.suggest("s", limit).size(), static_cast<std::size_t>(limit)) << limit;
  }
  EXPECT_LE(engine_.suggest("s").size(), 8u) << "the default limit";
  // The first suggestion does not depend on the limit.
  EXPECT_EQ(kind_and_text(engine_.suggest("deep", 1).at(0)), "company:DeepSeek");
}

TEST_F(Suggest, NothingTypedNothingSuggested) {
  for (const std::string typed : {"", " ", "\t \n"}) EXPECT_TRUE(engine_.suggest(typed).empty()) << '"' << typed << '"';
  EXPECT_TRUE(engine_.suggest("zzzqqq").empty());
}

TEST_F(Suggest, BadLimitOrTooLongTextNamesTheParameter) {
  const struct {
    std::string typed;
    int limit;
    std::string parameter;
  } rows[] = {
      {"deep", 0, "limit"},
      {"deep", -1, "limit"},
      {"deep", kMaxSuggestions + 1, "limit"},
      {"", 0, "limit"},
      {std::string(kMaxQueryChars + 1, 'a'), 8, "q"},
  };
  for (const auto& row : rows) {
    try {
      engine_.suggest(row.typed, row.limit);
      ADD_FAILURE() << "accepted limit " << row.limit << " for " << row.typed.size() << " bytes";
    } catch (const BadParameter& e) {
      EXPECT_EQ(e.parameter, row.parameter);
    }
  }
}

class SyntheticSuggest : public test::SyntheticIndexTest {};

TEST_F(SyntheticSuggest, CompaniesMostStoriesFirstThenTitles) {
  const std::vector<Suggestion> suggestions = engine_.suggest("quill", kMaxSuggestions);
  ASSERT_FALSE(suggestions.empty());
  EXPECT_EQ(kind_and_text(suggestions[0]), "company:Quillbyte");
  EXPECT_EQ(suggestions[0].stories, 4u);
  std::set<std::string> titles;
  for (const Suggestion& suggestion : suggestions) {
    if (suggestion.kind == SuggestionKind::kTitle) titles.insert(suggestion.story_id);
  }
  EXPECT_EQ(titles, (std::set<std::string>{"9-1", "10-1", "11-1", "100-1"}));
}

TEST_F(SyntheticSuggest, TitleMarkupComesBackEscaped) {
  const std::vector<Suggestion> suggestions = engine_.suggest("ledg");
  const Suggestion* title = find_kind(suggestions, SuggestionKind::kTitle);
  ASSERT_NE(title, nullptr) << ::testing::PrintToString(kinds_and_texts(suggestions));
  EXPECT_EQ(title->text, "Synthetic story: Tundrabit ledger <beta> & notes");
  EXPECT_EQ(title->html.find("<beta>"), std::string::npos) << title->html;
  EXPECT_NE(title->html.find("&lt;beta&gt; &amp; notes"), std::string::npos) << title->html;
  EXPECT_TRUE(first_mark(title->html).starts_with("ledg")) << title->html;
  EXPECT_EQ(plain_text_of(title->html), title->text);
}

TEST_F(SyntheticSuggest, TypedMarkupIsEscapedInTheHtml) {
  // A reader's "<" is text, not markup, in every kind of suggestion.
  for (const std::string typed : {"<quill", "quill<b>", "robot & zeph", "\"tundra"}) {
    for (const Suggestion& suggestion : engine_.suggest(typed, kMaxSuggestions)) {
      SCOPED_TRACE("'" + typed + "' -> " + kind_and_text(suggestion));
      EXPECT_EQ(plain_text_of(suggestion.html), suggestion.text) << suggestion.html;
      std::string without_marks = suggestion.html;
      for (const std::string tag : {"<mark>", "</mark>"}) {
        for (auto at = without_marks.find(tag); at != std::string::npos; at = without_marks.find(tag)) {
          without_marks.erase(at, tag.size());
        }
      }
      EXPECT_EQ(without_marks.find('<'), std::string::npos) << suggestion.html;
    }
  }
}

}  // namespace
}  // namespace scatter
