// cpp-httplib's Server, made to hold up against hostile clients. cpp-httplib
// 0.11.4 gives each connection a thread from the moment it is accepted and
// reads the request head a byte at a time with only a per-read timeout, so a
// client trickling a header byte every few seconds, or a few hundred opening
// connections and sending nothing, holds every thread; it grows a request line
// or header without bound until its newline comes (a 1 GB line is read whole);
// it loses pipelined requests (each request's read buffer is dropped with the
// bytes read ahead); it reads a body on a GET as the next request; and it
// listens with a backlog of 5, so a burst of connections waits seconds for SYN
// retries.
//
// Here connections wait in a WaitingRoom (no thread) until a whole head has
// arrived, within limits of size and time, and workers parse it from memory
// with httplib's own request handling. searchd reads no request bodies: a
// request that comes with one is answered and its connection closed.
#pragma once

#include "waiting_room.h"

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace scatter::searchd {

struct ConnectionLimits {
  unsigned workers = 256;               // requests answered at once (their heads all in)
  std::size_t max_connections = 4096;   // open at once; more are closed when accepted
  std::size_t max_head_bytes = 16 * 1024;        // request line and headers together
  std::chrono::milliseconds head_timeout{5000};  // from a head's first byte to its end
};

// A request refused before httplib could parse it whole: the answer's status,
// error code and message.
struct HeadRefusal {
  int status;
  std::string code;
  std::string message;
};

class ListeningServer : public httplib::Server {
 public:
  // Starts the workers and the waiting room (no connection is accepted before
  // listen_after_bind). Idle keep-alive connections close after the server's
  // keep-alive timeout (set_keep_alive_timeout), as in httplib.
  explicit ListeningServer(ConnectionLimits limits = {});
  ~ListeningServer() override;

  // After bind_to_port or bind_to_any_port: the bound socket's backlog raised
  // to `backlog` (calling listen() again on a listening socket updates it).
  // False, with errno set, when no socket is bound or the call fails.
  bool raise_backlog(int backlog);

  // listen_after_bind(), and once stop() has ended it, waits for every request
  // in flight to be answered and closes every connection.
  bool serve();

  // In httplib's error handler, on a worker thread: why the request being
  // answered there was refused before it was parsed (its head too large, or too
  // slow to arrive), or null. httplib hands the error handler only the request
  // and the response, and reports both cases as a malformed request (400).
  static const HeadRefusal* refusal_being_answered();

 private:
  bool process_and_close_socket(socket_t sock) override;
  void answer(std::shared_ptr<Connection> connection, HeadState state);
  bool answer_one(Connection& connection, bool& closing, bool& body_unread);
  void refuse(Connection& connection, HeadState state);
  void stop_serving();

  ConnectionLimits limits_;
  std::unique_ptr<httplib::ThreadPool> workers_;
  std::unique_ptr<WaitingRoom> room_;
};

}  // namespace scatter::searchd
