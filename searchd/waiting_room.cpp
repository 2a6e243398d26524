#include "waiting_room.h"

#include <cerrno>
#include <string_view>
#include <system_error>
#include <vector>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

namespace scatter::searchd {
namespace {

using Clock = std::chrono::steady_clock;

// Deadlines are seconds long: checking them ten times a second is enough, and
// costs a walk over the waiting connections, not a timer each.
constexpr std::chrono::milliseconds kSweepInterval{100};
constexpr int kEventsPerWait = 256;
constexpr std::size_t kReadBytes = 16 * 1024;
constexpr std::string_view kEndOfHead = "\r\n\r\n";

}  // namespace

Connection::~Connection() {
  if (sock >= 0) ::close(sock);
}

WaitingRoom::WaitingRoom(WaitingRoomLimits limits, Ready ready) : limits_(limits), ready_(std::move(ready)) {
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_ < 0 || wake_ < 0) {
    const int error = errno;
    if (epoll_ >= 0) ::close(epoll_);
    if (wake_ >= 0) ::close(wake_);
    throw std::system_error(error, std::generic_category(), "waiting room: epoll");
  }
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.fd = wake_;
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &event);
  thread_ = std::thread([this] { run(); });
}

WaitingRoom::~WaitingRoom() {
  stop();
  ::close(wake_);
  ::close(epoll_);
}

void WaitingRoom::stop() {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    seats_.clear();  // closes them
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t written = ::write(wake_, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
}

std::size_t WaitingRoom::waiting() const {
  const std::lock_guard lock(mutex_);
  return seats_.size();
}

void WaitingRoom::admit(int sock) {
  auto connection = std::make_shared<Connection>(sock);
  const std::lock_guard lock(mutex_);
  if (stopping_ || seats_.size() >= limits_.max_connections) return;  // closed as `connection` dies
  seat(std::move(connection), Wait::kIdle);
}

void WaitingRoom::park(std::shared_ptr<Connection> connection) {
  const std::lock_guard lock(mutex_);
  if (stopping_) return;
  seat(std::move(connection), Wait::kIdle);
}

void WaitingRoom::drain(std::shared_ptr<Connection> connection) {
  const std::lock_guard lock(mutex_);
  if (stopping_) return;
  connection->unread.clear();
  seat(std::move(connection), Wait::kDrain);
}

void WaitingRoom::seat(std::shared_ptr<Connection> connection, Wait wait) {
  const int sock = connection->sock;
  Seat seat{std::move(connection), wait, {}, 0};
  if (wait == Wait::kIdle && !seat.connection->unread.empty()) seat.wait = Wait::kHead;
  const auto timeout = seat.wait == Wait::kDrain  ? limits_.drain_timeout
                       : seat.wait == Wait::kHead ? limits_.head_timeout
                                                  : limits_.idle_timeout;
  seat.deadline = Clock::now() + timeout;
  const auto [it, inserted] = seats_.insert_or_assign(sock, std::move(seat));
  epoll_event event{};
  event.events = EPOLLIN | EPOLLRDHUP;
  event.data.fd = sock;
  if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, sock, &event) != 0) {
    seats_.erase(it);
    return;
  }
  // Pipelined requests: the next head may be here already.
  if (it->second.wait == Wait::kHead) check_head(it);
}

void WaitingRoom::run() {
  std::vector<epoll_event> events(kEventsPerWait);
  auto last_sweep = Clock::now();
  for (;;) {
    const int count = ::epoll_wait(epoll_, events.data(), kEventsPerWait, static_cast<int>(kSweepInterval.count()));
    const std::lock_guard lock(mutex_);
    if (stopping_) return;
    for (int i = 0; i < count; ++i) {
      if (events[static_cast<std::size_t>(i)].data.fd != wake_) on_readable(events[static_cast<std::size_t>(i)].data.fd);
    }
    if (Clock::now() - last_sweep >= kSweepInterval) {
      sweep_deadlines();
      last_sweep = Clock::now();
    }
  }
}

// One read per connection each time it is ready (epoll reports it again while
// more is waiting): a client sending fast, a drained body or a long head, never
// keeps the room from the others, a steady reader's next request among them.
void WaitingRoom::on_readable(int sock) {
  const auto it = seats_.find(sock);
  if (it == seats_.end()) return;
  Seat& seat = it->second;
  std::string& unread = seat.connection->unread;
  char buffer[kReadBytes];
  // Never more than one byte past the limit of a head: enough to know it is too large.
  const std::size_t head_room = limits_.max_head_bytes + 1 - std::min(unread.size(), limits_.max_head_bytes);
  const std::size_t wanted = seat.wait == Wait::kDrain ? sizeof buffer : std::min(sizeof buffer, head_room);
  const ssize_t n = ::recv(sock, buffer, wanted, MSG_DONTWAIT);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
    unseat(it);  // the client closed or reset the connection
    return;
  }
  if (n < 0) return;
  if (seat.wait == Wait::kDrain) {
    seat.drained += static_cast<std::size_t>(n);
    if (seat.drained > limits_.max_drain_bytes) unseat(it);
    return;
  }
  if (seat.wait == Wait::kIdle) {
    seat.wait = Wait::kHead;
    seat.deadline = Clock::now() + limits_.head_timeout;
  }
  unread.append(buffer, static_cast<std::size_t>(n));
  check_head(it);
}

void WaitingRoom::check_head(std::map<int, Seat>::iterator seat) {
  const std::string& unread = seat->second.connection->unread;
  if (unread.find(kEndOfHead) != std::string::npos) hand_on(seat, HeadState::kComplete);
  else if (unread.size() > limits_.max_head_bytes) hand_on(seat, HeadState::kTooLarge);
}

void WaitingRoom::hand_on(std::map<int, Seat>::iterator seat, HeadState state) {
  std::shared_ptr<Connection> connection = std::move(seat->second.connection);
  ::epoll_ctl(epoll_, EPOLL_CTL_DEL, connection->sock, nullptr);
  seats_.erase(seat);
  ready_(std::move(connection), state);
}

void WaitingRoom::sweep_deadlines() {
  const auto now = Clock::now();
  for (auto it = seats_.begin(); it != seats_.end();) {
    const auto next = std::next(it);
    if (now >= it->second.deadline) {
      if (it->second.wait == Wait::kHead) hand_on(it, HeadState::kTooSlow);
      else unseat(it);
    }
    it = next;
  }
}

void WaitingRoom::unseat(std::map<int, Seat>::iterator seat) {
  ::epoll_ctl(epoll_, EPOLL_CTL_DEL, seat->first, nullptr);
  seats_.erase(seat);  // the connection closes its socket unless a worker still holds it
}

}  // namespace scatter::searchd
