#include "test_support.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace scatter::test {
namespace {

// The null-terminated char* array posix_spawn takes, over `strings` (which
// must outlive it).
std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& text : strings) out.push_back(text.data());
  out.push_back(nullptr);
  return out;
}

// This process's environment, then `extra` ("NAME=value").
std::vector<std::string> environment_with(const std::vector<std::string>& extra) {
  std::vector<std::string> out;
  for (char** entry = environ; *entry != nullptr; ++entry) out.emplace_back(*entry);
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

}  // namespace

std::filesystem::path source_dir() { return SCATTER_SOURCE_DIR; }
std::filesystem::path data_dir() { return source_dir() / "data"; }

unsigned free_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

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
  BackgroundProgram running(program, args, extra_env);
  return running.wait();
}

}  // namespace scatter::test

#include <algorithm>
#include <csignal>
#include <regex>

namespace scatter::test {

RunningSearchd::RunningSearchd(const std::filesystem::path& db, const std::vector<std::string>& extra_args,
                               const std::vector<std::string>& extra_env, const std::filesystem::path& stderr_file) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  if (!stderr_file.empty()) {
    posix_spawn_file_actions_addopen(&actions, 2, stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  }
  std::vector<std::string> args{SCATTER_SEARCHD, "--db", db.string(), "--listen", "127.0.0.1:0"};
  if (std::find(extra_args.begin(), extra_args.end(), "--threads") == extra_args.end()) {
    args.insert(args.end(), {"--threads", "4"});
  }
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv = c_strings(args);
  std::vector<std::string> env_strings = environment_with(extra_env);
  std::vector<char*> envp = c_strings(env_strings);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv.data(), envp.data());
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

#include <nlohmann/json.hpp>

#include <poll.h>
#include <pty.h>
#include <termios.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <set>

namespace scatter::test {
namespace {

constexpr const char* kSyntheticNewsletter = "SYNTHETIC TEST DATA (not news)";
constexpr const char* kSyllables[] = {"ba", "ke", "lo", "mi", "nu", "ra", "se", "ti", "vo", "za",
                                      "dre", "fla", "gri", "ploo", "quon", "shi", "tor", "vek", "wun", "xal",
                                      "yor", "zem", "bri", "cua", "dax", "fen", "gol", "hup", "jin", "kru"};
constexpr std::size_t kVocabularySize = 3000;
// Company names the gazetteer of data/companies.json knows.
constexpr const char* kSyntheticCompanies[] = {"Microsoft", "Google", "OpenAI", "Nvidia"};

// The same words whatever the corpus seed, so that tests may query them.
const std::vector<std::string>& vocabulary() {
  static const std::vector<std::string> words = [] {
    std::mt19937 random(20240611);
    std::uniform_int_distribution<std::size_t> syllable(0, std::size(kSyllables) - 1);
    std::uniform_int_distribution<int> length(2, 3);
    std::set<std::string> seen;
    std::vector<std::string> out;
    while (out.size() < kVocabularySize) {
      std::string word;
      for (int n = length(random); n > 0; --n) word += kSyllables[syllable(random)];
      if (seen.insert(word).second) out.push_back(word);
    }
    return out;
  }();
  return words;
}

// Uneven: the first words of the vocabulary are common, the last rare.
std::string pseudo_word(std::mt19937& random) {
  const double u = std::uniform_real_distribution<double>(0.0, 1.0)(random);
  const auto index = static_cast<std::size_t>(static_cast<double>(kVocabularySize) * u * u * u);
  return vocabulary()[std::min(index, kVocabularySize - 1)];
}

std::string pseudo_sentence(std::mt19937& random, int min_words, int max_words) {
  const int words = std::uniform_int_distribution<int>(min_words, max_words)(random);
  std::string out;
  for (int i = 0; i < words; ++i) out += (i == 0 ? "" : " ") + pseudo_word(random);
  return out;
}

std::string capitalised(std::string words) {
  bool start = true;
  for (char& c : words) {
    if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    start = c == ' ';
  }
  return words;
}

std::string synthetic_date(int issue) {
  using namespace std::chrono;
  const year_month_day day{sys_days{year{2030} / January / 1} + days{issue}};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                static_cast<unsigned>(day.day()));
  return text;
}

}  // namespace

std::vector<std::string> write_synthetic_jsonl(const std::filesystem::path& file, const SyntheticCorpus& corpus) {
  std::mt19937 random(corpus.seed);
  std::uniform_int_distribution<int> paragraphs(2, 3), bullets(0, 3), one_in_eight(0, 7);
  std::uniform_int_distribution<std::size_t> company(0, std::size(kSyntheticCompanies) - 1);
  std::string lines;
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < corpus.stories; ++i) {
    const int issue = corpus.first_issue + static_cast<int>(i) / corpus.stories_per_issue;
    const int story = static_cast<int>(i) % corpus.stories_per_issue + 1;
    nlohmann::json line = {{"issue", issue},
                           {"story", story},
                           {"date", synthetic_date(issue)},
                           {"newsletter", kSyntheticNewsletter},
                           {"title", capitalised(pseudo_sentence(random, 3, 6))}};
    std::vector<std::string> body;
    for (int p = paragraphs(random); p > 0; --p) body.push_back(pseudo_sentence(random, 25, 50) + ".");
    if (one_in_eight(random) == 0) {
      const std::string name = kSyntheticCompanies[company(random)];
      body.front() += " " + name + " " + pseudo_word(random) + ".";
    }
    body.back() += " " + corpus.marker + ".";
    line["paragraphs"] = body;
    std::vector<std::string> why;
    for (int b = bullets(random); b > 0; --b) why.push_back(pseudo_sentence(random, 6, 12));
    line["bullets"] = why;
    lines += line.dump() + "\n";
    ids.push_back(std::to_string(issue) + "-" + std::to_string(story));
  }
  write_file(file, lines);
  return ids;
}

BackgroundProgram::BackgroundProgram(const std::string& program, const std::vector<std::string>& args,
                                     const std::vector<std::string>& extra_env) {
  const std::string out_path = (outputs_ / "stdout").string();
  const std::string err_path = (outputs_ / "stderr").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<std::string> argv_strings{program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv = c_strings(argv_strings);
  std::vector<std::string> env_strings = environment_with(extra_env);
  std::vector<char*> envp = c_strings(env_strings);
  const int spawned = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot start " + program);
}

BackgroundProgram::~BackgroundProgram() {
  if (!reaped_) {
    kill(pid_, SIGKILL);
    reap(0);
  }
}

bool BackgroundProgram::reap(int options) {
  rusage usage{};
  if (wait4(pid_, &status_, options, &usage) != pid_) return false;
  max_rss_kib_ = usage.ru_maxrss;  // kilobytes on Linux
  reaped_ = true;
  return true;
}

bool BackgroundProgram::running() {
  if (reaped_) return false;
  return !reap(WNOHANG);
}

bool BackgroundProgram::kill_now() {
  if (!running()) return false;
  kill(pid_, SIGKILL);
  reap(0);
  return WIFSIGNALED(status_) && WTERMSIG(status_) == SIGKILL;
}

ProcessResult BackgroundProgram::wait() {
  if (!reaped_) reap(0);
  ProcessResult result;
  result.exit_code = WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
  result.max_rss_kib = max_rss_kib_;
  result.out = read_file(outputs_ / "stdout");
  result.err = read_file(outputs_ / "stderr");
  return result;
}

ProcessResult run_program_on_terminal(const std::string& program, const std::vector<std::string>& args) {
  TempDir outputs;
  const std::string out_path = (outputs / "stdout").string();
  termios raw{};
  cfmakeraw(&raw);
  int master = -1, slave = -1;
  if (openpty(&master, &slave, nullptr, &raw, nullptr) != 0) throw std::runtime_error("openpty failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, slave, 2);
  posix_spawn_file_actions_addclose(&actions, slave);
  posix_spawn_file_actions_addclose(&actions, master);
  std::vector<std::string> argv_strings{program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv = c_strings(argv_strings);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(slave);
  if (spawned != 0) {
    close(master);
    throw std::runtime_error("cannot start " + program);
  }
  ProcessResult result;
  // Read while the program runs, or it blocks on a full terminal; once it has
  // exited and closed the terminal, read() fails with EIO.
  char buffer[4096];
  for (;;) {
    pollfd ready{master, POLLIN, 0};
    if (poll(&ready, 1, 100) < 0 && errno != EINTR) break;
    if ((ready.revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
    const ssize_t n = read(master, buffer, sizeof buffer);
    if (n <= 0) break;
    result.err.append(buffer, static_cast<std::size_t>(n));
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path);
  return result;
}

namespace {

// Xapian's default block size for glass tables, and where a block's header
// keeps its level in the B-tree (after its 4-byte revision).
constexpr std::uintmax_t kGlassBlockSize = 8192;
constexpr std::uintmax_t kGlassLevelByte = 4;

}  // namespace

void damage_glass_block(const std::filesystem::path& table, std::uintmax_t block) {
  std::fstream file(table, std::ios::in | std::ios::out | std::ios::binary);
  const auto at = static_cast<std::streamoff>(block * kGlassBlockSize + kGlassLevelByte);
  char level = 0;
  file.seekg(at);
  file.get(level);
  file.seekp(at);
  file.put(static_cast<char>(~level));
  if (!file) throw std::runtime_error("cannot damage block " + std::to_string(block) + " of " + table.string());
}

void damage_every_glass_block(const std::filesystem::path& table) {
  const std::uintmax_t blocks = std::filesystem::file_size(table) / kGlassBlockSize;
  if (blocks == 0) throw std::runtime_error(table.string() + " has no whole block to damage");
  for (std::uintmax_t block = 0; block < blocks; ++block) damage_glass_block(table, block);
}

}  // namespace scatter::test
