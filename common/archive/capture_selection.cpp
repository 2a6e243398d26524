#include "archive/capture_selection.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace scatter {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// One character of UTF-8 at `at`: its code point and length. A stray byte is a
// character of its own, so that no input can stall the matcher.
struct Char {
  std::uint32_t code;
  std::size_t length;
};

Char char_at(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  std::size_t length = 1;
  std::uint32_t code = lead;
  if (lead >= 0xF0) length = 4, code = lead & 0x07u;
  else if (lead >= 0xE0) length = 3, code = lead & 0x0Fu;
  else if (lead >= 0xC0) length = 2, code = lead & 0x1Fu;
  if (length == 1 || at + length > text.size()) return {lead, 1};
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[at + i]);
    if ((next & 0xC0u) != 0x80u) return {lead, 1};
    code = (code << 6) | (next & 0x3Fu);
  }
  return {code, length};
}

// The end of the set that opens at `open` ('['), one past its ']'; kNone when it
// is not closed. A ']' first in the set (after any '!') is a member.
std::size_t set_end(std::string_view pattern, std::size_t open) {
  std::size_t at = open + 1;
  if (at < pattern.size() && pattern[at] == '!') ++at;
  if (at < pattern.size() && pattern[at] == ']') ++at;
  const std::size_t close = pattern.find(']', at);
  return close == std::string_view::npos ? kNone : close + 1;
}

// Whether `c` is in the set pattern[open, end).
bool in_set(std::string_view pattern, std::size_t open, std::size_t end, std::uint32_t c) {
  std::size_t at = open + 1;
  const bool negated = at < end - 1 && pattern[at] == '!';
  if (negated) ++at;
  bool found = false;
  bool first = true;
  while (at < end - 1 && (first || pattern[at] != ']')) {
    first = false;
    const Char low = char_at(pattern, at);
    at += low.length;
    std::uint32_t high = low.code;
    if (at + 1 < end - 1 && pattern[at] == '-') {
      const Char upper = char_at(pattern, at + 1);
      high = upper.code;
      at += 1 + upper.length;
    }
    if (c >= low.code && c <= high) found = true;
  }
  return found != negated;
}

// One pattern element against the character `c` at text[t]: the pattern
// position after the element, or kNone when it does not match. A literal is
// compared by its bytes: an overlong encoding is not the character it spells.
std::size_t match_one(std::string_view pattern, std::size_t p, std::string_view text, std::size_t t, const Char& c) {
  if (pattern[p] == '?') return p + 1;
  if (pattern[p] == '[') {
    const std::size_t end = set_end(pattern, p);
    return in_set(pattern, p, end, c.code) ? end : kNone;
  }
  const Char literal = char_at(pattern, p);
  const bool same = literal.length == c.length && pattern.substr(p, literal.length) == text.substr(t, c.length);
  return same ? p + literal.length : kNone;
}

// The classic single-star-backtrack wildcard match within one segment: on a
// mismatch only the last '*' takes one more character, which is enough because
// a later star can absorb whatever an earlier one would have.
bool segment_matches(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0;
  std::size_t star = kNone, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = ++p;
      star_t = t;
      continue;
    }
    const Char c = char_at(text, t);
    if (p < pattern.size()) {
      if (const std::size_t next = match_one(pattern, p, text, t, c); next != kNone) {
        p = next;
        t += c.length;
        continue;
      }
    }
    if (star == kNone) return false;
    p = star;
    star_t += char_at(text, star_t).length;
    t = star_t;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t from = 0;
  while (true) {
    const std::size_t slash = path.find('/', from);
    parts.push_back(path.substr(from, slash == std::string_view::npos ? std::string_view::npos : slash - from));
    if (slash == std::string_view::npos) return parts;
    from = slash + 1;
  }
}

}  // namespace

PathGlob::PathGlob(std::string_view pattern) : pattern_(pattern) {
  while (pattern.starts_with('/')) pattern.remove_prefix(1);
  if (pattern.empty()) throw BadGlob("'" + pattern_ + "': an empty pattern matches nothing");
  std::string whole(pattern);
  if (whole.ends_with('/')) whole += "**";
  for (const std::string_view segment : split(whole)) {
    if (segment.empty()) continue;  // "a//b" is "a/b", as for a path
    // A set is within one name, as the names it matches are: checked per segment.
    for (std::size_t at = segment.find('['); at != std::string_view::npos; at = segment.find('[', at)) {
      at = set_end(segment, at);
      if (at == kNone) throw BadGlob("'" + pattern_ + "': '[' is not closed");
    }
    // "**" beside other characters in a segment is an ordinary '*'; a run of
    // "**" segments is one.
    if (segment == "**" && !segments_.empty() && segments_.back() == "**") continue;
    segments_.emplace_back(segment);
  }
}

// The same single-backtrack walk as segment_matches, one level up: a "**"
// segment is the star, each other segment must match one folder or file name.
bool PathGlob::matches(std::string_view relative) const {
  const std::vector<std::string_view> parts = split(relative);
  std::size_t p = 0, t = 0;
  std::size_t star = kNone, star_t = 0;
  while (t < parts.size()) {
    if (p < segments_.size() && segments_[p] == "**") {
      star = ++p;
      star_t = t;
      continue;
    }
    if (p < segments_.size() && segment_matches(segments_[p], parts[t])) {
      ++p;
      ++t;
      continue;
    }
    if (star == kNone) return false;
    p = star;
    t = ++star_t;
  }
  while (p < segments_.size() && segments_[p] == "**") ++p;
  return p == segments_.size();
}

bool CaptureSelection::selects(std::string_view relative) const {
  const auto matching = [relative](const PathGlob& glob) { return glob.matches(relative); };
  if (std::any_of(exclude.begin(), exclude.end(), matching)) return false;
  return include.empty() || std::any_of(include.begin(), include.end(), matching);
}

}  // namespace scatter
