#include "index/database_layout.h"

#include "index/index_writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace scatter {
namespace {

constexpr const char* kStubName = "XAPIANDB";
constexpr const char* kBuildSuffix = ".building";

std::string shard_name(std::size_t index) { return "shard-" + std::to_string(index); }

std::string errno_text() { return std::strerror(errno); }

std::filesystem::path lock_path(const std::filesystem::path& db) {
  std::filesystem::path lock_file = db;
  lock_file += ".lock";
  return lock_file;
}

// How long an indexer waits for a backup's shared hold (IndexReadLock), which
// lasts the milliseconds it takes to open the shards; an indexer's exclusive
// hold is not waited for: the second run fails at once.
constexpr int kBackupWaitMs = 2000;
constexpr int kLockPollMs = 10;

bool lock_exclusive(int fd) {
  for (int waited_ms = 0;; waited_ms += kLockPollMs) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return true;
    // A shared hold succeeds only while no indexer holds the lock.
    if (waited_ms >= kBackupWaitMs || ::flock(fd, LOCK_SH | LOCK_NB) != 0) return false;
    ::flock(fd, LOCK_UN);
    std::this_thread::sleep_for(std::chrono::milliseconds(kLockPollMs));
  }
}

}  // namespace

std::optional<std::size_t> existing_shards(const std::filesystem::path& db) {
  std::error_code ec;
  if (!std::filesystem::exists(db, ec)) return std::nullopt;
  if (!std::filesystem::is_directory(db, ec)) {
    throw IndexError(db.string() + ": exists and is not a folder; refusing to change it (choose another --db)");
  }
  if (std::filesystem::exists(db / "iamglass", ec)) return 1;
  if (std::filesystem::exists(db / kStubName, ec)) {
    std::ifstream stub(db / kStubName);
    std::size_t shards = 0;
    for (std::string line; std::getline(stub, line);) {
      if (line != "auto " + shard_name(shards)) {
        throw IndexError((db / kStubName).string() + ":" + std::to_string(shards + 1) +
                         ": not a shard list this indexer wrote; refusing to change it");
      }
      ++shards;
    }
    if (shards == 0) throw IndexError((db / kStubName).string() + ": lists no shards; refusing to change it");
    return shards;
  }
  if (std::filesystem::is_empty(db, ec)) return std::nullopt;
  throw IndexError(db.string() + ": a folder that is not a Xapian index; refusing to change it (choose another --db)");
}

bool is_replica(const std::filesystem::path& db) {
  std::ifstream stub(db / kStubName);
  std::size_t copies = 0;
  for (std::string line; std::getline(stub, line);) {
    if (line.empty() || line.front() == '#') continue;  // Xapian's own comment lines
    if (line != "auto replica_0" && line != "auto replica_1") return false;
    ++copies;
  }
  return copies == 1;
}

std::optional<std::size_t> readable_shards(const std::filesystem::path& db) {
  if (is_replica(db)) return 1;
  return existing_shards(db);
}

std::vector<std::filesystem::path> shard_paths(const std::filesystem::path& db, std::size_t shards) {
  if (shards <= 1) return {db};
  std::vector<std::filesystem::path> paths;
  for (std::size_t i = 0; i < shards; ++i) paths.push_back(db / shard_name(i));
  return paths;
}

void write_stub(const std::filesystem::path& db, std::size_t shards) {
  std::ostringstream text;
  for (std::size_t i = 0; i < shards; ++i) text << "auto " << shard_name(i) << "\n";
  const std::filesystem::path temporary = db / (std::string(kStubName) + ".new");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text.str();
    out.flush();
    if (!out) throw IndexError(temporary.string() + ": cannot write the shard list");
  }
  std::error_code ec;
  std::filesystem::rename(temporary, db / kStubName, ec);
  if (ec) throw IndexError((db / kStubName).string() + ": cannot write the shard list: " + ec.message());
}

std::filesystem::path build_path(const std::filesystem::path& db) {
  std::filesystem::path path = db;
  path += kBuildSuffix;
  return path;
}

void remove_abandoned_builds(const std::filesystem::path& db) {
  std::vector<std::filesystem::path> abandoned = {build_path(db)};
  // A compaction builds each shard beside itself.
  for (std::size_t i = 0; std::filesystem::exists(db / shard_name(i)); ++i) abandoned.push_back(build_path(db / shard_name(i)));
  for (const auto& path : abandoned) {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
    if (ec) throw IndexError(path.string() + ": cannot remove what an interrupted run left: " + ec.message());
  }
}

void install(const std::filesystem::path& built, const std::filesystem::path& db) {
  std::error_code ec;
  if (!std::filesystem::exists(db, ec)) {
    std::filesystem::rename(built, db, ec);
    if (ec) throw IndexError(db.string() + ": cannot install the new index: " + ec.message());
    return;
  }
  // One system call swaps the two folders: there is no moment without an index.
  if (::renameat2(AT_FDCWD, built.c_str(), AT_FDCWD, db.c_str(), RENAME_EXCHANGE) != 0) {
    throw IndexError(db.string() + ": cannot install the new index: " + errno_text());
  }
  std::filesystem::remove_all(built, ec);  // now the old index; a failure only wastes space
}

IndexLock::IndexLock(const std::filesystem::path& db) {
  std::error_code ec;
  if (db.has_parent_path()) std::filesystem::create_directories(db.parent_path(), ec);
  if (ec) throw IndexError(db.string() + ": cannot create its folder: " + ec.message());
  const std::filesystem::path lock_file = lock_path(db);
  fd_ = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw IndexError(lock_file.string() + ": cannot open the lock file: " + errno_text());
  if (!lock_exclusive(fd_)) {
    char holder[32] = {};
    const ssize_t n = ::pread(fd_, holder, sizeof holder - 1, 0);
    ::close(fd_);
    fd_ = -1;
    const std::string pid = n > 0 ? std::string(holder, static_cast<std::size_t>(n)) : std::string("?");
    throw IndexError(db.string() + ": locked by another indexer (pid " + pid.substr(0, pid.find('\n')) +
                     "); wait for it to finish");
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) == 0) {
    [[maybe_unused]] const ssize_t written = ::pwrite(fd_, pid.data(), pid.size(), 0);
  }
}

IndexLock::~IndexLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

IndexReadLock::IndexReadLock(const std::filesystem::path& db) {
  fd_ = ::open(lock_path(db).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return;
  while (::flock(fd_, LOCK_SH) != 0 && errno == EINTR) {
  }
}

IndexReadLock::~IndexReadLock() {
  if (fd_ >= 0) ::close(fd_);
}

std::string damaged_index_message(const std::filesystem::path& db, const std::string& why) {
  return db.string() + ": the index is damaged (" + why + "); rebuild it from the archive: indexer --rebuild --archive DIR --db " +
         db.string();
}

IndexIdentity identity_of(const std::filesystem::path& db) {
  IndexIdentity identity;
  struct stat info {};
  if (::stat(db.c_str(), &info) == 0) identity.folder = info.st_ino;
  if (::stat((db / kStubName).c_str(), &info) == 0) identity.stub = info.st_ino;
  return identity;
}

}  // namespace scatter
