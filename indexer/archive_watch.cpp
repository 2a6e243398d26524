#include "indexer/archive_watch.h"

#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>
#include <vector>

namespace scatter::indexer {
namespace {

// What changes a capture: written and closed, moved in or out, deleted; folders
// created or moved in must be watched too. IN_MODIFY is left out: a file being
// written fires it per write, and IN_CLOSE_WRITE follows when it is whole.
constexpr std::uint32_t kEvents =
    IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF;

bool is_hidden(const std::string& name) { return name.starts_with('.'); }

std::system_error os_error(const std::string& what) {
  return std::system_error(errno, std::generic_category(), what);
}

sigset_t stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

}  // namespace

ArchiveWatch::ArchiveWatch(std::filesystem::path archive) : archive_(std::move(archive)) {
  const sigset_t signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal_fd_ = signalfd(-1, &signals, SFD_NONBLOCK | SFD_CLOEXEC);
  if (signal_fd_ < 0) throw os_error("signalfd");
  inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd_ < 0) {
    const std::system_error error = os_error("inotify_init1");
    ::close(signal_fd_);
    throw error;
  }
  try {
    add_tree(archive_);
  } catch (...) {
    ::close(inotify_fd_);
    ::close(signal_fd_);
    throw;
  }
}

ArchiveWatch::~ArchiveWatch() {
  ::close(inotify_fd_);
  ::close(signal_fd_);
}

// Iterative, and symlinked folders are not followed: a link back up the tree
// cannot make it loop (the indexer's walk does not follow them either).
void ArchiveWatch::add_tree(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> pending{folder};
  while (!pending.empty()) {
    const std::filesystem::path next = std::move(pending.back());
    pending.pop_back();
    const std::uint32_t follow = next == archive_ ? 0 : IN_DONT_FOLLOW;
    const int wd = inotify_add_watch(inotify_fd_, next.c_str(), kEvents | IN_ONLYDIR | follow);
    if (wd < 0) {
      // A folder gone again before it could be watched is no error; a limit is.
      if (next != archive_ && (errno == ENOENT || errno == ENOTDIR)) continue;
      if (errno == ENOSPC) throw os_error(next.string() + ": cannot watch (the limit is fs.inotify.max_user_watches)");
      throw os_error(next.string() + ": cannot watch");
    }
    folders_[wd] = next;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(next, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code type_error;
      if (is_hidden(it->path().filename().string()) || it->is_symlink(type_error)) continue;
      if (it->is_directory(type_error)) pending.push_back(it->path());
    }
  }
}

bool ArchiveWatch::drain_events() {
  // Aligned for inotify_event, and large enough for many events per read.
  alignas(inotify_event) std::array<char, 64 * 1024> buffer;
  bool changed = false;
  while (true) {
    const ssize_t got = ::read(inotify_fd_, buffer.data(), buffer.size());
    if (got <= 0) return changed;  // EAGAIN: nothing more for now
    for (ssize_t at = 0; at < got;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      if (event->mask & IN_Q_OVERFLOW) {
        // Events were lost, folders made among them too: look at the whole tree again.
        add_tree(archive_);
        changed = true;
        continue;
      }
      if (event->mask & IN_IGNORED) {
        folders_.erase(event->wd);
        continue;
      }
      const auto folder = folders_.find(event->wd);
      if (folder == folders_.end()) continue;
      const std::string name = event->len > 0 ? std::string(event->name) : std::string();
      if (!name.empty() && is_hidden(name)) continue;  // editors' and rsync's temporary files
      if ((event->mask & IN_ISDIR) && (event->mask & (IN_CREATE | IN_MOVED_TO))) add_tree(folder->second / name);
      changed = true;
    }
  }
}

bool ArchiveWatch::signal_pending() {
  signalfd_siginfo info;
  return ::read(signal_fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info);
}

ArchiveWatch::Outcome ArchiveWatch::wait(std::chrono::milliseconds settle) {
  bool changed = false;
  while (true) {
    std::array<pollfd, 2> fds{{{signal_fd_, POLLIN, 0}, {inotify_fd_, POLLIN, 0}}};
    const int timeout = changed ? static_cast<int>(settle.count()) : -1;
    const int ready = ::poll(fds.data(), fds.size(), timeout);
    if (ready < 0) {
      if (errno == EINTR) continue;
      throw os_error("poll");
    }
    if (signal_pending()) return Outcome::kStopRequested;
    if (ready == 0) return Outcome::kChanged;  // quiet for `settle` since the last change
    if (fds[1].revents & POLLIN) changed = drain_events() || changed;
  }
}

}  // namespace scatter::indexer
