// Reads one plain-text capture of an issue: the editor's source text (numbered
// stories, paragraphs, "Why it matters:" bullets, no header) or a text capture of
// the published page (a header with the newsletter name and "February 9, 2026 ·
// Issue #3", framework residue such as `export const prerender = true;`, bullet
// lists possibly lost). Both share one story grammar, so one reader serves both.
#pragma once

#include "archive/diagnostics.h"
#include "story/story.h"

#include <filesystem>
#include <string_view>
#include <vector>

namespace scatter {

// What one file says about one issue, before captures are merged.
struct Capture {
  Issue issue{};  // issue.sources == {file}; ids and urls not yet assigned
  std::vector<Warning> warnings{};
};

// Issue metadata carried by a file name such as "2026-02-09-issue-003.txt".
struct FileNameFacts {
  std::optional<int> issue{};
  std::optional<Date> date{};
};
FileNameFacts facts_from_file_name(const std::filesystem::path& file);

// `file` names the capture in errors and supplies file-name metadata; `raw` is its
// bytes. Metadata precedence: front matter, then the page header, then the file
// name. Throws ParseError for an empty file, a binary file, or text that holds no
// numbered story.
Capture parse_text_capture(const std::filesystem::path& file, std::string_view raw);

}  // namespace scatter
