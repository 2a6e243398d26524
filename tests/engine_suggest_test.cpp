// SearchEngine::suggest (engine/suggester.h): completions for a search box.
// First the completions of the word being typed, most stories first: words of
// the archive (of one field after "title:"), phrases the archive holds after
// words typed side by side, and companies and topics by their own name; then a
// few distinct titles with every word typed; then companies by an alias or a
// product; never twice, never more than the limit. Over the seed archive
// (issue 3) and two synthetic ones: a newsletter's and a research corpus.
#include "seed_index.h"
#include "synthetic_archive.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <filesystem>
#include <optional>
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
  EXPECT_EQ(suggestion_kind_name(SuggestionKind::kPhrase), "phrase");
}

class Suggest : public test::SeedIndexTest {};

TEST_F(Suggest, ACompanyByItsNameComesBeforeOneByAnotherName) {
  // "deep": DeepSeek by its name, first among words of as many stories (1);
  // Google by its product DeepMind, after the titles.
  const std::vector<Suggestion> suggestions = engine_.suggest("deep");
  SCOPED_TRACE(::testing::PrintToString(kinds_and_texts(suggestions)));
  ASSERT_GE(suggestions.size(), 2u);
  EXPECT_EQ(kind_and_text(suggestions[0]), "company:DeepSeek");
  EXPECT_EQ(suggestions[0].html, "<mark>Deep</mark>Seek");
  EXPECT_EQ(suggestions[0].stories, 1u);
  EXPECT_EQ(kind_and_text(suggestions.back()), "company:Google");
  EXPECT_EQ(suggestions.back().html, "Google") << "nothing of 'Google' was typed";
  EXPECT_TRUE(suggestions[0].story_id.empty() && suggestions[0].url.empty()) << "only titles carry a story";
}

TEST_F(Suggest, ACompanyByAProduct) {
  // The product's name as a word of the archive first, then its title, then its maker.
  const std::vector<Suggestion> suggestions = engine_.suggest("pixt");
  ASSERT_FALSE(suggestions.empty());
  EXPECT_EQ(kind_and_text(suggestions[0]), "word:pixtral");
  const Suggestion* company = find_kind(suggestions, SuggestionKind::kCompany);
  ASSERT_NE(company, nullptr) << ::testing::PrintToString(kinds_and_texts(suggestions));
  EXPECT_EQ(company->text, "Mistral AI");
  EXPECT_EQ(company->stories, 1u);
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

TEST_F(Suggest, NoTitleHoldsAnExcludedWord) {
  // "so" starts "Sora" in 3-2's title, which also names OpenAI.
  EXPECT_NE(find_kind(engine_.suggest("so", kMaxSuggestions), SuggestionKind::kTitle), nullptr);
  const std::vector<Suggestion> suggestions = engine_.suggest("-openai so", kMaxSuggestions);
  ASSERT_FALSE(suggestions.empty());
  for (const Suggestion& suggestion : suggestions) {
    EXPECT_NE(suggestion.kind, SuggestionKind::kTitle) << suggestion.text;
    EXPECT_TRUE(suggestion.text.starts_with("-openai so")) << suggestion.text << ": the text typed before is kept";
  }
}

TEST_F(Suggest, PhrasesContinueTheWordsBefore) {
  // "multi-head latent attention (MLA)" in 3-1's body.
  const std::vector<Suggestion> suggestions = engine_.suggest("latent att");
  ASSERT_FALSE(suggestions.empty()) << "latent att";
  EXPECT_EQ(kind_and_text(suggestions[0]), "phrase:latent attention");
  EXPECT_EQ(suggestions[0].html, "latent <mark>att</mark>ention");
  EXPECT_EQ(suggestions[0].stories, 1u);
  // A topic of that name stands for the phrase, once.
  const std::vector<Suggestion> topic = engine_.suggest("training effic");
  ASSERT_FALSE(topic.empty());
  EXPECT_EQ(kind_and_text(topic[0]), "topic:Training efficiency");
  for (const Suggestion& suggestion : topic) {
    EXPECT_NE(suggestion.kind, SuggestionKind::kPhrase) << suggestion.text;
    EXPECT_NE(suggestion.kind, SuggestionKind::kWord) << suggestion.text << ": no other word follows 'training'";
  }
}

TEST_F(Suggest, ACommonWordBeforeATopicOfFewerStories) {
  // "model" is in 4 stories; the topic "Model architecture" tags 1.
  const std::vector<Suggestion> suggestions = engine_.suggest("mod");
  ASSERT_GE(suggestions.size(), 2u);
  EXPECT_EQ(kind_and_text(suggestions[0]), "word:model");
  EXPECT_EQ(suggestions[0].stories, 4u);
  EXPECT_NE(find_kind(suggestions, SuggestionKind::kTopic), nullptr) << "the topic is still offered";
}

TEST_F(Suggest, AWordAndALetterOfferOnlyPhrasesOfTheArchive) {
  // "AI Governance" (3-3's title) and "AI-generated" (3-2's bullets) are in the
  // archive; "generation", "google", "gemini" start with g too, but never follow "AI".
  std::vector<std::string> phrases;
  for (const Suggestion& suggestion : engine_.suggest("ai g", kMaxSuggestions)) {
    EXPECT_NE(suggestion.kind, SuggestionKind::kWord) << suggestion.text;
    if (suggestion.kind == SuggestionKind::kPhrase) phrases.push_back(suggestion.text);
  }
  EXPECT_EQ(phrases, (std::vector<std::string>{"ai generated", "ai governance"}));
}

TEST_F(Suggest, AFieldPrefixCompletesWithinTheField) {
  const std::vector<Suggestion> in_title = engine_.suggest("title:gem");
  ASSERT_FALSE(in_title.empty());
  EXPECT_EQ(kind_and_text(in_title[0]), "word:title:gemini");
  // In the company field, companies: "pixtral" is Mistral AI's product.
  const std::vector<Suggestion> company = engine_.suggest("company:mis");
  ASSERT_FALSE(company.empty());
  EXPECT_EQ(kind_and_text(company[0]), "company:company:\"Mistral AI\"");
  EXPECT_EQ(company[0].html, "company:&quot;<mark>Mis</mark>tral AI&quot;");
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

// A SYNTHETIC research corpus, as a researcher brings one: JSON Lines without
// issue numbers, no companies or topics, every line invented for these tests
// and saying so. What it holds for suggestions:
// - "lincoln" in the body of 12 stories, 10 of whose titles are one title
//   written eight ways ("Lincoln memorial address", any case and punctuation)
//   or two others; "linen" in 2 titles and bodies; "line" in bodies only.
// - "civil rights" side by side in 6 stories, "civil war" in 2, "civil service"
//   in 1 (which also says "report", apart); "report" alone in 10 more, and
//   "real" in every story: the archive's most frequent words starting with "r"
//   never follow "civil".
class ResearchCorpusSuggest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { build(std::nullopt); }
  static void build(std::optional<std::size_t> shards) {
    dir_ = new test::TempDir;
    const std::filesystem::path archive = *dir_ / "archive";
    std::string lines;
    int day = 0;
    const auto add = [&](const std::string& title, const std::string& body) {
      ++day;
      const auto two_digits = [](int n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
      const std::string date = "1901-" + two_digits(1 + (day - 1) / 28) + "-" + two_digits(1 + (day - 1) % 28);
      lines += nlohmann::json{{"date", date},
                              {"newsletter", "SYNTHETIC research corpus"},
                              {"title", title},
                              {"body", "SYNTHETIC test text, not a real document. " + body}}
                   .dump() +
               "\n";
    };
    for (const std::string title :
         {"Synthetic: Lincoln memorial address", "SYNTHETIC: LINCOLN MEMORIAL ADDRESS",
          "synthetic - lincoln memorial address.", "Synthetic: Lincoln Memorial Address (2)",
          "Synthetic; Lincoln memorial, address", "Synthetic: Lincoln memorial address!",
          "Synthetic: lincoln memorial address", "Synthetic:  Lincoln  Memorial  Address"}) {
      add(title, "The lincoln memorial address was spoken aloud by the lincoln society.");
    }
    add("Synthetic: Lincoln county fair", "The lincoln county fair opened with a parade.");
    add("Synthetic: Lincoln schoolhouse bell", "A bell for the lincoln schoolhouse arrived by rail line.");
    add("Synthetic: Linen mill opens", "A linen mill opened by the river; lincoln traders bought the cloth.");
    add("Synthetic: Linen prices", "Linen sold well along the trade line; a lincoln merchant wrote about it.");
    add("Synthetic: Telegraph news", "A new telegraph line reached the valley.");
    for (int i = 1; i <= 6; ++i) {
      add("Synthetic: Meeting " + std::to_string(i), "The meeting spoke of civil rights for all.");
    }
    add("Synthetic: Veterans", "Veterans of the civil war gathered.");
    add("Synthetic: Veterans again", "Stories of the civil war were told.");
    add("Synthetic: Clerks", "The civil service clerks wrote an annual report.");
    for (int i = 1; i <= 10; ++i) add("Synthetic: Weather " + std::to_string(i), "The weather report came in.");
    test::write_file(archive / "corpus.jsonl", lines);
    const IndexSummary summary = index_archive({.archive = archive, .db = *dir_ / "index", .shards = shards});
    ASSERT_EQ(summary.stories, 32u) << test::all_warnings(summary.warnings);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static inline test::TempDir* dir_ = nullptr;
  SearchEngine engine_{*dir_ / "index"};
};

// A title as a reader compares two: case, punctuation and numbers aside.
std::string title_likeness(const std::string& title) {
  std::string out;
  for (const char c : title) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

TEST_F(ResearchCorpusSuggest, ThreeLettersOfferTheCommonWordFirstAndNoTitleTwice) {
  for (const int limit : {8, kMaxSuggestions}) {
    const std::vector<Suggestion> suggestions = engine_.suggest("lin", limit);
    SCOPED_TRACE(::testing::PrintToString(kinds_and_texts(suggestions)));
    ASSERT_FALSE(suggestions.empty());
    EXPECT_EQ(kind_and_text(suggestions[0]), "word:lincoln");
    EXPECT_EQ(suggestions[0].stories, 12u);
    EXPECT_EQ(suggestions[0].html, "<mark>lin</mark>coln");
    std::set<std::string> titles;
    for (const Suggestion& suggestion : suggestions) {
      if (suggestion.kind != SuggestionKind::kTitle) continue;
      EXPECT_TRUE(titles.insert(title_likeness(suggestion.text)).second) << "near-identical: " << suggestion.text;
    }
    EXPECT_TRUE(titles.contains("synthetic lincoln memorial address"));
    EXPECT_GE(titles.size(), 2u) << "other titles have room once the repeats are gone";
  }
}

TEST_F(ResearchCorpusSuggest, TwoWordsAndALetterOfferPhrasesThatOccur) {
  const std::vector<Suggestion> suggestions = engine_.suggest("civil r");
  SCOPED_TRACE(::testing::PrintToString(kinds_and_texts(suggestions)));
  ASSERT_FALSE(suggestions.empty());
  EXPECT_EQ(kind_and_text(suggestions[0]), "phrase:civil rights");
  EXPECT_EQ(suggestions[0].stories, 6u);
  EXPECT_EQ(suggestions[0].html, "civil <mark>r</mark>ights");
  for (const Suggestion& suggestion : suggestions) {
    EXPECT_NE(suggestion.text, "civil report") << "'report' never follows 'civil'";
    EXPECT_NE(suggestion.text, "civil real") << "'real' never follows 'civil'";
  }
  // The word before as the reader typed it; phrases by how many stories hold them.
  const std::vector<Suggestion> civil_w = engine_.suggest("Civil w", kMaxSuggestions);
  ASSERT_FALSE(civil_w.empty());
  EXPECT_EQ(kind_and_text(civil_w[0]), "phrase:Civil war");
  EXPECT_EQ(civil_w[0].stories, 2u);
  EXPECT_EQ(kinds_and_texts(engine_.suggest("civil s", 1)), std::vector<std::string>{"phrase:civil service"});
}

TEST_F(ResearchCorpusSuggest, AFieldPrefixCompletesWordsOfThatField) {
  const std::vector<Suggestion> suggestions = engine_.suggest("title:lin", kMaxSuggestions);
  SCOPED_TRACE(::testing::PrintToString(kinds_and_texts(suggestions)));
  ASSERT_GE(suggestions.size(), 2u);
  EXPECT_EQ(kind_and_text(suggestions[0]), "word:title:lincoln");
  EXPECT_EQ(suggestions[0].stories, 10u) << "stories with the word in the title";
  EXPECT_EQ(suggestions[0].html, "title:<mark>lin</mark>coln");
  EXPECT_EQ(kind_and_text(suggestions[1]), "word:title:linen");
  std::set<std::string> words;
  for (const Suggestion& suggestion : suggestions) {
    EXPECT_FALSE(suggestion.text.starts_with("title ")) << "the field name is not a word to complete";
    if (suggestion.kind == SuggestionKind::kWord) words.insert(suggestion.text);
  }
  EXPECT_FALSE(words.contains("title:line")) << "'line' is in bodies only";
}

// The spelling table is in the first shard only, and a story's positions in its own.
class ShardedResearchCorpusSuggest : public ResearchCorpusSuggest {
 protected:
  static void SetUpTestSuite() { build(2); }
};

TEST_F(ShardedResearchCorpusSuggest, AnswerAsOneDatabaseDoes) {
  const struct {
    std::string typed, first;
    Xapian::doccount stories;
  } rows[] = {
      {"lin", "word:lincoln", 12},
      {"civil r", "phrase:civil rights", 6},
      {"title:lin", "word:title:lincoln", 10},
  };
  for (const auto& row : rows) {
    const std::vector<Suggestion> suggestions = engine_.suggest(row.typed);
    ASSERT_FALSE(suggestions.empty()) << row.typed;
    EXPECT_EQ(kind_and_text(suggestions[0]), row.first) << row.typed;
    EXPECT_EQ(suggestions[0].stories, row.stories) << row.typed;
  }
}

}  // namespace
}  // namespace scatter
