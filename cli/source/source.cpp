#include "cli/source/source.h"

#include "cli/errors.h"
#include "cli/source/local_source.h"
#include "cli/source/server_source.h"

#include <charconv>

namespace scatter::cli {

std::string ServerAddress::url() const { return "http://" + host + ":" + std::to_string(port); }

ServerAddress parse_server_url(const std::string& text) {
  const std::string usage = "--server: '" + text + "' is not http://HOST:PORT";
  constexpr std::string_view kScheme = "http://";
  std::string_view rest(text);
  if (rest.starts_with("https://")) {
    // searchd serves plain http; an https address is a proxy in front of it,
    // which this client (cpp-httplib built without OpenSSL) cannot talk to.
    throw UsageError("--server: '" + text +
                     "': https is not supported, only http://HOST:PORT. To reach a searchd behind https, "
                     "forward its port over SSH (ssh -N -L 8080:127.0.0.1:8080 HOST, then "
                     "--server http://127.0.0.1:8080), or ask its API with curl (docs/api.md)");
  }
  if (!rest.starts_with(kScheme)) throw UsageError(usage);
  rest.remove_prefix(kScheme.size());
  if (rest.ends_with('/')) rest.remove_suffix(1);
  const auto colon = rest.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || rest.find('/') != std::string_view::npos) {
    throw UsageError(usage);
  }
  std::string_view host = rest.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);  // [::1]
  const std::string_view port_text = rest.substr(colon + 1);
  int port = 0;
  const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535) {
    throw UsageError(usage + " (the port must be 1-65535)");
  }
  return {std::string(host), port};
}

std::unique_ptr<Source> open_source(const SourceConfig& config) {
  if (config.server) return connect_server(*config.server);
  return open_local(config.db);
}

std::string no_story_message(const std::string& id) { return "no story with id '" + id + "'"; }

std::string no_issue_message(const std::string& key) { return "no issue '" + key + "' in the archive"; }

std::string no_entity_message(const ProfileRequest& request) {
  return "no " + std::string(entity_kind_name(request.kind)) + " '" + request.name + "' in the archive";
}

}  // namespace scatter::cli
