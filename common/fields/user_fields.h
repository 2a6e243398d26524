// The researcher's own fields: what a corpus's fields.json declares beside the
// archive (docs/jsonl.md). Each declared field of a JSON Lines story is kept,
// stored with the story and indexed by its type, so that `author:"Ada
// Lovelace"`, `facets=author` and `sort=words` work as they do in
// Meilisearch (filterableAttributes) or an Elasticsearch mapping.
//
// Plain values, read-only once loaded: threads share one freely.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scatter {

enum class FieldType {
  kKeyword,  // one exact value ("Ada Lovelace"): matched whole, any case
  kNumber,   // a JSON number: ranges and sorting
  kDate,     // YYYY, YYYY-MM or YYYY-MM-DD: ranges and sorting
  kText,     // prose: its words are searched, under its name and in every plain query
};
std::string_view field_type_name(FieldType type);

struct UserField {
  std::string name{};  // [a-z][a-z0-9_]*, not a built-in field
  FieldType type = FieldType::kKeyword;
  bool filterable = true;   // name:value in the query language
  bool facetable = false;   // facets=name (keyword fields)
  bool sortable = false;    // sort=name / sort=-name (number and date fields)
  std::size_t position = 0; // its place in fields.json: its value slot and column order
};

// Fields past this are refused: each costs a value slot and a column.
inline constexpr std::size_t kMaxUserFields = 32;
// A keyword value longer than this is not kept (a term has at most 245 bytes).
inline constexpr std::size_t kMaxKeywordBytes = 200;

class UserFields {
 public:
  // The fields of `file` (fields.json). Throws ParseError naming the file and
  // the line of the offending field: not JSON, unknown keys, a bad type or
  // name, a name of a built-in field, a name twice, more than kMaxUserFields.
  static UserFields load(const std::filesystem::path& file);
  static UserFields from_json(std::string_view json_text, const std::filesystem::path& origin);
  // As from_json() reads it; "" when no field is declared (as no file).
  std::string to_json() const;

  const std::vector<UserField>& fields() const { return fields_; }
  bool empty() const { return fields_.empty(); }
  const UserField* find(std::string_view name) const;
  // "author, section, words": for messages listing what may be asked.
  std::string names() const;

 private:
  std::vector<UserField> fields_{};
};

// How a declared field lives in the index (schema/schema.h reserves the room).
namespace schema {
// Its value slot: keyword values as written (facets), numbers as
// Xapian::sortable_serialise, dates as YYYYMMDD.
Xapian::valueno field_slot(const UserField& field);
// The exact-match term of a keyword value: lower-cased.
std::string keyword_term(const UserField& field, std::string_view value);
// The prefix its words are indexed under, for `name:words`.
std::string text_prefix(const UserField& field);
}  // namespace schema

}  // namespace scatter
