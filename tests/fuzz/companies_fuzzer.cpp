// The companies file (data/companies.json) on arbitrary bytes: loaded as the
// indexer loads it, stored in the index and read back as the engine reads it,
// then matched against text and looked up as a user names a company.
#include "fuzz_support.h"

#include "archive/diagnostics.h"
#include "gazetteer/gazetteer.h"

namespace {

// A story's text for the matcher: several names, aliases with versions, and
// words that are also names ("Gemini" alone is ambiguous).
constexpr std::string_view kStoryText =
    "OpenAI and Google DeepMind released models; Gemini 1.5 and Mistral 7B beat GPT-4o. "
    "Apple, Meta and Amazon followed; the mistral wind blew over Anthropic's Claude.";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view json = scatter::fuzz::text_of(data, size);
  scatter::Gazetteer gazetteer;
  try {
    gazetteer = scatter::Gazetteer::from_json(json, "companies.json");
  } catch (const scatter::ParseError&) {
    return 0;  // named and refused: the documented outcome
  }
  const scatter::Gazetteer stored = scatter::Gazetteer::from_json(gazetteer.to_json(), "index:companies");
  scatter::fuzz::require(stored.companies().size() == gazetteer.companies().size(),
                         "the index's copy of the companies reads back whole");
  for (const scatter::Company& company : gazetteer.companies()) {
    scatter::fuzz::require(gazetteer.find(company.name) == &company, "a company is found by its name");
    // Each name of the file in a sentence of its own is matched or not, never a crash.
    for (const std::string& product : company.products) gazetteer.companies_in("They launched " + product + " today.");
  }
  gazetteer.companies_in(kStoryText);
  gazetteer.companies_in(json);
  return 0;
}
