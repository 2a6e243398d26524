#include "static_files.h"

#include <algorithm>
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

// The page is revalidated on each load (a 304 has no body), so a new searchd's
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
  res.set_header("X-Content-Type-Options", "nosniff");
  if (file.page) {
    res.set_header("Content-Security-Policy", kPagePolicy);
    res.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
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
        .cache_control = file.name == "index.html" ? kPageCacheControl : kAssetCacheControl,
        .etag = "\"web-" + std::string(file.sha256.substr(0, kEtagDigits)) + "\"",
        .bytes = file.bytes,
        .page = file.name == "index.html",
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

void install_static_files(httplib::Server& server) {
  server.Get(kRoutePattern, [files = static_files_of(embedded_web_files())](const httplib::Request& req,
                                                                             httplib::Response& res) {
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
