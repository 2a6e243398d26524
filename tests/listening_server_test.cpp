// searchd/listening_server.h: a burst of new connections completes its
// handshakes at once, while the server is not even accepting, instead of
// waiting for the clients to resend their SYNs seconds later.
#include "searchd/listening_server.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <vector>

namespace {

using scatter::searchd::ListeningServer;

// Starts `count` non-blocking connects to 127.0.0.1:port and returns how many
// completed within `limit`. Nothing accepts them: the kernel completes a
// handshake only while the listen backlog has room.
int handshakes_completed(int port, int count, std::chrono::milliseconds limit) {
  std::vector<int> sockets;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (int i = 0; i < count; ++i) {
    const int sock = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ::connect(sock, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    sockets.push_back(sock);
  }
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int completed = 0;
  for (const int sock : sockets) {
    pollfd ready{.fd = sock, .events = POLLOUT, .revents = 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    int error = 0;
    socklen_t length = sizeof error;
    if (::poll(&ready, 1, static_cast<int>(std::max<long>(0, left.count()))) == 1 &&
        ::getsockopt(sock, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0) {
      ++completed;
    }
  }
  for (const int sock : sockets) ::close(sock);
  return completed;
}

TEST(ListeningServer, ABurstOfNewConnectionsIsHeldWhileTheServerIsBusy) {
  ListeningServer server;
  const int port = server.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  ASSERT_TRUE(server.raise_backlog(SOMAXCONN));
  // 200 at once, as a load test's connections or a crowd of readers arrive;
  // none is accepted yet, as when every connection thread is busy.
  EXPECT_EQ(handshakes_completed(port, 200, std::chrono::milliseconds(500)), 200);
}

TEST(ListeningServer, RaisingTheBacklogNeedsABoundSocket) {
  ListeningServer server;
  EXPECT_FALSE(server.raise_backlog(SOMAXCONN));
}

}  // namespace
