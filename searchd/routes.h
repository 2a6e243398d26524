// searchd's HTTP surface: URL parameters -> SearchRequest -> JSON. Every answer,
// errors included, is JSON; an error is {"error":{"code","message","parameter"?}}.
#pragma once

#include <httplib.h>

#include <filesystem>

namespace scatter::searchd {

struct ServiceConfig {
  std::filesystem::path db;  // opened read-only, once per worker thread
};

void install_routes(httplib::Server& server, const ServiceConfig& config);

}  // namespace scatter::searchd
