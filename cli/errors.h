// How a command fails, and the exit status each failure gets. Besides these,
// main handles common's BadParameter (a request the engine refuses: usage) and
// EngineError (an index it cannot read: failed).
#pragma once

#include <stdexcept>

namespace scatter::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;    // the index or the server could not answer
inline constexpr int kExitNotFound = 2;  // no such story or issue
inline constexpr int kExitUsage = 64;    // sysexits.h EX_USAGE: the command line is wrong

// The command line is wrong; what() names the option ("--sort: 'random' is not ...").
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The story or issue asked for does not exist; what() says which.
struct NotFound : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The server could not be reached or did not answer as searchd does.
struct Unavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace scatter::cli
