// Text for people, made from the JSON bodies searchd serves (common/json), so
// that a command prints the same whether the body came from the local index or
// from a server. Pure: strings in, a string out (stdout is output.h's).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace scatter::cli {

struct TextStyle {
  bool bold = false;  // matches in ANSI bold: on a terminal, never into a pipe
  int width = 80;     // columns, for the trends chart
};

std::string search_text(const nlohmann::json& body, const TextStyle& style);       // /search, facets after the hits
std::string count_text(const nlohmann::json& body, const TextStyle& style);        // /search?per_page=0: the total alone
std::string story_text(const nlohmann::json& body, const TextStyle& style);        // /stories/{id}
std::string issue_text(const nlohmann::json& body, const TextStyle& style);        // /issues/{key}
std::string related_text(const nlohmann::json& body, const TextStyle& style);      // /related/{id}
std::string profile_text(const nlohmann::json& body, const TextStyle& style);      // /companies/{name}, /topics/{name}
std::string significant_text(const nlohmann::json& body, const TextStyle& style);  // /significant
std::string suggestions_text(const nlohmann::json& body, const TextStyle& style);  // /suggest

}  // namespace scatter::cli
