// Walks an archive folder, reads every capture it recognises, and merges
// captures of the same issue. A file that cannot be parsed is named in a warning,
// counted as skipped, and does not stop the others.
#pragma once

#include "archive/merge.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>

namespace scatter {

struct Archive {
  std::vector<Issue> issues{};
  std::vector<Warning> warnings{};  // parse failures first, then per-file and merge warnings
  std::size_t files_read = 0;     // captures parsed successfully
  std::size_t files_skipped = 0;  // captures that could not be parsed
};

struct ArchiveError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class CaptureFormat { kText, kMarkdown, kHtml, kJsonLines };

// The format a file is read in, by its extension (any case): .txt, .md/.markdown,
// .html/.htm, .jsonl/.ndjson. Other files in the folder, such as the companies
// and topics tables (.json), are not captures: nullopt.
std::optional<CaptureFormat> capture_format(const std::filesystem::path& file);
bool is_capture_file(const std::filesystem::path& file);

// A page format's file larger than this is skipped with a warning: no issue
// page comes near it, and reading one whole must not exhaust memory.
inline constexpr std::uintmax_t kMaxPageCaptureBytes = 64ull << 20;

// Reads one capture file's bytes in its format (a JSON Lines file may hold many
// issues). Throws ParseError as the format's reader does.
std::vector<Capture> parse_capture(const std::filesystem::path& file, CaptureFormat format, std::string_view raw);

// Reads `dir` recursively, skipping hidden files and folders. Throws
// ArchiveError when `dir` is missing or not a folder.
Archive read_archive(const std::filesystem::path& dir);

}  // namespace scatter
