#include "schema/schema.h"

#include "text/hash.h"
#include "text/utf8.h"

#include <algorithm>

namespace scatter::schema {

std::string id_term(std::string_view story_id) {
  return std::string(kIdPrefix) + std::string(story_id);
}

std::string company_term(std::string_view canonical_name) {
  return std::string(kCompany.prefix) + to_lower(canonical_name);
}

std::string topic_term(std::string_view topic_name) {
  return std::string(kTopic.prefix) + to_lower(topic_name);
}

std::string issue_term(int issue_number) {
  return std::string(kIssue.prefix) + std::to_string(issue_number);
}

std::size_t shard_of(std::string_view story_id, std::size_t shards) {
  return shards <= 1 ? 0 : static_cast<std::size_t>(content_hash(story_id) % shards);
}

std::string hash_value(std::string_view content_hash_hex, std::string_view story_id) {
  return std::string(content_hash_hex) + std::string(story_id);
}

HashValue split_hash_value(std::string_view value) {
  constexpr std::size_t kHexDigits = 16;
  if (value.size() < kHexDigits) return {value, {}};
  return {value.substr(0, kHexDigits), value.substr(kHexDigits)};
}

std::string join_list(const std::vector<std::string>& names) {
  std::string value;
  for (const std::string& name : names) {
    if (!value.empty()) value += kListSeparator;
    value += name;
  }
  return value;
}

std::optional<std::string> all_fields_term(std::string_view field_term) {
  const bool stem = field_term.starts_with(kStemPrefix);
  const std::string_view rest = stem ? field_term.substr(kStemPrefix.size()) : field_term;
  // Longest prefix first: "XB" and "XW" before "S" cannot clash, as no text
  // prefix starts another; what follows a prefix is a lower-case word or digit
  // (TermGenerator folds case), never another upper-case prefix letter.
  for (const Field& field : {kTitle, kBody, kWhy}) {
    if (rest.size() <= field.prefix.size() || !rest.starts_with(field.prefix)) continue;
    const char first = rest[field.prefix.size()];
    if (first >= 'A' && first <= 'Z') return std::nullopt;  // a longer prefix: another field's term
    const std::string_view word = rest.substr(field.prefix.size());
    return stem ? std::string(kStemPrefix) + std::string(word) : std::string(word);
  }
  return std::nullopt;
}

std::string word_pair_term(std::string_view first, std::string_view second) {
  std::string term(kWordPairPrefix);
  term.append(first).append(" ").append(second);
  return term;
}

std::vector<std::string_view> split_list(std::string_view value) {
  std::vector<std::string_view> names;
  while (!value.empty()) {
    const auto end = std::min(value.find(kListSeparator), value.size());
    if (end > 0) names.push_back(value.substr(0, end));
    value.remove_prefix(std::min(end + 1, value.size()));
  }
  return names;
}

}  // namespace scatter::schema
