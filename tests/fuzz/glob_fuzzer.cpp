// The globs of indexer --include/--exclude: the pattern (up to the first
// newline) and a path (the rest), both arbitrary bytes.
#include "fuzz_support.h"

#include "archive/capture_selection.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = scatter::fuzz::text_of(data, size);
  const std::size_t newline = input.find('\n');
  const std::string_view pattern = input.substr(0, newline);
  const std::string_view path = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  try {
    const scatter::PathGlob glob(pattern);
    const bool matches = glob.matches(path);
    // A pattern of no special characters matches exactly itself (after a leading '/').
    if (pattern.find_first_of("*?[/") == std::string_view::npos && !pattern.empty()) {
      scatter::fuzz::require(matches == (pattern == path), "a plain pattern matches exactly itself", pattern);
    }
    // "**" matches every path.
    scatter::fuzz::require(scatter::PathGlob("**").matches(path), "** matches every path", path);
  } catch (const scatter::BadGlob&) {
    // A bad pattern is a usage error naming it: the documented outcome.
  }
  return 0;
}
