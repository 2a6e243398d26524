#include "archive/markdown_capture.h"

#include "text/utf8.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace scatter {
namespace {

// CommonMark lets block markers sit up to three spaces in; four is code.
constexpr std::size_t kMaxBlockIndent = 3;
constexpr int kMaxStoryHeadingLevel = 4;
constexpr std::size_t kMaxStoryNumberDigits = 3;
constexpr std::string_view kWhyItMatters = "why it matters";

struct Line {
  int number;  // 1-based, for messages
  std::string_view text;
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  int number = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back({++number, text.substr(start, end - start)});
    start = end + 1;
  }
  return lines;
}

bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_ascii_punct(char c) {
  return c > ' ' && c < 0x7F && !is_ascii_alnum(c);
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::size_t leading_spaces(std::string_view text) {
  std::size_t n = 0;
  while (n < text.size() && is_space(text[n])) ++n;
  return n;
}

// ---- inline markup ---------------------------------------------------------

// Nesting of inline spans followed; deeper spans keep their markup. No story
// nests emphasis and links past a few levels, and each level reads the text once.
constexpr int kMaxInlineDepth = 16;

struct Span {
  std::string_view text;  // what the reader sees, still to be stripped
  std::size_t end;        // index just past the construct
};

// Where each rule below finds its closer, looked up in one pass over the text:
// scanning ahead from every opener took time quadratic in the text's length on
// a paragraph of unclosed "*a *a *a" or "[[[".
class InlineMarks {
 public:
  explicit InlineMarks(std::string_view s) : s_(s) {
    match_brackets();
    list_runs();
  }

  // The bracket or parenthesis matching the one at `i`, nesting counted.
  std::optional<std::size_t> closing(std::size_t i) const {
    const auto it = std::lower_bound(closers_.begin(), closers_.end(), std::pair{i, std::size_t{0}});
    if (it == closers_.end() || it->first != i) return std::nullopt;
    return it->second;
  }

  // The first run of exactly `length` `c`s at or after `from` (for '*', '_' and
  // '~', one that can close emphasis).
  std::optional<std::size_t> run_at_or_after(char c, std::size_t length, std::size_t from) const {
    const auto runs = runs_.find({c, length});
    if (runs == runs_.end()) return std::nullopt;
    const auto it = std::lower_bound(runs->second.begin(), runs->second.end(), from);
    if (it == runs->second.end()) return std::nullopt;
    return *it;
  }

  std::size_t run_length(std::size_t i) const {
    std::size_t n = 0;
    while (i + n < s_.size() && s_[i + n] == s_[i]) ++n;
    return n;
  }

  // The first `what` at or after `from`; a later query never starts earlier, so
  // each text is searched once however many openers ask.
  std::size_t next(std::string_view what, std::size_t from) {
    Found& found = what == ">" ? next_angle_ : next_comment_end_;
    if (found.from > from || found.at < from) found = Found{from, s_.find(what, from)};
    return found.at;
  }

 private:
  // *em* closes where the run follows text, and an underscore run not inside a word.
  void add_run(char c, std::size_t at, std::size_t length) {
    const bool closes = c == '`' || (at > 0 && !is_space(s_[at - 1]) &&
                                     !(c == '_' && at + length < s_.size() && is_ascii_alnum(s_[at + length])));
    if (closes) runs_[{c, length}].push_back(at);
  }

  // Escapes count for brackets: "\\[" is text. They do not for runs of marks,
  // which were always found by their characters alone.
  void match_brackets() {
    std::vector<std::size_t> open_brackets, open_parens;
    for (std::size_t j = 0; j < s_.size(); ++j) {
      const char c = s_[j];
      if (c == '\\') {
        ++j;
      } else if (c == '[' || c == '(') {
        (c == '[' ? open_brackets : open_parens).push_back(j);
      } else if (c == ']' || c == ')') {
        std::vector<std::size_t>& open = c == ']' ? open_brackets : open_parens;
        if (open.empty()) continue;
        closers_.emplace_back(open.back(), j);
        open.pop_back();
      }
    }
    std::sort(closers_.begin(), closers_.end());
  }

  void list_runs() {
    for (std::size_t j = 0; j < s_.size();) {
      const char c = s_[j];
      if (c != '`' && c != '*' && c != '_' && c != '~') {
        ++j;
        continue;
      }
      const std::size_t length = run_length(j);
      add_run(c, j, length);
      j += length;
    }
  }

  struct Found {
    std::size_t from = std::string_view::npos;
    std::size_t at = std::string_view::npos;
  };

  std::string_view s_;
  std::vector<std::pair<std::size_t, std::size_t>> closers_{};     // (opening index, closing index)
  std::map<std::pair<char, std::size_t>, std::vector<std::size_t>> runs_{};  // (char, length) -> starts, ascending
  Found next_angle_{}, next_comment_end_{};
};

// `code`: the text between runs of equal length, taken literally.
std::optional<Span> code_span(std::string_view s, std::size_t i, const InlineMarks& marks) {
  const std::size_t n = marks.run_length(i);
  const auto close = marks.run_at_or_after('`', n, i + n);
  if (!close) return std::nullopt;
  return Span{trim(s.substr(i + n, *close - i - n)), *close + n};
}

// [text](url) or [text][ref]; a bare [text] is not a link and stays as typed.
std::optional<Span> link(std::string_view s, std::size_t i, const InlineMarks& marks) {
  const auto text_end = marks.closing(i);
  if (!text_end || *text_end + 1 >= s.size()) return std::nullopt;
  const char next = s[*text_end + 1];
  if (next != '(' && next != '[') return std::nullopt;
  const auto target_end = marks.closing(*text_end + 1);
  if (!target_end) return std::nullopt;
  return Span{s.substr(i + 1, *text_end - i - 1), *target_end + 1};
}

// <tag ...>, </tag>, <!-- comment -->: removed. <https://x> is an autolink: kept.
std::optional<Span> html(std::string_view s, std::size_t i, InlineMarks& marks) {
  if (s.substr(i).starts_with("<!--")) {
    const std::size_t end = marks.next("-->", i + 4);
    return end == std::string_view::npos ? std::nullopt : std::optional<Span>(Span{{}, end + 3});
  }
  const auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (i + 1 >= s.size() || !(is_letter(s[i + 1]) || s[i + 1] == '/')) return std::nullopt;  // "<5 ms" is text
  const std::size_t end = marks.next(">", i);
  if (end == std::string_view::npos) return std::nullopt;
  const std::string_view inside = s.substr(i + 1, end - i - 1);
  const bool autolink = inside.find("://") != std::string_view::npos || inside.starts_with("mailto:");
  return Span{autolink ? inside : std::string_view(), end + 1};
}

// *em*, **bold**, _em_, __bold__, ~~strike~~: a run that opens (text follows it)
// and a run of the same length that closes it. Unpaired markers stay, as in
// "5 * 3"; so do underscores inside words, as in snake_case.
std::optional<Span> emphasis(std::string_view s, std::size_t i, const InlineMarks& marks) {
  const char c = s[i];
  const std::size_t n = marks.run_length(i);
  if (c == '~' && n != 2) return std::nullopt;
  const bool opens = i + n < s.size() && !is_space(s[i + n]) && !(c == '_' && i > 0 && is_ascii_alnum(s[i - 1]));
  if (!opens) return std::nullopt;
  const auto close = marks.run_at_or_after(c, n, i + n);
  if (!close) return std::nullopt;
  return Span{s.substr(i + n, *close - i - n), *close + n};
}

// The text a reader of the rendered page sees.
std::string strip_inline(std::string_view s, int depth = 0) {
  InlineMarks marks(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    std::optional<Span> span;
    bool literal = false;  // code spans and escapes are not stripped further
    bool dropped = false;  // images leave nothing behind
    if (c == '\\' && i + 1 < s.size() && is_ascii_punct(s[i + 1])) {
      span = Span{s.substr(i + 1, 1), i + 2};
      literal = true;
    } else if (c == '`') {
      span = code_span(s, i, marks);
      literal = true;
    } else if (c == '!' && i + 1 < s.size() && s[i + 1] == '[') {
      span = link(s, i + 1, marks);
      dropped = true;
    } else if (c == '[') {
      span = link(s, i, marks);
    } else if (c == '<') {
      span = html(s, i, marks);
    } else if (c == '*' || c == '_' || c == '~') {
      span = emphasis(s, i, marks);
    }
    if (!span) {
      out += c;
      ++i;
      continue;
    }
    if (!dropped) {
      out += literal || depth == kMaxInlineDepth ? std::string(span->text) : strip_inline(span->text, depth + 1);
    }
    i = span->end;
  }
  return out;
}

// Stripped, trimmed, and runs of spaces left by removed markup made single.
std::string visible_text(std::string_view markdown) {
  const std::string stripped = strip_inline(markdown);
  std::string out;
  out.reserve(stripped.size());
  for (const char c : trim(stripped)) {
    if (is_space(c) && !out.empty() && out.back() == ' ') continue;
    out += is_space(c) ? ' ' : c;
  }
  return out;
}

// ---- front matter ----------------------------------------------------------

struct FrontMatter {
  std::optional<int> issue{};
  std::optional<Date> date{};
  std::string newsletter{};
  std::string headline{};
};

std::string_view unquoted(std::string_view value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
    return value.substr(1, value.size() - 2);
  }
  return value;
}

std::optional<int> issue_number(std::string_view value) {
  if (value.starts_with('#')) value.remove_prefix(1);
  if (value.empty() || value.size() > 6) return std::nullopt;
  int n = 0;
  for (const char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n >= 1 ? std::optional<int>(n) : std::nullopt;
}

// One "key: value" line; returns the warning it deserves, if any.
std::optional<std::string> read_front_matter_field(std::string_view text, FrontMatter& fm) {
  const std::size_t colon = text.find(':');
  const std::string_view key = trim(text.substr(0, colon == std::string_view::npos ? 0 : colon));
  if (colon == std::string_view::npos || key.empty() ||
      !std::all_of(key.begin(), key.end(), [](char c) { return is_ascii_alnum(c) || c == '_' || c == '-'; })) {
    return "front matter line is not 'key: value'";
  }
  const std::string name = ascii_lower(key);
  const std::string_view value = unquoted(trim(text.substr(colon + 1)));
  if (name == "issue") {
    fm.issue = issue_number(value);
    if (!fm.issue) return "front matter issue '" + std::string(value) + "' is not a number >= 1";
  } else if (name == "date") {
    fm.date = Date::parse(value);
    if (!fm.date) return "front matter date '" + std::string(value) + "' is not a date";
  } else if (name == "title") {
    fm.headline = visible_text(value);
  } else if (name == "newsletter") {
    fm.newsletter = visible_text(value);
  } else if (name != "url") {  // url: story urls are made by assign_ids_and_urls()
    return "front matter key '" + std::string(key) + "' is not known; ignored";
  }
  return std::nullopt;
}

// Returns the index of the first line after the front matter (0 when absent).
std::size_t read_front_matter(const std::filesystem::path& file, const std::vector<Line>& lines, FrontMatter& fm,
                              std::vector<Warning>& warnings) {
  if (lines.empty() || trim(lines[0].text) != "---") return 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string_view text = trim(lines[i].text);
    if (text == "---" || text == "...") return i + 1;
    if (text.empty() || text.starts_with('#')) continue;  // YAML blank and comment lines
    if (auto problem = read_front_matter_field(text, fm)) warnings.push_back({file, lines[i].number, *problem});
  }
  throw ParseError(file, lines[0].number, "front matter opened with '---' is never closed");
}

// ---- blocks ----------------------------------------------------------------

struct Heading {
  int level;
  std::string text;  // visible text
};

// "## Title ##" -> {2, "Title"}; ATX headings only.
std::optional<Heading> heading(std::string_view line) {
  const std::size_t indent = leading_spaces(line);
  if (indent > kMaxBlockIndent) return std::nullopt;
  line.remove_prefix(indent);
  std::size_t level = 0;
  while (level < line.size() && line[level] == '#') ++level;
  if (level == 0 || level > 6 || (level < line.size() && !is_space(line[level]))) return std::nullopt;
  std::string_view text = trim(line.substr(level));
  const std::size_t closing_hashes = text.find_last_not_of('#');
  if (closing_hashes != std::string_view::npos && closing_hashes + 1 < text.size() && is_space(text[closing_hashes])) {
    text = trim(text.substr(0, closing_hashes));
  }
  return Heading{static_cast<int>(level), visible_text(text)};
}

// "1. Title" or "1) Title" -> {1, "Title"}.
std::optional<std::pair<int, std::string>> numbered(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits > kMaxStoryNumberDigits || digits + 1 >= text.size()) return std::nullopt;
  if ((text[digits] != '.' && text[digits] != ')') || !is_space(text[digits + 1])) return std::nullopt;
  const std::string_view title = trim(text.substr(digits + 2));
  if (title.empty()) return std::nullopt;
  int number = 0;
  for (std::size_t i = 0; i < digits; ++i) number = number * 10 + (text[i] - '0');
  return std::pair{number, std::string(title)};
}

// "- item", "* item", "+ item", "1. item", "1) item" -> "item".
std::optional<std::string_view> list_item(std::string_view line) {
  const std::size_t indent = leading_spaces(line);
  line.remove_prefix(indent);
  std::size_t marker = 0;
  if (!line.empty() && (line[0] == '-' || line[0] == '*' || line[0] == '+')) {
    marker = 1;
  } else {
    while (marker < line.size() && marker < 9 && line[marker] >= '0' && line[marker] <= '9') ++marker;
    if (marker == 0 || marker >= line.size() || (line[marker] != '.' && line[marker] != ')')) return std::nullopt;
    ++marker;
  }
  if (marker >= line.size() || !is_space(line[marker])) return std::nullopt;
  return trim(line.substr(marker));
}

// ---, ***, ___ (spaces allowed): a section break, no text.
bool thematic_break(std::string_view line) {
  const std::string_view text = trim(line);
  if (text.size() < 3 || (text[0] != '-' && text[0] != '*' && text[0] != '_')) return false;
  std::size_t marks = 0;
  for (const char c : text) {
    if (c == text[0]) ++marks;
    else if (!is_space(c)) return false;
  }
  return marks >= 3;
}

// "Why it matters", with or without a colon; nullopt unless the text opens with it.
// Text after "Why it matters:" on the same line is the first bullet.
std::optional<std::string> why_it_matters(std::string_view visible) {
  const std::string lower = ascii_lower(visible.substr(0, kWhyItMatters.size() + 1));
  if (!lower.starts_with(kWhyItMatters)) return std::nullopt;
  std::string_view rest = visible.substr(kWhyItMatters.size());
  if (rest.empty()) return std::string();
  if (rest.front() != ':') return std::nullopt;  // "Why it matters is ..." is prose
  return std::string(trim(rest.substr(1)));
}

// ---- stories ---------------------------------------------------------------

enum class Section { kHeader, kBody, kBullets };

// Walks the lines after the front matter, one block at a time. A paragraph or a
// list item stays open (raw markdown in `pending_`) until a blank line, another
// block, or a line that cannot continue it, so that markup spanning a wrapped
// line is stripped as a whole.
class StoryReader {
 public:
  StoryReader(const std::filesystem::path& file, std::vector<Warning>& warnings)
      : file_(file), warnings_(warnings) {}

  void read(const Line& line);
  void finish();

  std::vector<Story> stories{};
  std::string headline{};  // the first unnumbered level-1 heading

 private:
  void on_heading(const Heading& h, int line);
  void on_text(std::string_view text, bool indented);
  void start(std::string_view text, bool as_bullet);
  void flush();

  const std::filesystem::path& file_;
  std::vector<Warning>& warnings_;
  std::vector<int> heading_lines_{};
  Section section_ = Section::kHeader;
  std::string pending_{};
  bool pending_is_bullet_ = false;
  bool blank_since_pending_ = false;
};

void StoryReader::read(const Line& line) {
  const std::string_view text = line.text;
  if (trim(text).empty()) {
    // A list item may continue after a blank line (a loose list); a paragraph ends.
    if (pending_is_bullet_) blank_since_pending_ = true;
    else flush();
    return;
  }
  if (auto h = heading(text)) return on_heading(*h, line.number);
  if (thematic_break(text)) return flush();
  if (section_ == Section::kBullets) {
    if (auto item = list_item(text)) return start(*item, /*as_bullet=*/true);
  }
  on_text(text, leading_spaces(text) > 0);
}

void StoryReader::on_heading(const Heading& h, int line) {
  flush();
  const auto story = numbered(h.text);
  const int expected = static_cast<int>(stories.size()) + 1;
  if (story && h.level <= kMaxStoryHeadingLevel && story->first == expected) {
    stories.push_back(Story{.number = story->first, .title = story->second});
    heading_lines_.push_back(line);
    section_ = Section::kBody;
    return;
  }
  if (story && h.level <= kMaxStoryHeadingLevel) {
    warnings_.push_back({file_, line, "heading numbered " + std::to_string(story->first) + " where story " +
                                          std::to_string(expected) + " was expected; read as text"});
  }
  if (section_ == Section::kHeader) {
    if (h.level == 1 && !story && headline.empty()) headline = h.text;
    return;
  }
  if (auto why = why_it_matters(h.text); why && why->empty()) {
    section_ = Section::kBullets;
    return;
  }
  // Any other heading inside a story is text of that story, kept searchable.
  section_ = Section::kBody;
  start(h.text, /*as_bullet=*/false);
  flush();
}

void StoryReader::on_text(std::string_view text, bool indented) {
  const std::optional<std::string_view> item = list_item(text);  // a list interrupts a paragraph
  text = trim(text);
  const bool continues =
      !pending_.empty() && !item && (!blank_since_pending_ || (pending_is_bullet_ && indented));
  if (continues) {
    pending_ += ' ';
    pending_.append(text);
    blank_since_pending_ = false;
    return;
  }
  flush();
  if (section_ == Section::kHeader) return;  // text above the first story is no story's
  if (auto why = why_it_matters(visible_text(text))) {
    section_ = Section::kBullets;
    if (!why->empty()) start(*why, /*as_bullet=*/true);
    return;
  }
  // Under "Why it matters" before any list, prose is the bullet; after a list it
  // is the story's text again.
  const bool as_bullet = section_ == Section::kBullets && stories.back().bullets.empty();
  if (!as_bullet) section_ = Section::kBody;
  if (item && !as_bullet) text = *item;
  start(text, as_bullet);
}

void StoryReader::start(std::string_view text, bool as_bullet) {
  flush();
  pending_ = text;
  pending_is_bullet_ = as_bullet;
}

void StoryReader::flush() {
  if (!pending_.empty() && !stories.empty()) {
    std::string text = visible_text(pending_);
    if (!text.empty()) {
      Story& story = stories.back();
      (pending_is_bullet_ ? story.bullets : story.paragraphs).push_back(std::move(text));
    }
  }
  pending_.clear();
  pending_is_bullet_ = false;
  blank_since_pending_ = false;
}

void StoryReader::finish() {
  flush();
  for (std::size_t s = 0; s < stories.size(); ++s) {
    if (stories[s].paragraphs.empty()) {
      warnings_.push_back({file_, heading_lines_[s], "story " + std::to_string(stories[s].number) +
                                                         " has no body text"});
    }
  }
}

void apply_file_name_facts(const std::filesystem::path& file, FrontMatter& fm, std::vector<Warning>& warnings) {
  const FileNameFacts facts = facts_from_file_name(file);
  if (facts.issue && fm.issue && *facts.issue != *fm.issue) {
    warnings.push_back({file, 0, "file name says issue " + std::to_string(*facts.issue) +
                                     " but the front matter says " + std::to_string(*fm.issue) + "; using the front matter"});
  }
  if (facts.date && fm.date && *facts.date != *fm.date) {
    warnings.push_back({file, 0, "file name says " + facts.date->iso() + " but the front matter says " +
                                     fm.date->iso() + "; using the front matter"});
  }
  if (!fm.issue) fm.issue = facts.issue;
  if (!fm.date) fm.date = facts.date;
}

}  // namespace

Capture parse_markdown_capture(const std::filesystem::path& file, std::string_view raw) {
  if (trim(raw).empty()) throw ParseError(file, 1, "empty file");
  if (looks_binary(raw)) throw ParseError(file, 1, "binary file, not a Markdown capture of an issue");
  Capture capture;
  const CleanText clean = clean_text(raw);
  if (clean.invalid_bytes > 0) {
    capture.warnings.push_back({file, clean.first_invalid_line,
                                std::to_string(clean.invalid_bytes) + " bytes of invalid UTF-8 replaced with U+FFFD"});
  }
  const std::vector<Line> lines = split_lines(clean.text);
  FrontMatter fm;
  const std::size_t body_start = read_front_matter(file, lines, fm, capture.warnings);
  StoryReader reader(file, capture.warnings);
  for (std::size_t i = body_start; i < lines.size(); ++i) reader.read(lines[i]);
  reader.finish();
  if (reader.stories.empty()) {
    throw ParseError(file, 1, "no numbered stories found (expected a heading like '## 1. Title')");
  }
  apply_file_name_facts(file, fm, capture.warnings);
  capture.issue.newsletter = fm.newsletter;
  capture.issue.number = fm.issue;
  capture.issue.date = fm.date;
  capture.issue.headline = fm.headline.empty() ? reader.headline : fm.headline;
  capture.issue.stories = std::move(reader.stories);
  capture.issue.sources = {file};
  return capture;
}

}  // namespace scatter
