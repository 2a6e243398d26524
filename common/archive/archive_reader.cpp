#include "archive/archive_reader.h"

#include "archive/html_capture.h"
#include "archive/jsonl_capture.h"
#include "archive/markdown_capture.h"
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

std::vector<std::filesystem::path> capture_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    if (is_hidden(std::filesystem::relative(entry.path(), dir))) continue;
    if (is_capture_file(entry.path())) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ParseError(file, 0, "cannot open: " + std::string(std::strerror(errno)));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) throw ParseError(file, 0, "read error");
  return std::move(bytes).str();
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

std::vector<Capture> parse_capture(const std::filesystem::path& file, CaptureFormat format, std::string_view raw) {
  switch (format) {
    case CaptureFormat::kText: return {parse_text_capture(file, raw)};
    case CaptureFormat::kMarkdown: return {parse_markdown_capture(file, raw)};
    case CaptureFormat::kHtml: return {parse_html_capture(file, raw)};
    case CaptureFormat::kJsonLines: return parse_jsonl_captures(file, raw);
  }
  return {};
}

Archive read_archive(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw ArchiveError(dir.string() + ": not a folder (the archive must be a folder of captures)");
  }
  Archive archive;
  std::vector<Capture> captures;
  std::vector<Warning> file_warnings;
  for (const auto& file : capture_files(dir)) {
    try {
      const CaptureFormat format = *capture_format(file);
      if (format != CaptureFormat::kJsonLines && std::filesystem::file_size(file) > kMaxPageCaptureBytes) {
        throw ParseError(file, 0, "too large for one issue (over " + std::to_string(kMaxPageCaptureBytes >> 20) +
                                      " MiB)");
      }
      for (Capture& capture : parse_capture(file, format, read_bytes(file))) {
        file_warnings.insert(file_warnings.end(), capture.warnings.begin(), capture.warnings.end());
        captures.push_back(std::move(capture));
      }
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
