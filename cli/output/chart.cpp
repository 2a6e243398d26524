#include "cli/output/chart.h"

#include "cli/output/terminal_text.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string_view>
#include <vector>

namespace scatter::cli {
namespace {

using nlohmann::json;

constexpr std::string_view kBlock = "\xE2\x96\x88";  // █, one column
constexpr std::size_t kMaxNameColumns = 24;          // a long topic name must not eat the bars
constexpr std::size_t kGap = 2;                      // columns between label, bar and count
constexpr std::string_view kIndent = "  ";           // a split's rows under their period

struct Row {
  std::string label;
  std::uint64_t count = 0;
};

// Columns a terminal gives the text: one per code point (the archive's
// company and topic names are not wide characters).
std::size_t columns(std::string_view utf8) {
  return static_cast<std::size_t>(
      std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string clipped(const std::string& name) {
  if (columns(name) <= kMaxNameColumns) return name;
  std::string out;
  std::size_t kept = 0;
  for (const char c : name) {
    const bool starts_character = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts_character && ++kept == kMaxNameColumns) break;  // room for the ellipsis
    out += c;
  }
  return out + "\xE2\x80\xA6";  // …
}

std::string padded(const std::string& text, std::size_t width) {
  const std::size_t used = columns(text);
  return used >= width ? text : text + std::string(width - used, ' ');
}

std::vector<Row> rows_of(const json& body) {
  std::vector<Row> rows;
  const json& series = body.at("series");
  for (const json& period : body.at("periods")) {
    rows.push_back({printable(period.at("period")), period.at("count").get<std::uint64_t>()});
    if (!period.contains("by")) continue;
    // In the body's series order (most matches first), skipping names the period lacks.
    for (const json& name : series) {
      const std::uint64_t count = period["by"].value(name.get<std::string>(), std::uint64_t{0});
      if (count > 0) rows.push_back({std::string(kIndent) + clipped(printable(name)), count});
    }
  }
  return rows;
}

void header(const json& body, std::ostream& out) {
  const auto total = body.at("total").get<std::uint64_t>();
  const std::string query = printable(body.at("query"));
  out << total << (total == 1 ? " story" : " stories");
  if (!query.empty()) out << " for " << in_quotes(query);
  out << " per " << printable(body.at("interval"));
  if (body.at("by").is_string()) out << ", by " << printable(body["by"]);
  if (const auto undated = body.at("undated").get<std::uint64_t>(); undated > 0) {
    out << " (" << undated << " without a date, not charted)";
  }
  out << "\n";
  for (const json& note : body.at("notes")) out << "Note: " << printable(note) << "\n";
}

}  // namespace

std::string trends_chart(const json& body, const TextStyle& style) {
  std::ostringstream out;
  header(body, out);
  const std::vector<Row> rows = rows_of(body);
  if (rows.empty()) return out.str();
  std::size_t label_width = 0;
  std::uint64_t largest = 1;
  for (const Row& row : rows) {
    label_width = std::max(label_width, columns(row.label));
    largest = std::max(largest, row.count);
  }
  const std::size_t count_width = std::to_string(largest).size();
  const auto width = static_cast<std::size_t>(std::max(style.width, 0));
  const std::size_t fixed = label_width + kGap + kGap + count_width;
  const std::size_t bar_room = std::max<std::size_t>(width > fixed ? width - fixed : 0, kMinBarColumns);
  out << "\n";
  for (const Row& row : rows) {
    // Any count above zero shows at least one block, so a lone story is seen.
    const double scaled = static_cast<double>(row.count) * static_cast<double>(bar_room) / static_cast<double>(largest);
    const std::size_t bar =
        row.count == 0 ? 0 : std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(scaled)));
    std::string blocks;
    for (std::size_t i = 0; i < bar; ++i) blocks += kBlock;
    const std::string count = std::to_string(row.count);
    out << padded(row.label, label_width) << std::string(kGap, ' ') << blocks << std::string(bar_room - bar, ' ')
        << std::string(kGap + count_width - count.size(), ' ') << count << "\n";
  }
  return out.str();
}

}  // namespace scatter::cli
