// Where searchd's open connections wait without a thread: until a request's
// whole head (request line and headers) has arrived, between keep-alive
// requests, and while a refused client's unread bytes are drained before the
// close. One thread reads every waiting socket (epoll, non-blocking reads) and
// hands a connection on only when it has something to answer, so a client that
// trickles its headers a byte a second, or opens a connection and sends
// nothing, holds a file descriptor and a few bytes, never a worker.
//
// A connection's head is complete at its first blank line ("\r\n\r\n"). It is
// handed on early, as too large, once it exceeds `max_head_bytes` without
// one, and as too slow once `head_timeout` has passed since its first byte. An
// idle connection is closed after `idle_timeout`. Thread-safe: admit(), park()
// and drain() may be called from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace scatter::searchd {

// One client connection: its socket and the bytes read from it but not yet
// parsed (a request head, or the start of the next pipelined request). Closes
// the socket when it dies.
struct Connection {
  explicit Connection(int socket) : sock(socket) {}
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  int sock;
  std::string unread;
  std::size_t requests_answered = 0;
};

// Why a connection was handed on.
enum class HeadState {
  kComplete,  // `unread` starts with a whole request head
  kTooLarge,  // more than max_head_bytes arrived without the blank line that ends a head
  kTooSlow,   // head_timeout passed after the head's first byte, before its end
};

struct WaitingRoomLimits {
  std::size_t max_head_bytes = 16 * 1024;
  std::chrono::milliseconds head_timeout{5000};
  std::chrono::milliseconds idle_timeout{5000};    // no byte of a next request: closed
  std::size_t max_connections = 4096;             // waiting at once; more are closed on arrival
  std::chrono::milliseconds drain_timeout{2000};   // drain(): how long unread bytes are discarded
  std::size_t max_drain_bytes = 8 * 1024 * 1024;   // drain(): how many
};

class WaitingRoom {
 public:
  // `ready` is called on the room's thread with each connection that has a head
  // to answer (or to refuse); it must not block (searchd queues it for a worker).
  using Ready = std::function<void(std::shared_ptr<Connection>, HeadState)>;
  // Starts the room's thread. Throws std::system_error if epoll is unavailable.
  WaitingRoom(WaitingRoomLimits limits, Ready ready);
  ~WaitingRoom();  // stop()
  WaitingRoom(const WaitingRoom&) = delete;
  WaitingRoom& operator=(const WaitingRoom&) = delete;

  // A new connection; closed at once when max_connections are waiting already.
  void admit(int sock);
  // A connection whose last answer is written and that stays open: handed on
  // at once if `unread` holds a whole head, else waits for one.
  void park(std::shared_ptr<Connection> connection);
  // A connection that is being closed with bytes still coming (a body nobody
  // reads, the rest of a refused head): those are read and discarded, within
  // drain_timeout and max_drain_bytes, so the client reads its answer instead
  // of a reset. The caller has written the answer and shut down writing.
  void drain(std::shared_ptr<Connection> connection);
  // Closes every waiting connection and stops the thread; later admit(),
  // park() and drain() close what they are given. Idempotent.
  void stop();
  std::size_t waiting() const;

 private:
  enum class Wait { kIdle, kHead, kDrain };
  struct Seat {
    std::shared_ptr<Connection> connection;
    Wait wait = Wait::kIdle;
    std::chrono::steady_clock::time_point deadline;
    std::size_t drained = 0;
  };

  void seat(std::shared_ptr<Connection> connection, Wait wait);  // with mutex_ held
  void run();
  void on_readable(int sock);                                       // with mutex_ held
  void check_head(std::map<int, Seat>::iterator seat);               // with mutex_ held
  void hand_on(std::map<int, Seat>::iterator seat, HeadState state);  // with mutex_ held
  void sweep_deadlines();                                           // with mutex_ held
  void unseat(std::map<int, Seat>::iterator seat);                   // with mutex_ held

  const WaitingRoomLimits limits_;
  const Ready ready_;
  int epoll_ = -1;
  int wake_ = -1;  // eventfd: stop() wakes the thread with it
  mutable std::mutex mutex_;
  std::map<int, Seat> seats_;  // by socket
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace scatter::searchd
