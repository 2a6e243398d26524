// Which captures of an archive a run reads, chosen by globs over each file's
// path relative to the archive ("issues/3/index.html", always with '/'): the
// indexer's --include and --exclude. A site's build holds the issue pages among
// pages that are no issue (the home page, about/, ...); the globs say which are.
//
// Glob syntax: `*` any run of characters within one folder name, `**` as a
// whole path segment any number of folders (none too), `?` one character,
// `[abc]`, `[a-z]`, `[!abc]` one character of (or not of) a set. A pattern
// ending in '/' means everything under that folder; a leading '/' is ignored.
// Matching is iterative, without backtracking beyond the last star, so its time
// is bounded by the product of the pattern's and the path's lengths.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace scatter {

// what(): "--include 'issues/[0-9': '[' is not closed" (the caller's option name).
struct BadGlob : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

class PathGlob {
 public:
  // Throws BadGlob for an empty pattern or an unclosed '['.
  explicit PathGlob(std::string_view pattern);

  // Whether the whole of `relative` ('/'-separated, no leading '/') matches.
  bool matches(std::string_view relative) const;
  const std::string& pattern() const { return pattern_; }

 private:
  std::string pattern_;
  std::vector<std::string> segments_;  // "**" stands alone; other segments are matched by character
};

// No includes: every capture is selected. Otherwise a capture is selected when
// some include matches it. An exclude always wins.
struct CaptureSelection {
  std::vector<PathGlob> include{};
  std::vector<PathGlob> exclude{};

  bool selects(std::string_view relative) const;
  bool selects_everything() const { return include.empty() && exclude.empty(); }
};

}  // namespace scatter
