// The Markdown reader on arbitrary bytes, then merged as the indexer merges it.
#include "capture_checks.h"

#include "archive/markdown_capture.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    scatter::Capture capture =
        scatter::parse_markdown_capture("2026-02-09-issue-003.md", scatter::fuzz::text_of(data, size));
    scatter::fuzz::merge_and_check({std::move(capture)});
  } catch (const scatter::ParseError&) {
    // A file that is not a capture is named and skipped: the documented outcome.
  }
  return 0;
}
