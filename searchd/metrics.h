// Counters for Prometheus (GET /metrics, text exposition format 0.0.4):
// requests by route and status, a latency histogram by route, and the index's
// state. Routes are the API's patterns ("/stories/{id}"), never raw paths, so
// the number of series stays bounded whatever clients send. Thread-safe.
#pragma once

#include "shards/remote_shards.h"

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scatter::searchd {

// The route pattern a request path belongs to, or "other".
std::string_view route_of(std::string_view path);

class Metrics {
 public:
  Metrics();
  void record(std::string_view path, int status, double seconds);
  // A request that reached its time limit (answered in part, or 503).
  void record_timeout();

  // What the rest of the server knows, added to the exposition.
  struct IndexState {
    bool ready = false;
    std::uint64_t stories = 0;
    double last_reload_unix_seconds = 0;  // 0 before the first
    std::uint64_t reloads = 0;
    std::uint64_t cache_entries = 0, cache_hits = 0, cache_misses = 0;
  };
  std::string exposition(const IndexState& index) const;
  // Remote shards' replicas (searchd --remote-shard): up or not, errors, and
  // failovers (a reader left it for another replica or for none).
  static std::string replica_exposition(const std::vector<shards::RemoteShards::ReplicaState>& replicas);

  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                     0.05,   0.1,   0.25,   0.5,   1,    2.5};

 private:
  struct Latency {
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // not cumulative; summed on output
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string_view, int>, std::uint64_t> requests_;
  std::map<std::string_view, Latency> latency_;
  std::uint64_t timeouts_ = 0;
};

}  // namespace scatter::searchd
