// common/shards/remote_shards.h: reading searchd's --remote-shard lists and
// shard list files, and the replicas' health that failover follows.
#include "test_support.h"

#include "archive/diagnostics.h"
#include "shards/remote_shards.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

namespace scatter::shards {
namespace {

using namespace std::chrono_literals;

TEST(RemoteShardList, ReadsReplicasInTheOrderGiven) {
  const std::vector<Endpoint> replicas = parse_replicas("10.0.0.5:7401,shard-b.internal:7402,[::1]:7403");
  ASSERT_EQ(replicas.size(), 3u);
  EXPECT_EQ(replicas[0].host, "10.0.0.5");
  EXPECT_EQ(replicas[0].port, 7401u);
  EXPECT_EQ(replicas[1].text(), "shard-b.internal:7402");
  EXPECT_EQ(replicas[2].host, "::1");
  EXPECT_EQ(replicas[2].text(), "[::1]:7403");
}

TEST(RemoteShardList, RefusesWhatIsNotHostColonPortSayingWhy) {
  for (const char* bad : {"", "7401", ":7401", "host:", "host:0", "host:65536", "host:74x", "a:1,,b:2"}) {
    EXPECT_THROW(parse_replicas(bad), std::invalid_argument) << bad;
  }
  try {
    parse_replicas("host:99999");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("host:99999"), std::string::npos) << e.what();
  }
}

TEST(RemoteShardList, AFileListsOneShardPerLineAndNamesTheLineOfAnError) {
  test::TempDir dir;
  test::write_file(dir / "shards",
                   "# the front's shards\n\n10.0.0.5:7401,10.0.0.6:7401\n  10.0.0.5:7402  \nremote 10.0.0.7:7403\n");
  const auto shards = read_shard_list(dir / "shards");
  ASSERT_EQ(shards.size(), 3u);
  EXPECT_EQ(shards[0].size(), 2u);
  EXPECT_EQ(shards[1][0].text(), "10.0.0.5:7402");
  EXPECT_EQ(shards[2][0].text(), "10.0.0.7:7403") << "a line of Xapian's stub file reads the same";

  test::write_file(dir / "bad", "10.0.0.5:7401\n10.0.0.6\n");
  try {
    read_shard_list(dir / "bad");
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_EQ(e.line, 2);
    EXPECT_NE(std::string(e.what()).find("bad:2"), std::string::npos) << e.what();
  }
  test::write_file(dir / "empty", "# nothing\n");
  EXPECT_THROW(read_shard_list(dir / "empty"), ParseError);
  EXPECT_THROW(read_shard_list(dir / "missing"), ParseError);
}

TEST(RemoteShardHealth, AFailedReplicaIsTriedLastAndOnlyOnceItsWaitIsOver) {
  RemoteShards remote({parse_replicas("a:1,b:2"), parse_replicas("c:3")}, {.timeout = 100ms, .retry_after = 200ms});
  EXPECT_EQ(remote.order(0, 0), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(remote.order(0, 1), (std::vector<std::size_t>{1, 0})) << "readers start on different replicas";
  remote.failed(0, 0);
  EXPECT_EQ(remote.order(0, 0), (std::vector<std::size_t>{1}));
  EXPECT_TRUE(remote.may_try(0));
  remote.failed(1, 0);
  EXPECT_TRUE(remote.order(1, 0).empty());
  EXPECT_FALSE(remote.may_try(1));
  std::this_thread::sleep_for(250ms);
  EXPECT_EQ(remote.order(0, 0), (std::vector<std::size_t>{1, 0}));
  EXPECT_TRUE(remote.may_try(1));
  remote.answered(0, 0);
  EXPECT_EQ(remote.order(0, 0), (std::vector<std::size_t>{0, 1}));
}

TEST(RemoteShardHealth, CountsErrorsAndFailoversPerReplicaAndFindsTheReplicaOfAnError) {
  RemoteShards remote({parse_replicas("127.0.0.1:7401,127.0.0.1:7402")}, {});
  remote.failed(0, 1);
  remote.failed_over(0, 1);
  remote.failed(0, 1);
  const auto states = remote.states();
  ASSERT_EQ(states.size(), 2u);
  EXPECT_TRUE(states[0].up);
  EXPECT_FALSE(states[1].up);
  EXPECT_EQ(states[1].endpoint, "127.0.0.1:7402");
  EXPECT_EQ(states[1].errors, 2u);
  EXPECT_EQ(states[1].failovers, 1u);
  const RemoteShards::Found found = remote.replica_of("remote:tcp(127.0.0.1:7402)");
  EXPECT_TRUE(found.found);
  EXPECT_EQ(found.replica, 1u);
  EXPECT_FALSE(remote.replica_of("remote:tcp(127.0.0.1:9999)").found);
  EXPECT_THROW(RemoteShards({}, {}), std::invalid_argument);
}

}  // namespace
}  // namespace scatter::shards
