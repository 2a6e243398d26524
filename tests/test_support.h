// Helpers shared by the tests: temporary folders, files, running programs.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace scatter::test {

// The repository's folder, and its data/ archive.
std::filesystem::path source_dir();
std::filesystem::path data_dir();

// A fresh folder under the system temp folder, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& file);
void write_file(const std::filesystem::path& file, const std::string& bytes);

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `program` with `args` (no shell), waits, captures stdout and stderr.
ProcessResult run_program(const std::string& program, const std::vector<std::string>& args,
                          const std::vector<std::string>& extra_env = {});

}  // namespace scatter::test
