// Rows of an export (export/export_rows.h): CSV as RFC 4180 quotes it, JSON
// Lines with the text, and the file name a download is saved as.
#include "export/export_rows.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace scatter::exports {
namespace {

SearchHit awkward_story() {
  SearchHit hit;
  hit.record.issue = 12;
  hit.record.date = Date{2026, 3, 2};
  hit.record.story.id = "12-4";
  hit.record.story.number = 4;
  hit.record.story.title = "Labs say \"open\", then close, again";
  hit.record.story.url = "/issues/12#story-4";
  hit.record.story.companies = {"Mistral AI", "Google"};
  hit.record.story.topics = {{"Open weights", 0.9}};
  hit.record.story.paragraphs = {"First line,\nsecond line.", "Another paragraph."};
  hit.record.story.bullets = {"Why it matters"};
  hit.score = 12.345678;
  return hit;
}

TEST(ExportRows, CsvQuotesFieldsWithCommasQuotesAndLineBreaksAndEndsWithCrLf) {
  EXPECT_EQ(export_header(ExportFormat::kCsv), "id,issue,date,title,url,companies,topics,score\r\n");
  EXPECT_EQ(export_row(ExportFormat::kCsv, awkward_story()),
            "12-4,12,2026-03-02,\"Labs say \"\"open\"\", then close, again\",/issues/12#story-4,Mistral AI; Google,"
            "Open weights,12.3457\r\n");
  SearchHit undated = awkward_story();
  undated.record.date.reset();
  undated.record.issue.reset();
  undated.record.story.title = "Plain";
  undated.score = 0;
  EXPECT_EQ(export_row(ExportFormat::kCsv, undated), "12-4,,,Plain,/issues/12#story-4,Mistral AI; Google,Open weights,0.0000\r\n");
}

TEST(ExportRows, JsonLinesAreOneObjectPerLineWithTheText) {
  EXPECT_EQ(export_header(ExportFormat::kJsonl), "");
  const std::string row = export_row(ExportFormat::kJsonl, awkward_story());
  ASSERT_EQ(row.back(), '\n');
  EXPECT_EQ(row.find('\n'), row.size() - 1) << "line breaks in the text are escaped";
  const nlohmann::json story = nlohmann::json::parse(row);
  EXPECT_EQ(story["id"], "12-4");
  EXPECT_EQ(story["issue"], 12);
  EXPECT_EQ(story["date"], "2026-03-02");
  EXPECT_EQ(story["text"], "First line,\nsecond line.\n\nAnother paragraph.");
  EXPECT_EQ(story["bullets"], nlohmann::json::array({"Why it matters"}));
  EXPECT_EQ(story["companies"], nlohmann::json::array({"Mistral AI", "Google"}));
  EXPECT_EQ(story["topics"], nlohmann::json::array({"Open weights"}));
  EXPECT_DOUBLE_EQ(story["score"].get<double>(), 12.3457);
}

TEST(ExportRows, FormatsAndFileNames) {
  EXPECT_EQ(export_format_from_name("csv"), ExportFormat::kCsv);
  EXPECT_EQ(export_format_from_name("jsonl"), ExportFormat::kJsonl);
  EXPECT_FALSE(export_format_from_name("json"));
  EXPECT_EQ(export_file_name({.q = "Mistral, \"Pixtral\"/../etc"}, ExportFormat::kCsv), "scatter-export-mistral-pixtral-etc.csv");
  EXPECT_EQ(export_file_name({}, ExportFormat::kJsonl), "scatter-export.jsonl");
  EXPECT_EQ(export_file_name({.q = "日本"}, ExportFormat::kCsv), "scatter-export.csv");
}

}  // namespace
}  // namespace scatter::exports
