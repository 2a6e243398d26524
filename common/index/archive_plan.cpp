#include "index/archive_plan.h"

#include "archive/archive_reader.h"
#include "archive/merge.h"
#include "index/parallel.h"

#include <unordered_map>

namespace scatter {
namespace {

struct FileOutline {
  std::vector<Capture> captures{};  // titles and numbers only
  std::vector<Warning> warnings{};
  std::optional<Warning> failure{};
};

// What grouping needs of a capture: same_issue() reads numbers, dates and
// titles; ids read numbers, dates and the source. Text would only cost memory.
Capture outline_of(Capture capture) {
  for (Story& story : capture.issue.stories) {
    story.paragraphs.clear();
    story.paragraphs.shrink_to_fit();
    story.bullets.clear();
    story.bullets.shrink_to_fit();
    story.fields.clear();
  }
  return capture;
}

FileOutline outline_file(PlannedFile& file, const UserFields& fields) {
  FileOutline outline;
  try {
    CaptureFileRead read = read_capture_file(file.path, [&](Capture capture) {
      outline.warnings.insert(outline.warnings.end(), capture.warnings.begin(), capture.warnings.end());
      capture.warnings.clear();
      outline.captures.push_back(outline_of(std::move(capture)));
    }, fields);
    outline.warnings.insert(outline.warnings.end(), read.warnings.begin(), read.warnings.end());
    sort_by_line(outline.warnings);
    file.content_hash = read.content_hash;
    file.parsed = true;
  } catch (const ParseError& e) {
    outline = FileOutline{.failure = Warning{e.file, e.line, e.reason + "; file skipped"}};
  }
  return outline;
}


// A corpus id must name one story: one that another story of the archive also
// takes (its corpus id, or the id made for it) falls back to its made id.
void drop_shared_source_ids(MergedArchive& merged, ArchivePlan& plan) {
  std::unordered_map<std::string, std::size_t> takers;
  for (Issue& issue : merged.issues) {
    assign_ids_and_urls(issue, UrlScheme{});
    for (const Story& story : issue.stories) ++takers[story.id];
  }
  for (std::size_t i = 0; i < merged.issues.size(); ++i) {
    for (Story& story : merged.issues[i].stories) {
      if (story.source_id.empty() || takers[story.id] < 2) continue;
      plan.issues[i].dropped_source_ids.insert(story.source_id);
      plan.warnings.push_back({merged.issues[i].sources.front(), 0,
                               "field 'id': '" + story.source_id + "' ('" + story.title +
                                   "') is the id of another story too; this story gets a made id"});
      story.source_id.clear();
      story.id = story_id(merged.issues[i], story);
    }
  }
}

}  // namespace

ArchivePlan plan_archive(const std::filesystem::path& archive, const CaptureSelection& selection, std::size_t jobs,
                         const UserFields& fields) {
  ArchivePlan plan;
  CaptureListing listing = list_capture_files(archive, selection, plan.warnings);
  plan.files_unselected = listing.unselected;
  const std::vector<std::filesystem::path> paths = std::move(listing.files);
  plan.files_skipped = plan.warnings.size();
  plan.files.resize(paths.size());
  std::vector<FileOutline> outlines(paths.size());
  parallel_for(paths.size(), jobs, [&](std::size_t i) {
    plan.files[i].path = paths[i];
    plan.files[i].relative = std::filesystem::relative(paths[i], archive).generic_string();
    outlines[i] = outline_file(plan.files[i], fields);
  });

  std::vector<Capture> captures;
  std::vector<std::pair<std::size_t, std::size_t>> origin;  // (file, capture in file) of each
  std::vector<Warning> file_warnings;
  for (std::size_t f = 0; f < outlines.size(); ++f) {
    FileOutline& outline = outlines[f];
    if (outline.failure) {
      plan.warnings.push_back(*outline.failure);
      ++plan.files_skipped;
      continue;
    }
    ++plan.files_read;
    file_warnings.insert(file_warnings.end(), outline.warnings.begin(), outline.warnings.end());
    for (std::size_t c = 0; c < outline.captures.size(); ++c) {
      origin.emplace_back(f, c);
      captures.push_back(std::move(outline.captures[c]));
    }
    plan.files[f].issue_of.assign(outline.captures.size(), 0);
    outline = FileOutline{};
  }
  plan.warnings.insert(plan.warnings.end(), file_warnings.begin(), file_warnings.end());

  MergedArchive merged = merge_captures(std::move(captures));
  plan.warnings.insert(plan.warnings.end(), merged.warnings.begin(), merged.warnings.end());
  std::unordered_map<std::string, std::size_t> first_issue_of_id;
  plan.issues.resize(merged.issues.size());
  drop_shared_source_ids(merged, plan);
  for (std::size_t i = 0; i < merged.issues.size(); ++i) {
    PlannedIssue& planned = plan.issues[i];
    planned.captures = merged.members[i].size();
    for (const std::size_t member : merged.members[i]) {
      const auto [file, capture] = origin[member];
      plan.files[file].issue_of[capture] = i;
      planned.sources.push_back(plan.files[file].relative);
    }
    const Issue& issue = merged.issues[i];
    for (const Story& story : issue.stories) {
      const auto [earlier, first] = first_issue_of_id.try_emplace(story.id, i);
      if (first) continue;
      planned.skipped_ids.insert(story.id);
      plan.warnings.push_back({issue.sources.front(), 0,
                               "story id " + story.id + " ('" + story.title + "') is also given by " +
                                   merged.issues[earlier->second].sources.front().string() +
                                   "; this one is not indexed"});
    }
  }
  plan.story_ids.reserve(first_issue_of_id.size());
  for (auto& [id, issue] : first_issue_of_id) plan.story_ids.insert(id);
  return plan;
}

}  // namespace scatter
