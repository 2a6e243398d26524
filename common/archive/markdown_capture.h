// Reads one issue written in Markdown, as static-site generators and editors
// keep it:
//
//   ---
//   title: "Headline of the issue"     (also: date, issue, newsletter, url)
//   ---
//   ## 1. First story title             (levels 1-4; numbered 1, 2, 3, ...)
//   Paragraph text, **bold**, *em*, `code`, [links](https://...).
//
//   **Why it matters:**                 (or "### Why it matters", "Why it matters:")
//   - a bullet that may wrap
//     onto an indented line
//
// Inline markup is stripped to the text a reader sees: emphasis markers, code
// backticks and HTML tags go, a link keeps its text, an image goes entirely.
// Spans nested more than 16 deep keep their markup; each level of nesting reads
// its text once, so time grows with the text's length, never its square.
// Front matter values may be quoted or bare; `url` is accepted but not kept,
// since ids and urls are assigned after merging by assign_ids_and_urls().
#pragma once

#include "archive/text_capture.h"

#include <filesystem>
#include <string_view>

namespace scatter {

// `file` names the capture in errors and supplies file-name metadata (see
// facts_from_file_name()) for whatever the front matter leaves out; `raw` is its
// bytes. A level-1 heading that is not numbered is the headline when the front
// matter gives no title. Warnings name the line: a malformed front matter line,
// a heading numbered out of sequence, a story without body text, invalid UTF-8.
// Throws ParseError for an empty file, a binary file, front matter that is never
// closed, or text that holds no numbered story heading.
Capture parse_markdown_capture(const std::filesystem::path& file, std::string_view raw);

}  // namespace scatter
