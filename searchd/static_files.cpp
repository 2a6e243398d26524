#include "static_files.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>
#include <utility>

namespace scatter::searchd {
namespace {

constexpr std::pair<std::string_view, std::string_view> kContentTypes[] = {
    {".html", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".json", "application/json; charset=utf-8"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
};

// The pages are revalidated on each load (a 304 has no body), so a new searchd's
// page shows at once. Scripts, styles and the widget are kept five minutes:
// the page and the sites that embed the widget follow a new version within that.
constexpr std::string_view kPageCacheControl = "no-cache";
constexpr std::string_view kAssetCacheControl = "public, max-age=300";
constexpr std::size_t kEtagDigits = 16;  // of the SHA-256: a collision would need 2^32 versions

// The page runs only its own scripts and styles and calls only searchd: even
// markup that got into a result could not load or run anything.
constexpr const char* kPagePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// The paths the table may hold; anything else is not even looked up.
constexpr const char* kRoutePattern = "/|/widget\\.js|/assets/.+";

bool etag_matches(const std::string& if_none_match, const std::string& etag) {
  if (if_none_match.empty()) return false;
  if (if_none_match == "*") return true;
  // A list of tags, any of them weak (W/"...") as browsers may send them back.
  return if_none_match.find(etag) != std::string::npos;
}

void serve(const StaticFile& file, const httplib::Request& req, httplib::Response& res) {
  res.set_header("ETag", file.etag);
  res.set_header("Cache-Control", std::string(file.cache_control));
  // nosniff and Referrer-Policy come with every answer (routes.cpp).
  if (file.page) {
    res.set_header("Content-Security-Policy", kPagePolicy);
  } else {
    // Sites load /widget.js from their own pages, cross-origin isolated ones included.
    res.set_header("Cross-Origin-Resource-Policy", "cross-origin");
  }
  if (etag_matches(req.get_header_value("If-None-Match"), file.etag)) {
    res.status = 304;
    return;
  }
  res.status = 200;
  res.set_content(file.bytes.data(), file.bytes.size(), std::string(file.content_type));
}

}  // namespace

std::string url_path_of(std::string_view name) {
  if (name == "index.html") return "/";
  if (name == "widget.js") return "/widget.js";
  return "/assets/" + std::string(name);
}

std::string_view content_type_of(std::string_view name) {
  for (const auto& [extension, type] : kContentTypes) {
    if (name.size() > extension.size() && name.ends_with(extension)) return type;
  }
  throw std::invalid_argument("web/" + std::string(name) + ": no content type for this extension");
}

std::vector<StaticFile> static_files_of(std::span<const EmbeddedFile> files) {
  std::vector<StaticFile> out;
  for (const EmbeddedFile& file : files) {
    StaticFile served{
        .path = url_path_of(file.name),
        .content_type = content_type_of(file.name),
        .cache_control = file.name.ends_with(".html") ? kPageCacheControl : kAssetCacheControl,
        .etag = "\"web-" + std::string(file.sha256.substr(0, kEtagDigits)) + "\"",
        .bytes = file.bytes,
        .page = file.name.ends_with(".html"),
    };
    if (find_static_file(out, served.path) != nullptr) {
      throw std::invalid_argument("web/" + std::string(file.name) + ": a second file at " + served.path);
    }
    out.push_back(std::move(served));
  }
  return out;
}

const StaticFile* find_static_file(const std::vector<StaticFile>& files, std::string_view path) {
  const auto found = std::find_if(files.begin(), files.end(), [&](const StaticFile& f) { return f.path == path; });
  return found == files.end() ? nullptr : &*found;
}

namespace {

const std::vector<StaticFile>& served_files() {
  static const std::vector<StaticFile> files = static_files_of(embedded_web_files());
  return files;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool same_letters(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The q of one media range ("text/html;level=1;q=0.5" -> 0.5); 1 without one,
// 0 for a q that is not a number.
double quality_of(std::string_view parameters) {
  while (!parameters.empty()) {
    const std::size_t semicolon = parameters.find(';');
    const std::string_view parameter = trimmed(parameters.substr(0, semicolon));
    parameters = semicolon == std::string_view::npos ? std::string_view{} : parameters.substr(semicolon + 1);
    if (parameter.size() > 2 && same_letters(parameter.substr(0, 2), "q=")) {
      const std::string value(parameter.substr(2));
      char* end = nullptr;
      const double q = std::strtod(value.c_str(), &end);
      return end != value.c_str() && *end == '\0' && q >= 0 && q <= 1 ? q : 0;
    }
  }
  return 1;
}

}  // namespace

bool prefers_html(std::string_view accept) {
  double html = 0, json = 0;
  while (!accept.empty()) {
    const std::size_t comma = accept.find(',');
    const std::string_view range = accept.substr(0, comma);
    accept = comma == std::string_view::npos ? std::string_view{} : accept.substr(comma + 1);
    const std::size_t semicolon = range.find(';');
    const std::string_view type = trimmed(range.substr(0, semicolon));
    const double q = semicolon == std::string_view::npos ? 1 : quality_of(range.substr(semicolon + 1));
    if (same_letters(type, "text/html")) html = std::max(html, q);
    if (same_letters(type, "application/json")) json = std::max(json, q);
  }
  return html > 0 && html > json;
}

void serve_page(std::string_view name, const httplib::Request& req, httplib::Response& res) {
  const StaticFile* page = find_static_file(served_files(), url_path_of(name));
  if (page == nullptr) {  // a build whose web/ lacks the page: the route answers JSON 404
    res.status = 404;
    return;
  }
  serve(*page, req, res);
}

void install_static_files(httplib::Server& server) {
  server.Get(kRoutePattern, [&files = served_files()](const httplib::Request& req, httplib::Response& res) {
    // The table's paths need no escapes, and an escaped character is data, not
    // a separator (/assets%2fapp.js is one segment): a path sent with any
    // escape names no file here.
    const std::string_view sent = std::string_view(req.target).substr(0, req.target.find('?'));
    const StaticFile* file = sent == req.path ? find_static_file(files, req.path) : nullptr;
    if (file != nullptr) {
      serve(*file, req, res);
      return;
    }
    res.status = 404;  // no body: searchd's error handler answers with its JSON 404
  });
}

}  // namespace scatter::searchd
