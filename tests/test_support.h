// Helpers shared by the tests: temporary folders, files, running programs.
#pragma once

#include "archive/diagnostics.h"
#include "story/story.h"

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace scatter::test {

// The repository's folder, and its data/ archive.
std::filesystem::path source_dir();
std::filesystem::path data_dir();

// A loopback port no one listens on now (the kernel's pick, released): for a
// server that cannot be asked to report one it chose itself.
unsigned free_loopback_port();

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
  // The program's peak resident memory (wait4's ru_maxrss), 0 when not measured.
  // Linux counts the spawning test's own peak at the spawn into it (the child
  // shares its parent's memory until exec): a bound, exact for a small test.
  long max_rss_kib = 0;
};

// The warnings one per line, for a failure message.
std::string all_warnings(const std::vector<Warning>& warnings);

// Every text field of an issue with a name for messages ("story 2 bullet").
std::vector<std::pair<std::string, std::string>> text_fields(const Issue& issue);

// Runs `program` with `args` (no shell), waits, captures stdout and stderr.
ProcessResult run_program(const std::string& program, const std::vector<std::string>& args,
                          const std::vector<std::string>& extra_env = {});

}  // namespace scatter::test

namespace scatter::test {

// A real searchd on a free loopback port (--listen 127.0.0.1:0), started from
// the built binary and stopped with SIGTERM when the object dies. `extra_args`
// follow the defaults (--threads 4 unless they name --threads); `extra_env`
// ("NAME=value") is added to the test's environment. Its stderr is the test's,
// or `stderr_file` when given (for tests that read what it tells the operator).
class RunningSearchd {
 public:
  explicit RunningSearchd(const std::filesystem::path& db, const std::vector<std::string>& extra_args = {},
                          const std::vector<std::string>& extra_env = {}, const std::filesystem::path& stderr_file = {});
  ~RunningSearchd();
  RunningSearchd(const RunningSearchd&) = delete;
  RunningSearchd& operator=(const RunningSearchd&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Sends SIGTERM and waits; returns the exit status (0 after a clean shutdown).
  int stop();

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

// Runs the real indexer over `archive` into `db`; fails the calling test on error.
ProcessResult index_with_binary(const std::filesystem::path& archive, const std::filesystem::path& db);

}  // namespace scatter::test

#include <sys/types.h>

#include <cstddef>
#include <cstdint>

namespace scatter::test {

// A synthetic archive for tests at scale: stories of pseudo-words in JSON Lines
// (docs/jsonl.md), marked as test data, the same bytes for the same options.
// Words are drawn unevenly from a fixed vocabulary, so a query finds a few
// stories or many; about one story in eight names a known company.
struct SyntheticCorpus {
  std::size_t stories = 1000;
  std::uint32_t seed = 1;
  int first_issue = 100;           // the seed archive is issue 3: keep clear of it
  int stories_per_issue = 10;
  std::string marker = "plumvar";  // one word in every story's body: change it to change every story
};

// Writes the corpus to `file`; returns its story ids ("100-1", "100-2", ...).
std::vector<std::string> write_synthetic_jsonl(const std::filesystem::path& file, const SyntheticCorpus& corpus);

// A program started without waiting for it, stdout and stderr going to files.
// Killed with SIGKILL and reaped if still running when the object dies.
class BackgroundProgram {
 public:
  BackgroundProgram(const std::string& program, const std::vector<std::string>& args,
                    const std::vector<std::string>& extra_env = {});
  ~BackgroundProgram();
  BackgroundProgram(const BackgroundProgram&) = delete;
  BackgroundProgram& operator=(const BackgroundProgram&) = delete;

  pid_t pid() const { return pid_; }
  // True until the process has exited (reaps it once it has).
  bool running();
  // Sends SIGKILL; true when the process was still running and died of it.
  bool kill_now();
  // Waits for the exit; exit_code is 128 + signal for a killed process.
  ProcessResult wait();

 private:
  bool reap(int options);  // wait4(): true once reaped, with status_ and max_rss_kib_ set

  TempDir outputs_;
  pid_t pid_ = -1;
  int status_ = 0;
  long max_rss_kib_ = 0;
  bool reaped_ = false;
};

// Runs `program` with its stderr on a pseudo-terminal (raw mode: no "\n" ->
// "\r\n" translation) and stdout to a file; `err` is all the terminal received.
ProcessResult run_program_on_terminal(const std::string& program, const std::vector<std::string>& args);

// Damages a table of a Xapian (glass) database in place, as a failing disk
// would: flips the level byte in the header of block `block` (glass tables are
// B-trees of 8 KiB blocks), so Xapian reading it expects another level
// ("DatabaseCorruptError: Expected block 0 to be level 0, not 255").
void damage_glass_block(const std::filesystem::path& table, std::uintmax_t block);
// Every block of the table, its root among them: opening the database fails.
void damage_every_glass_block(const std::filesystem::path& table);

}  // namespace scatter::test
