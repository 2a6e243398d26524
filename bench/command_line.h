// The command line of the Google Benchmark programs here (query_bench,
// facet_bench): their own options beside Google Benchmark's --benchmark_*
// flags, which benchmark::Initialize takes out of argv first. A bad option
// throws UsageError naming it; main prints it with the usage, exit status 64.
#pragma once

#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>

namespace scatter::bench {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// `text` as a whole number of at least `least`; throws UsageError naming `name`.
template <class T>
T whole_number(const std::string& name, const std::string& text, T least) {
  std::size_t used = 0;
  unsigned long long value = 0;
  try {
    value = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || text[0] == '-' || value < static_cast<unsigned long long>(least)) {
    throw UsageError(name + " must be a whole number >= " + std::to_string(least) + ", not '" + text + "'");
  }
  return static_cast<T>(value);
}

// An environment variable's value; nullopt when unset or empty.
inline std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::optional<std::string>(value) : std::nullopt;
}

// Walks the arguments: while (args.next()) { if (args.name() == "--db") db = args.value(); ... }
class Arguments {
 public:
  Arguments(int argc, char** argv) : argc_(argc), argv_(argv) {}

  bool next() {
    if (++at_ >= argc_) return false;
    name_ = argv_[at_];
    return true;
  }
  const std::string& name() const { return name_; }
  // The argument after the option.
  std::string value() {
    if (at_ + 1 >= argc_) throw UsageError(name_ + " needs a value");
    return argv_[++at_];
  }
  template <class T>
  T number(T least) {
    return whole_number<T>(name_, value(), least);
  }
  [[noreturn]] void unknown() const { throw UsageError("unknown argument '" + name_ + "'"); }

 private:
  int argc_;
  char** argv_;
  int at_ = 0;
  std::string name_;
};

}  // namespace scatter::bench
