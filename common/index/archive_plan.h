// The indexer's first pass: which captures make which issue, and which story
// ids the archive holds, learned by parsing every file once and keeping only
// titles and numbers. The second pass (index/pipeline.h) reads the files again
// and uses the plan to merge each issue as soon as its last capture is read.
#pragma once

#include "archive/capture_selection.h"
#include "archive/diagnostics.h"
#include "fields/user_fields.h"
#include "story/story.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_set>
#include <vector>

namespace scatter {

struct PlannedFile {
  std::filesystem::path path{};
  std::string relative{};             // to the archive folder, with '/'
  std::uint64_t content_hash = 0;
  bool parsed = false;                // false: skipped, named in a warning
  std::vector<std::size_t> issue_of{};  // the planned issue of each capture, in file order
};

struct PlannedIssue {
  std::size_t captures = 0;
  std::vector<std::string> sources{};              // relative paths of its files
  std::unordered_set<std::string> skipped_ids{};   // ids an earlier issue already gave
  // Corpus ids (Story::source_id) another story of the archive also takes:
  // their stories get made ids instead.
  std::unordered_set<std::string> dropped_source_ids{};
};

struct ArchivePlan {
  std::vector<PlannedFile> files{};
  std::vector<PlannedIssue> issues{};
  std::unordered_set<std::string> story_ids{};
  std::vector<Warning> warnings{};  // walk, unreadable files, per-file, merge, duplicate ids
  std::size_t files_read = 0;
  std::size_t files_skipped = 0;    // including entries the walk could not inspect
  std::size_t files_unselected = 0;  // captures the selection (--include, --exclude) left out
};

// Plans the captures `selection` selects; `fields`: the declared fields JSON
// Lines stories keep. Throws ArchiveError when `archive` is not a folder.
ArchivePlan plan_archive(const std::filesystem::path& archive, const CaptureSelection& selection, std::size_t jobs,
                         const UserFields& fields = {});

}  // namespace scatter
