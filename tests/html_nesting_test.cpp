// common/archive/html_nesting.h: nesting counted on a page's bytes, before the
// HTML parser (whose time grows with depth on every tag) sees them. Pages an
// ordinary site writes must pass whatever their size; a page nested deeper
// than the bound is caught at the line of its first element too deep.
#include "archive/html_nesting.h"

#include <gtest/gtest.h>

#include <string>

namespace scatter {
namespace {

constexpr int kBound = 512;

std::string times(std::string_view part, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += part;
  return out;
}

std::string shown(const std::optional<int>& line) { return line ? "line " + std::to_string(*line) : "passes"; }

TEST(ArchiveHtmlNesting, OrdinaryPagesPassWhateverTheirSize) {
  const struct {
    std::string name, page;
  } rows[] = {
      {"closed divs", times("<div><div><p>text</p></div></div>\n", 10000)},
      {"512 nested divs", times("<div>", kBound) + "text" + times("</div>", kBound)},
      {"unclosed paragraphs", times("<p>text\n", 10000)},
      {"unclosed list items and table cells", "<ul>" + times("<li>item", 10000) + "</ul><table>" +
                                                  times("<tr><td>a<td>b", 10000) + "</table>"},
      {"void elements", times("<br><img src=x><hr/><input>", 10000)},
      {"headings, links and buttons left open", times("<h2>title<a href=x>link<button>b", 10000)},
      {"self-closing SVG shapes", "<svg>" + times("<path d=\"M0 0\"/><g/>", 10000) + "</svg>"},
      {"tags in scripts, styles, comments and attributes",
       "<script>" + times("document.write('<div>');", 10000) + "</script><style>" + times("/*<div>*/", 10000) +
           "</style><!--" + times("<div>", 10000) + "--><p title=\"" + times("<div>", 10000) + "\">x</p>"},
      {"end tags of elements never opened", times("</div></span>", 10000) + "<div>x</div>"},
      {"the page ends inside a tag", "<div><div class=\"x"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(shown(line_nested_deeper_than(row.page, kBound)), "passes");
  }
}

TEST(ArchiveHtmlNesting, DeepPagesAreCaughtAtTheLineOfTheFirstElementTooDeep) {
  const struct {
    std::string name, page, expected;
  } rows[] = {
      {"513 nested divs", times("<div>", kBound) + "\n<div>", "line 2"},
      {"100,000 nested divs", "<!doctype html>\n<html><body>\n" + times("<div>", 100000), "line 3"},
      {"'/>' closes nothing outside SVG", times("<div/>\n", kBound + 1), "line 513"},
      {"formatting elements left open", times("<b><i>", kBound), "line 1"},
      {"an end tag closes what was opened inside it",
       times("<div><span></div></span>", 10) + times("<section>", kBound + 1), "line 1"},
      {"nested tables", times("<table><tr><td>", kBound + 1), "line 1"},
      {"nested lists", times("<ul><li>", kBound + 1), "line 1"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(shown(line_nested_deeper_than(row.page, kBound)), row.expected);
  }
}

}  // namespace
}  // namespace scatter
