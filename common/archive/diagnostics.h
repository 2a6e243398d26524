// How the archive readers report trouble: a ParseError when a file cannot be
// read as a capture at all (it is skipped), a Warning when it can but something
// in it is off (it is still indexed). Both name the file and the line.
#pragma once

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace scatter {

inline std::string located(const std::filesystem::path& file, int line, const std::string& message) {
  return file.string() + (line > 0 ? ':' + std::to_string(line) : std::string()) + ": " + message;
}

struct ParseError : std::runtime_error {
  // what(): "data/issues/x.txt:42: story 6 has no title"; line 0 means the whole file.
  ParseError(std::filesystem::path f, int n, std::string why)
      : std::runtime_error(located(f, n, why)), file(std::move(f)), line(n), reason(std::move(why)) {}
  std::filesystem::path file{};
  int line;
  std::string reason{};
};

// The whole of a settings file (companies, topics, synonyms); ParseError naming
// it, and `what` it should have been, when it cannot be opened.
std::string read_settings_file(const std::filesystem::path& file, const std::string& what);

struct Warning {
  std::filesystem::path file{};
  int line = 0;  // 0 when the warning concerns the whole file
  std::string message{};

  // "file:line: message", or "file: message" without a line.
  std::string text() const { return located(file, line, message); }
};

// One file's warnings as a reader meets them: whole-file ones first, then by
// line. A streamed reader reports an issue's warnings when the issue ends and
// skipped lines at the end of the file; the reader of the summary reads down.
inline void sort_by_line(std::vector<Warning>& warnings) {
  std::stable_sort(warnings.begin(), warnings.end(), [](const Warning& a, const Warning& b) { return a.line < b.line; });
}

}  // namespace scatter
