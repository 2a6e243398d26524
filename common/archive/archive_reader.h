// Walks an archive folder, reads every capture it recognises, and merges
// captures of the same issue. A file that cannot be parsed is named in a warning,
// counted as skipped, and does not stop the others.
#pragma once

#include "archive/capture_selection.h"
#include "archive/merge.h"
#include "fields/user_fields.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
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
// `fields`: the declared fields a JSON Lines file's stories keep (fields.json).
std::vector<Capture> parse_capture(const std::filesystem::path& file, CaptureFormat format, std::string_view raw,
                                   const UserFields& fields = {});

struct CaptureListing {
  std::vector<std::filesystem::path> files{};  // sorted
  std::size_t unselected = 0;  // capture files the selection left out: not warnings, only counted
};

// Every capture file under `dir` that `selection` selects, recursively, skipping
// hidden files and folders. Entries that cannot be inspected are warnings (and
// count as skipped files), never exceptions. Throws ArchiveError when `dir` is
// missing or not a folder.
CaptureListing list_capture_files(const std::filesystem::path& dir, const CaptureSelection& selection,
                                  std::vector<Warning>& warnings);

// Where a static site serves the page at `relative` (to the archive, with '/'):
// a folder's index page, "issues/3/index.html", is served as "/issues/3/". ""
// for any other file, whose address the file alone does not tell.
std::string site_page_of(std::string_view relative);

struct CaptureFileRead {
  std::uint64_t content_hash = 0;  // of the file's bytes (text/hash.h)
  std::size_t captures = 0;        // how many times `emit` was called
  std::vector<Warning> warnings{}; // about the file as a whole; captures carry their own
};

// Reads one capture file, handing each capture to `emit` in file order. A JSON
// Lines file is streamed, never held whole; a page format's file is read whole
// (it is at most kMaxPageCaptureBytes). Throws ParseError naming the file.
CaptureFileRead read_capture_file(const std::filesystem::path& file, const std::function<void(Capture)>& emit,
                                  const UserFields& fields = {});

// The content hash read_capture_file() reports, without parsing. Throws ParseError.
std::uint64_t hash_capture_file(const std::filesystem::path& file);

// Reads `dir` recursively, skipping hidden files and folders. Throws
// ArchiveError when `dir` is missing or not a folder. Holds every story in
// memory: the indexer streams instead (index/indexing.h).
Archive read_archive(const std::filesystem::path& dir, const UserFields& fields = {});

}  // namespace scatter
