// How deep a page's elements nest, counted on its bytes before the HTML parser
// sees them. gumbo 0.10 searches its stack of open elements on most tags, so
// its time grows with depth times tags: 100,000 nested <div>s took it more than
// a minute. The HTML reader refuses a page this count finds too deep; the exact
// depth is checked again on the parsed tree.
//
// The count follows the HTML tree builder where ordinary pages need it: void
// elements (<br>, <img>) and elements whose end tag may be left out or that the
// parser never nests in their own kind (<p>, <li>, <td>, <tr>, headings, <a>,
// <button>, <form>) are not counted; an end tag closes the innermost open
// element of its name and all opened inside it, and is ignored when none is
// open; "/>" closes an element only in <svg> or <math>; comments and the text
// of <script>, <style>, <title>, <textarea> hold no tags. It may count less than
// the tree holds (a nested list counts its <ul>s, not its <li>s), rarely more.
// Linear in the page's size; no recursion. Safe from any thread.
#pragma once

#include <optional>
#include <string_view>

namespace scatter {

// The 1-based line of the first start tag that opens an element nested more
// than `max_depth` counted elements deep; nullopt when none does.
std::optional<int> line_nested_deeper_than(std::string_view html, int max_depth);

}  // namespace scatter
