// SearchRequest -> SearchResult over one story index: parse, filter, rank,
// highlight. One SearchEngine per thread: it owns a Xapian::Database, and Xapian
// objects do no locking. Each search first moves to the index's latest committed
// revision, so a running indexer's commit shows up without a restart.
#pragma once

#include "engine/search_request.h"
#include "gazetteer/gazetteer.h"
#include "gazetteer/topics.h"
#include "index/database_layout.h"

#include <xapian.h>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace scatter {

// The index cannot be used: missing, unreadable, or of another schema version.
struct EngineError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class SearchEngine {
 public:
  // Opens `db` read-only. Throws EngineError naming the path.
  explicit SearchEngine(const std::filesystem::path& db);

  // Throws BadParameter for a request outside the limits or naming an unknown
  // company; EngineError if the index becomes unreadable.
  SearchResult search(const SearchRequest& request);

  // The story with this id, or nullopt.
  std::optional<StoryRecord> story(std::string_view id);

  Xapian::doccount story_count() const { return db_.get_doccount(); }
  const Gazetteer& gazetteer() const { return gazetteer_; }
  const TopicTagger& topics() const { return topics_; }

 private:
  SearchResult run(const SearchRequest& request);
  // nullopt when the request has no filter; throws BadParameter.
  std::optional<Xapian::Query> filter_for(const SearchRequest& request) const;
  Xapian::MSet match(const Xapian::Query& text_query, const std::optional<Xapian::Query>& filter, SortOrder sort,
                     const SearchRequest& request) const;
  void open();
  void refresh();

  std::filesystem::path path_;
  Xapian::Database db_;
  IndexIdentity identity_{};
  Gazetteer gazetteer_;
  std::string gazetteer_json_;
  TopicTagger topics_;
  std::string topics_json_;
};

}  // namespace scatter
