#include "text/utf8.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <utility>

namespace scatter {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is invalid
// (overlong forms, surrogates and code points past U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  unsigned min_second = 0x80, max_second = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) min_second = 0xA0;
    if (b0 == 0xED) max_second = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) min_second = 0x90;
    if (b0 == 0xF4) max_second = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return len;
}

}  // namespace

CleanText clean_text(std::string_view raw) {
  if (raw.starts_with(kBom)) raw.remove_prefix(kBom.size());
  CleanText out;
  out.text.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    const char c = raw[i];
    if (c == '\r') {
      out.text += '\n';
      i += (i + 1 < raw.size() && raw[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    const std::size_t len = utf8_sequence_length(raw, i);
    if (len == 0) {
      if (out.invalid_bytes == 0) {
        out.first_invalid_line = 1 + static_cast<int>(std::count(out.text.begin(), out.text.end(), '\n'));
      }
      out.text += kReplacement;
      ++out.invalid_bytes;
      ++i;
      continue;
    }
    out.text.append(raw.substr(i, len));
    i += len;
  }
  return out;
}

bool looks_binary(std::string_view raw) {
  std::size_t control = 0;
  for (const char c : raw) {
    const auto b = static_cast<unsigned char>(c);
    if (b == 0) return true;
    if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f') ++control;
  }
  // Text files carry at most a stray form feed or escape; a tenth of control
  // bytes means the file is not text in any encoding we could repair.
  return !raw.empty() && control * 10 > raw.size();
}

std::string to_lower(std::string_view utf8) {
  return Xapian::Unicode::tolower(std::string(utf8));
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string fold_typography(std::string_view utf8) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kFolds{{
      {"\xE2\x80\x98", "'"},  {"\xE2\x80\x99", "'"},  // single quotes
      {"\xE2\x80\x9C", "\""}, {"\xE2\x80\x9D", "\""}, // double quotes
      {"\xE2\x80\x93", "-"},  {"\xE2\x80\x94", "-"},  // en and em dash
      {"\xE2\x80\x90", "-"},  {"\xE2\x80\x91", "-"},  // hyphen, non-breaking hyphen
      {"\xC2\xA0", " "},      {"\xE2\x80\xAF", " "},  // no-break spaces
      {"\xE2\x80\xA6", "..."},
  }};
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    bool folded = false;
    if (static_cast<unsigned char>(utf8[i]) >= 0x80) {
      for (const auto& [from, to] : kFolds) {
        if (utf8.substr(i).starts_with(from)) {
          out += to;
          i += from.size();
          folded = true;
          break;
        }
      }
    }
    if (!folded) out += utf8[i++];
  }
  return out;
}

std::string_view trim(std::string_view text) {
  // Walk code points: Unicode spaces (no-break, em, ideographic) are multi-byte.
  // Only the ends are walked: trimming a long line must not cost its length.
  const auto is_space = [](unsigned ch) { return Xapian::Unicode::is_whitespace(ch) || ch == 0xA0 || ch == 0x202F; };
  std::size_t begin = text.size();
  for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) {
    if (!is_space(*it)) {
      begin = static_cast<std::size_t>(it.raw() - text.data());
      break;
    }
  }
  std::size_t end = text.size();
  while (end > begin) {
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    const Xapian::Utf8Iterator last(text.data() + start, end - start);
    if (!is_space(*last)) break;
    end = start;
  }
  return begin >= end ? std::string_view() : text.substr(begin, end - begin);
}

}  // namespace scatter
