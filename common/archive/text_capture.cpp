#include "archive/text_capture.h"

#include "text/utf8.h"

#include <charconv>
#include <regex>
#include <sstream>

namespace scatter {
namespace {

struct Line {
  int number;  // 1-based, for messages
  std::string text;
};

std::vector<Line> split_lines(const std::string& text) {
  std::vector<Line> lines;
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) lines.push_back({n, line});
  return lines;
}

int to_int(std::string_view digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

// Static-site builds leak module code into text captures (SvelteKit's
// `export const prerender = true;`); it is no part of any story.
std::string strip_framework_residue(std::string line) {
  static const std::regex kResidue(
      R"(^\s*(export\s+(const|let|var)\s+[A-Za-z_$][\w$]*\s*=\s*[^;]*;|import\s+[^;]*;|<script[^>]*>.*</script>)\s*)");
  std::smatch m;
  while (std::regex_search(line, m, kResidue)) line = m.suffix();
  return line;
}

std::optional<std::pair<int, std::string>> story_heading(std::string_view line) {
  static const std::regex kHeading(R"(^\s*(\d{1,3})[.)]\s+(\S.*?)\s*$)");
  std::cmatch m;
  if (!std::regex_match(line.begin(), line.end(), m, kHeading)) return std::nullopt;
  return std::pair{to_int(m[1].str()), m[2].str()};
}

// "Why it matters:" possibly followed by the first bullet on the same line.
std::optional<std::string> why_it_matters(std::string_view line) {
  static const std::regex kWhy(R"(^\s*\**\s*why it matters\s*\**\s*:?\s*\**\s*(.*)$)", std::regex::icase);
  std::cmatch m;
  if (!std::regex_match(line.begin(), line.end(), m, kWhy)) return std::nullopt;
  return m[1].str();
}

std::string without_bullet_marker(std::string_view line) {
  static const std::regex kMarker(R"(^\s*(?:[-*+]|\xE2\x80\xA2|\xE2\x80\x93)\s+)");
  return std::regex_replace(std::string(line), kMarker, "", std::regex_constants::format_first_only);
}

struct Header {
  std::optional<int> issue;
  std::optional<Date> date;
  std::string newsletter;
  std::string headline;
};

// "---\nissue: 3\ndate: 2026-02-09\n---" at the top of the file. Returns the
// number of lines it spans (0 when absent).
std::size_t read_front_matter(const std::filesystem::path& file, const std::vector<Line>& lines,
                              Header& header, std::vector<Warning>& warnings) {
  if (lines.empty() || trim(lines[0].text) != "---") return 0;
  static const std::regex kField(R"(^\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$)");
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string& text = lines[i].text;
    if (trim(text) == "---") return i + 1;
    std::smatch m;
    if (!std::regex_match(text, m, kField)) {
      warnings.push_back({file, lines[i].number, "front matter line is not 'key: value'"});
      continue;
    }
    const std::string key = to_lower(m[1].str());
    std::string value = m[2].str();
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    if (key == "issue" || key == "number") {
      const std::string digits = std::regex_replace(value, std::regex(R"(^#)"), "");
      if (std::regex_match(digits, std::regex(R"(\d{1,6})"))) header.issue = to_int(digits);
      else warnings.push_back({file, lines[i].number, "issue '" + value + "' is not a number"});
    } else if (key == "date") {
      header.date = Date::parse(value);
      if (!header.date) warnings.push_back({file, lines[i].number, "date '" + value + "' is not a date"});
    } else if (key == "newsletter") {
      header.newsletter = value;
    } else if (key == "title" || key == "headline") {
      header.headline = value;
    }
  }
  throw ParseError(file, lines[0].number, "front matter opened with '---' is never closed");
}

// The lines a page capture shows above its first story: the page title
// ("Headline — ScatterAI"), the newsletter's name, "February 9, 2026 · Issue #3"
// and the headline. Fields already set by front matter win.
void read_page_header(const std::vector<std::string>& lines, Header& header) {
  static const std::regex kDateIssue(
      R"(^(.*?)\s*(?:\xC2\xB7|\xE2\x80\xA2|\||\xE2\x80\x94|\xE2\x80\x93|-)?\s*Issue\s*(?:#|No\.?)?\s*(\d{1,6})\s*$)",
      std::regex::icase);
  static const std::regex kPageTitle(R"(^(.*\S)\s+(?:\xE2\x80\x94|\xE2\x80\x93|\|)\s+(\S+(?:\s\S+){0,2})\s*$)");
  static const std::regex kIssueDate(
      "^Issue\\s*(?:#|No\\.?)?\\s*(\\d{1,6})\\s*(?:\xC2\xB7|\xE2\x80\xA2|\\||\xE2\x80\x94|\xE2\x80\x93|-|,)\\s*(.+)$",
      std::regex::icase);
  std::string page_title_headline;
  std::vector<std::string> rest;
  for (const std::string& line : lines) {
    std::smatch m;
    if (std::regex_match(line, m, kIssueDate) && Date::parse(m[2].str())) {
      if (!header.issue) header.issue = to_int(m[1].str());
      if (!header.date) header.date = Date::parse(m[2].str());
      continue;
    }
    if (std::regex_match(line, m, kDateIssue)) {
      if (!header.issue) header.issue = to_int(m[2].str());
      if (!header.date) header.date = Date::parse(m[1].str());
      continue;
    }
    if (!header.date) {
      if (auto date = Date::parse(line)) {
        header.date = date;
        continue;
      }
    }
    if (page_title_headline.empty() && rest.empty() && std::regex_match(line, m, kPageTitle)) {
      page_title_headline = m[1].str();
      if (header.newsletter.empty()) header.newsletter = m[2].str();
      continue;
    }
    if (!header.newsletter.empty() && line == header.newsletter) continue;
    rest.push_back(line);
  }
  if (header.headline.empty()) header.headline = rest.empty() ? page_title_headline : rest.back();
}

void apply_file_name_facts(const std::filesystem::path& file, Header& header, std::vector<Warning>& warnings) {
  const FileNameFacts facts = facts_from_file_name(file);
  if (facts.issue && header.issue && *facts.issue != *header.issue) {
    warnings.push_back({file, 0, "file name says issue " + std::to_string(*facts.issue) + " but the text says " +
                                     std::to_string(*header.issue) + "; using the text"});
  }
  if (facts.date && header.date && *facts.date != *header.date) {
    warnings.push_back({file, 0, "file name says " + facts.date->iso() + " but the text says " +
                                     header.date->iso() + "; using the text"});
  }
  if (!header.issue) header.issue = facts.issue;
  if (!header.date) header.date = facts.date;
}

enum class Section { kHeader, kBody, kBullets };

}  // namespace

FileNameFacts facts_from_file_name(const std::filesystem::path& file) {
  static const std::regex kDate(R"((\d{4}-\d{2}-\d{2}))");
  static const std::regex kIssue(R"((?:^|[^a-z])issue[-_ ]?0*(\d{1,6})(?:[^0-9]|$))", std::regex::icase);
  const std::string name = file.filename().string();
  FileNameFacts facts;
  std::smatch m;
  if (std::regex_search(name, m, kDate)) facts.date = Date::from_iso(m[1].str());
  if (std::regex_search(name, m, kIssue)) facts.issue = to_int(m[1].str());
  return facts;
}

Capture parse_text_capture(const std::filesystem::path& file, std::string_view raw) {
  if (trim(raw).empty()) throw ParseError(file, 1, "empty file");
  if (looks_binary(raw)) throw ParseError(file, 1, "binary file, not a text capture of an issue");

  Capture capture;
  const CleanText clean = clean_text(raw);
  if (clean.invalid_bytes > 0) {
    capture.warnings.push_back({file, clean.first_invalid_line,
                                std::to_string(clean.invalid_bytes) +
                                    " bytes of invalid UTF-8 replaced with U+FFFD"});
  }
  const std::vector<Line> lines = split_lines(clean.text);
  Header header;
  const std::size_t body_start = read_front_matter(file, lines, header, capture.warnings);

  std::vector<std::string> header_lines;
  std::vector<Story>& stories = capture.issue.stories;
  std::vector<int> heading_lines;
  Section section = Section::kHeader;
  for (std::size_t i = body_start; i < lines.size(); ++i) {
    const std::string stripped = strip_framework_residue(lines[i].text);
    const std::string text(trim(stripped));
    if (text.empty()) continue;
    if (auto heading = story_heading(text); heading && heading->first == static_cast<int>(stories.size()) + 1) {
      stories.push_back(Story{.number = heading->first, .title = heading->second});
      heading_lines.push_back(lines[i].number);
      section = Section::kBody;
      continue;
    }
    if (section == Section::kHeader) {
      header_lines.push_back(text);
      continue;
    }
    Story& story = stories.back();
    if (auto why = why_it_matters(text)) {
      section = Section::kBullets;
      if (!trim(*why).empty()) story.bullets.push_back(without_bullet_marker(*why));
      continue;
    }
    // Once "Why it matters:" is open every line is a bullet, markers or not: some
    // captures drop the list markup but keep the items.
    if (section == Section::kBullets) story.bullets.emplace_back(trim(without_bullet_marker(text)));
    else story.paragraphs.push_back(text);
  }
  if (stories.empty()) {
    throw ParseError(file, 1, "no numbered stories found (expected a line like '1. Title')");
  }
  for (std::size_t s = 0; s < stories.size(); ++s) {
    if (stories[s].paragraphs.empty()) {
      capture.warnings.push_back({file, heading_lines[s], "story " + std::to_string(stories[s].number) +
                                                              " has no body text"});
    }
  }
  read_page_header(header_lines, header);
  apply_file_name_facts(file, header, capture.warnings);
  capture.issue.newsletter = header.newsletter;
  capture.issue.number = header.issue;
  capture.issue.date = header.date;
  capture.issue.headline = header.headline;
  capture.issue.sources = {file};
  return capture;
}

}  // namespace scatter
