#include "export/export_rows.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cmath>

namespace scatter::exports {
namespace {

// RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
void append_csv_field(std::string& row, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    row += field;
    return;
  }
  row += '"';
  for (const char c : field) {
    if (c == '"') row += '"';
    row += c;
  }
  row += '"';
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : "; ") + name;
  return out;
}

std::vector<std::string> topic_names(const Story& story) {
  std::vector<std::string> names;
  for (const TopicScore& topic : story.topics) names.push_back(topic.name);
  return names;
}

// As /search shows scores: four decimals.
double shown_score(double score) { return std::round(score * 1e4) / 1e4; }

std::string score_text(double score) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4f", shown_score(score));
  return text;
}

}  // namespace

std::optional<ExportFormat> export_format_from_name(std::string_view name) {
  if (name == "csv") return ExportFormat::kCsv;
  if (name == "jsonl") return ExportFormat::kJsonl;
  return std::nullopt;
}

std::string_view export_format_name(ExportFormat format) { return format == ExportFormat::kCsv ? "csv" : "jsonl"; }

std::string_view export_content_type(ExportFormat format) {
  return format == ExportFormat::kCsv ? "text/csv; charset=utf-8; header=present" : "application/x-ndjson; charset=utf-8";
}

std::string export_header(ExportFormat format, const std::vector<std::string>& fields) {
  if (format != ExportFormat::kCsv) return "";
  std::string header = "id,issue,date,title,url,companies,topics,score";
  for (const std::string& field : fields) {
    header += ',';
    append_csv_field(header, field);
  }
  return header + "\r\n";
}

std::string export_row(ExportFormat format, const SearchHit& hit, const std::vector<std::string>& fields) {
  const StoryRecord& record = hit.record;
  const Story& story = record.story;
  const std::string issue = record.issue ? std::to_string(*record.issue) : "";
  const std::string date = record.date ? record.date->iso() : "";
  if (format == ExportFormat::kJsonl) {
    std::string text;
    for (const std::string& paragraph : story.paragraphs) text += (text.empty() ? "" : "\n\n") + paragraph;
    nlohmann::json row{{"id", story.id},
                             {"issue", record.issue ? nlohmann::json(*record.issue) : nlohmann::json(nullptr)},
                             {"date", record.date ? nlohmann::json(date) : nlohmann::json(nullptr)},
                             {"title", story.title},
                             {"url", story.url},
                             {"companies", story.companies},
                             {"topics", topic_names(story)},
                             {"score", shown_score(hit.score)},
                             {"text", text},
                             {"bullets", story.bullets}};
    if (!fields.empty()) {
      nlohmann::json values = nlohmann::json::object();
      for (const std::string& field : fields) {
        const auto value = story.fields.find(field);
        values[field] = value == story.fields.end() ? nlohmann::json(nullptr) : nlohmann::json(value->second);
      }
      row["fields"] = values;
    }
    return row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  std::string row;
  for (const std::string_view field : {std::string_view(story.id), std::string_view(issue), std::string_view(date),
                                       std::string_view(story.title), std::string_view(story.url)}) {
    append_csv_field(row, field);
    row += ',';
  }
  append_csv_field(row, joined(story.companies));
  row += ',';
  append_csv_field(row, joined(topic_names(story)));
  row += ',';
  row += score_text(hit.score);
  for (const std::string& field : fields) {
    row += ',';
    const auto value = story.fields.find(field);
    if (value != story.fields.end()) append_csv_field(row, value->second);
  }
  row += "\r\n";
  return row;
}

std::string export_file_name(const SearchRequest& search, ExportFormat format) {
  std::string words;
  bool gap = false;
  for (const char c : search.q) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0 && static_cast<unsigned char>(c) < 128) {
      if (gap && !words.empty()) words += '-';
      words += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      gap = false;
    } else {
      gap = true;
    }
    if (words.size() >= 60) break;
  }
  return "scatter-export" + (words.empty() ? "" : "-" + words) + "." + std::string(export_format_name(format));
}

}  // namespace scatter::exports
