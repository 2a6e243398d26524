// A search's matches as rows to take away: CSV (RFC 4180, a header row, CRLF
// line ends) for a spreadsheet, or JSON Lines (one story per line, the text
// included) for a script. searchd's /export and `scatter export` write the
// same bytes for the same search.
#pragma once

#include "engine/search_request.h"

#include <optional>
#include <string>
#include <string_view>

namespace scatter::exports {

enum class ExportFormat { kCsv, kJsonl };
std::optional<ExportFormat> export_format_from_name(std::string_view name);  // "csv", "jsonl"
std::string_view export_format_name(ExportFormat format);
std::string_view export_content_type(ExportFormat format);  // "text/csv; charset=utf-8; header=present", ...

// What comes before the first row: CSV's header row; nothing for JSON Lines.
// `fields`: the archive's declared fields (fields.json), in its order.
std::string export_header(ExportFormat format, const std::vector<std::string>& fields = {});
// One story: id, issue, date, title, url, companies, topics, score, then a
// column per declared field in `fields` order (empty when the story has no
// value); JSON Lines adds the text (paragraphs) and the "Why it matters"
// bullets, and the declared fields as an object, null for a missing value.
// Ends with its line end.
std::string export_row(ExportFormat format, const SearchHit& hit, const std::vector<std::string>& fields = {});

// The file name a download is saved as: "scatter-export.csv", or with the
// query's words ("scatter-export-mistral-pixtral.jsonl"), letters and digits only.
std::string export_file_name(const SearchRequest& search, ExportFormat format);

}  // namespace scatter::exports
