#include "archive/archive_reader.h"

#include "archive/html_capture.h"
#include "archive/jsonl_capture.h"
#include "archive/markdown_capture.h"
#include "text/hash.h"
#include "text/utf8.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace scatter {
namespace {

bool is_hidden(const std::filesystem::path& relative) {
  return std::any_of(relative.begin(), relative.end(),
                     [](const std::filesystem::path& part) { return part.string().starts_with('.'); });
}

// Every capture file under `dir`, sorted. Entries that cannot be inspected (a
// symlink loop, a dangling link, a folder we may not read) are warnings, never
// exceptions: one bad entry must not stop the walk. Symlinked folders are not
// followed, so a link back up the tree cannot loop.
CaptureListing capture_files(const std::filesystem::path& dir, const CaptureSelection& selection,
                             std::vector<Warning>& warnings) {
  CaptureListing listing;
  std::error_code ec;
  std::filesystem::recursive_directory_iterator it(dir, std::filesystem::directory_options::skip_permission_denied, ec);
  for (const std::filesystem::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
    const std::filesystem::path& path = it->path();
    const std::filesystem::path relative = std::filesystem::relative(path, dir, ec);
    if (is_hidden(relative)) continue;
    if (!capture_format(path)) continue;
    if (!selection.selects_everything() && !selection.selects(relative.generic_string())) {
      ++listing.unselected;
      continue;
    }
    std::error_code status_error;
    const bool regular = it->is_regular_file(status_error);
    if (status_error) {
      warnings.push_back({path, 0, "cannot read: " + status_error.message() + "; file skipped"});
    } else if (regular) {
      listing.files.push_back(path);
    }
  }
  if (ec) warnings.push_back({dir, 0, "cannot list the whole folder: " + ec.message()});
  std::sort(listing.files.begin(), listing.files.end());
  return listing;
}

std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ParseError(file, 0, "cannot open: " + std::string(std::strerror(errno)));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) throw ParseError(file, 0, "read error");
  return std::move(bytes).str();
}

// Calls `take` with the file's bytes in blocks, so that no file is ever held whole.
template <typename Take>
void for_each_block(const std::filesystem::path& file, Take take) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ParseError(file, 0, "cannot open: " + std::string(std::strerror(errno)));
  std::string block(1 << 20, '\0');
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got > 0) take(std::string_view(block.data(), got));
  }
  if (in.bad()) throw ParseError(file, 0, "read error");
}

// A line is kept up to one byte past the limit: enough for the reader to skip
// it, and no more held however long the line runs.
void append_bounded(std::string& line, std::string_view bytes) {
  const std::size_t room = line.size() > kMaxJsonlLineBytes ? 0 : kMaxJsonlLineBytes + 1 - line.size();
  line.append(bytes.substr(0, room));
}

CaptureFileRead stream_jsonl_file(const std::filesystem::path& file, const std::function<void(Capture)>& emit,
                                  const UserFields& fields) {
  CaptureFileRead result;
  ContentHasher hasher;
  JsonlCaptureStream stream(file, [&](Capture capture) {
    ++result.captures;
    emit(std::move(capture));
  }, fields);
  std::string partial_line;
  bool first_block = true;
  for_each_block(file, [&](std::string_view block) {
    // A binary file's first line can end before its first NUL: look at a block.
    if (first_block && looks_binary(block.substr(0, 4096))) throw ParseError(file, 1, "binary file, not JSON Lines");
    first_block = false;
    hasher.update(block);
    std::size_t start = 0;
    for (std::size_t end = block.find('\n'); end != std::string_view::npos; end = block.find('\n', start)) {
      if (partial_line.empty()) {
        stream.read_line(block.substr(start, end - start));
      } else {
        append_bounded(partial_line, block.substr(start, end - start));
        stream.read_line(partial_line);
        partial_line.clear();
      }
      start = end + 1;
    }
    append_bounded(partial_line, block.substr(start));
  });
  if (!partial_line.empty()) stream.read_line(partial_line);
  result.warnings = stream.finish();
  result.content_hash = hasher.digest();
  return result;
}

std::uintmax_t size_of(const std::filesystem::path& file) {
  std::error_code size_error;
  const std::uintmax_t size = std::filesystem::file_size(file, size_error);
  if (size_error) throw ParseError(file, 0, "cannot read: " + size_error.message());
  return size;
}

}  // namespace

std::optional<CaptureFormat> capture_format(const std::filesystem::path& file) {
  const std::string extension = to_lower(file.extension().string());
  if (extension == ".txt") return CaptureFormat::kText;
  if (extension == ".md" || extension == ".markdown") return CaptureFormat::kMarkdown;
  if (extension == ".html" || extension == ".htm") return CaptureFormat::kHtml;
  if (extension == ".jsonl" || extension == ".ndjson") return CaptureFormat::kJsonLines;
  return std::nullopt;
}

bool is_capture_file(const std::filesystem::path& file) { return capture_format(file).has_value(); }

std::vector<Capture> parse_capture(const std::filesystem::path& file, CaptureFormat format, std::string_view raw,
                                   const UserFields& fields) {
  switch (format) {
    case CaptureFormat::kText: return {parse_text_capture(file, raw)};
    case CaptureFormat::kMarkdown: return {parse_markdown_capture(file, raw)};
    case CaptureFormat::kHtml: return {parse_html_capture(file, raw)};
    case CaptureFormat::kJsonLines: return parse_jsonl_captures(file, raw, fields);
  }
  return {};
}

std::string read_settings_file(const std::filesystem::path& file, const std::string& what) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ParseError(file, 0, "cannot open the " + what + " file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

CaptureListing list_capture_files(const std::filesystem::path& dir, const CaptureSelection& selection,
                                  std::vector<Warning>& warnings) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw ArchiveError(dir.string() + ": not a folder (the archive must be a folder of captures)");
  }
  return capture_files(dir, selection, warnings);
}

std::string site_page_of(std::string_view relative) {
  for (const std::string_view index : {"index.html", "index.htm"}) {
    if (relative == index) return "/";
    if (relative.size() > index.size() && relative.ends_with(index) && relative[relative.size() - index.size() - 1] == '/') {
      return "/" + std::string(relative.substr(0, relative.size() - index.size()));
    }
  }
  return {};
}

CaptureFileRead read_capture_file(const std::filesystem::path& file, const std::function<void(Capture)>& emit,
                                  const UserFields& fields) {
  const CaptureFormat format = capture_format(file).value_or(CaptureFormat::kText);
  const std::uintmax_t size = size_of(file);
  if (format == CaptureFormat::kJsonLines) return stream_jsonl_file(file, emit, fields);
  if (size > kMaxPageCaptureBytes) {
    throw ParseError(file, 0, "too large for one issue (over " + std::to_string(kMaxPageCaptureBytes >> 20) + " MiB)");
  }
  const std::string raw = read_bytes(file);
  CaptureFileRead result{.content_hash = content_hash(raw)};
  for (Capture& capture : parse_capture(file, format, raw, fields)) {
    ++result.captures;
    emit(std::move(capture));
  }
  return result;
}

std::uint64_t hash_capture_file(const std::filesystem::path& file) {
  ContentHasher hasher;
  for_each_block(file, [&](std::string_view block) { hasher.update(block); });
  return hasher.digest();
}

Archive read_archive(const std::filesystem::path& dir, const UserFields& fields) {
  Archive archive;
  std::vector<Capture> captures;
  std::vector<Warning> file_warnings;
  std::vector<Warning> walk_warnings;
  const auto files = list_capture_files(dir, CaptureSelection{}, walk_warnings).files;
  archive.files_skipped += walk_warnings.size();
  archive.warnings = std::move(walk_warnings);
  for (const auto& file : files) {
    try {
      std::vector<Capture> read;
      CaptureFileRead result = read_capture_file(file, [&](Capture capture) { read.push_back(std::move(capture)); }, fields);
      std::vector<Warning> this_file;
      for (Capture& capture : read) {
        this_file.insert(this_file.end(), capture.warnings.begin(), capture.warnings.end());
        captures.push_back(std::move(capture));
      }
      this_file.insert(this_file.end(), result.warnings.begin(), result.warnings.end());
      sort_by_line(this_file);
      file_warnings.insert(file_warnings.end(), this_file.begin(), this_file.end());
      ++archive.files_read;
    } catch (const ParseError& e) {
      archive.warnings.push_back({e.file, e.line, e.reason + "; file skipped"});
      ++archive.files_skipped;
    }
  }
  MergedArchive merged = merge_captures(std::move(captures));
  archive.issues = std::move(merged.issues);
  archive.warnings.insert(archive.warnings.end(), file_warnings.begin(), file_warnings.end());
  archive.warnings.insert(archive.warnings.end(), merged.warnings.begin(), merged.warnings.end());
  return archive;
}

}  // namespace scatter
