// Walks an archive folder, reads every capture it recognises, and merges
// captures of the same issue. A file that cannot be parsed is named in a warning,
// counted as skipped, and does not stop the others.
#pragma once

#include "archive/merge.h"

#include <cstddef>
#include <filesystem>
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

// True for the file types read as captures (today: plain text, `.txt`).
// Other files in the folder, such as the companies list, are not captures.
bool is_capture_file(const std::filesystem::path& file);

// Reads `dir` recursively, skipping hidden files and folders. Throws
// ArchiveError when `dir` is missing or not a folder.
Archive read_archive(const std::filesystem::path& dir);

}  // namespace scatter
