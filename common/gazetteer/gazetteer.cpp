#include "gazetteer/gazetteer.h"

#include "archive/diagnostics.h"
#include "text/utf8.h"

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <limits>
#include <sstream>

namespace scatter {

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  const char* const base = text.data();
  Xapian::Utf8Iterator it(base, text.size());
  const Xapian::Utf8Iterator end;
  while (it != end) {
    while (it != end && !Xapian::Unicode::is_wordchar(*it)) ++it;
    if (it == end) break;
    const char* start = it.raw();
    while (it != end && Xapian::Unicode::is_wordchar(*it)) ++it;
    const char* stop = it == end ? base + text.size() : it.raw();
    words.emplace_back(start, static_cast<std::size_t>(stop - start));
  }
  return words;
}

Gazetteer Gazetteer::from_json(std::string_view json_text, const std::filesystem::path& origin) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::exception& e) {
    // parse_error, and out_of_range for a number no double holds (1e400).
    throw ParseError(origin, 0, std::string("not valid JSON: ") + e.what());
  }
  if (!doc.is_object() || !doc.contains("companies") || !doc["companies"].is_array()) {
    throw ParseError(origin, 0, "expected an object with a \"companies\" array");
  }
  Gazetteer gazetteer;
  std::size_t index = 0;
  for (const auto& entry : doc["companies"]) {
    const std::string where = "companies[" + std::to_string(index++) + "]";
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string() ||
        trim(entry["name"].get<std::string>()).empty()) {
      throw ParseError(origin, 0, where + " has no \"name\" string");
    }
    // Spaces at a name's ends are not part of it: find() trims what it is asked.
    Company company{.name = std::string(trim(entry["name"].get<std::string>()))};
    for (const char* key : {"aliases", "products", "ambiguous"}) {
      if (!entry.contains(key)) continue;
      if (!entry[key].is_array()) throw ParseError(origin, 0, where + "." + key + " is not an array");
      for (const auto& value : entry[key]) {
        if (!value.is_string()) throw ParseError(origin, 0, where + "." + key + " holds a non-string");
        const std::string_view field(key);
        auto& list = field == "aliases" ? company.aliases : field == "products" ? company.products : company.ambiguous;
        list.push_back(std::string(trim(value.get<std::string>())));
      }
    }
    gazetteer.add_company(std::move(company), origin);
  }
  return gazetteer;
}

Gazetteer Gazetteer::load(const std::filesystem::path& file) {
  return from_json(read_settings_file(file, "companies"), file);
}

void Gazetteer::add_company(Company company, const std::filesystem::path& origin) {
  const std::size_t id = companies_.size();
  std::vector<std::string> names{company.name};
  names.insert(names.end(), company.aliases.begin(), company.aliases.end());
  names.insert(names.end(), company.products.begin(), company.products.end());
  for (const std::string& name : names) {
    const std::string lower = to_lower(name);
    if (auto clash = by_lower_name_.find(lower); clash != by_lower_name_.end() && clash->second != id) {
      throw ParseError(origin, 0, "'" + name + "' is listed under both " + companies_[clash->second].name +
                                      " and " + company.name);
    }
    by_lower_name_[lower] = id;
    const auto words = split_words(name);
    if (words.empty()) throw ParseError(origin, 0, company.name + ": name '" + name + "' has no letters");
    const bool ambiguous =
        std::find(company.ambiguous.begin(), company.ambiguous.end(), name) != company.ambiguous.end();
    Form form{{words.begin(), words.end()}, id, ambiguous};
    forms_by_first_word_[form.words.front()].push_back(std::move(form));
  }
  for (const std::string& name : company.ambiguous) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      throw ParseError(origin, 0, company.name + ": ambiguous name '" + name + "' is not one of its names");
    }
  }
  companies_.push_back(std::move(company));
}

std::vector<std::string> Gazetteer::companies_in(std::string_view text) const {
  const auto words = split_words(text);
  const auto starts_with_digit = [&](std::size_t i) {
    return i < words.size() && std::isdigit(static_cast<unsigned char>(words[i].front()));
  };
  constexpr std::size_t kNever = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> first_mention(companies_.size(), kNever);
  std::vector<bool> confirmed(companies_.size(), false);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const auto candidates = forms_by_first_word_.find(words[i]);
    if (candidates == forms_by_first_word_.end()) continue;
    for (const Form& form : candidates->second) {
      if (i + form.words.size() > words.size()) continue;
      bool all = true;
      for (std::size_t k = 1; k < form.words.size() && all; ++k) all = words[i + k] == form.words[k];
      if (!all) continue;
      const bool versioned = (i > 0 && starts_with_digit(i - 1)) || starts_with_digit(i + form.words.size());
      first_mention[form.company] = std::min(first_mention[form.company], i);
      if (!form.ambiguous || versioned) confirmed[form.company] = true;
    }
  }
  std::vector<std::size_t> order;
  for (std::size_t c = 0; c < companies_.size(); ++c) {
    if (confirmed[c]) order.push_back(c);
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return first_mention[a] < first_mention[b]; });
  std::vector<std::string> found;
  for (std::size_t c : order) found.push_back(companies_[c].name);
  return found;
}

const Company* Gazetteer::find(std::string_view name) const {
  const auto it = by_lower_name_.find(to_lower(trim(name)));
  return it == by_lower_name_.end() ? nullptr : &companies_[it->second];
}

std::string Gazetteer::to_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const Company& company : companies_) {
    list.push_back({{"name", company.name},
                    {"aliases", company.aliases},
                    {"products", company.products},
                    {"ambiguous", company.ambiguous}});
  }
  return nlohmann::json{{"companies", list}}.dump();
}

}  // namespace scatter
