#include "test_support.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace scatter::test {

std::filesystem::path source_dir() { return SCATTER_SOURCE_DIR; }
std::filesystem::path data_dir() { return source_dir() / "data"; }

TempDir::TempDir() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() / ("scatter-test-" + std::to_string(getpid()) + "-" +
                                                     std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void write_file(const std::filesystem::path& file, const std::string& bytes) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out << bytes;
}

std::string all_warnings(const std::vector<Warning>& warnings) {
  std::string out;
  for (const Warning& warning : warnings) out += "\n  " + warning.text();
  return out;
}

std::vector<std::pair<std::string, std::string>> text_fields(const Issue& issue) {
  std::vector<std::pair<std::string, std::string>> fields = {{"newsletter", issue.newsletter},
                                                             {"headline", issue.headline}};
  for (const Story& story : issue.stories) {
    const std::string where = "story " + std::to_string(story.number);
    fields.emplace_back(where + " title", story.title);
    for (const auto& paragraph : story.paragraphs) fields.emplace_back(where + " paragraph", paragraph);
    for (const auto& bullet : story.bullets) fields.emplace_back(where + " bullet", bullet);
  }
  return fields;
}

ProcessResult run_program(const std::string& program, const std::vector<std::string>& args,
                          const std::vector<std::string>& extra_env) {
  TempDir outputs;
  const std::string out_path = (outputs / "stdout").string();
  const std::string err_path = (outputs / "stderr").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<std::string> argv_strings{program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  env_strings.insert(env_strings.end(), extra_env.begin(), extra_env.end());
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot start " + program);
  int status = 0;
  waitpid(pid, &status, 0);
  ProcessResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

}  // namespace scatter::test

#include <csignal>
#include <regex>

namespace scatter::test {

RunningSearchd::RunningSearchd(const std::filesystem::path& db, const std::vector<std::string>& extra_args) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  std::vector<std::string> args{SCATTER_SEARCHD, "--db", db.string(), "--listen", "127.0.0.1:0", "--threads", "4"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (spawned != 0) {
    close(pipe_fds[0]);
    throw std::runtime_error("cannot start searchd");
  }
  pid_ = pid;
  // searchd prints "... at http://127.0.0.1:PORT/" once it is listening.
  std::string line;
  char c = 0;
  while (read(pipe_fds[0], &c, 1) == 1 && c != '\n') line += c;
  close(pipe_fds[0]);
  std::smatch m;
  if (!std::regex_search(line, m, std::regex(R"(http://127\.0\.0\.1:(\d+)/)"))) {
    stop();
    throw std::runtime_error("searchd did not announce its port; it printed: " + line);
  }
  port_ = std::stoi(m[1].str());
}

RunningSearchd::~RunningSearchd() { stop(); }

int RunningSearchd::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

ProcessResult index_with_binary(const std::filesystem::path& archive, const std::filesystem::path& db) {
  ProcessResult result = run_program(SCATTER_INDEXER, {"--archive", archive.string(), "--db", db.string()});
  if (result.exit_code != 0 && result.exit_code != 2) {
    throw std::runtime_error("indexer failed (" + std::to_string(result.exit_code) + "): " + result.err);
  }
  return result;
}

}  // namespace scatter::test
