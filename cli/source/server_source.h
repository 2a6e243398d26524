// Answers from a searchd over HTTP (cpp-httplib, plain http): each call is one
// GET of url_query's target. The server's errors become the local ones: 400 a
// BadParameter naming its parameter, 404 NotFound, anything else (or no
// answer within the timeouts) Unavailable. For one thread.
#pragma once

#include "cli/source/source.h"

#include <memory>

namespace scatter::cli {

// Connects lazily: an unreachable server is reported by the first call.
std::unique_ptr<Source> connect_server(const ServerAddress& address);

}  // namespace scatter::cli
