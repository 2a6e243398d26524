// Reads one prerendered HTML page of an issue, as the site's static build
// (SvelteKit prerender) writes it: one page, one issue. Stories come from the
// document's structure, not its line layout: a heading "1. Title" (h1-h6, in
// sequence) or the first heading inside an element with id="story-N" opens a
// story; the <p> elements after it are its paragraphs; the <li> items after a
// "Why it matters" heading, paragraph or <strong> are its bullets. Site chrome
// (<nav>, <footer>, <aside>, a page-level <header>) and code (<script>, <style>,
// <noscript>, <template>) never reach a story, nor does framework residue such
// as `export const prerender = true;` leaked into the text. A page may mark its
// own parts, as for Pagefind: when an element carries data-scatter-body, only
// such elements are read for stories; an element with data-scatter-ignore is
// never read. <link rel="canonical" href> gives the page's address (Issue::page).
#pragma once

#include "archive/text_capture.h"

#include <filesystem>
#include <string_view>

namespace scatter {

// `file` names the page in errors and supplies file-name metadata; `raw` is its
// bytes (any encoding damage is repaired and reported as a Warning). Metadata
// precedence: <meta> tags and <time datetime>, then the page's visible header
// ("February 9, 2026 · Issue #3", the <h1>: elements of at most 4 KiB of source,
// a larger one being a section and no line), then <title>, then the file name.
// Throws ParseError for an empty file, a binary file, a page with no numbered
// story heading, or one nested more than 512 elements deep (refused before it
// is parsed, naming the line). Stateless; safe to call from several threads.
Capture parse_html_capture(const std::filesystem::path& file, std::string_view raw);

}  // namespace scatter
