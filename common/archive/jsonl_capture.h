// Reads JSON Lines: one story per line, the interchange format through which
// researchers bring their own corpora and benchmarks feed a million stories.
// docs/jsonl.md describes the format, docs/jsonl.schema.json validates a line.
//
// Streams the bytes once, parsing each line once: what it holds at any time is
// the stories read so far plus the current line, never a copy of the file.
#pragma once

#include "archive/text_capture.h"
#include "fields/user_fields.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace scatter {

// A line longer than this is skipped with a warning naming it: one story is
// far shorter (the King James Bible is 4.3 MB), and a line is held whole while
// it is parsed, as JSON and as a story, so its length is memory.
inline constexpr std::size_t kMaxJsonlLineBytes = 8u << 20;

// One Capture per issue found in the file, in order of first appearance: lines
// are grouped by their `issue` number when they give one, else by their date.
// Each Capture's issue.sources == {file}; its stories are sorted by number.
//
// A bad line (longer than kMaxJsonlLineBytes, not a JSON object, a required
// field missing, a wrong type, an unparseable date, a story number already used
// in its issue) is a Warning
// naming file:line and the field; that line is skipped, the rest are read.
// Fields declared in `fields` (fields.json) are kept in Story::fields, checked
// against their type: a value of the wrong type is a Warning and is not kept.
// Other unknown fields are ignored, with one Warning per file naming them.
// Invalid UTF-8 is repaired (U+FFFD) with a Warning at its line.
//
// A line's `id` is kept in Story::source_id when it is_safe_story_id() and no
// earlier line of the file gave it; otherwise a Warning says the story gets a
// made id. (Uniqueness across the archive is the indexer's check.)
//
// A story's `url` is kept in Story::url for the record only: ids and urls are
// still assigned after merging by assign_ids_and_urls(), which replaces it.
//
// Throws ParseError(file, 1, ...) when the file is empty, binary, or no line
// yields a story.
std::vector<Capture> parse_jsonl_captures(const std::filesystem::path& file, std::string_view raw,
                                          const UserFields& fields = {});

// The same reading, streamed for files of any size: feed lines in order and each
// run of consecutive lines of one issue is handed to `emit` as soon as a line of
// another issue begins, so memory holds one issue, never the file. An issue whose
// lines are not consecutive comes out as several captures, which merge_captures()
// joins; default story numbers and the date check still span the whole file.
class JsonlCaptureStream {
 public:
  using Emit = std::function<void(Capture)>;
  JsonlCaptureStream(const std::filesystem::path& file, Emit emit, const UserFields& fields = {});
  ~JsonlCaptureStream();

  // One line, without its '\n'. Throws ParseError on a binary first line. A
  // caller may cut a longer line after kMaxJsonlLineBytes + 1 bytes: it is
  // skipped all the same.
  void read_line(std::string_view bytes);
  // Emits the last run and returns the warnings about the file as a whole
  // (lines skipped, unknown fields) in line order. Throws ParseError when the
  // file is empty or no line yielded a story.
  std::vector<Warning> finish();

 private:
  struct Impl;
  std::filesystem::path file_;
  std::unique_ptr<Impl> impl_;
  int line_number_ = 0;
  bool any_text_ = false;
};

}  // namespace scatter
