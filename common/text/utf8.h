// Text hygiene shared by every parser and by the highlighter: whatever bytes a
// capture holds, what leaves this module is valid UTF-8 with '\n' line ends.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace scatter {

struct CleanText {
  std::string text;              // valid UTF-8, BOM removed, CRLF/CR turned into LF
  std::size_t invalid_bytes = 0; // bytes that were not UTF-8, each now U+FFFD
  int first_invalid_line = 0;    // 1-based line of the first such byte; 0 if none
};

// Never throws; callers decide whether repaired bytes deserve a warning.
CleanText clean_text(std::string_view raw);

// True when the bytes hold a NUL or are mostly control characters: an image,
// an archive or an index file dropped into the archive folder by mistake.
bool looks_binary(std::string_view raw);

// Unicode-aware lower case (Xapian's tables), for case-insensitive keys.
std::string to_lower(std::string_view utf8);

// Escapes the five characters that matter in HTML text and attribute values.
std::string html_escape(std::string_view text);

// Folds typographic quotes, dashes and non-breaking spaces to ASCII so that two
// captures of one title compare equal whatever the typesetting.
std::string fold_typography(std::string_view utf8);

// Removes leading and trailing ASCII and Unicode white space.
std::string_view trim(std::string_view text);

}  // namespace scatter
