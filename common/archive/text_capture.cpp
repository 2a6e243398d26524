#include "archive/text_capture.h"

#include "archive/page_lines.h"
#include "text/ascii.h"
#include "text/utf8.h"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace scatter {
namespace {

// "1. Title" .. "999. Title": longer numbers are not stories (nor is "2026. A year").
constexpr std::size_t kMaxStoryNumberDigits = 3;
// Issue numbers in front matter and file names, as in the page header.
constexpr std::size_t kMaxIssueDigits = 6;
// "Headline — ScatterAI": what follows the last separator is the newsletter's
// name only when it is this short; a headline may hold a dash too.
constexpr int kMaxNewsletterNameWords = 3;

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
std::string_view strip_framework_residue(std::string_view line) {
  return without_leaked_code(line, LeakedCode::kStatementsAndScripts);
}

// "3. Title" or "3) Title": 1 to 3 digits, white space, then the title.
std::optional<std::pair<int, std::string>> story_heading(std::string_view line) {
  const std::size_t digits_begin = skip_ascii_spaces(line, 0);
  const std::size_t digits_end = skip_ascii_digits(line, digits_begin);
  if (digits_end == digits_begin || digits_end - digits_begin > kMaxStoryNumberDigits) return std::nullopt;
  if (digits_end == line.size() || (line[digits_end] != '.' && line[digits_end] != ')')) return std::nullopt;
  const std::size_t marker_end = digits_end + 1;
  if (marker_end == line.size() || !is_ascii_space(line[marker_end])) return std::nullopt;  // "3.5 billion"
  const std::size_t title_begin = skip_ascii_spaces(line, marker_end);
  const std::size_t title_end = skip_ascii_spaces_back(line, line.size());
  if (title_begin >= title_end) return std::nullopt;
  return std::pair{to_int(line.substr(digits_begin, digits_end - digits_begin)),
                   std::string(line.substr(title_begin, title_end - title_begin))};
}

std::size_t skip_stars(std::string_view line, std::size_t i) {
  while (i < line.size() && line[i] == '*') ++i;
  return i;
}

// "Why it matters:" (any case, Markdown stars around it unrendered) and the text
// after it, possibly the first bullet on the same line. The colon may be absent:
// "Why it matters to Google" opens the bullets too, as this reader always did.
std::optional<std::string> why_it_matters(std::string_view line) {
  constexpr std::string_view kLabel = "why it matters";
  std::size_t i = skip_ascii_spaces(line, skip_stars(line, skip_ascii_spaces(line, 0)));
  if (!has_ascii_icase_at(line, i, kLabel)) return std::nullopt;
  i = skip_ascii_spaces(line, skip_stars(line, skip_ascii_spaces(line, i + kLabel.size())));
  if (i < line.size() && line[i] == ':') ++i;
  i = skip_ascii_spaces(line, skip_stars(line, skip_ascii_spaces(line, i)));
  return std::string(line.substr(i));
}

// "- item", "* item", "+ item", "• item", "– item": the item.
std::string without_bullet_marker(std::string_view line) {
  const std::size_t marker = skip_ascii_spaces(line, 0);
  std::size_t marker_end = marker;
  if (marker < line.size() && (line[marker] == '-' || line[marker] == '*' || line[marker] == '+')) {
    marker_end = marker + 1;
  } else {
    for (const std::string_view sign : {"\xE2\x80\xA2", "\xE2\x80\x93"}) {
      if (line.substr(marker).starts_with(sign)) marker_end = marker + sign.size();
    }
  }
  if (marker_end == marker || marker_end == line.size() || !is_ascii_space(line[marker_end])) {
    return std::string(line);
  }
  return std::string(line.substr(skip_ascii_spaces(line, marker_end)));
}

struct Header {
  std::optional<int> issue;
  std::optional<Date> date;
  std::string newsletter;
  std::string headline;
};

struct FrontMatterField {
  std::string_view key, value;
};

// "key: value": a key of ASCII letters and underscores, the value trimmed.
std::optional<FrontMatterField> front_matter_field(std::string_view line) {
  const std::size_t key_begin = skip_ascii_spaces(line, 0);
  std::size_t key_end = key_begin;
  while (key_end < line.size() && (is_ascii_letter(line[key_end]) || line[key_end] == '_')) ++key_end;
  const std::size_t colon = skip_ascii_spaces(line, key_end);
  if (key_end == key_begin || colon == line.size() || line[colon] != ':') return std::nullopt;
  const std::size_t value_begin = skip_ascii_spaces(line, colon + 1);
  const std::size_t value_end = std::max(value_begin, skip_ascii_spaces_back(line, line.size()));
  return FrontMatterField{line.substr(key_begin, key_end - key_begin),
                          line.substr(value_begin, value_end - value_begin)};
}

// "3" or "#3", at most six digits.
std::optional<int> front_matter_issue(std::string_view value) {
  if (value.starts_with('#')) value.remove_prefix(1);
  if (value.empty() || value.size() > kMaxIssueDigits || skip_ascii_digits(value, 0) != value.size()) {
    return std::nullopt;
  }
  return to_int(value);
}

// "---\nissue: 3\ndate: 2026-02-09\n---" at the top of the file. Returns the
// number of lines it spans (0 when absent).
std::size_t read_front_matter(const std::filesystem::path& file, const std::vector<Line>& lines,
                              Header& header, std::vector<Warning>& warnings) {
  if (lines.empty() || trim(lines[0].text) != "---") return 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string& text = lines[i].text;
    if (trim(text) == "---") return i + 1;
    const std::optional<FrontMatterField> field = front_matter_field(text);
    if (!field) {
      warnings.push_back({file, lines[i].number, "front matter line is not 'key: value'"});
      continue;
    }
    const std::string key = to_lower(field->key);
    std::string value(field->value);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    if (key == "issue" || key == "number") {
      if (const auto issue = front_matter_issue(value)) header.issue = issue;
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

struct PageTitle {
  std::string_view headline, newsletter;
};

// "Headline — ScatterAI" (also – or |), the newsletter's name one to three
// words apart by single spaces; the last separator that leaves such a name.
// Read from the end: the name is one of the last three words.
std::optional<PageTitle> page_title(std::string_view line) {
  const std::size_t name_end = skip_ascii_spaces_back(line, line.size());
  std::size_t name_begin = name_end;
  for (int words = 1; words <= kMaxNewsletterNameWords; ++words) {
    while (name_begin > 0 && !is_ascii_space(line[name_begin - 1])) --name_begin;
    if (name_begin == name_end) return std::nullopt;
    const std::size_t separator_end = skip_ascii_spaces_back(line, name_begin);
    for (const std::string_view separator : {"\xE2\x80\x94", "\xE2\x80\x93", "|"}) {
      if (separator_end == name_begin || !line.substr(0, separator_end).ends_with(separator)) continue;
      const std::size_t separator_begin = separator_end - separator.size();
      const std::size_t headline_end = skip_ascii_spaces_back(line, separator_begin);
      if (headline_end == separator_begin || headline_end == 0) continue;
      return PageTitle{line.substr(0, headline_end), line.substr(name_begin, name_end - name_begin)};
    }
    // Words of the name are one white space character apart.
    if (separator_end + 1 != name_begin || separator_end == 0) return std::nullopt;
    name_begin = separator_end;
  }
  return std::nullopt;
}

// The lines a page capture shows above its first story: the page title
// ("Headline — ScatterAI"), the newsletter's name, "February 9, 2026 · Issue #3"
// and the headline. Fields already set by front matter win.
void read_page_header(const std::vector<std::string>& lines, Header& header) {
  std::string page_title_headline;
  std::vector<std::string> rest;
  for (const std::string& line : lines) {
    if (const auto line_facts = issue_then_date(line)) {
      if (!header.issue) header.issue = line_facts->issue;
      if (!header.date) header.date = line_facts->date;
      continue;
    }
    if (const auto line_facts = date_then_issue(line, kDateIssueSeparators)) {
      if (!header.issue) header.issue = line_facts->issue;
      if (!header.date) header.date = line_facts->date;
      continue;
    }
    if (!header.date) {
      if (auto date = Date::parse(line)) {
        header.date = date;
        continue;
      }
    }
    if (page_title_headline.empty() && rest.empty()) {
      if (const auto title = page_title(line)) {
        page_title_headline = title->headline;
        if (header.newsletter.empty()) header.newsletter = title->newsletter;
        continue;
      }
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

// "2026-02-09": the first such run of digits and dashes in `name`.
std::optional<std::string_view> iso_date_in(std::string_view name) {
  constexpr std::size_t kLength = 10;
  for (std::size_t i = 0; i + kLength <= name.size(); ++i) {
    const std::string_view candidate = name.substr(i, kLength);
    bool fits = true;
    for (std::size_t k = 0; k < kLength && fits; ++k) {
      fits = (k == 4 || k == 7) ? candidate[k] == '-' : is_ascii_digit(candidate[k]);
    }
    if (fits) return candidate;
  }
  return std::nullopt;
}

// "issue-003", "Issue_12", "issue 4", "issue7": the word "issue" (not inside a
// word), one optional separator, and 1 to 6 digits after any leading zeros.
std::optional<int> issue_number_in(std::string_view name) {
  constexpr std::string_view kWord = "issue";
  for (std::size_t at = 0; at + kWord.size() <= name.size(); ++at) {
    if (!has_ascii_icase_at(name, at, kWord) || (at > 0 && is_ascii_letter(name[at - 1]))) continue;
    std::size_t digits = at + kWord.size();
    if (digits < name.size() && (name[digits] == '-' || name[digits] == '_' || name[digits] == ' ')) ++digits;
    const std::size_t digits_end = skip_ascii_digits(name, digits);
    if (digits_end == digits) continue;
    while (digits + 1 < digits_end && name[digits] == '0') ++digits;
    if (digits_end - digits <= kMaxIssueDigits) return to_int(name.substr(digits, digits_end - digits));
  }
  return std::nullopt;
}

}  // namespace

FileNameFacts facts_from_file_name(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  FileNameFacts facts;
  if (const auto date = iso_date_in(name)) facts.date = Date::from_iso(*date);
  facts.issue = issue_number_in(name);
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
    const std::string_view stripped = strip_framework_residue(lines[i].text);
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
