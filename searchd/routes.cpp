#include "routes.h"

#include "engine/search_engine.h"
#include "json/to_json.h"

#include <charconv>
#include <memory>
#include <set>

namespace scatter::searchd {
namespace {

constexpr const char* kJson = "application/json; charset=utf-8";

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  // Replacement keeps a response valid JSON even if stored text were not UTF-8.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJson);
}

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message,
                const std::string& parameter = "") {
  nlohmann::json error{{"code", code}, {"message", message}};
  if (!parameter.empty()) error["parameter"] = parameter;
  send_json(res, status, {{"error", error}});
}

// Xapian objects do no locking, so each worker thread opens its own engine on
// first use and keeps it for the life of the thread.
SearchEngine& engine_for_this_thread(const std::filesystem::path& db) {
  thread_local std::unique_ptr<SearchEngine> engine;
  if (!engine) engine = std::make_unique<SearchEngine>(db);
  return *engine;
}

int int_parameter(const std::string& name, const std::string& value) {
  int result = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), result);
  if (error != std::errc() || end != value.data() + value.size()) {
    throw BadParameter(name, "'" + value + "' is not a whole number");
  }
  return result;
}

Date date_parameter(const std::string& name, const std::string& value) {
  if (auto date = Date::from_iso(value)) return *date;
  throw BadParameter(name, "'" + value + "' is not a date in the form YYYY-MM-DD");
}

SortOrder sort_parameter(const std::string& value) {
  if (value == "relevance") return SortOrder::kRelevance;
  if (value == "newest") return SortOrder::kNewest;
  if (value == "oldest") return SortOrder::kOldest;
  throw BadParameter("sort", "'" + value + "' is not one of relevance, newest, oldest");
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded as browsers send it (WHATWG URL standard):
// '+' is a space and %XX a byte. httplib 0.11 leaves '+' alone, which would turn
// a search box's "latent+attention" into one word, so the raw target is decoded here.
std::string form_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> query_parameters(const std::string& target) {
  std::vector<std::pair<std::string, std::string>> params;
  const auto question = target.find('?');
  if (question == std::string::npos) return params;
  std::string_view query(target);
  query.remove_prefix(question + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    if (pair.empty()) continue;
    const auto equals = pair.find('=');
    params.emplace_back(form_decode(pair.substr(0, equals)),
                        equals == std::string_view::npos ? "" : form_decode(pair.substr(equals + 1)));
  }
  return params;
}

bool flag_parameter(const std::string& name, const std::string& value) {
  if (value == "1" || value == "true") return true;
  if (value == "0" || value == "false") return false;
  throw BadParameter(name, "'" + value + "' is not 1 or 0");
}

// Repeatable and comma-separated: company=OpenAI&company=Google or company=OpenAI,Google.
void append_list(const std::string& value, std::vector<std::string>& list) {
  for (std::size_t start = 0; start <= value.size();) {
    const std::size_t comma = std::min(value.find(',', start), value.size());
    if (comma > start) list.push_back(value.substr(start, comma - start));
    start = comma + 1;
  }
}

// Unknown parameters are refused rather than ignored: a researcher who types
// `compnay=` should hear about it, not get unfiltered results.
SearchRequest search_request_from(const std::vector<std::pair<std::string, std::string>>& params) {
  static const std::set<std::string> kKnown = {"q",    "company",  "topic", "issue",  "from",    "to",
                                               "page", "per_page", "sort",  "prefix", "collapse"};
  SearchRequest request;
  for (const auto& [name, value] : params) {
    if (!kKnown.contains(name)) throw BadParameter(name, "unknown parameter");
    if (name == "q") {
      request.q = value;
    } else if (value.empty()) {
      continue;  // an empty filter field in a form means "no filter"
    } else if (name == "company") {
      append_list(value, request.companies);
    } else if (name == "topic") {
      append_list(value, request.topics);
    } else if (name == "from") {
      request.from = date_parameter(name, value);
    } else if (name == "to") {
      request.to = date_parameter(name, value);
    } else if (name == "page") {
      request.page = int_parameter(name, value);
    } else if (name == "per_page") {
      request.per_page = int_parameter(name, value);
    } else if (name == "sort") {
      request.sort = sort_parameter(value);
    } else if (name == "issue") {
      std::vector<std::string> numbers;
      append_list(value, numbers);
      for (const std::string& number : numbers) request.issues.push_back(int_parameter(name, number));
    } else if (name == "prefix") {
      request.prefix = flag_parameter(name, value);
    } else if (name == "collapse") {
      if (value != "issue") throw BadParameter(name, "'" + value + "' is not a collapse key (only 'issue')");
      request.collapse_by_issue = true;
    }
  }
  return request;
}

}  // namespace

void install_routes(httplib::Server& server, const ServiceConfig& config) {
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, {{"status", "ok"}});
  });

  server.Get("/search", [db = config.db](const httplib::Request& req, httplib::Response& res) {
    try {
      const SearchRequest request = search_request_from(query_parameters(req.target));
      send_json(res, 200, to_json(engine_for_this_thread(db).search(request)));
    } catch (const BadParameter& e) {
      send_error(res, 400, "bad_parameter", e.reason, e.parameter);
    } catch (const EngineError& e) {
      send_error(res, 503, "no_database", e.what());
    }
  });

  server.Get("/stories/([^/]+)", [db = config.db](const httplib::Request& req, httplib::Response& res) {
    try {
      const std::string id = req.matches[1];
      if (auto record = engine_for_this_thread(db).story(id)) send_json(res, 200, to_json(*record));
      else send_error(res, 404, "not_found", "no story with id '" + id + "'");
    } catch (const EngineError& e) {
      send_error(res, 503, "no_database", e.what());
    }
  });

  server.Get("/related/([^/]+)", [db = config.db](const httplib::Request& req, httplib::Response& res) {
    try {
      const std::string id = req.matches[1];
      int count = 5;
      for (const auto& [name, value] : query_parameters(req.target)) {
        if (name != "per_page") throw BadParameter(name, "unknown parameter");
        count = int_parameter(name, value);
      }
      const auto hits = engine_for_this_thread(db).related(id, count);
      if (!hits) {
        send_error(res, 404, "not_found", "no story with id '" + id + "'");
        return;
      }
      nlohmann::json list = nlohmann::json::array();
      for (const SearchHit& hit : *hits) list.push_back(to_json(hit));
      send_json(res, 200, {{"id", id}, {"results", list}});
    } catch (const BadParameter& e) {
      send_error(res, 400, "bad_parameter", e.reason, e.parameter == "count" ? "per_page" : e.parameter);
    } catch (const EngineError& e) {
      send_error(res, 503, "no_database", e.what());
    }
  });

  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // a route already wrote a JSON error
    switch (res.status) {
      case 404: send_error(res, 404, "not_found", "no route for " + req.path); break;
      case 414: send_error(res, 414, "uri_too_long", "request line too long"); break;
      case 413: send_error(res, 413, "payload_too_large", "request body too large"); break;
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
}

}  // namespace scatter::searchd
