// common/gazetteer/gazetteer.h: which companies a story mentions, by whole words
// and exact case, from data/companies.json.
#include "gazetteer/gazetteer.h"

#include "archive/diagnostics.h"
#include "archive/text_capture.h"
#include "issue3_expected.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace scatter {
namespace {

namespace issue3 = test::issue3;
using test::data_dir;
using test::read_file;

using Names = std::vector<std::string>;

std::string joined(const Names& names) {
  std::string out = "{";
  for (const auto& n : names) out += (out.size() > 1 ? ", " : "") + n;
  return out + "}";
}

class GazetteerTest : public ::testing::Test {
 protected:
  const Gazetteer gazetteer_ = Gazetteer::load(data_dir() / "companies.json");
};

TEST_F(GazetteerTest, LoadsTheCompaniesList) {
  EXPECT_GE(gazetteer_.companies().size(), 40u);
  for (const Company& company : gazetteer_.companies()) {
    EXPECT_FALSE(company.name.empty()) << "a company without a name";
  }
}

TEST_F(GazetteerTest, Issue3StoriesMentionTheRightCompanies) {
  const auto file = data_dir() / "issues" / std::string(issue3::kSourceFile);
  const Capture capture = parse_text_capture(file, read_file(file));
  const std::vector<Names> expected = {
      {"DeepSeek"},             // 1. DeepSeek, R1 (H100 and "US labs" are not companies)
      {"OpenAI"},               // 2. OpenAI, Sora ("Metadata standards" is not Meta)
      {},                       // 3. Fortune 500 companies, none named
      {"Google", "Microsoft"},  // 4. Google, Gemini, Workspace; then Microsoft, Copilot
      {"Mistral AI"},           // 5. Mistral, Pixtral
  };
  ASSERT_EQ(capture.issue.stories.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Story& story = capture.issue.stories[i];
    SCOPED_TRACE("story " + std::to_string(story.number) + " '" + story.title + "'");
    std::string text = story.title;
    for (const auto& p : story.paragraphs) text += "\n" + p;
    for (const auto& b : story.bullets) text += "\n" + b;
    EXPECT_EQ(joined(gazetteer_.companies_in(text)), joined(expected[i]));
  }
}

TEST_F(GazetteerTest, MatchesWholeWordsInExactCase) {
  struct Row {
    std::string why;
    std::string text;
    Names companies;
  };
  const std::vector<Row> rows = {
      // products imply their company
      {"Sora is OpenAI's", "Synthetic story one: Sora clips", {"OpenAI"}},
      {"R1 is DeepSeek's", "an R1-style distillation", {"DeepSeek"}},
      {"Copilot is Microsoft's", "Copilot Pages", {"Microsoft"}},
      {"Workspace is Google's", "across the Workspace suite", {"Google"}},
      {"Pixtral is Mistral AI's", "Pixtral 12B", {"Mistral AI"}},
      {"multi-word product", "GitHub Copilot users", {"Microsoft"}},
      {"multi-word name", "Mistral AI released", {"Mistral AI"}},
      {"alias next to a possessive, confirmed by a product", "Mistral\xE2\x80\x99s strategy with Pixtral", {"Mistral AI"}},
      // ambiguous names (also ordinary capitalised words) need confirmation
      {"the Mistral wind alone", "The Mistral blew across Provence", {}},
      {"Mistral with a model size", "Mistral 7B runs on laptops", {"Mistral AI"}},
      {"Mistral confirmed by the company's full name", "Mistral AI said the Mistral team grew", {"Mistral AI"}},
      {"Gemini the star sign", "Horoscope: Gemini, expect a busy week", {}},
      {"Gemini with a version", "Gemini 1.5 Pro features", {"Google"}},
      {"Gemini confirmed by Google", "Google shipped Gemini to Workspace", {"Google"}},
      // whole words only
      {"Meta inside Metadata", "Metadata standards like C2PA", {}},
      {"Samsung inside Samsungite", "a Samsungite writes", {}},
      {"Sora inside Soraya", "Soraya wrote", {}},
      {"R1 inside R10", "an R10 router", {}},
      // exact case: several names are common words
      {"lower-case apple", "apple pie", {}},
      {"lower-case amazon", "the amazon rainforest", {}},
      {"lower-case mistral", "a cold mistral wind", {}},
      {"capitalised Apple", "Apple shipped", {"Apple"}},
      {"capitalised Amazon", "Amazon shipped", {"Amazon"}},
      // order of first mention, each company once
      {"order of first mention", "Microsoft and Google; then Copilot, Gemini and Microsoft again",
       {"Microsoft", "Google"}},
      {"nothing", "Synthetic story one", {}},
      {"empty text", "", {}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.why + ": \"" + row.text + "\"");
    EXPECT_EQ(joined(gazetteer_.companies_in(row.text)), joined(row.companies));
  }
}

TEST_F(GazetteerTest, FindIsCaseInsensitiveOverNamesAliasesAndProducts) {
  struct Row {
    std::string query;
    std::string company;  // "" for nullptr
  };
  const std::vector<Row> rows = {
      {"Mistral AI", "Mistral AI"}, {"mistral", "Mistral AI"}, {"MISTRAL AI", "Mistral AI"},
      {"PIXTRAL", "Mistral AI"},    {"pixtral", "Mistral AI"}, {"sora", "OpenAI"},
      {"openai", "OpenAI"},         {"copilot", "Microsoft"},  {"deepseek", "DeepSeek"},
      {"Alphabet", "Google"},       {" Google ", "Google"},    {"Synthetic Corp", ""},
      {"", ""},                     {"mistr", ""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("find(\"" + row.query + "\")");
    const Company* company = gazetteer_.find(row.query);
    EXPECT_EQ(company ? company->name : "", row.company);
  }
}

TEST_F(GazetteerTest, ToJsonRoundTrips) {
  const Gazetteer again = Gazetteer::from_json(gazetteer_.to_json(), "round-trip.json");
  ASSERT_EQ(again.companies().size(), gazetteer_.companies().size());
  for (std::size_t i = 0; i < again.companies().size(); ++i) {
    const Company& a = gazetteer_.companies()[i];
    const Company& b = again.companies()[i];
    SCOPED_TRACE(a.name);
    EXPECT_EQ(b.name, a.name);
    EXPECT_EQ(b.aliases, a.aliases);
    EXPECT_EQ(b.products, a.products);
  }
  const std::string text = "Google\xE2\x80\x99s Workspace, Microsoft\xE2\x80\x99s Copilot and Pixtral";
  EXPECT_EQ(joined(again.companies_in(text)), joined(gazetteer_.companies_in(text)));
}

TEST(GazetteerFromJson, MinimalListWithoutAliasesLoadsAndMatches) {
  const Gazetteer gazetteer = Gazetteer::from_json(
      R"({"companies": [{"name": "OpenAI", "products": ["Sora"]}, {"name": "Anthropic"}]})", "synthetic.json");
  EXPECT_EQ(gazetteer.companies().size(), 2u);
  EXPECT_EQ(joined(gazetteer.companies_in("Synthetic story one about Sora and Anthropic")),
            joined({"OpenAI", "Anthropic"}));
}

// Found by companies_fuzzer: " Tencent" was stored with its space, and neither
// a filter nor the index's copy found it by its name.
TEST(GazetteerFromJson, SpacesAtANamesEndsAreNotPartOfIt) {
  const Gazetteer gazetteer = Gazetteer::from_json(
      R"({"companies": [{"name": " Quillbyte ", "aliases": [" Quill Labs"], "products": ["Inkwell "]}]})",
      "synthetic.json");
  ASSERT_EQ(gazetteer.companies().size(), 1u);
  EXPECT_EQ(gazetteer.companies()[0].name, "Quillbyte");
  EXPECT_EQ(gazetteer.find("Quillbyte"), &gazetteer.companies()[0]);
  EXPECT_EQ(gazetteer.find("quill labs"), &gazetteer.companies()[0]);
  EXPECT_EQ(joined(gazetteer.companies_in("Synthetic text about Inkwell.")), joined({"Quillbyte"}));
}

TEST(GazetteerFromJson, BadListsThrowParseErrorNamingTheFile) {
  struct Row {
    std::string name;
    std::string json;
  };
  const std::vector<Row> rows = {
      {"malformed JSON", R"({"companies": [{"name": "OpenAI",]})"},
      {"not JSON at all", "companies: OpenAI"},
      {"no companies array", R"({"firms": []})"},
      {"entry without name", R"({"companies": [{"aliases": ["Synthetic Co"]}]})"},
      {"entry with empty name", R"({"companies": [{"name": "  "}]})"},
      {"same alias under two companies",
       R"({"companies": [{"name": "OpenAI", "aliases": ["Synthetic Labs"]},
                         {"name": "Anthropic", "aliases": ["Synthetic Labs"]}]})"},
      {"alias of one is the name of another",
       R"({"companies": [{"name": "OpenAI"}, {"name": "Anthropic", "aliases": ["OpenAI"]}]})"},
      {"same product under two companies differing in case",
       R"({"companies": [{"name": "OpenAI", "products": ["Sora"]}, {"name": "Anthropic", "products": ["SORA"]}]})"},
      {"aliases not an array", R"({"companies": [{"name": "OpenAI", "aliases": "Synthetic"}]})"},
      // Found by tests/fuzz (topics_fuzzer, the same parse): once escaped as nlohmann's out_of_range.
      {"a number no double holds", R"({"companies": [{"name": "OpenAI", "founded": 1e400}]})"},
  };
  const std::filesystem::path origin = "/synthetic/folder/companies-synthetic.json";
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    try {
      const Gazetteer gazetteer = Gazetteer::from_json(row.json, origin);
      ADD_FAILURE() << "accepted, with " << gazetteer.companies().size() << " companies";
    } catch (const ParseError& e) {
      EXPECT_NE(std::string(e.what()).find(origin.string()), std::string::npos)
          << "the error does not name the file: " << e.what();
      EXPECT_EQ(e.file, origin);
    }
  }
}

TEST(GazetteerLoad, MissingFileThrowsParseErrorNamingIt) {
  const std::filesystem::path file = test::data_dir() / "no-such-companies.json";
  try {
    Gazetteer::load(file);
    ADD_FAILURE() << "loaded a missing file";
  } catch (const ParseError& e) {
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
}

TEST(SplitWords, RunsOfLettersAndDigits) {
  struct Row {
    std::string text;
    std::vector<std::string> words;
  };
  const std::vector<Row> rows = {
      {"Gemini 1.5 Pro", {"Gemini", "1", "5", "Pro"}},
      {"R1-style", {"R1", "style"}},
      {"\xE2\x80\x9C" "DeepSeek Shock\xE2\x80\x9D", {"DeepSeek", "Shock"}},
      {"caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC", {"caf\xC3\xA9", "\xE6\x97\xA5\xE6\x9C\xAC"}},
      {"  ", {}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.text);
    std::vector<std::string> got;
    for (const auto word : split_words(row.text)) got.emplace_back(word);
    EXPECT_EQ(got, row.words);
  }
}

}  // namespace
}  // namespace scatter
