// common/archive/page_lines.h: the date-and-issue lines and leaked module code
// of captured pages, matched by hand. Each form the readers' former patterns
// accepted is a row, and so is a line of a megabyte in each matcher (a pattern
// recursed once per character and overflowed the stack on such lines).
#include "archive/page_lines.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace scatter {
namespace {

const std::string kMegabyte(1 << 20, 'x');

std::string shown(const std::optional<IssueLine>& line) {
  if (!line) return "no match";
  return "issue " + std::to_string(line->issue) + ", " + (line->date ? line->date->iso() : "no date");
}

TEST(ArchivePageLines, IssueThenDate) {
  const struct {
    std::string line, expected;
  } rows[] = {
      {"Issue #3 \xC2\xB7 February 9, 2026", "issue 3, 2026-02-09"},
      {"Issue 3 \xE2\x80\x94 2026-02-09", "issue 3, 2026-02-09"},
      {"issue no. 12 | 9 Feb 2026", "issue 12, 2026-02-09"},
      {"ISSUE NO 12 - 9 Feb 2026", "issue 12, 2026-02-09"},
      {"Issue#4, 2 March 2026", "issue 4, 2026-03-02"},
      {"Issue 999999 \xE2\x80\xA2 2026-02-09", "issue 999999, 2026-02-09"},
      {"Issue 1234567 \xC2\xB7 2026-02-09", "no match"},          // seven digits are no issue number
      {"Issue #3 \xC2\xB7 someday", "no match"},                  // what follows must be a date
      {"Issue #3 February 9, 2026", "no match"},                  // a separator is needed
      {"The Issue #3 \xC2\xB7 February 9, 2026", "no match"},     // the line opens with "Issue"
      {"Issue #3 \xC2\xB7 " + kMegabyte, "no match"},
      {"Issue " + kMegabyte, "no match"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.line.substr(0, 60));
    EXPECT_EQ(shown(issue_then_date(row.line)), row.expected);
  }
}

TEST(ArchivePageLines, DateThenIssue) {
  const struct {
    std::string line, expected;
  } rows[] = {
      {"February 9, 2026 \xC2\xB7 Issue #3", "issue 3, 2026-02-09"},
      {"February 9, 2026 | issue no. 3", "issue 3, 2026-02-09"},
      {"9 Feb 2026 \xE2\x80\x93 ISSUE No 3  ", "issue 3, 2026-02-09"},
      {"2026-02-09 Issue 3", "issue 3, 2026-02-09"},
      {"Issue #3", "issue 3, no date"},
      {"Someday \xC2\xB7 Issue #3", "issue 3, no date"},      // the issue counts without a date
      {"2026-02-09 -- Issue 3", "issue 3, no date"},          // one separator, whole: "2026-02-09 -" is no date
      {"Issue #3 of 4", "no match"},                         // the number ends the line
      {"Issue 1234567", "no match"},
      {kMegabyte + " \xC2\xB7 Issue #3", "issue 3, no date"},
      {"Issue #" + std::string(1 << 20, '9'), "no match"},
      {kMegabyte, "no match"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.line.substr(0, 60));
    EXPECT_EQ(shown(date_then_issue(row.line, kDateIssueSeparators)), row.expected);
  }
  // A prerendered page may print a comma before the issue.
  EXPECT_EQ(shown(date_then_issue("2026-02-09, Issue 3", kDateIssueSeparatorsOrComma)), "issue 3, 2026-02-09");
  EXPECT_EQ(shown(date_then_issue("2026-02-09, Issue 3", kDateIssueSeparators)), "issue 3, no date");
}

TEST(ArchivePageLines, LeakedCodeOpeningALine) {
  const struct {
    std::string line, statements, with_scripts;
  } rows[] = {
      {"export const prerender = true; Headline", "Headline", "Headline"},
      {"  export let x=1;import a from 'b';  Headline", "Headline", "Headline"},
      {"export var $data_1 = {a: 1}; export const ssr = false;", "", ""},
      {"export default 3; Headline", "export default 3; Headline", "export default 3; Headline"},
      {"export const x = 1 Headline", "export const x = 1 Headline", "export const x = 1 Headline"},  // no ';'
      {"exported const x = 1;", "exported const x = 1;", "exported const x = 1;"},
      {"import; Headline", "import; Headline", "import; Headline"},
      {"Headline; export const x = 1;", "Headline; export const x = 1;", "Headline; export const x = 1;"},
      {"<script type=module>a()</script><script>b()</script> Headline",
       "<script type=module>a()</script><script>b()</script> Headline", "Headline"},
      {"<script>a()", "<script>a()", "<script>a()"},
      {"export const big = " + kMegabyte + "; Headline", "Headline", "Headline"},
      {"export const big = " + kMegabyte, "export const big = " + kMegabyte, "export const big = " + kMegabyte},
      {"<script>" + kMegabyte + "</script>Headline", "<script>" + kMegabyte + "</script>Headline", "Headline"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.line.substr(0, 60));
    EXPECT_EQ(without_leaked_code(row.line, LeakedCode::kStatements), row.statements);
    EXPECT_EQ(without_leaked_code(row.line, LeakedCode::kStatementsAndScripts), row.with_scripts);
  }
}

}  // namespace
}  // namespace scatter
