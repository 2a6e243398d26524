// The JSON Lines reader on arbitrary bytes, both ways the programs read it: the
// whole file at once (parse_capture, read_archive) and streamed line by line
// (the indexer, through read_capture_file), each then merged.
#include "capture_checks.h"

#include "archive/jsonl_capture.h"

#include <string_view>

namespace {

const std::filesystem::path kFile = "issue-003.jsonl";

void read_whole(std::string_view raw) {
  try {
    scatter::fuzz::merge_and_check(scatter::parse_jsonl_captures(kFile, raw));
  } catch (const scatter::ParseError&) {
    // A file that holds no story is named and skipped: the documented outcome.
  }
}

void read_streamed(std::string_view raw) {
  std::vector<scatter::Capture> captures;
  try {
    scatter::JsonlCaptureStream stream(kFile, [&](scatter::Capture capture) { captures.push_back(std::move(capture)); });
    while (!raw.empty()) {
      const std::size_t end = raw.find('\n');
      stream.read_line(raw.substr(0, end));
      raw.remove_prefix(end == std::string_view::npos ? raw.size() : end + 1);
    }
    stream.finish();
  } catch (const scatter::ParseError&) {
    return;
  }
  scatter::fuzz::merge_and_check(std::move(captures));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw = scatter::fuzz::text_of(data, size);
  read_whole(raw);
  read_streamed(raw);
  return 0;
}
