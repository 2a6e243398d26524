#include "archive/page_lines.h"

#include "text/ascii.h"

#include <charconv>

namespace scatter {
namespace {

constexpr std::string_view kIssueWord = "issue";
// "Issue #3" .. "Issue #999999": longer numbers are no issue numbers.
constexpr std::size_t kMaxIssueDigits = 6;

int to_int(std::string_view digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

// The length of the "#", "No." or "No" (any case) at `at`; 0 when there is none.
std::size_t number_sign_at(std::string_view line, std::size_t at) {
  if (at < line.size() && line[at] == '#') return 1;
  if (!has_ascii_icase_at(line, at, "no")) return 0;
  return at + 2 < line.size() && line[at + 2] == '.' ? 3 : 2;
}

// The length of the "#", "No." or "No" (any case) that ends at `end`; 0 when none.
std::size_t number_sign_before(std::string_view line, std::size_t end) {
  const std::string_view before = line.substr(0, end);
  if (before.ends_with('#')) return 1;
  if (ends_with_ascii_icase(before, "no.")) return 3;
  return ends_with_ascii_icase(before, "no") ? 2 : 0;
}

std::size_t separator_at(std::string_view line, std::size_t at, std::span<const std::string_view> separators) {
  for (const std::string_view separator : separators) {
    if (line.substr(at).starts_with(separator)) return separator.size();
  }
  return 0;
}

// "--" and "-" are different lines; one separator, whole, ends at `end`.
std::size_t separator_before(std::string_view line, std::size_t end, std::span<const std::string_view> separators) {
  for (const std::string_view separator : separators) {
    if (line.substr(0, end).ends_with(separator)) return separator.size();
  }
  return 0;
}

// `import ...;`: its length, 0 when `text` does not open with one.
std::size_t import_length(std::string_view text) {
  constexpr std::string_view kImport = "import";
  if (!text.starts_with(kImport) || text.size() == kImport.size() || !is_ascii_space(text[kImport.size()])) return 0;
  const std::size_t semicolon = text.find(';', kImport.size());
  return semicolon == std::string_view::npos ? 0 : semicolon + 1;
}

// `export const|let|var NAME = ...;`: its length, 0 when `text` does not open with one.
std::size_t export_length(std::string_view text) {
  constexpr std::string_view kExport = "export";
  if (!text.starts_with(kExport) || text.size() == kExport.size() || !is_ascii_space(text[kExport.size()])) return 0;
  std::size_t i = skip_ascii_spaces(text, kExport.size());
  std::size_t keyword = 0;
  for (const std::string_view declaration : {"const", "let", "var"}) {
    if (text.substr(i).starts_with(declaration)) keyword = declaration.size();
  }
  i += keyword;
  if (keyword == 0 || i == text.size() || !is_ascii_space(text[i])) return 0;
  i = skip_ascii_spaces(text, i);
  const auto name_start = [](char c) { return is_ascii_letter(c) || c == '_' || c == '$'; };
  if (i == text.size() || !name_start(text[i])) return 0;
  while (i < text.size() && (name_start(text[i]) || is_ascii_digit(text[i]))) ++i;
  i = skip_ascii_spaces(text, i);
  if (i == text.size() || text[i] != '=') return 0;
  const std::size_t semicolon = text.find(';', i);
  return semicolon == std::string_view::npos ? 0 : semicolon + 1;
}

// <script ...>...</script>, up to the last "</script>" of the line.
std::size_t script_length(std::string_view text) {
  constexpr std::string_view kOpen = "<script", kClose = "</script>";
  if (!text.starts_with(kOpen)) return 0;
  const std::size_t open_end = text.find('>', kOpen.size());
  if (open_end == std::string_view::npos) return 0;
  const std::size_t close = text.rfind(kClose);
  if (close == std::string_view::npos || close <= open_end) return 0;
  return close + kClose.size();
}

}  // namespace

std::optional<IssueLine> issue_then_date(std::string_view line) {
  if (!starts_with_ascii_icase(line, kIssueWord)) return std::nullopt;
  std::size_t i = skip_ascii_spaces(line, kIssueWord.size());
  i = skip_ascii_spaces(line, i + number_sign_at(line, i));
  const std::size_t digits_end = skip_ascii_digits(line, i);
  if (digits_end == i || digits_end - i > kMaxIssueDigits) return std::nullopt;
  const std::string_view digits = line.substr(i, digits_end - i);
  i = skip_ascii_spaces(line, digits_end);
  const std::size_t separator = separator_at(line, i, kDateIssueSeparatorsOrComma);
  if (separator == 0) return std::nullopt;
  const std::optional<Date> date = Date::parse(line.substr(i + separator));
  if (!date) return std::nullopt;
  return IssueLine{to_int(digits), date};
}

// Read from the end: the number, its sign, "Issue", then the separator; what
// is left is the date. One pass, whatever the length of the line.
std::optional<IssueLine> date_then_issue(std::string_view line, std::span<const std::string_view> separators) {
  const std::size_t digits_end = skip_ascii_spaces_back(line, line.size());
  std::size_t digits_begin = digits_end;
  while (digits_begin > 0 && is_ascii_digit(line[digits_begin - 1])) --digits_begin;
  if (digits_begin == digits_end || digits_end - digits_begin > kMaxIssueDigits) return std::nullopt;
  std::size_t at = skip_ascii_spaces_back(line, digits_begin);
  if (const std::size_t sign = number_sign_before(line, at); sign > 0) at = skip_ascii_spaces_back(line, at - sign);
  if (!ends_with_ascii_icase(line.substr(0, at), kIssueWord)) return std::nullopt;
  at = skip_ascii_spaces_back(line, at - kIssueWord.size());
  if (const std::size_t separator = separator_before(line, at, separators); separator > 0) {
    at = skip_ascii_spaces_back(line, at - separator);
  }
  return IssueLine{to_int(line.substr(digits_begin, digits_end - digits_begin)), Date::parse(line.substr(0, at))};
}

std::string_view without_leaked_code(std::string_view line, LeakedCode forms) {
  while (true) {
    const std::string_view text = line.substr(skip_ascii_spaces(line, 0));
    std::size_t length = export_length(text);
    if (length == 0) length = import_length(text);
    if (length == 0 && forms == LeakedCode::kStatementsAndScripts) length = script_length(text);
    if (length == 0) return line;
    line = text.substr(skip_ascii_spaces(text, length));
  }
}

}  // namespace scatter
