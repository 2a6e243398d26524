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
};

// Deterministic: the result does not depend on the order of `captures`.
MergedArchive merge_captures(std::vector<Capture> captures);

}  // namespace scatter
