// The shards a searchd front reads over Xapian's remote protocol (from
// scatter-shardd), each with its replicas, and what the front knows of their
// health: which replica failed, when to try it again, how often each failed
// and was left for another. Shared by the front's engines (engine/search_engine.h),
// which each hold their own connections; thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace scatter::shards {

struct Endpoint {
  std::string host;
  unsigned port = 0;
  std::string text() const;  // "HOST:PORT", "[::1]:PORT"
};

// "HOST:PORT[,HOST:PORT...]": one shard and its replicas, in the order to try
// them. Throws std::invalid_argument saying what is wrong.
std::vector<Endpoint> parse_replicas(std::string_view text);

// A shard list file: one shard per line, as parse_replicas() reads it, or as a
// line of Xapian's stub file names a TCP remote ("remote HOST:PORT", with
// replicas after commas); blank lines and lines starting with '#' are skipped. Throws ParseError
// (archive/diagnostics.h) naming the file and line.
std::vector<std::vector<Endpoint>> read_shard_list(const std::filesystem::path& file);

class RemoteShards {
 public:
  struct Settings {
    // A replica's connect timeout, and the longest wait for any one reply.
    std::chrono::milliseconds timeout{500};
    // How long a failed replica is left alone before it is tried again.
    std::chrono::milliseconds retry_after{1000};
  };

  // Throws std::invalid_argument when `shards` is empty or a shard has no replica.
  RemoteShards(std::vector<std::vector<Endpoint>> shards, Settings settings);

  std::size_t shard_count() const { return shards_.size(); }
  const std::vector<Endpoint>& replicas(std::size_t shard) const { return shards_.at(shard); }
  const Settings& settings() const { return settings_; }

  // A starting point for one reader, so that readers spread over the replicas.
  std::size_t next_reader() { return readers_++; }
  // Shard `shard`'s replicas as `reader` should try them: those not left
  // after a failure first, starting at the reader's own, then the others
  // whose wait is over. Empty when every replica failed within retry_after.
  std::vector<std::size_t> order(std::size_t shard, std::size_t reader) const;
  // True when some replica of `shard` may be tried now.
  bool may_try(std::size_t shard) const;

  void answered(std::size_t shard, std::size_t replica);
  // A connection to it failed or timed out: left for retry_after.
  void failed(std::size_t shard, std::size_t replica);
  // A reader left it for another replica (or for none).
  void failed_over(std::size_t shard, std::size_t replica);
  // The replica whose Xapian error context ("remote:tcp(HOST:PORT)") this is.
  struct Found {
    std::size_t shard = 0, replica = 0;
    bool found = false;
  };
  Found replica_of(std::string_view error_context) const;

  struct ReplicaState {
    std::size_t shard = 0;
    std::string endpoint;
    bool up = true;
    std::uint64_t errors = 0, failovers = 0;
  };
  std::vector<ReplicaState> states() const;

 private:
  struct Health {
    std::chrono::steady_clock::time_point retry_at{};
    bool up = true;
    std::uint64_t errors = 0, failovers = 0;
  };
  std::vector<std::vector<Endpoint>> shards_;
  Settings settings_;
  mutable std::mutex mutex_;
  std::vector<std::vector<Health>> health_;
  std::atomic<std::size_t> readers_ = 0;
};

}  // namespace scatter::shards
