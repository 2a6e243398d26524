// Where a command's answers come from: the index on this machine, or a searchd
// over HTTP. Either way a command gets the body searchd serves for the same
// request (common/json/to_json.h), so `--json` prints the same bytes in both
// modes and the text rendered from it reads the same.
//
// Every call throws NotFound for an unknown story or issue, BadParameter for a
// request the engine refuses (naming the request field or URL parameter), and
// EngineError (local) or Unavailable (server) when there is no answer to be had.
#pragma once

#include "engine/search_request.h"
#include "export/export_rows.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace scatter::cli {

// A searchd to ask: http://HOST:PORT only (searchd serves no TLS).
struct ServerAddress {
  std::string host{};
  int port = 0;
  std::string url() const;  // "http://HOST:PORT"
};

// Parses "http://HOST:PORT" (a trailing '/' allowed, as searchd prints it).
// Throws UsageError naming --server.
ServerAddress parse_server_url(const std::string& text);

struct SourceConfig {
  std::filesystem::path db{};                  // read when there is no server
  std::optional<ServerAddress> server{};
};

class Source {
 public:
  virtual ~Source() = default;
  virtual nlohmann::json search(const SearchRequest& request) = 0;       // GET /search
  virtual nlohmann::json story(const std::string& id) = 0;               // GET /stories/{id}
  // `key`: the issue's number, or the key of an issue without one (its date,
  // "1901-03-05"): what its story ids start with.
  virtual nlohmann::json issue(const std::string& key) = 0;              // GET /issues/{key}
  virtual nlohmann::json related(const std::string& id, int count) = 0;  // GET /related/{id}
  virtual nlohmann::json trends(const TrendsRequest& request) = 0;       // GET /trends
  virtual nlohmann::json significant(const SignificantRequest& request) = 0;  // GET /significant
  // GET /companies/{name} or /topics/{name}; NotFound for a name the archive lacks.
  virtual nlohmann::json profile(const ProfileRequest& request) = 0;
  virtual nlohmann::json suggest(const std::string& typed, int limit) = 0;  // GET /suggest
  // GET /feed.atom: the Atom feed (XML) of the 20 newest stories `filters` find.
  virtual std::string feed(const SearchRequest& filters) = 0;
  // GET /export: every match of `search` in its order, as CSV or JSON Lines,
  // handed to `write` a part at a time (the header row first); `progress` is
  // told the rows written so far and the total. Returns the rows written.
  using ExportWriter = std::function<void(std::string_view bytes)>;
  using ExportProgress = std::function<void(std::uint64_t rows, std::uint64_t total)>;
  virtual std::uint64_t export_matches(const SearchRequest& search, exports::ExportFormat format,
                                       const ExportWriter& write, const ExportProgress& progress) = 0;
};

// The server when there is one, else the index at config.db (opened now:
// throws EngineError naming the path).
std::unique_ptr<Source> open_source(const SourceConfig& config);

// The messages searchd gives for a 404, so that local mode says the same.
std::string no_story_message(const std::string& id);
std::string no_issue_message(const std::string& key);
std::string no_entity_message(const ProfileRequest& request);

}  // namespace scatter::cli
