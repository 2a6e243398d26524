#include "routes.h"

#include "feeds/atom.h"

#include "json/to_json.h"
#include "listening_server.h"
#include "request_params.h"
#include "static_files.h"

#include <algorithm>
#include <iostream>

namespace scatter::searchd {
namespace {

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kAtom = "application/atom+xml; charset=utf-8";
constexpr const char* kAllowed = "GET, HEAD, OPTIONS";

std::string dump(const nlohmann::json& body) {
  // Replacement keeps a response valid JSON even if stored text were not UTF-8.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string error_body(const std::string& code, const std::string& message, const std::string& parameter = "") {
  nlohmann::json error{{"code", code}, {"message", message}};
  if (!parameter.empty()) error["parameter"] = parameter;
  return dump({{"error", error}});
}

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message,
                const std::string& parameter = "") {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(error_body(code, message, parameter), kJson);
}

// The public learns that there is no index, not where the server keeps it: the
// path and the cause go to the operator's log (stderr).
void unavailable(httplib::Response& res, const std::string& cause = "") {
  if (!cause.empty()) std::cerr << "searchd: " << cause << "\n";
  send_error(res, 503, "no_database", "no searchable index yet; try again once the indexer has run");
}

// Likewise for an index that is there but damaged: it stays unsearchable until
// the operator rebuilds it, which `cause` (to stderr) tells them how to do.
void damaged(httplib::Response& res, const std::string& cause) {
  std::cerr << "searchd: " << cause << "\n";
  send_error(res, 503, "index_damaged", "the index is damaged and cannot be searched until it is rebuilt");
}

// Remote shards, none of which answers: the cause (which replicas, why) to
// the operator's log; the client may retry.
void shards_unavailable(httplib::Response& res, const std::string& cause) {
  std::cerr << "searchd: " << cause << "\n";
  res.set_header("Retry-After", "1");
  send_error(res, 503, "shards_unavailable", "no shard of the index answers; try again shortly");
}

void no_index(httplib::Response& res, const IndexWatch::State& state) {
  if (state.damage.empty()) unavailable(res);
  else damaged(res, state.damage);
}

// The request ran out of time before finding anything: a moment later, with
// the workers less busy, it may not.
void timed_out(httplib::Response& res, const std::string& message) {
  send_error(res, 503, "timeout", message);
  res.set_header("Retry-After", "1");
}

// The answer to what the engine threw (call only from a catch block): 400
// naming the parameter, or 503 for an index that is missing, damaged or whose
// shards do not answer.
void answer_engine_error(httplib::Response& res) {
  try {
    throw;
  } catch (const BadParameter& e) {
    send_error(res, 400, "bad_parameter", e.reason, e.parameter);
  } catch (const IndexDamaged& e) {
    damaged(res, e.what());
  } catch (const ShardsUnavailable& e) {
    shards_unavailable(res, e.what());
  } catch (const EngineError& e) {
    unavailable(res, e.what());
  }
}

// One Vary header naming every request header the answer depends on.
void vary_also(httplib::Response& res, const std::string& name) {
  const std::string before = res.get_header_value("Vary");
  res.headers.erase("Vary");
  res.set_header("Vary", before.empty() ? name : before + ", " + name);
}

// When the request began, for the access log: set before routing, read after
// the response is written, on the same connection thread.
thread_local std::chrono::steady_clock::time_point request_start{};

// No parameters expected: refuse any, like the other routes refuse unknown ones.
void no_parameters(const httplib::Request& req) {
  const Parameters params = query_parameters(req.target);
  if (!params.empty()) throw BadParameter(params.front().first, "unknown parameter");
}

// RFC 9110's IMF-fixdate: "Sun, 06 Dec 2026 19:04:32 GMT".
std::string http_date(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return text;
}

// True when If-Modified-Since names `modified` or later (to the second); an
// absent or unreadable date is never "not modified".
bool not_modified_since(const std::string& if_modified_since, std::chrono::system_clock::time_point modified) {
  if (if_modified_since.empty()) return false;
  std::tm utc{};
  const char* end = strptime(if_modified_since.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &utc);
  if (end == nullptr || *end != '\0') return false;
  const std::time_t since = timegm(&utc);
  return std::chrono::system_clock::to_time_t(modified) <= since;
}

// The scheme and host the client reached us by ("https://search.example"),
// for the absolute links of a feed: behind a proxy, its X-Forwarded-Proto.
std::string origin_of(const httplib::Request& req) {
  const std::string proto = req.get_header_value("X-Forwarded-Proto");
  const std::string scheme = proto == "https" ? "https" : "http";
  std::string host = req.get_header_value("Host");
  if (host.empty() || host.find_first_of(" /\"<>") != std::string::npos) host = "localhost";
  return scheme + "://" + host;
}

bool etag_matches(const std::string& if_none_match, const std::string& etag) {
  if (if_none_match.empty()) return false;
  if (if_none_match == "*") return true;
  // A list of tags, any of them weak (W/"...") as browsers may send them back.
  return if_none_match.find(etag) != std::string::npos;
}

}  // namespace

Service::Service(ServiceConfig config, AccessLog& log)
    : config_(std::move(config)),
      log_(log),
      remote_(config_.remote_shards.empty()
                   ? nullptr
                   : std::make_shared<shards::RemoteShards>(
                         config_.remote_shards, shards::RemoteShards::Settings{.timeout = config_.shard_timeout})),
      pool_(config_.db, config_.threads, remote_),
      // With remote shards the local revision does not follow theirs: no
      // answer is kept or revalidated by it.
      cache_(remote_ ? 0 : config_.cache_entries),
      watch_(config_.db, config_.watch_interval, [this] {
        log_.flush();
        prepare_counts();
      }) {}

void Service::prepare_counts() {
  const std::optional<std::string> revision = watch_.revision();
  if (!revision || revision == prepared_revision_) return;
  // Tried once per revision, not at every look: a damaged index would
  // otherwise be opened several times a second.
  prepared_revision_ = revision;
  try {
    if (!preparing_engine_) preparing_engine_ = std::make_unique<SearchEngine>(config_.db, remote_);
    preparing_engine_->prepare_counts();
  } catch (const std::exception&) {
    // An index being swapped or damaged: the first search that needs the
    // facet index builds it, or reports the error.
    preparing_engine_.reset();
  }
}

void Service::allow_origin(const httplib::Request& req, httplib::Response& res) const {
  if (config_.cors_origins.empty()) return;
  // Every answer varies by Origin while CORS is on, those without an Origin and
  // refused ones included: else a shared cache in front keeps a copy without
  // Access-Control-Allow-Origin and serves it to the allowed site.
  vary_also(res, "Origin");
  if (!req.has_header("Origin")) return;
  const std::string origin = req.get_header_value("Origin");
  const auto& allowed = config_.cors_origins;
  const bool any = std::find(allowed.begin(), allowed.end(), "*") != allowed.end();
  if (!any && std::find(allowed.begin(), allowed.end(), origin) == allowed.end()) return;
  res.set_header("Access-Control-Allow-Origin", any ? "*" : origin);
  res.set_header("Access-Control-Expose-Headers", "ETag, X-Cache");
}

void Service::answer(const httplib::Request& req, httplib::Response& res, const Compute& compute, Format format) {
  const char* content_type = format == Format::kAtom ? kAtom : kJson;
  const IndexWatch::State state = watch_.state();
  const std::optional<std::string>& revision = state.revision;
  if (!revision) {
    no_index(res, state);
    return;
  }
  const std::string etag = "\"" + *revision + "\"";
  // A feed reader polls: Last-Modified is when this searchd first saw the revision.
  const std::string last_modified = http_date(state.last_reload);
  const auto cacheable = [&] {
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", "public, max-age=" + std::to_string(config_.max_age_seconds));
    if (format == Format::kAtom) res.set_header("Last-Modified", last_modified);
  };
  const bool not_modified =
      req.has_header("If-None-Match")
          ? etag_matches(req.get_header_value("If-None-Match"), etag)
          : format == Format::kAtom && not_modified_since(req.get_header_value("If-Modified-Since"), state.last_reload);
  if (!remote_ && not_modified) {
    cacheable();
    res.status = 304;
    return;
  }
  // A feed's links are made from the Host it was asked by: not kept for others.
  const bool cached = format == Format::kJson;
  if (const ResultCache::Body body = cached ? cache_.find(*revision, req.target) : nullptr) {
    cacheable();
    res.set_header("X-Cache", "hit");
    res.status = 200;
    res.set_content(*body, content_type);
    return;
  }
  Reply reply;
  const TimePoint deadline = deadline_of_request();
  const std::string limit = std::to_string(config_.query_timeout.count()) + " ms";
  try {
    const std::optional<EnginePool::Lease> engine = pool_.borrow_until(deadline);
    if (!engine) {
      metrics_.record_timeout();
      timed_out(res, "every query worker stayed busy for the request's time limit (" + limit + "); try again");
      return;
    }
    reply = compute(**engine, req, deadline);
  } catch (const EngineError&) {
    answer_engine_error(res);
    return;
  } catch (const BadParameter&) {
    answer_engine_error(res);
    return;
  }
  if (reply.timed_out) metrics_.record_timeout();
  if (reply.timed_out && reply.found_nothing) {
    timed_out(res, "the search reached its time limit (" + limit + ") before finding anything; try again or narrow it");
    return;
  }
  if (reply.status != 200 || reply.timed_out || remote_) {
    // An error, or a partial answer: the same request later may be answered in
    // full. Remote shards change without the local revision.
    res.status = reply.status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(std::move(reply.body), reply.status == 200 ? content_type : kJson);
    return;
  }
  cacheable();
  if (cached && cache_.enabled()) {
    res.set_header("X-Cache", "miss");
    cache_.store(*revision, req.target, std::make_shared<const std::string>(reply.body));
  }
  res.status = 200;
  res.set_content(std::move(reply.body), content_type);
}

Service::TimePoint Service::deadline_of_request() const {
  const auto arrived = request_start == TimePoint{} ? std::chrono::steady_clock::now() : request_start;
  return arrived + config_.query_timeout;
}

void Service::readyz(httplib::Response& res) {
  const IndexWatch::State state = watch_.state();
  if (!state.revision) {
    no_index(res, state);
    return;
  }
  try {
    // Searchable, not only present: an engine opens it and runs the empty query.
    const EnginePool::Lease engine = pool_.borrow();
    const SearchResult probe = engine->search(SearchRequest{.per_page = 1});
    res.set_header("Cache-Control", "no-store");
    nlohmann::json body{{"status", "ready"}, {"stories", probe.total_estimate}, {"revision", *state.revision}};
    if (remote_) {
      // Ready while any shard answers; the others are named.
      body["partial"] = !probe.missing_shards.empty();
      body["missing_shards"] = probe.missing_shards;
      nlohmann::json replicas = nlohmann::json::array();
      for (const auto& replica : remote_->states()) {
        replicas.push_back({{"shard", replica.shard}, {"replica", replica.endpoint}, {"up", replica.up},
                            {"errors", replica.errors}, {"failovers", replica.failovers}});
      }
      body["replicas"] = replicas;
    }
    res.set_content(dump(body), kJson);
  } catch (const EngineError&) {
    answer_engine_error(res);
  }
}

void Service::export_matches(const httplib::Request& req, httplib::Response& res) {
  const IndexWatch::State state = watch_.state();
  if (!state.revision) {
    no_index(res, state);
    return;
  }
  // What one export holds while its rows go out: its engine, its stream, and
  // its place among those running, given back when the response is done with.
  struct Export {
    std::shared_ptr<std::atomic<unsigned>> running;
    std::unique_ptr<SearchEngine> engine;
    std::optional<ResultStream> stream;
    bool header_sent = false;
    ~Export() { --*running; }
  };
  ExportRequest request;
  try {
    request = export_request_from(query_parameters(req.target));
  } catch (const BadParameter& e) {
    send_error(res, 400, "bad_parameter", e.reason, e.parameter);
    return;
  }
  if (exports_running_->fetch_add(1) >= config_.max_exports) {
    --*exports_running_;
    res.set_header("Retry-After", "5");
    send_error(res, 503, "busy", std::to_string(config_.max_exports) + " exports are running; try again shortly");
    return;
  }
  auto job = std::make_shared<Export>();
  job->running = exports_running_;
  try {
    job->engine = std::make_unique<SearchEngine>(config_.db, remote_);
    job->stream.emplace(job->engine->stream(request.search));
  } catch (const EngineError&) {
    answer_engine_error(res);
    return;
  } catch (const BadParameter&) {
    answer_engine_error(res);
    return;
  }
  const exports::ExportFormat format = request.format;
  res.set_header("Cache-Control", "no-store");
  res.set_header("Content-Disposition",
                 "attachment; filename=\"" + exports::export_file_name(request.search, format) + "\"");
  res.set_header("X-Total-Count", std::to_string(job->stream->total()));
  res.set_chunked_content_provider(
      std::string(exports::export_content_type(format)), [job, format](std::size_t, httplib::DataSink& sink) {
        std::string chunk = job->header_sent ? "" : exports::export_header(format, job->stream->field_names());
        job->header_sent = true;
        std::vector<SearchHit> hits;
        try {
          hits = job->stream->next(500);
        } catch (const std::exception& e) {
          // Too late for a status: the response ends without its last chunk,
          // which a client sees as a broken transfer, not a short file.
          std::cerr << "searchd: export stopped: " << e.what() << "\n";
          return false;
        }
        for (const SearchHit& hit : hits) chunk += exports::export_row(format, hit, job->stream->field_names());
        if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) return false;
        if (hits.empty()) sink.done();
        return true;
      });
}

void Service::install(httplib::Server& server) {
  // Other methods: 405 on a route that exists (with Allow), 404 elsewhere.
  const auto wrong_method = [](const httplib::Request& req, httplib::Response& res) {
    if (route_of(req.path) == "other") {
      send_error(res, 404, "not_found", "no route for " + req.path);
      return;
    }
    res.set_header("Allow", kAllowed);
    send_error(res, 405, "method_not_allowed", req.method + " is not allowed on " + req.path + "; use GET");
  };

  server.set_pre_routing_handler([this, wrong_method](const httplib::Request& req, httplib::Response& res) {
    request_start = std::chrono::steady_clock::now();
    allow_origin(req, res);
    // httplib reads TRACE and CONNECT requests but has no handlers for them,
    // and would answer 400 as if the request were malformed.
    if (req.method == "TRACE" || req.method == "CONNECT") {
      wrong_method(req, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // cpp-httplib tries the routes' patterns in the order given: the busiest first.
  server.Get("/search", [this](const httplib::Request& req, httplib::Response& res) {
    answer(req, res, [](SearchEngine& engine, const httplib::Request& request, TimePoint deadline) {
      SearchRequest search = search_request_from_target(request.target);
      search.deadline = deadline;
      const SearchResult result = engine.search(search);
      return Reply{200, dump(to_json(result)), result.timed_out, result.hits.empty()};
    });
  });
  server.Get("/feed.atom", [this](const httplib::Request& req, httplib::Response& res) {
    answer(
        req, res,
        [](SearchEngine& engine, const httplib::Request& request, TimePoint deadline) {
          const Parameters params = feed_parameters(query_parameters(request.target));
          SearchRequest search = feeds::feed_request(search_request_from(params));
          search.deadline = deadline;
          const SearchResult result = engine.search(search);
          const std::string origin = origin_of(request);
          const std::string query = canonical_query(params);
          const feeds::FeedInfo info{
              .title = feeds::feed_title(search),
              .feed_id = feeds::feed_id_for(search),
              .self_url = origin + "/feed.atom" + (query.empty() ? "" : "?" + query),
              .page_url = origin + "/" + (query.empty() ? "" : "?" + query),
              .base_url = origin};
          return Reply{200, feeds::atom_feed(result, info), result.timed_out, result.hits.empty()};
        },
        Format::kAtom);
  });
  server.Get("/export", [this](const httplib::Request& req, httplib::Response& res) { export_matches(req, res); });
  server.Get("/significant", [this](const httplib::Request& req, httplib::Response& res) {
    answer(req, res, [](SearchEngine& engine, const httplib::Request& request, TimePoint deadline) {
      SignificantRequest significant = significant_request_from(query_parameters(request.target));
      significant.search.deadline = deadline;
      const SignificantResult result = engine.significant(significant);
      return Reply{200, dump(to_json(result)), result.timed_out, result.terms.empty()};
    });
  });
  server.Get("/suggest", [this](const httplib::Request& req, httplib::Response& res) {
    answer(req, res, [](SearchEngine& engine, const httplib::Request& request, TimePoint) {
      const SuggestRequest suggest = suggest_request_from(query_parameters(request.target));
      return Reply{200, dump(to_json(suggest.q, engine.suggest(suggest.q, suggest.limit)))};
    });
  });
  server.Get("/trends", [this](const httplib::Request& req, httplib::Response& res) {
    answer(req, res, [](SearchEngine& engine, const httplib::Request& request, TimePoint deadline) {
      TrendsRequest trends = trends_request_from(query_parameters(request.target));
      trends.search.deadline = deadline;
      const TrendsResult result = engine.trends(trends);
      return Reply{200, dump(to_json(result)), result.timed_out, result.total == 0};
    });
  });
  server.Get("/stories/([^/]+)", [this](const httplib::Request& req, httplib::Response& res) {
    answer(req, res, [](SearchEngine& engine, const httplib::Request& request, TimePoint deadline) {
      no_parameters(request);
      const std::string id = request.matches[1];
      const auto record = engine.story(id);
      const auto thread = record ? engine.thread(id, deadline) : std::nullopt;
      if (record && thread) return Reply{200, dump(to_json(*record, *thread)), thread->timed_out};
      return Reply{404, error_body("not_found", "no story with id '" + id + "'")};
    });
  });
  server.Get("/issues/([^/]+)", [this](const httplib::Request& req, httplib::Response& res) {
    // A browser following a story's link (an index built without --site-url)
    // gets the reading view; the page asks this same address for the JSON.
    vary_also(res, "Accept");
    if (config_.serve_web && prefers_html(req.get_header_value("Accept"))) {
      serve_page("issue.html", req, res);
      return;
    }
    answer(req, res, [](SearchEngine& engine, const httplib::Request& request, TimePoint) {
      no_parameters(request);
      // A number, or the key of an issue without one (its date): what story ids start with.
      const std::string key = request.matches[1];
      if (auto listing = engine.issue(key)) return Reply{200, dump(to_json(*listing))};
      return Reply{404, error_body("not_found", "no issue '" + key + "' in the archive")};
    });
  });
  // A company's or topic's page: JSON, or for a browser the page that shows it.
  for (const EntityKind kind : {EntityKind::kCompany, EntityKind::kTopic}) {
    const std::string pattern = kind == EntityKind::kCompany ? "/companies/([^/]+)" : "/topics/([^/]+)";
    server.Get(pattern, [this, kind](const httplib::Request& req, httplib::Response& res) {
      vary_also(res, "Accept");
      if (config_.serve_web && prefers_html(req.get_header_value("Accept"))) {
        serve_page("entity.html", req, res);
        return;
      }
      answer(req, res, [kind](SearchEngine& engine, const httplib::Request& request, TimePoint deadline) {
        ProfileRequest profile_request{.kind = kind, .name = request.matches[1], .deadline = deadline};
        for (const auto& [name, value] : query_parameters(request.target)) {
          if (name != "latest") throw BadParameter(name, "unknown parameter");
          if (!value.empty()) profile_request.latest = int_parameter(name, value);
        }
        const auto profile = engine.profile(profile_request);
        if (!profile) {
          return Reply{404, error_body("not_found", "no " + std::string(entity_kind_name(kind)) + " '" +
                                                        profile_request.name + "' in the archive")};
        }
        return Reply{200, dump(to_json(*profile)), profile->timed_out, profile->stories == 0};
      });
    });
  }
  server.Get("/related/([^/]+)", [this](const httplib::Request& req, httplib::Response& res) {
    answer(req, res, [](SearchEngine& engine, const httplib::Request& request, TimePoint deadline) {
      const std::string id = request.matches[1];
      int count = 0;
      try {
        count = related_count_from(query_parameters(request.target));
        const auto related = engine.related(id, count, deadline);
        if (!related) return Reply{404, error_body("not_found", "no story with id '" + id + "'")};
        return Reply{200, dump(to_json(id, *related)), related->timed_out, related->hits.empty()};
      } catch (const BadParameter& e) {
        throw BadParameter(e.parameter == "count" ? "per_page" : e.parameter, e.reason);
      }
    });
  });

  // The search page, its assets and the widget (web/, built in): after the API's routes.
  if (config_.serve_web) install_static_files(server);

  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_content(dump({{"status", "ok"}}), kJson);
  });
  server.Get("/readyz", [this](const httplib::Request&, httplib::Response& res) { readyz(res); });
  server.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    const IndexWatch::State state = watch_.state();
    const ResultCache::Stats cache = cache_.stats();
    const Metrics::IndexState index{
        .ready = state.revision.has_value(),
        .stories = state.stories,
        .last_reload_unix_seconds =
            state.last_reload == std::chrono::system_clock::time_point{}
                ? 0
                : std::chrono::duration<double>(state.last_reload.time_since_epoch()).count(),
        .reloads = state.reloads,
        .cache_entries = cache.entries,
        .cache_hits = cache.hits,
        .cache_misses = cache.misses};
    res.set_header("Cache-Control", "no-store");
    std::string exposition = metrics_.exposition(index);
    if (remote_) exposition += Metrics::replica_exposition(remote_->states());
    res.set_content(exposition, "text/plain; version=0.0.4; charset=utf-8");
  });
  server.Post(".*", wrong_method);
  server.Put(".*", wrong_method);
  server.Patch(".*", wrong_method);
  server.Delete(".*", wrong_method);
  // CORS preflight: the allow-origin header, if any, was added before routing.
  server.Options(".*", [](const httplib::Request& req, httplib::Response& res) {
    if (route_of(req.path) == "other") {
      send_error(res, 404, "not_found", "no route for " + req.path);
      return;
    }
    res.status = 204;
    res.set_header("Allow", kAllowed);
    res.set_header("Access-Control-Allow-Methods", kAllowed);
    res.set_header("Access-Control-Allow-Headers", "Content-Type, If-None-Match");
    res.set_header("Access-Control-Max-Age", "600");
  });

  // On every answer, httplib's own errors included (they skip the routes and
  // the pre-routing handler): a JSON body is never sniffed into a page, links
  // from the page tell other sites only this origin, and no cache keeps an error.
  server.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
    if (res.status >= 400) {
      res.headers.erase("Cache-Control");
      res.set_header("Cache-Control", "no-store");
    }
  });

  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // a route already wrote a JSON error
    const HeadRefusal* refusal = ListeningServer::refusal_being_answered();
    if (refusal != nullptr && res.status == 400) {
      send_error(res, refusal->status, refusal->code, refusal->message);
      return;
    }
    switch (res.status) {
      case 400: send_error(res, 400, "bad_request", "malformed HTTP request"); break;
      case 404: send_error(res, 404, "not_found", "no route for " + req.path); break;
      case 413: send_error(res, 413, "payload_too_large", "request body too large"); break;
      case 414:
        send_error(res, 414, "uri_too_long",
                   "request line longer than " + std::to_string(CPPHTTPLIB_REQUEST_URI_MAX_LENGTH) + " bytes");
        break;
      default: send_error(res, res.status, "http_error", "request failed with status " + std::to_string(res.status));
    }
  });

  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
    std::string message = "internal error";
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      message += ": " + std::string(e.what());
    } catch (...) {
      message += " (unknown exception)";
    }
    send_error(res, 500, "internal", message);
  });

  server.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    const auto start = request_start;
    request_start = {};
    const double seconds = start == std::chrono::steady_clock::time_point{}
                               ? 0
                               : std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics_.record(req.path, res.status, seconds);
    log_.record(req.method, req.target, res.status, seconds * 1000, res.body.size());
  });
}

}  // namespace scatter::searchd
