// searchd's HTTP surface: routes -> engine requests -> JSON. Every answer,
// errors included, is JSON (except /metrics, Prometheus text); an error is
// {"error":{"code","message","parameter"?}}. docs/api.md documents each route.
#pragma once

#include "access_log.h"
#include "engine_pool.h"
#include "index_watch.h"
#include "metrics.h"
#include "result_cache.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace scatter::searchd {

struct ServiceConfig {
  std::filesystem::path db;               // opened read-only by each engine
  unsigned threads = 2;                   // engines: searches that run at once
  std::size_t cache_entries = 10000;      // answers kept; 0 turns the cache off
  std::vector<std::string> cors_origins;  // origins a browser may call from ("*": any)
  int max_age_seconds = 10;               // Cache-Control max-age of answers
  std::chrono::milliseconds watch_interval{200};  // how often the index is checked for a new revision
  bool serve_web = true;                  // the search page at /, /assets/*, /widget.js (static_files.h)
  std::chrono::milliseconds query_timeout{1000};  // a request's time limit, from its arrival (--query-timeout-ms)
  // Shards read over Xapian's remote protocol (--remote-shard, --shard-list),
  // each a list of replicas; `db` is then the front's local copy of the first
  // shard. Empty: the index at `db` is read whole.
  std::vector<std::vector<shards::Endpoint>> remote_shards{};
  std::chrono::milliseconds shard_timeout{500};  // connect and reply timeout of a remote shard
  unsigned max_exports = 2;  // /export streams at once (--max-exports)
};

// The state behind the routes: engines, cache, metrics and the index watch.
class Service {
 public:
  Service(ServiceConfig config, AccessLog& log);
  void install(httplib::Server& server);

 private:
  struct Reply {
    int status = 200;
    std::string body;
    // Cut short by the deadline: served, never cached. With nothing found,
    // a 503 with Retry-After instead.
    bool timed_out = false;
    bool found_nothing = false;
  };
  using TimePoint = Deadline::Clock::time_point;
  using Compute = std::function<Reply(SearchEngine&, const httplib::Request&, TimePoint deadline)>;

  // Answers a GET from the cache or by borrowing an engine; adds ETag and
  // Cache-Control tied to the index revision; answers 304 to a matching If-None-Match.
  // JSON, or an Atom feed (which also carries Last-Modified, the time this
  // searchd first saw the index's revision, and answers If-Modified-Since).
  enum class Format { kJson, kAtom };
  void answer(const httplib::Request& req, httplib::Response& res, const Compute& compute, Format format = Format::kJson);
  void allow_origin(const httplib::Request& req, httplib::Response& res) const;
  void readyz(httplib::Response& res);
  // GET /export: every match, streamed, outside the request deadline and the
  // engine pool (an export may take minutes), at most max_exports at once.
  void export_matches(const httplib::Request& req, httplib::Response& res);
  // The request's deadline: its arrival plus the query timeout.
  TimePoint deadline_of_request() const;

  // On the watch's thread: builds a new revision's facet index before a
  // faceted search or trend has to wait for it (at 1,000,000 stories, about a
  // second of one core).
  void prepare_counts();

  ServiceConfig config_;
  AccessLog& log_;
  std::shared_ptr<shards::RemoteShards> remote_;  // null without remote shards
  EnginePool pool_;
  ResultCache cache_;
  Metrics metrics_;
  // Used by the watch's thread alone (prepare_counts), so no worker's engine is taken.
  std::unique_ptr<SearchEngine> preparing_engine_;
  std::optional<std::string> prepared_revision_;
  std::shared_ptr<std::atomic<unsigned>> exports_running_ = std::make_shared<std::atomic<unsigned>>(0);
  IndexWatch watch_;  // last: its thread calls prepare_counts
};

}  // namespace scatter::searchd
