// searchd/waiting_room.h: connections wait without a thread until a whole
// request head has arrived, and are handed on as complete, too large or too
// slow; idle ones are closed; past the limit, new ones are closed at once.
// Each test talks to the room through a socket pair, as a client would.
#include "searchd/waiting_room.h"

#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <optional>

namespace scatter::searchd {
namespace {

using namespace std::chrono_literals;

constexpr auto kHang = 5s;  // catches a hang, not a slow answer

struct Handed {
  std::shared_ptr<Connection> connection;
  HeadState state;
};

// A room whose handed-on connections queue up here for the test to take.
class Room {
 public:
  explicit Room(WaitingRoomLimits limits)
      : room_(limits, [this](std::shared_ptr<Connection> connection, HeadState state) {
          const std::lock_guard lock(mutex_);
          handed_.push_back({std::move(connection), state});
          ready_.notify_all();
        }) {}

  // The client's end of a new connection seated in the room.
  int connect() {
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, ends) != 0) throw std::runtime_error("socketpair");
    clients_.push_back(ends[0]);
    room_.admit(ends[1]);
    return ends[0];
  }
  std::optional<Handed> next(std::chrono::milliseconds limit = kHang) {
    std::unique_lock lock(mutex_);
    if (!ready_.wait_for(lock, limit, [this] { return !handed_.empty(); })) return std::nullopt;
    Handed handed = std::move(handed_.front());
    handed_.pop_front();
    return handed;
  }
  WaitingRoom& room() { return room_; }
  ~Room() {
    room_.stop();
    for (const int client : clients_) ::close(client);
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Handed> handed_;
  std::vector<int> clients_;
  WaitingRoom room_;  // last: stopped before the queue it fills goes
};

void send_text(int sock, const std::string& text) {
  ASSERT_EQ(::send(sock, text.data(), text.size(), MSG_NOSIGNAL), static_cast<ssize_t>(text.size()));
}

// True once the other end has closed (EOF) within the hang bound.
bool closed_by_room(int sock) {
  pollfd ready{sock, POLLIN, 0};
  if (::poll(&ready, 1, static_cast<int>(std::chrono::milliseconds(kHang).count())) != 1) return false;
  char byte;
  return ::recv(sock, &byte, 1, 0) == 0;
}

TEST(WaitingRoom, AHeadIsHandedOnOnlyOnceItIsWhole) {
  Room room({});
  const int client = room.connect();
  send_text(client, "GET /search?q=sora HTTP/1.1\r\nHost: x\r\n");
  EXPECT_FALSE(room.next(200ms)) << "half a head waits";
  send_text(client, "\r\nGET /next");
  const auto handed = room.next();
  ASSERT_TRUE(handed);
  EXPECT_EQ(handed->state, HeadState::kComplete);
  EXPECT_EQ(handed->connection->unread, "GET /search?q=sora HTTP/1.1\r\nHost: x\r\n\r\nGET /next");
  EXPECT_EQ(room.room().waiting(), 0u);
}

TEST(WaitingRoom, AHeadPastTheLimitIsHandedOnAsTooLargeWithoutReadingTheRest) {
  Room room({.max_head_bytes = 1024});
  const int client = room.connect();
  send_text(client, "GET /" + std::string(64 * 1024, 'a'));
  const auto handed = room.next();
  ASSERT_TRUE(handed);
  EXPECT_EQ(handed->state, HeadState::kTooLarge);
  EXPECT_EQ(handed->connection->unread.size(), 1025u) << "one byte past the limit is read, no more";
}

TEST(WaitingRoom, AHeadThatStallsIsHandedOnAsTooSlow) {
  Room room({.head_timeout = 200ms});
  const int client = room.connect();
  send_text(client, "GET / HTTP/1.1\r\nX-Slow: a");
  const auto handed = room.next();
  ASSERT_TRUE(handed);
  EXPECT_EQ(handed->state, HeadState::kTooSlow);
  EXPECT_EQ(handed->connection->unread, "GET / HTTP/1.1\r\nX-Slow: a");
}

TEST(WaitingRoom, AnIdleConnectionIsClosed) {
  Room room({.idle_timeout = 200ms});
  const int client = room.connect();
  EXPECT_TRUE(closed_by_room(client));
  EXPECT_FALSE(room.next(0ms)) << "nothing to answer";
}

TEST(WaitingRoom, PastTheLimitNewConnectionsAreClosedAtOnce) {
  Room room({.max_connections = 3});
  for (int i = 0; i < 3; ++i) room.connect();
  const int extra = room.connect();
  EXPECT_TRUE(closed_by_room(extra));
  EXPECT_EQ(room.room().waiting(), 3u);
}

TEST(WaitingRoom, AParkedConnectionWithAWholeHeadReadIsHandedOnAtOnce) {
  Room room({});
  const int client = room.connect();
  send_text(client, "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
  auto handed = room.next();
  ASSERT_TRUE(handed);
  handed->connection->unread.erase(0, handed->connection->unread.find("GET /b"));  // /a answered
  room.room().park(handed->connection);
  const auto again = room.next();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->state, HeadState::kComplete);
  EXPECT_EQ(again->connection->unread, "GET /b HTTP/1.1\r\n\r\n");
}

TEST(WaitingRoom, ADrainedConnectionDiscardsWhatComesAndClosesAtTheClientsEnd) {
  Room room({});
  const int client = room.connect();
  send_text(client, "POST / HTTP/1.1\r\nContent-Length: 100000\r\n\r\n");
  auto handed = room.next();
  ASSERT_TRUE(handed);
  room.room().drain(std::move(handed->connection));
  handed.reset();
  send_text(client, std::string(100000, 'z'));
  ::shutdown(client, SHUT_WR);
  EXPECT_TRUE(closed_by_room(client));
  EXPECT_FALSE(room.next(0ms)) << "the body is not taken for a request";
}

TEST(WaitingRoom, StoppingClosesEveryWaitingConnection) {
  Room room({});
  const int client = room.connect();
  room.room().stop();
  EXPECT_TRUE(closed_by_room(client));
  EXPECT_EQ(room.room().waiting(), 0u);
}

}  // namespace
}  // namespace scatter::searchd
