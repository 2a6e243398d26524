// Captures of one issue (the editor's source, the published page, ...) become one
// Issue: five stories, not ten. Captures belong together when they carry the same
// issue number, or when at least one lacks a number and their story titles match.
// Stories are matched by normalised title, and each field keeps the richest
// version: the longest body, the longest bullet list.
#pragma once

#include "archive/text_capture.h"

#include <vector>

namespace scatter {

struct MergedArchive {
  std::vector<Issue> issues{};       // sorted by date, then number
  std::vector<Warning> warnings{};   // conflicts, naming both files
  // For each issue, the positions in the input of the captures merged into it.
  // Titles and numbers alone decide the grouping, so merging captures stripped
  // of their text groups them as merging the whole captures would.
  std::vector<std::vector<std::size_t>> members{};
};

// Deterministic: the result does not depend on the order of `captures`.
// Captures with an issue number find their issue by a hash lookup, so a
// million-story archive merges in linear time.
MergedArchive merge_captures(std::vector<Capture> captures);

}  // namespace scatter
