// The prerendered-page reader on arbitrary bytes, then merged as the indexer
// merges it.
#include "capture_checks.h"

#include "archive/html_capture.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    scatter::Capture capture = scatter::parse_html_capture("2026-02-09-issue-003.html", scatter::fuzz::text_of(data, size));
    scatter::fuzz::merge_and_check({std::move(capture)});
  } catch (const scatter::ParseError&) {
    // A file that is not a capture is named and skipped: the documented outcome.
  }
  return 0;
}
