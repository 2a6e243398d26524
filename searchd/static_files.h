// The search page (GET /), its scripts and styles (GET /assets/...) and the
// site's widget (GET /widget.js): the files of web/, compiled into searchd at
// build time (embed_web_files.cmake writes the table), so the binary serves
// them wherever it runs, with no folder to configure.
//
// Only the names in that table are served, each at one fixed URL path: a
// request path is looked up, never joined to a folder, so no request
// (/../, %2e%2e, //etc/passwd, encoded slashes) can reach any other file.
// Every other path falls through to searchd's JSON 404.
#pragma once

#include <httplib.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace scatter::searchd {

// One file of web/ as built in.
struct EmbeddedFile {
  std::string_view name;    // path under web/: "index.html", "app.js"
  std::string_view bytes;
  std::string_view sha256;  // hex digest of bytes, made at build time
};

// The files of web/ (generated into the build folder: web_files.cpp).
std::span<const EmbeddedFile> embedded_web_files();

// How one file is answered.
struct StaticFile {
  std::string path;                // the URL path: "/", "/widget.js", "/assets/app.js"
  std::string_view content_type;
  std::string_view cache_control;
  std::string etag;                // "\"web-<16 hex digits of the digest>\""
  std::string_view bytes;
  bool page = false;               // an HTML page: sent with its Content-Security-Policy
};

// index.html at "/", widget.js at "/widget.js" (the URL sites embed), every
// other file at "/assets/<name>" (issue.html too, though it is answered at
// /issues/{n}: see serve_page).
std::string url_path_of(std::string_view name);

// By extension (.html .css .js .mjs .svg .json .png .ico .txt); throws
// std::invalid_argument naming the file for any other, so a file the table
// cannot type fails the build's tests, not a browser.
std::string_view content_type_of(std::string_view name);

// The served form of every file in `files`. Throws std::invalid_argument
// naming a file whose type is unknown or whose path another file has.
std::vector<StaticFile> static_files_of(std::span<const EmbeddedFile> files);

// The file served at exactly `path` (a decoded URL path), or null.
const StaticFile* find_static_file(const std::vector<StaticFile>& files, std::string_view path);

// True when a request's Accept header ranks text/html above JSON, as a
// browser's navigation does ("text/html,...,*/*;q=0.8"). A script's fetch, curl
// ("*/*") and an empty header get JSON: only an explicit text/html counts.
bool prefers_html(std::string_view accept);

// A page of web/ answered at a route of the API to a browser that prefers
// HTML: the reading view of an issue (issue.html at /issues/{n}: links built
// without --site-url resolve against searchd, and land on the story rather
// than on JSON), a company's or topic's page (entity.html at /companies/{name}
// and /topics/{name}). The page asks the same address for the JSON. Answers
// 304 to a matching If-None-Match, like every file of the table; a build
// whose web/ lacks the page leaves the status 404 for the JSON error.
void serve_page(std::string_view name, const httplib::Request& req, httplib::Response& res);

// The GET (and HEAD) route of the files of web/: the path as sent, with no
// %-escape in it, must be a path of the table. Answers 304 to a matching
// If-None-Match. The route holds its own copy of the table: nothing to keep.
void install_static_files(httplib::Server& server);

}  // namespace scatter::searchd
