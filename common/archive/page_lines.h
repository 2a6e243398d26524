// The lines a captured issue page prints around its stories, shared by the text
// and HTML readers: "February 9, 2026 · Issue #3" and its reverse, and module
// code that a static-site build leaked into the text. Captures are untrusted, so
// each matcher is one pass over its line, with no backtracking regex: libstdc++'s
// std::regex recursed once per character and overflowed the stack on a long line.
//
// "White space" below is ASCII's six (space, \t, \n, \v, \f, \r), what the
// former patterns' \s meant. A line holds no '\n' or '\r' (clean_text made CR
// into LF, and lines are split at LF). Pure functions; safe from any thread.
#pragma once

#include "story/date.h"

#include <optional>
#include <span>
#include <string_view>

namespace scatter {

// The separators a date and an issue number may stand between ("·", "—", ...).
inline constexpr std::string_view kDateIssueSeparators[] = {"\xC2\xB7", "\xE2\x80\xA2", "|", "\xE2\x80\x94",
                                                            "\xE2\x80\x93", "-"};
// The same and a comma: "February 9, 2026, Issue 3" as a prerendered page prints it.
inline constexpr std::string_view kDateIssueSeparatorsOrComma[] = {"\xC2\xB7", "\xE2\x80\xA2", "|", "\xE2\x80\x94",
                                                                   "\xE2\x80\x93", "-", ","};

struct IssueLine {
  int issue = 0;
  std::optional<Date> date{};  // nullopt when the line gives no date, or text that is no date
};

// "Issue #3 · February 9, 2026": "Issue" in any case, then "#", "No" or "No."
// (optional), 1 to 6 digits, a separator of kDateIssueSeparatorsOrComma, and
// the date. nullopt unless the text after the separator is a date (Date::parse).
std::optional<IssueLine> issue_then_date(std::string_view line);

// "February 9, 2026 · Issue #3", or "Issue #3" alone: the line ends with "Issue",
// an optional "#", "No" or "No.", and 1 to 6 digits (white space allowed between
// and after). What comes before, less one of `separators` and white space, is
// the date when Date::parse reads it as one; the issue counts either way.
std::optional<IssueLine> date_then_issue(std::string_view line, std::span<const std::string_view> separators);

enum class LeakedCode {
  kStatements,            // `export const|let|var NAME = ...;` and `import ...;`
  kStatementsAndScripts,  // those, and <script ...>...</script> up to the line's last "</script>"
};

// `line` without the leaked statements that open it, and without the white space
// before, between and after them. A line that opens with none is returned whole.
std::string_view without_leaked_code(std::string_view line, LeakedCode forms);

}  // namespace scatter
