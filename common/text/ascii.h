// ASCII character classes for the hand-written matchers of the capture readers.
// They mean what a C-locale regex meant by \s, \d and [A-Za-z]: bytes of
// multi-byte UTF-8 characters are none of them.
#pragma once

#include <cstddef>
#include <string_view>

namespace scatter {

// Space, \t, \n, \v, \f, \r.
constexpr bool is_ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
constexpr bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// The index of the first byte at or after `i` that is not ASCII white space.
constexpr std::size_t skip_ascii_spaces(std::string_view text, std::size_t i) {
  while (i < text.size() && is_ascii_space(text[i])) ++i;
  return i;
}

// The start of the run of ASCII white space that ends at `end`.
constexpr std::size_t skip_ascii_spaces_back(std::string_view text, std::size_t end) {
  while (end > 0 && is_ascii_space(text[end - 1])) --end;
  return end;
}

// The end of the run of ASCII digits that starts at `i`.
constexpr std::size_t skip_ascii_digits(std::string_view text, std::size_t i) {
  while (i < text.size() && is_ascii_digit(text[i])) ++i;
  return i;
}

// Whether `text` at `at` spells `lower` (lower-case ASCII) in any case.
constexpr bool has_ascii_icase_at(std::string_view text, std::size_t at, std::string_view lower) {
  if (at > text.size() || text.size() - at < lower.size()) return false;
  for (std::size_t i = 0; i < lower.size(); ++i) {
    if (ascii_lower(text[at + i]) != lower[i]) return false;
  }
  return true;
}

constexpr bool starts_with_ascii_icase(std::string_view text, std::string_view lower) {
  return has_ascii_icase_at(text, 0, lower);
}

constexpr bool ends_with_ascii_icase(std::string_view text, std::string_view lower) {
  return text.size() >= lower.size() && has_ascii_icase_at(text, text.size() - lower.size(), lower);
}

}  // namespace scatter
