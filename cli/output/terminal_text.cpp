#include "cli/output/terminal_text.h"

#include <utility>

namespace scatter::cli {
namespace {

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kPlain = "\x1b[0m";

std::string without_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n' || byte == '\t' || byte == '\r') {
      out += ' ';
    } else if (byte < 0x20 || byte == 0x7F) {
      continue;
    } else if (byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      ++i;  // U+0080..U+009F, the C1 controls (CSI among them)
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::string printable(const nlohmann::json& value) { return without_controls(value.get<std::string>()); }

std::string in_quotes(std::string_view query) {
  if (query.find('"') != std::string_view::npos) return std::string(query);
  return "\"" + std::string(query) + "\"";
}

std::string terminal_text(const nlohmann::json& html_value, bool bold) {
  static constexpr std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  const std::string html = printable(html_value);
  const std::string_view all(html);
  std::string text;
  for (std::size_t i = 0; i < all.size();) {
    const std::string_view rest = all.substr(i);
    if (rest.starts_with("<mark>") || rest.starts_with("</mark>")) {
      const bool opening = rest[1] != '/';
      if (bold) text += opening ? kBold : kPlain;
      i += opening ? 6 : 7;
      continue;
    }
    bool entity = false;
    for (const auto& [name, character] : kEntities) {
      if (!rest.starts_with(name)) continue;
      text += character;
      i += name.size();
      entity = true;
      break;
    }
    if (!entity) text += all[i++];
  }
  return text;
}

}  // namespace scatter::cli
