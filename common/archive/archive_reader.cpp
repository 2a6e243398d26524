#include "archive/archive_reader.h"

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

bool is_capture_file(const std::filesystem::path& file) {
  return file.extension() == ".txt";
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
      Capture capture = parse_text_capture(file, read_bytes(file));
      file_warnings.insert(file_warnings.end(), capture.warnings.begin(), capture.warnings.end());
      captures.push_back(std::move(capture));
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
