// cpp-httplib's Server with a listen backlog fit for bursts. cpp-httplib 0.11.4
// listens with a backlog of 5: when more new connections arrive together than
// that (a page's visitors at once, or a load test's 200), the kernel drops their
// SYNs and the clients send them again only after 1, 3, 7 and 15 seconds. Those
// waits were all of searchd's worst latencies under 200 connections.
#pragma once

#include <httplib.h>

namespace scatter::searchd {

class ListeningServer : public httplib::Server {
 public:
  // After bind_to_port or bind_to_any_port: the bound socket's backlog raised
  // to `backlog` (calling listen() again on a listening socket updates it).
  // False, with errno set, when no socket is bound or the call fails.
  bool raise_backlog(int backlog);
};

}  // namespace scatter::searchd
