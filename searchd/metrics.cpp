#include "metrics.h"

#include <charconv>
#include <sstream>

namespace scatter::searchd {
namespace {

constexpr std::pair<std::string_view, std::string_view> kPrefixRoutes[] = {
    {"/stories/", "/stories/{id}"}, {"/issues/", "/issues/{number}"}, {"/related/", "/related/{id}"},
    {"/companies/", "/companies/{name}"}, {"/topics/", "/topics/{name}"},
    {"/assets/", "/assets/{file}"}};
constexpr std::string_view kExactRoutes[] = {"/",        "/search", "/feed.atom", "/export", "/significant", "/suggest", "/trends",  "/healthz",
                                             "/readyz", "/metrics", "/widget.js"};

// The shortest text that reads back as the same double: "0.0005" for a bucket
// bound, every digit of a Unix time ("%.9g" rounded those to 10 seconds).
std::string number(double value) {
  char text[32];
  const auto [end, error] = std::to_chars(text, text + sizeof text, value, std::chars_format::general);
  return error == std::errc() ? std::string(text, end) : "NaN";
}

}  // namespace

std::string_view route_of(std::string_view path) {
  for (const std::string_view route : kExactRoutes) {
    if (path == route) return route;
  }
  for (const auto& [prefix, route] : kPrefixRoutes) {
    if (path.size() > prefix.size() && path.starts_with(prefix) &&
        path.find('/', prefix.size()) == std::string_view::npos) {
      return route;
    }
  }
  return "other";
}

Metrics::Metrics() = default;

void Metrics::record(std::string_view path, int status, double seconds) {
  const std::string_view route = route_of(path);
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  const std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  Latency& latency = latency_[route];
  if (bucket < kBuckets.size()) ++latency.buckets[bucket];
  ++latency.count;
  latency.sum += seconds;
}

void Metrics::record_timeout() {
  const std::lock_guard lock(mutex_);
  ++timeouts_;
}

std::string Metrics::exposition(const IndexState& index) const {
  std::ostringstream out;
  {
    const std::lock_guard lock(mutex_);
    out << "# HELP searchd_requests_total HTTP requests answered, by route and status.\n"
           "# TYPE searchd_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
      out << "searchd_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << count << "\n";
    }
    out << "# HELP searchd_request_duration_seconds Time from request read to response written, by route.\n"
           "# TYPE searchd_request_duration_seconds histogram\n";
    for (const auto& [route, latency] : latency_) {
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += latency.buckets[i];
        out << "searchd_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << number(kBuckets[i])
            << "\"} " << cumulative << "\n";
      }
      out << "searchd_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} " << latency.count << "\n"
          << "searchd_request_duration_seconds_sum{route=\"" << route << "\"} " << number(latency.sum) << "\n"
          << "searchd_request_duration_seconds_count{route=\"" << route << "\"} " << latency.count << "\n";
    }
    out << "# HELP searchd_request_timeouts_total Requests that reached --query-timeout-ms (partial answers and 503s).\n"
           "# TYPE searchd_request_timeouts_total counter\n"
        << "searchd_request_timeouts_total " << timeouts_ << "\n";
  }
  out << "# HELP searchd_ready Whether the index is open and searchable (1) or not (0).\n"
         "# TYPE searchd_ready gauge\n"
      << "searchd_ready " << (index.ready ? 1 : 0) << "\n"
      << "# HELP searchd_documents Stories in the index.\n# TYPE searchd_documents gauge\n"
      << "searchd_documents " << index.stories << "\n"
      << "# HELP searchd_index_last_reload_timestamp_seconds When searchd last saw a new index revision (Unix time).\n"
         "# TYPE searchd_index_last_reload_timestamp_seconds gauge\n"
      << "searchd_index_last_reload_timestamp_seconds " << number(index.last_reload_unix_seconds) << "\n"
      << "# HELP searchd_index_reloads_total New index revisions seen since start.\n"
         "# TYPE searchd_index_reloads_total counter\n"
      << "searchd_index_reloads_total " << index.reloads << "\n"
      << "# HELP searchd_cache_entries Answers held in the result cache.\n# TYPE searchd_cache_entries gauge\n"
      << "searchd_cache_entries " << index.cache_entries << "\n"
      << "# HELP searchd_cache_lookups_total Result cache lookups, by outcome.\n"
         "# TYPE searchd_cache_lookups_total counter\n"
      << "searchd_cache_lookups_total{outcome=\"hit\"} " << index.cache_hits << "\n"
      << "searchd_cache_lookups_total{outcome=\"miss\"} " << index.cache_misses << "\n";
  return out.str();
}

}  // namespace scatter::searchd

namespace scatter::searchd {

std::string Metrics::replica_exposition(const std::vector<shards::RemoteShards::ReplicaState>& replicas) {
  std::ostringstream out;
  const auto series = [&](std::string_view name, std::string_view type, std::string_view help, auto value) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
    for (const auto& replica : replicas) {
      out << name << "{shard=\"" << replica.shard << "\",replica=\"" << replica.endpoint << "\"} " << value(replica) << "\n";
    }
  };
  series("searchd_shard_replica_up", "gauge", "1 while the remote shard replica answers, 0 while it is left after a failure.",
         [](const auto& r) { return r.up ? 1 : 0; });
  series("searchd_shard_errors_total", "counter", "Connections to the remote shard replica that failed or timed out.",
         [](const auto& r) { return r.errors; });
  series("searchd_shard_failovers_total", "counter", "Times a reader left the replica for another or for none.",
         [](const auto& r) { return r.failovers; });
  return out.str();
}

}  // namespace scatter::searchd
