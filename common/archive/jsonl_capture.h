// Reads JSON Lines: one story per line, the interchange format through which
// researchers bring their own corpora and benchmarks feed a million stories.
// docs/jsonl.md describes the format, docs/jsonl.schema.json validates a line.
//
// Streams the bytes once, parsing each line once: what it holds at any time is
// the stories read so far plus the current line, never a copy of the file.
#pragma once

#include "archive/text_capture.h"

#include <filesystem>
#include <string_view>
#include <vector>

namespace scatter {

// One Capture per issue found in the file, in order of first appearance: lines
// are grouped by their `issue` number when they give one, else by their date.
// Each Capture's issue.sources == {file}; its stories are sorted by number.
//
// A bad line (not a JSON object, a required field missing, a wrong type, an
// unparseable date, a story number already used in its issue) is a Warning
// naming file:line and the field; that line is skipped, the rest are read.
// Unknown fields are ignored, with one Warning per file naming them. Invalid
// UTF-8 is repaired (U+FFFD) with a Warning at its line.
//
// A story's `url` is kept in Story::url for the record only: ids and urls are
// still assigned after merging by assign_ids_and_urls(), which replaces it.
//
// Throws ParseError(file, 1, ...) when the file is empty, binary, or no line
// yields a story.
std::vector<Capture> parse_jsonl_captures(const std::filesystem::path& file, std::string_view raw);

}  // namespace scatter
