// indexer --watch: learns of changes under the archive from the kernel
// (inotify), waits until they settle, and hands control back for one normal
// incremental run. Also owns SIGINT and SIGTERM for the process, received
// through a signalfd, so that a stop request waits for the run in progress
// instead of killing it. Linux only.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <unordered_map>

namespace scatter::indexer {

class ArchiveWatch {
 public:
  // Watches `archive` and every folder under it, hidden ones excepted, and
  // folders made later. Blocks SIGINT and SIGTERM in the calling thread, so it
  // must be made before any other thread starts (the threads inherit the mask).
  // Throws std::system_error naming the folder (no such folder, the system's
  // inotify limits reached).
  explicit ArchiveWatch(std::filesystem::path archive);
  ~ArchiveWatch();
  ArchiveWatch(const ArchiveWatch&) = delete;
  ArchiveWatch& operator=(const ArchiveWatch&) = delete;

  enum class Outcome { kChanged, kStopRequested };

  // Blocks until something under the archive changes and then `settle` passes
  // without another change; kStopRequested as soon as SIGINT or SIGTERM arrives,
  // including one that arrived since the last call.
  Outcome wait(std::chrono::milliseconds settle);

 private:
  bool drain_events();   // true when an event concerned the archive
  bool signal_pending();  // consumes it
  void add_tree(const std::filesystem::path& folder);

  std::filesystem::path archive_;
  int inotify_fd_ = -1;
  int signal_fd_ = -1;
  std::unordered_map<int, std::filesystem::path> folders_;  // watch descriptor -> folder
};

}  // namespace scatter::indexer
