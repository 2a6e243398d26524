#include "cli/source/server_source.h"

#include "cli/errors.h"
#include "cli/source/url_query.h"

#include <httplib.h>

#include <algorithm>
#include <cstdlib>

namespace scatter::cli {
namespace {

// A searchd on this machine or the next answers in milliseconds: a connection
// not made in 5 s will not be. Reading allows longer, for trends counted over
// every story of a large archive.
constexpr time_t kConnectTimeoutSeconds = 5;
constexpr time_t kReadTimeoutSeconds = 30;
constexpr time_t kWriteTimeoutSeconds = 5;

std::string describe(httplib::Error error) {
  switch (error) {
    case httplib::Error::Connection: return "connection refused or host not found";
    case httplib::Error::ConnectionTimeout:
      return "no connection within " + std::to_string(kConnectTimeoutSeconds) + " s";
    case httplib::Error::Read:
      return "the connection broke, or no complete answer within " + std::to_string(kReadTimeoutSeconds) + " s";
    case httplib::Error::Write: return "the request could not be sent";
    default: return httplib::to_string(error);
  }
}

class ServerSource final : public Source {
 public:
  explicit ServerSource(const ServerAddress& address) : url_(address.url()), client_(address.host, address.port) {
    client_.set_connection_timeout(kConnectTimeoutSeconds);
    client_.set_read_timeout(kReadTimeoutSeconds);
    client_.set_write_timeout(kWriteTimeoutSeconds);
    client_.set_url_encode(false);  // url_query has encoded every target already
  }

  nlohmann::json search(const SearchRequest& request) override { return get(search_target(request)); }
  nlohmann::json story(const std::string& id) override { return get(story_target(id)); }
  nlohmann::json issue(const std::string& key) override { return get(issue_target(key)); }
  nlohmann::json related(const std::string& id, int count) override { return get(related_target(id, count)); }
  nlohmann::json trends(const TrendsRequest& request) override { return get(trends_target(request)); }
  nlohmann::json significant(const SignificantRequest& request) override { return get(significant_target(request)); }
  nlohmann::json suggest(const std::string& typed, int limit) override { return get(suggest_target(typed, limit)); }
  nlohmann::json profile(const ProfileRequest& request) override { return get(profile_target(request)); }
  std::uint64_t export_matches(const SearchRequest& search, exports::ExportFormat format, const ExportWriter& write,
                               const ExportProgress& progress) override {
    int status = 0;
    std::uint64_t total = 0, rows = 0;
    std::string error_body;
    const httplib::Result result = client_.Get(
        export_target(search, exports::export_format_name(format)),
        [&](const httplib::Response& response) {
          status = response.status;
          const std::string count = response.get_header_value("X-Total-Count");
          if (!count.empty()) total = std::strtoull(count.c_str(), nullptr, 10);
          return true;
        },
        [&](const char* data, std::size_t length) {
          if (status != 200) {
            error_body.append(data, length);
            return error_body.size() < 65536;
          }
          const std::string_view bytes(data, length);
          write(bytes);
          // Rows end with a line end; CSV's header row is not a story.
          rows += static_cast<std::uint64_t>(std::count(bytes.begin(), bytes.end(), '\n'));
          progress(format == exports::ExportFormat::kCsv && rows > 0 ? rows - 1 : rows, total);
          return true;
        });
    if (!result) throw Unavailable("export from searchd at " + url_ + " broke off: " + describe(result.error()));
    if (status != 200) {
      nlohmann::json body = nlohmann::json::parse(error_body, nullptr, /*allow_exceptions=*/false);
      fail_with(status, body.is_discarded() ? nlohmann::json::object() : body);
    }
    return format == exports::ExportFormat::kCsv && rows > 0 ? rows - 1 : rows;
  }

  std::string feed(const SearchRequest& filters) override {
    const httplib::Result result = client_.Get(feed_target(filters));
    if (!result) throw Unavailable("cannot reach searchd at " + url_ + ": " + describe(result.error()));
    if (result->status == 200) return result->body;
    nlohmann::json body = nlohmann::json::parse(result->body, nullptr, /*allow_exceptions=*/false);
    fail_with(result->status, body.is_discarded() ? nlohmann::json::object() : body);
  }

 private:
  nlohmann::json get(const std::string& target) {
    const httplib::Result result = client_.Get(target);
    if (!result) throw Unavailable("cannot reach searchd at " + url_ + ": " + describe(result.error()));
    nlohmann::json body = nlohmann::json::parse(result->body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) {
      throw Unavailable(url_ + " answered " + std::to_string(result->status) + " without JSON: is it a searchd?");
    }
    if (result->status == 200) return body;
    fail_with(result->status, body);
  }

  // searchd's {"error": {"code", "message", "parameter"?}} as the error the
  // engine would have thrown here.
  [[noreturn]] void fail_with(int status, const nlohmann::json& body) const {
    const nlohmann::json none = nlohmann::json::object();
    const bool has_error = body.is_object() && body.contains("error") && body["error"].is_object();
    const nlohmann::json& error = has_error ? body["error"] : none;
    const auto text = [&](const char* key) {
      return error.contains(key) && error[key].is_string() ? error[key].get<std::string>() : std::string();
    };
    const std::string message = text("message").empty() ? "status " + std::to_string(status) : text("message");
    if (status == 400 && !text("parameter").empty()) throw BadParameter(text("parameter"), message);
    if (status == 400) throw UsageError(message);
    if (status == 404) throw NotFound(message);
    // httplib caps searchd's request line (8 KiB); a query of many non-ASCII
    // characters, each sent as %XX%XX%XX, can pass the engine's limit and not that.
    if (status == 414) throw BadParameter("q", "too long to send to searchd (" + message + ")");
    throw Unavailable("searchd at " + url_ + " answered " + std::to_string(status) + ": " + message);
  }

  std::string url_;
  httplib::Client client_;
};

}  // namespace

std::unique_ptr<Source> connect_server(const ServerAddress& address) {
  return std::make_unique<ServerSource>(address);
}

}  // namespace scatter::cli
