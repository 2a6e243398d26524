// The indexer's whole run as one call: read the archive folder, merge captures,
// tag companies, give stories ids and urls, write them, commit once.
#pragma once

#include "archive/archive_reader.h"
#include "gazetteer/gazetteer.h"
#include "gazetteer/topics.h"
#include "story/story.h"

#include <filesystem>
#include <optional>

namespace scatter {

struct IndexConfig {
  std::filesystem::path archive{};                 // folder of captures
  std::filesystem::path db{};                      // Xapian database folder
  std::optional<std::filesystem::path> companies{};  // default: <archive>/companies.json if present
  std::optional<std::filesystem::path> topics{};     // default: <archive>/topics.json if present
  UrlScheme urls{};
  bool strict = false;  // any warning leaves the index untouched (summary.committed == false)
};

struct IndexSummary {
  std::size_t files_read = 0;
  std::size_t files_skipped = 0;
  std::size_t issues = 0;
  std::size_t stories = 0;
  std::size_t companies_known = 0;  // size of the gazetteer used
  std::size_t topics_known = 0;     // size of the taxonomy used
  bool rebuilt = false;             // an index of an older schema was replaced
  bool committed = true;            // false when strict and there were warnings
  std::vector<Warning> warnings{};
  double seconds = 0;
};

// Tags each story with the companies its title, body and bullets mention.
void tag_companies(Issue& issue, const Gazetteer& gazetteer);

// Gives each story its 1-3 best topics.
void tag_topics(Issue& issue, const TopicTagger& topics);

// Throws ArchiveError (bad folder), ParseError (bad companies file) or IndexError
// (database); in each case the index is left as it was. Files that cannot be
// parsed are not errors: they are counted in files_skipped and named in warnings.
IndexSummary index_archive(const IndexConfig& config);

}  // namespace scatter
