#include "archive/jsonl_capture.h"

#include "text/utf8.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace scatter {
namespace {

using nlohmann::json;

// Every field a line may carry; docs/jsonl.md and docs/jsonl.schema.json list the same.
constexpr std::array<std::string_view, 10> kKnownFields = {
    "title", "date", "paragraphs", "body", "issue", "story", "bullets", "newsletter", "url", "id"};

// A corpus with a typo in every line must not produce a warning the size of the file.
constexpr std::size_t kMaxListedUnknownFields = 20;

// Parse errors can echo a long token; a warning stays one readable line.
constexpr std::size_t kMaxReasonLength = 160;

// Why one line yields no story; caught per line, never leaves this file.
struct SkipLine : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string in_quotes(std::string_view name) { return "'" + std::string(name) + "'"; }

// nullptr when absent: producers often write `null` for an empty optional field.
const json* field(const json& object, std::string_view name) {
  const auto it = object.find(name);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::string wrong_type(std::string_view name, std::string_view expected, const json& value) {
  return "field " + in_quotes(name) + " must be " + std::string(expected) + ", got " + value.type_name();
}

std::string string_of(const json& value, std::string_view name) {
  if (!value.is_string()) throw SkipLine(wrong_type(name, "a string", value));
  return std::string(trim(value.get_ref<const std::string&>()));
}

std::string required_string(const json& object, std::string_view name) {
  const json* value = field(object, name);
  if (value == nullptr) throw SkipLine("missing required field " + in_quotes(name));
  std::string text = string_of(*value, name);
  if (text.empty()) throw SkipLine("required field " + in_quotes(name) + " is empty");
  return text;
}

std::string optional_string(const json& object, std::string_view name) {
  const json* value = field(object, name);
  return value == nullptr ? std::string() : string_of(*value, name);
}

std::optional<int> optional_positive(const json& object, std::string_view name) {
  const json* value = field(object, name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number_integer()) throw SkipLine(wrong_type(name, "an integer >= 1", *value));
  // The parser stores non-negative integers as unsigned: a signed one is negative.
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<int>::max());
  const bool in_range = value->is_number_unsigned() && value->get<std::uint64_t>() >= 1 &&
                        value->get<std::uint64_t>() <= kMax;
  if (!in_range) {
    throw SkipLine("field " + in_quotes(name) + " must be an integer >= 1, got " + value->dump());
  }
  return value->get<int>();
}

// Empty entries are dropped: they would index as nothing and show as gaps.
std::vector<std::string> string_list(const json& value, std::string_view name) {
  if (!value.is_array()) throw SkipLine(wrong_type(name, "an array of strings", value));
  std::vector<std::string> out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    std::string text = string_of(value[i], std::string(name) + "[" + std::to_string(i) + "]");
    if (!text.empty()) out.push_back(std::move(text));
  }
  return out;
}

// A body is prose as a writer types it: blank lines end paragraphs, single line
// breaks inside a paragraph are wrapping and become spaces.
std::vector<std::string> paragraphs_of_body(std::string_view body) {
  std::vector<std::string> out;
  std::string current;
  for (std::size_t start = 0; start <= body.size();) {
    std::size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view line = trim(body.substr(start, end - start));
    if (!line.empty()) {
      if (!current.empty()) current += ' ';
      current.append(line);
    } else if (!current.empty()) {
      out.push_back(std::move(current));
      current.clear();
    }
    start = end + 1;
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

std::vector<std::string> read_body(const json& object) {
  if (const json* paragraphs = field(object, "paragraphs")) return string_list(*paragraphs, "paragraphs");
  if (const json* body = field(object, "body")) {
    if (!body->is_string()) throw SkipLine(wrong_type("body", "a string", *body));
    return paragraphs_of_body(body->get_ref<const std::string&>());
  }
  throw SkipLine("missing required field 'paragraphs' or 'body'");
}

// What one line says, before it joins its issue.
struct StoryLine {
  Story story{};
  std::optional<int> issue{};
  std::optional<int> number{};
  Date date{};
  std::string newsletter{};
};

// Lines of one issue: grouped by number when the line gives one, else by date.
struct GroupKey {
  bool by_issue = false;
  int issue = 0;
  Date date{};
  auto operator<=>(const GroupKey&) const = default;
};

struct Group {
  Capture capture{};
  std::unordered_set<int> numbers{};  // story numbers used so far
  std::size_t lines = 0;              // lines read for this issue, good or not numbered
  int first_number = 1;               // default number of the group's first line
};


// Reads the file line by line into groups; holds only what it has read. Whole:
// all lines of an issue form one capture, returned by finish(). Streaming: a run
// of consecutive lines of one issue is emitted as soon as a line of another
// issue starts, so memory holds one issue whatever the file's size.
class JsonlReader {
 public:
  JsonlReader(const std::filesystem::path& file, JsonlCaptureStream::Emit emit, UserFields fields)
      : file_(file), emit_(std::move(emit)), fields_(std::move(fields)) {}

  void read_line(int number, std::string_view bytes);
  std::vector<Capture> finish() &&;
  std::vector<Warning> finish_stream();

 private:
  StoryLine read_story_line(const json& object, int number, std::vector<Warning>& warnings);
  Date read_date(const json& object);
  std::string read_id(const json& object, int number, std::vector<Warning>& warnings);
  void read_fields(const json& object, int number, Story& story, std::vector<Warning>& warnings) const;
  void note_unknown_fields(const json& object, int number);
  void add(StoryLine line, int number, std::vector<Warning> warnings);
  Group& group_for(const StoryLine& line, int number, std::vector<Warning>& warnings);
  void emit_open_group();
  std::vector<Warning> file_warnings();

  // What a streamed issue keeps after its run is emitted: enough to number and
  // date-check the lines of a later run of the same issue.
  struct Emitted {
    Date date{};
    int stories = 0;
  };

  const std::filesystem::path& file_;
  JsonlCaptureStream::Emit emit_;  // empty: whole-file mode
  const UserFields fields_;
  std::unordered_map<std::string, int> ids_{};  // corpus ids kept so far, and the line of each
  std::vector<Group> groups_{};
  std::map<GroupKey, std::size_t> group_index_{};
  std::map<GroupKey, Emitted> emitted_{};
  std::size_t captures_emitted_ = 0;
  std::vector<Warning> file_warnings_{};  // about lines that yield no story
  std::set<std::string> unknown_fields_{};
  int first_unknown_line_ = 0;
  std::size_t lines_skipped_ = 0;
  std::string last_date_text_{};  // stories of one issue share a date: parse it once
  Date last_date_{};
};


void JsonlReader::read_line(int number, std::string_view bytes) {
  if (bytes.size() > kMaxJsonlLineBytes) {
    ++lines_skipped_;
    file_warnings_.push_back({file_, number, "longer than " + std::to_string(kMaxJsonlLineBytes >> 20) +
                                                 " MiB, the most one story may hold; line skipped"});
    return;
  }
  if (trim(bytes).empty()) return;
  std::vector<Warning> warnings;
  // Repaired before parsing: the JSON parser rejects a whole line for one bad byte.
  const CleanText clean = clean_text(bytes);
  if (clean.invalid_bytes > 0) {
    warnings.push_back({file_, number, std::to_string(clean.invalid_bytes) +
                                           " bytes of invalid UTF-8 replaced with U+FFFD"});
  }
  try {
    json object;
    try {
      object = json::parse(clean.text);
    } catch (const json::exception& e) {  // parse_error, or out_of_range for a number like 1e400
      std::string why = e.what();
      why.erase(0, why.find("] ") == std::string::npos ? 0 : why.find("] ") + 2);
      if (why.size() > kMaxReasonLength) why = why.substr(0, kMaxReasonLength) + "...";
      throw SkipLine("not a JSON object (" + why + ")");
    }
    if (!object.is_object()) throw SkipLine(std::string("not a JSON object but ") + object.type_name());
    StoryLine line = read_story_line(object, number, warnings);
    add(std::move(line), number, std::move(warnings));
  } catch (const SkipLine& e) {
    ++lines_skipped_;
    warnings.push_back({file_, number, std::string(e.what()) + "; line skipped"});
    file_warnings_.insert(file_warnings_.end(), warnings.begin(), warnings.end());
  }
}

StoryLine JsonlReader::read_story_line(const json& object, int number, std::vector<Warning>& warnings) {
  StoryLine line;
  line.story.title = required_string(object, "title");
  line.date = read_date(object);
  line.story.paragraphs = read_body(object);
  line.issue = optional_positive(object, "issue");
  line.number = optional_positive(object, "story");
  if (const json* bullets = field(object, "bullets")) line.story.bullets = string_list(*bullets, "bullets");
  line.newsletter = optional_string(object, "newsletter");
  line.story.url = optional_string(object, "url");
  // Only once the line is good: a skipped line's extra fields are not the news.
  note_unknown_fields(object, number);
  read_fields(object, number, line.story, warnings);
  line.story.source_id = read_id(object, number, warnings);
  return line;
}

std::string JsonlReader::read_id(const json& object, int number, std::vector<Warning>& warnings) {
  const json* value = field(object, "id");
  if (value == nullptr) return "";
  std::string id;
  if (value->is_string()) id = std::string(trim(value->get_ref<const std::string&>()));
  else if (value->is_number_integer()) id = value->dump();
  const auto made = [&](const std::string& why) {
    warnings.push_back({file_, number, "field 'id': " + why + "; the story gets a made id"});
    return std::string();
  };
  if (!is_safe_story_id(id)) {
    std::string shown = value->dump();
    if (shown.size() > kMaxReasonLength) shown = shown.substr(0, kMaxReasonLength) + "...";
    return made(shown + " is not 1-100 letters, digits, '-', '_', '.' or ':'");
  }
  const auto [earlier, first] = ids_.try_emplace(id, number);
  if (!first) return made("'" + id + "' is already the id of line " + std::to_string(earlier->second));
  return id;
}

void JsonlReader::read_fields(const json& object, int number, Story& story, std::vector<Warning>& warnings) const {
  for (const UserField& declared : fields_.fields()) {
    const json* value = field(object, declared.name);
    if (value == nullptr) continue;
    const auto not_kept = [&](const std::string& why) {
      warnings.push_back({file_, number, "field " + in_quotes(declared.name) + " " + why + "; not kept"});
    };
    std::string text;
    switch (declared.type) {
      case FieldType::kKeyword:
      case FieldType::kText:
        if (value->is_string()) text = std::string(trim(value->get_ref<const std::string&>()));
        else if (value->is_number()) text = value->dump();
        else {
          not_kept(std::string("must be a string, got ") + value->type_name());
          continue;
        }
        if (declared.type == FieldType::kKeyword && text.size() > kMaxKeywordBytes) {
          not_kept("is longer than " + std::to_string(kMaxKeywordBytes) + " bytes, the most a keyword holds");
          continue;
        }
        break;
      case FieldType::kNumber:
        if (!value->is_number() || !std::isfinite(value->get<double>())) {
          not_kept(std::string("must be a number, got ") + value->type_name());
          continue;
        }
        text = value->dump();
        break;
      case FieldType::kDate: {
        const std::optional<Date> date =
            value->is_string() ? Date::parse_allowing_partial(value->get_ref<const std::string&>()) : std::nullopt;
        if (!date) {
          not_kept("must be a date (YYYY, YYYY-MM or YYYY-MM-DD), got " + value->dump().substr(0, kMaxReasonLength));
          continue;
        }
        text = date->iso();
        break;
      }
    }
    if (!text.empty()) story.fields[declared.name] = std::move(text);
  }
}

Date JsonlReader::read_date(const json& object) {
  const std::string text = required_string(object, "date");
  if (text == last_date_text_) return last_date_;
  const std::optional<Date> date = Date::parse_allowing_partial(text);
  if (!date) throw SkipLine("field 'date': '" + text + "' is not a date");
  last_date_text_ = text;
  last_date_ = *date;
  return *date;
}

void JsonlReader::note_unknown_fields(const json& object, int number) {
  for (const auto& item : object.items()) {
    const std::string& key = item.key();
    if (std::find(kKnownFields.begin(), kKnownFields.end(), key) != kKnownFields.end()) continue;
    if (fields_.find(key) != nullptr) continue;
    if (first_unknown_line_ == 0) first_unknown_line_ = number;
    if (unknown_fields_.size() <= kMaxListedUnknownFields) unknown_fields_.insert(key);
  }
}


Group& JsonlReader::group_for(const StoryLine& line, int number, std::vector<Warning>& warnings) {
  const GroupKey key = line.issue ? GroupKey{.by_issue = true, .issue = *line.issue}
                                  : GroupKey{.by_issue = false, .date = line.date};
  if (emit_ && !group_index_.empty() && group_index_.begin()->first != key) emit_open_group();
  const auto [it, created] = group_index_.try_emplace(key, groups_.size());
  if (created) {
    Group& group = groups_.emplace_back();
    group.capture.issue.number = line.issue;
    group.capture.issue.date = line.date;
    group.capture.issue.newsletter = line.newsletter;
    group.capture.issue.sources = {file_};
    if (const auto earlier = emitted_.find(key); earlier != emitted_.end()) {
      group.capture.issue.date = earlier->second.date;
      group.first_number = earlier->second.stories + 1;
      if (earlier->second.date != line.date) {
        warnings.push_back({file_, number, "field 'date': issue " + std::to_string(*line.issue) + " is dated " +
                                               earlier->second.date.iso() + " by an earlier line, this line says " +
                                               line.date.iso() + "; keeping " + earlier->second.date.iso()});
      }
    }
    return group;
  }
  Issue& issue = groups_[it->second].capture.issue;
  if (issue.date != line.date) {
    warnings.push_back({file_, number, "field 'date': issue " + std::to_string(*line.issue) + " is dated " +
                                           issue.date->iso() + " by an earlier line, this line says " +
                                           line.date.iso() + "; keeping " + issue.date->iso()});
  }
  if (issue.newsletter.empty()) issue.newsletter = line.newsletter;
  return groups_[it->second];
}

void JsonlReader::emit_open_group() {
  for (auto& [key, index] : group_index_) {
    Group& group = groups_[index];
    Capture& capture = group.capture;
    std::stable_sort(capture.issue.stories.begin(), capture.issue.stories.end(),
                     [](const Story& a, const Story& b) { return a.number < b.number; });
    Emitted& memory = emitted_[key];
    memory.date = *capture.issue.date;
    memory.stories = group.first_number - 1 + static_cast<int>(group.lines);
    ++captures_emitted_;
    emit_(std::move(capture));
  }
  groups_.clear();
  group_index_.clear();
}


void JsonlReader::add(StoryLine line, int number, std::vector<Warning> warnings) {
  Group& group = group_for(line, number, warnings);
  std::vector<Story>& stories = group.capture.issue.stories;
  line.story.number = line.number.value_or(group.first_number + static_cast<int>(group.lines));
  ++group.lines;
  const std::string story_name = "story " + std::to_string(line.story.number);
  if (!group.numbers.insert(line.story.number).second) {
    ++lines_skipped_;
    warnings.push_back({file_, number, "field 'story': " + story_name + " already appears in this issue; line skipped"});
  } else {
    if (line.story.paragraphs.empty()) warnings.push_back({file_, number, story_name + " has no body text"});
    stories.push_back(std::move(line.story));
  }
  std::vector<Warning>& out = group.capture.warnings;
  out.insert(out.end(), std::make_move_iterator(warnings.begin()), std::make_move_iterator(warnings.end()));
}

std::string listed(const std::set<std::string>& names) {
  std::string out;
  std::size_t n = 0;
  for (const std::string& name : names) {
    if (n++ == kMaxListedUnknownFields) return out + ", ...";
    out += (out.empty() ? "" : ", ") + in_quotes(name);
  }
  return out;
}

}  // namespace

std::vector<Warning> JsonlReader::file_warnings() {
  if (groups_.empty() && captures_emitted_ == 0) {
    const std::string last = file_warnings_.empty() ? std::string() : "; last: " + file_warnings_.back().text();
    throw ParseError(file_, 1, "no line yields a story (" + std::to_string(lines_skipped_) + " lines skipped" +
                                   last + ")");
  }
  if (!unknown_fields_.empty()) {
    file_warnings_.push_back({file_, 0, "unknown fields ignored: " + listed(unknown_fields_) +
                                            " (first on line " + std::to_string(first_unknown_line_) + ")"});
  }
  std::stable_sort(file_warnings_.begin(), file_warnings_.end(),
                   [](const Warning& a, const Warning& b) { return a.line < b.line; });
  return std::move(file_warnings_);
}

std::vector<Warning> JsonlReader::finish_stream() {
  std::vector<Warning> warnings = file_warnings();
  emit_open_group();
  return warnings;
}

std::vector<Capture> JsonlReader::finish() && {
  std::vector<Warning> whole_file = file_warnings();
  std::vector<Capture> captures;
  captures.reserve(groups_.size());
  for (Group& group : groups_) {
    std::vector<Story>& stories = group.capture.issue.stories;
    std::stable_sort(stories.begin(), stories.end(), [](const Story& a, const Story& b) { return a.number < b.number; });
    captures.push_back(std::move(group.capture));
  }
  // Warnings about lines that yield no story belong to no issue: the first capture
  // carries them, in line order with its own, whole-file warnings first.
  std::vector<Warning>& first = captures.front().warnings;
  first.insert(first.end(), std::make_move_iterator(whole_file.begin()), std::make_move_iterator(whole_file.end()));
  std::stable_sort(first.begin(), first.end(), [](const Warning& a, const Warning& b) { return a.line < b.line; });
  return captures;
}

struct JsonlCaptureStream::Impl {
  JsonlReader reader;
};

JsonlCaptureStream::JsonlCaptureStream(const std::filesystem::path& file, Emit emit, const UserFields& fields)
    : file_(file), impl_(std::make_unique<Impl>(Impl{JsonlReader(file_, std::move(emit), fields)})) {}

JsonlCaptureStream::~JsonlCaptureStream() = default;

void JsonlCaptureStream::read_line(std::string_view bytes) {
  if (line_number_ == 0 && looks_binary(bytes.substr(0, 4096))) throw ParseError(file_, 1, "binary file, not JSON Lines");
  if (!trim(bytes).empty()) any_text_ = true;
  impl_->reader.read_line(++line_number_, bytes);
}

std::vector<Warning> JsonlCaptureStream::finish() {
  if (!any_text_) throw ParseError(file_, 1, "empty file");
  return impl_->reader.finish_stream();
}

std::vector<Capture> parse_jsonl_captures(const std::filesystem::path& file, std::string_view raw,
                                          const UserFields& fields) {
  if (trim(raw).empty()) throw ParseError(file, 1, "empty file");
  if (looks_binary(raw)) throw ParseError(file, 1, "binary file, not JSON Lines");
  JsonlReader reader(file, {}, fields);
  int number = 0;
  for (std::size_t start = 0; start < raw.size();) {
    std::size_t end = raw.find('\n', start);
    if (end == std::string_view::npos) end = raw.size();
    reader.read_line(++number, raw.substr(start, end - start));
    start = end + 1;
  }
  return std::move(reader).finish();
}

}  // namespace scatter
