// One line per request: time, method, target, status, milliseconds, bytes. As
// text for people or as JSON Lines for machines (--log-json). Lines are
// buffered and written by flush() (the index watch calls it several times a
// second, and on shutdown), so a busy server does not make a system call per
// request. Thread-safe.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace scatter::searchd {

class AccessLog {
 public:
  enum class Format { kText, kJson };
  // `out` null turns the log off. The log does not own `out`.
  AccessLog(std::FILE* out, Format format);
  ~AccessLog();

  void record(std::string_view method, std::string_view target, int status, double ms, std::size_t bytes);
  void flush();
  bool enabled() const { return out_ != nullptr; }

 private:
  std::FILE* out_;
  Format format_;
  std::mutex mutex_;    // guards pending_
  std::mutex writing_;  // one flush at a time, so lines leave in the order they came
  std::string pending_;
};

}  // namespace scatter::searchd
