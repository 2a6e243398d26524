#include "access_log.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <ctime>

namespace scatter::searchd {
namespace {

// Flush early past this, so a burst cannot grow the buffer without bound.
constexpr std::size_t kMaxPending = 64 * 1024;

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + length, sizeof text - length, ".%03dZ", static_cast<int>(millis));
  return text;
}

// Control characters in what a client sent (the target, or a method httplib
// refused but still reports) would let it forge log lines or drive a terminal.
std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
  return out;
}

}  // namespace

AccessLog::AccessLog(std::FILE* out, Format format) : out_(out), format_(format) {}

AccessLog::~AccessLog() { flush(); }

void AccessLog::record(std::string_view method, std::string_view target, int status, double ms, std::size_t bytes) {
  if (out_ == nullptr) return;
  std::string line;
  if (format_ == Format::kJson) {
    const nlohmann::json entry{{"time", utc_now()},          {"method", method},
                               {"path", target},             {"status", status},
                               {"ms", std::round(ms * 1000) / 1000}, {"bytes", bytes}};
    line = entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    char numbers[64];
    std::snprintf(numbers, sizeof numbers, " %d %.3fms %zuB", status, ms, bytes);
    line = utc_now() + " " + printable(method) + " " + printable(target) + numbers;
  }
  line += '\n';
  bool full = false;
  {
    const std::lock_guard lock(mutex_);
    pending_ += line;
    full = pending_.size() > kMaxPending;
  }
  if (full) flush();
}

void AccessLog::flush() {
  if (out_ == nullptr) return;
  const std::lock_guard writing(writing_);
  std::string lines;
  {
    const std::lock_guard lock(mutex_);
    lines.swap(pending_);
  }
  if (lines.empty()) return;
  std::fwrite(lines.data(), 1, lines.size(), out_);
  std::fflush(out_);
}

}  // namespace scatter::searchd
