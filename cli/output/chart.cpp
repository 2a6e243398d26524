#include "cli/output/chart.h"

#include "cli/output/terminal_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
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
  std::uint64_t archive_count = 0;  // the period's stories in the whole archive
};

enum class Measure { kCount, kShare };

// What a bar's length stands for: matches, or matches per story of the archive.
double value(const Row& row, Measure measure) {
  if (measure == Measure::kCount) return static_cast<double>(row.count);
  return row.archive_count == 0 ? 0.0 : static_cast<double>(row.count) / static_cast<double>(row.archive_count);
}

// "12", or "12.5%" of the archive ("-" for a period the archive has no story in).
std::string number(const Row& row, Measure measure) {
  if (measure == Measure::kCount) return std::to_string(row.count);
  if (row.archive_count == 0) return "-";
  char text[16];
  std::snprintf(text, sizeof text, "%.1f%%", 100.0 * value(row, measure));
  return text;
}

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
    // A searchd older than archive_count gives none: its shares read "-".
    const auto archive_count = period.value("archive_count", std::uint64_t{0});
    rows.push_back({printable(period.at("period")), period.at("count").get<std::uint64_t>(), archive_count});
    if (!period.contains("by")) continue;
    // In the body's series order (most matches first), skipping names the period lacks.
    for (const json& name : series) {
      const std::uint64_t count = period["by"].value(name.get<std::string>(), std::uint64_t{0});
      if (count > 0) rows.push_back({std::string(kIndent) + clipped(printable(name)), count, archive_count});
    }
  }
  return rows;
}

// Stories no period holds: undated, or dated more coarsely than the interval
// (a story of "1901" has no month to be charted in).
std::string uncharted(std::uint64_t undated, const std::string& interval) {
  const std::string coarse = interval == "week"    ? " or dated by month or year alone"
                             : interval == "month" ? " or dated by year alone"
                                                   : "";
  return " (" + std::to_string(undated) + (coarse.empty() ? " without a date" : " undated" + coarse) + ", not charted)";
}

void header(const json& body, Measure measure, std::ostream& out) {
  const auto total = body.at("total").get<std::uint64_t>();
  const std::string query = printable(body.at("query"));
  const std::string interval = printable(body.at("interval"));
  out << total << (total == 1 ? " story" : " stories");
  if (!query.empty()) out << " for " << in_quotes(query);
  out << " per " << interval;
  if (body.at("by").is_string()) out << ", by " << printable(body["by"]);
  if (measure == Measure::kShare) out << ", as a share of the archive's stories";
  if (const auto undated = body.at("undated").get<std::uint64_t>(); undated > 0) out << uncharted(undated, interval);
  out << "\n";
  for (const json& note : body.at("notes")) out << "Note: " << printable(note) << "\n";
  if (body.value("timed_out", false)) out << kTimedOutNote << "\n";
}

std::string chart(const json& body, const TextStyle& style, Measure measure) {
  std::ostringstream out;
  header(body, measure, out);
  const std::vector<Row> rows = rows_of(body);
  if (rows.empty()) return out.str();
  std::size_t label_width = 0;
  std::size_t count_width = 0;
  double largest = 0;
  for (const Row& row : rows) {
    label_width = std::max(label_width, columns(row.label));
    count_width = std::max(count_width, number(row, measure).size());
    largest = std::max(largest, value(row, measure));
  }
  if (largest <= 0) largest = 1;
  const auto width = static_cast<std::size_t>(std::max(style.width, 0));
  const std::size_t fixed = label_width + kGap + kGap + count_width;
  const std::size_t bar_room = std::max<std::size_t>(width > fixed ? width - fixed : 0, kMinBarColumns);
  out << "\n";
  for (const Row& row : rows) {
    // Any count above zero shows at least one block, so a lone story is seen.
    const double scaled = value(row, measure) * static_cast<double>(bar_room) / largest;
    const std::size_t bar =
        row.count == 0 ? 0 : std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(scaled)));
    std::string blocks;
    for (std::size_t i = 0; i < bar; ++i) blocks += kBlock;
    const std::string count = number(row, measure);
    out << padded(row.label, label_width) << std::string(kGap, ' ') << blocks << std::string(bar_room - bar, ' ')
        << std::string(kGap + count_width - count.size(), ' ') << count << "\n";
  }
  return out.str();
}

}  // namespace

std::string trends_chart(const json& body, const TextStyle& style) { return chart(body, style, Measure::kCount); }

std::string trends_share_chart(const json& body, const TextStyle& style) {
  return chart(body, style, Measure::kShare);
}

}  // namespace scatter::cli
