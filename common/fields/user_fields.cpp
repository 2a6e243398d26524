#include "fields/user_fields.h"

#include "archive/diagnostics.h"
#include "schema/schema.h"
#include "text/utf8.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace scatter {
namespace {

using nlohmann::json;

// Names the query language, the JSON Lines format or the results already use:
// a field of the same name would be ambiguous in one of them.
constexpr std::array<std::string_view, 26> kReservedNames = {
    "title", "body",  "why",        "company", "topic",  "issue",   "date",      "month",    "year",
    "after", "before", "id",        "url",     "story",  "newsletter", "paragraphs", "bullets", "companies",
    "topics", "fields", "score",    "relevance", "newest", "oldest", "snippet", "sources"};

constexpr std::array<std::string_view, 5> kKeys = {"name", "type", "filterable", "facetable", "sortable"};

// Lower-case letters, digits and '_', starting with a letter: what the query
// language reads as a field name and a URL carries unescaped.
bool is_identifier(std::string_view name) {
  if (name.empty() || name.size() > 40 || name[0] < 'a' || name[0] > 'z') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::optional<FieldType> type_from_name(std::string_view name) {
  for (const FieldType type : {FieldType::kKeyword, FieldType::kNumber, FieldType::kDate, FieldType::kText}) {
    if (field_type_name(type) == name) return type;
  }
  return std::nullopt;
}

int line_at(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

// The line of the n-th field object: where its n-th opening brace after the
// "fields" key is. Close enough to point a reader at it; 0 when not found.
int line_of_field(std::string_view text, std::size_t n) {
  std::size_t at = text.find("\"fields\"");
  if (at == std::string_view::npos) return 0;
  int depth = 0;
  std::size_t seen = 0;
  bool in_string = false;
  for (; at < text.size(); ++at) {
    const char c = text[at];
    if (in_string) {
      if (c == '\\') ++at;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (c == '{' && depth == 1 && seen++ == n) return line_at(text, at);
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return 0;
}

}  // namespace

std::string_view field_type_name(FieldType type) {
  switch (type) {
    case FieldType::kKeyword: return "keyword";
    case FieldType::kNumber: return "number";
    case FieldType::kDate: return "date";
    case FieldType::kText: return "text";
  }
  return "keyword";
}

UserFields UserFields::load(const std::filesystem::path& file) {
  return from_json(read_settings_file(file, "a fields file"), file);
}

UserFields UserFields::from_json(std::string_view text, const std::filesystem::path& origin) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    throw ParseError(origin, line_at(text, e.byte > 0 ? e.byte - 1 : 0), std::string("not valid JSON: ") + e.what());
  } catch (const json::exception& e) {
    throw ParseError(origin, 0, std::string("not valid JSON: ") + e.what());
  }
  if (!doc.is_object() || !doc.contains("fields") || !doc["fields"].is_array()) {
    throw ParseError(origin, 1, "expected an object with a \"fields\" array");
  }
  for (const auto& item : doc.items()) {
    if (item.key() != "fields") throw ParseError(origin, 1, "unknown key \"" + item.key() + "\" (only \"fields\")");
  }
  const json& list = doc["fields"];
  if (list.size() > kMaxUserFields) {
    throw ParseError(origin, line_of_field(text, kMaxUserFields),
                     std::to_string(list.size()) + " fields; at most " + std::to_string(kMaxUserFields));
  }
  UserFields out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& entry = list[i];
    const int line = line_of_field(text, i);
    const std::string where = "fields[" + std::to_string(i) + "]";
    const auto fail = [&](const std::string& why) { throw ParseError(origin, line, where + ": " + why); };
    if (!entry.is_object()) fail("must be an object");
    for (const auto& item : entry.items()) {
      if (std::find(kKeys.begin(), kKeys.end(), item.key()) == kKeys.end()) {
        fail("unknown key \"" + item.key() + "\" (name, type, filterable, facetable, sortable)");
      }
    }
    UserField field{.position = i};
    if (!entry.contains("name") || !entry["name"].is_string()) fail("has no \"name\" string");
    field.name = entry["name"].get<std::string>();
    if (!is_identifier(field.name)) {
      fail("name '" + field.name + "' must be lower-case letters, digits and '_', starting with a letter (at most 40)");
    }
    if (std::find(kReservedNames.begin(), kReservedNames.end(), field.name) != kReservedNames.end()) {
      fail("name '" + field.name + "' is a built-in field");
    }
    if (out.find(field.name) != nullptr) fail("name '" + field.name + "' is declared twice");
    if (!entry.contains("type") || !entry["type"].is_string()) fail("has no \"type\" string");
    const auto type = type_from_name(entry["type"].get<std::string>());
    if (!type) fail("type '" + entry["type"].get<std::string>() + "' is not one of keyword, number, date, text");
    field.type = *type;
    for (const auto& [key, flag] : {std::pair{"filterable", &field.filterable}, std::pair{"facetable", &field.facetable},
                                    std::pair{"sortable", &field.sortable}}) {
      if (!entry.contains(key)) continue;
      if (!entry[key].is_boolean()) fail(std::string("\"") + key + "\" must be true or false");
      *flag = entry[key].get<bool>();
    }
    if (field.facetable && field.type != FieldType::kKeyword) fail("only a keyword field can be facetable");
    if (field.sortable && field.type != FieldType::kNumber && field.type != FieldType::kDate) {
      fail("only a number or date field can be sortable");
    }
    out.fields_.push_back(std::move(field));
  }
  return out;
}

std::string UserFields::to_json() const {
  if (fields_.empty()) return "";
  json list = json::array();
  for (const UserField& field : fields_) {
    list.push_back({{"name", field.name}, {"type", field_type_name(field.type)}, {"filterable", field.filterable},
                    {"facetable", field.facetable}, {"sortable", field.sortable}});
  }
  return json{{"fields", list}}.dump();
}

const UserField* UserFields::find(std::string_view name) const {
  const auto it = std::find_if(fields_.begin(), fields_.end(), [&](const UserField& f) { return f.name == name; });
  return it == fields_.end() ? nullptr : &*it;
}

std::string UserFields::names() const {
  std::string out;
  for (const UserField& field : fields_) out += (out.empty() ? "" : ", ") + field.name;
  return out.empty() ? "none declared" : out;
}

namespace schema {

Xapian::valueno field_slot(const UserField& field) {
  return kFirstFieldSlot + static_cast<Xapian::valueno>(field.position);
}

std::string keyword_term(const UserField& field, std::string_view value) {
  return "XK" + field.name + ":" + to_lower(value);
}

std::string text_prefix(const UserField& field) { return "XX" + field.name + ":"; }

}  // namespace schema
}  // namespace scatter
