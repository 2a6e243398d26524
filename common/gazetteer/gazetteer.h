// Companies as data: each company's canonical name with its aliases and its
// products, loaded from data/companies.json, and the matcher that finds them in a
// story. Matching is on whole words and exact case, because several names are
// also common words ("Apple", "Meta", "Amazon", "Mistral" the wind).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace scatter {

struct Company {
  std::string name{};                   // canonical: what filters and facets show
  std::vector<std::string> aliases{};   // other names for the company itself
  std::vector<std::string> products{};  // products and models that imply the company
  // Names above that are also ordinary capitalised words (Gemini the star sign,
  // the Mistral wind). One counts only when the text also names the company
  // unambiguously, or when a version or size stands next to it ("Gemini 1.5",
  // "Mistral 7B").
  std::vector<std::string> ambiguous{};
};

// Immutable after construction; safe to share between threads.
class Gazetteer {
 public:
  Gazetteer() = default;

  // `json_text` is the companies file's content; `origin` names it in errors.
  // Throws ParseError on malformed JSON, a company without a name, or a name or
  // alias claimed by two companies.
  static Gazetteer from_json(std::string_view json_text, const std::filesystem::path& origin);
  static Gazetteer load(const std::filesystem::path& file);  // also throws ParseError

  // Canonical names of the companies `text` mentions, in order of first mention
  // (see Company::ambiguous for names that need confirmation).
  std::vector<std::string> companies_in(std::string_view text) const;

  // The company a user means by `name` (canonical, alias or product, any case),
  // or nullptr. "mistral", "Mistral AI" and "pixtral" all find Mistral AI.
  const Company* find(std::string_view name) const;

  const std::vector<Company>& companies() const { return companies_; }

  // The JSON form from_json() reads, so an index can carry its own gazetteer.
  std::string to_json() const;

 private:
  struct Form {
    std::vector<std::string> words;  // the name split into words, exact case
    std::size_t company;
    bool ambiguous;
  };
  void add_company(Company company, const std::filesystem::path& origin);

  std::vector<Company> companies_{};
  std::map<std::string, std::vector<Form>, std::less<>> forms_by_first_word_;
  std::map<std::string, std::size_t, std::less<>> by_lower_name_;
};

// Splits text into words the way the matcher and the highlighter see them:
// runs of Unicode letters and digits; everything else separates.
std::vector<std::string_view> split_words(std::string_view text);

}  // namespace scatter
