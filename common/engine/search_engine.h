// SearchRequest -> SearchResult over one story index: parse, filter, rank,
// highlight. One SearchEngine per thread: it owns a Xapian::Database, and Xapian
// objects do no locking. Each search first moves to the index's latest committed
// revision, so a running indexer's commit shows up without a restart.
#pragma once

#include "engine/deadline.h"
#include "engine/ordered_matches.h"
#include "engine/search_request.h"
#include "engine/story_threads.h"
#include "facets/facet_index.h"
#include "shards/remote_shards.h"
#include "shards/shard_search.h"
#include "gazetteer/gazetteer.h"
#include "gazetteer/topics.h"
#include "index/database_layout.h"
#include "query/query_builder.h"
#include "query/synonyms.h"

#include <xapian.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace scatter {

// The index cannot be used: missing, unreadable, or of another schema version.
struct EngineError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The index is there but damaged: Xapian found a block or record it cannot
// read (a flipped byte, a truncated file, a failing disk), or a table the
// indexer stores in it does not parse. what() names the path and Xapian's
// words and says to rebuild it (indexer --rebuild), which is the cure.
struct IndexDamaged : EngineError {
  using EngineError::EngineError;
};

// Every replica of every remote shard failed: nothing can be searched now.
struct ShardsUnavailable : EngineError {
  using EngineError::EngineError;
};

class ResultStream;

class SearchEngine {
 public:
  // Opens `db` read-only. Throws EngineError naming the path (IndexDamaged
  // when the index is damaged); never Xapian's errors.
  //
  // With `remote`, the stories are on shard servers (scatter-shardd), one
  // live replica of each is read over Xapian's remote protocol, and `db` is
  // the front's local copy of the index's first shard (a whole index folder
  // does too): the spelling table and the archive's metadata, which Xapian
  // does not serve remotely. Xapian gathers every shard's statistics, so
  // rankings, totals and counts are those of one database. A replica that
  // fails is left for the next; a shard with none left is missing from the
  // answer, which says so (missing_shards()). Throws EngineError when no
  // shard answers.
  explicit SearchEngine(const std::filesystem::path& db, std::shared_ptr<shards::RemoteShards> remote = nullptr);
  // A copy would share its Xapian objects, whose reference counts are not
  // atomic, with the original: one engine per thread means one of each.
  SearchEngine(const SearchEngine&) = delete;
  SearchEngine& operator=(const SearchEngine&) = delete;

  // Throws BadParameter for a request outside the limits or naming an unknown
  // company; EngineError if the index becomes unreadable (IndexDamaged if the
  // read still fails on a fresh view of it). Every reader below likewise.
  SearchResult search(const SearchRequest& request);

  // Every match of `request`'s search in its order, its page aside (an
  // export): a window of stories at a time, memory for one window however
  // many match. The stream reads this engine's view of the index as it was
  // when the stream began; the engine must outlive it and run nothing else
  // meanwhile. Throws BadParameter like search(); EngineError (here or from
  // ResultStream::next) if the index cannot be read or changed too much for
  // the stream to go on.
  ResultStream stream(const SearchRequest& request);

  // The story with this id, or nullopt.
  std::optional<StoryRecord> story(std::string_view id);

  // The stories of an issue in reading order, or nullopt when the archive has
  // none. `key` is its number ("3"), or for an issue without a number the key its
  // story ids start with (its date, "1901-03-05", or its file's name).
  std::optional<IssueListing> issue(std::string_view key);

  // Matching stories per week, month or year, optionally split by company or
  // topic. Throws BadParameter like search().
  TrendsResult trends(const TrendsRequest& request);

  // What stands out in the stories `request.search` matches against the whole
  // archive (engine/significant.h scores it). Throws BadParameter like search().
  SignificantResult significant(const SignificantRequest& request);

  // A company's or topic's page (search_request.h: EntityProfile), made of a
  // search, its trend by month and its significant words under one deadline;
  // nullopt for a name the archive's gazetteer or taxonomy does not know.
  std::optional<EntityProfile> profile(const ProfileRequest& request);

  // Completions for what a reader has typed so far (engine/suggester.h): words
  // and phrases of the archive, values of a field, distinct titles, companies
  // and topics. At most `limit`.
  std::vector<Suggestion> suggest(std::string_view typed, int limit = 8);

  // Moves to the latest revision and builds its facet index (shared by the
  // process's engines) if no engine has yet: what the first faceted search or
  // trend of a revision would otherwise wait for. Throws EngineError like search().
  void prepare_counts();

  // The `count` stories most like story `id` (Xapian's relevance feedback on its
  // words), best first, never the story itself; nullopt for an unknown id.
  // Matching stops at `deadline`, if any.
  std::optional<RelatedStories> related(std::string_view id, int count = 5,
                                        std::optional<Deadline::Clock::time_point> deadline = {});

  // Story `id`'s earlier and later coverage in other issues (engine/story_threads.h),
  // or nullopt for an unknown id. Stops looking at `deadline`, if any.
  std::optional<StoryThread> thread(std::string_view id, std::optional<Deadline::Clock::time_point> deadline = {});

  Xapian::doccount story_count() const { return db_.get_doccount(); }
  // Remote shards the last read went without (every replica failed), ascending.
  std::vector<std::size_t> missing_shards() const;
  const Gazetteer& gazetteer() const { return gazetteer_; }
  const TopicTagger& topics() const { return topics_; }
  // The archive's declared fields (fields.json), as the index records them.
  const UserFields& fields() const { return fields_; }

 private:
  friend class ResultStream;
  SearchResult run(const SearchRequest& request);
  // Throws BadParameter for a sort or facet of a field fields.json does not
  // declare so, or one this index cannot serve (remote shards).
  void check_fields(const SearchRequest& request) const;
  // The order a search is listed in: without words to rank by, relevance means newest.
  static SortOrder effective_sort(const query::BuiltQuery& built, const SearchRequest& request);
  // The query a page is matched by: the words, recency's bonus when asked
  // for, the filters, bounded by the deadline. `words` is q as read_query() builds it.
  Xapian::Query ranking_query(const Xapian::Query& words, const query::BuiltQuery& built, const SearchRequest& request,
                              const Deadline& deadline);
  // The page of a request with a cursor (request.after).
  shards::RankedMatches match_after(const query::BuiltQuery& built, const SearchRequest& request,
                                    const Deadline& deadline);
  // The stories at `positions`, as a page of matches; throws EngineError for
  // one gone from the index (the indexer removed it since).
  std::vector<shards::RankedMatch> documents_at(const std::vector<OrderPosition>& positions);
  RelatedStories related_to(std::string_view id, int count, const Deadline& deadline);
  // nullopt when the request has no filter; throws BadParameter.
  std::optional<Xapian::Query> filter_for(const SearchRequest& request) const;
  // `counting`: the query that only finds the matches (QueryContext::exact_form_bonus).
  query::BuiltQuery read_query(const std::string& q, bool prefix, const Deadline& deadline,
                               std::vector<std::string>* problems, bool counting = false) const;
  // The page of ranked matches; an index of shards is searched one task per
  // shard (shards/shard_search.h).
  // `built` is `q` as read_query() builds it.
  shards::RankedMatches match(const query::BuiltQuery& built, const std::string& q, const SearchRequest& request,
                              const Deadline& deadline);
  // Runs `read` on the latest revision, again on a newer one if the indexer
  // committed during it; Xapian errors become EngineError naming `what`.
  template <typename Read>
  auto at_latest_revision(const std::string& what, Read read);
  // A query with every unknown word replaced by its correction, or nullopt.
  std::optional<std::string> spelling_correction(const std::string& q, const query::BuiltQuery& built) const;
  // The facet index of the revision being read, shared with the process's
  // other engines (facets/facet_index_cache.h); built on first use.
  std::shared_ptr<const facets::FacetIndex> facet_index() const;
  // The stories `q` matches under the filters of `filters` (company, topic,
  // issue, dates); nullopt for every story.
  std::optional<facets::StorySet> matches_of(const std::string& q, bool prefix, const SearchRequest& filters,
                                             const Deadline& deadline) const;
  void open();
  void refresh();
  // Remote shards: the front's local copy, then connect_shards().
  void open_remote();
  // One live replica of each remote shard, combined into db_ (and shards_).
  // With `keep_all_but`, the shards connected now keep their connections but
  // that one (none, for a number past the last shard). Throws
  // ShardsUnavailable when none answers.
  void connect_shards(std::optional<std::size_t> keep_all_but = std::nullopt);
  // After a network error: connects anew, leaving the replica it names when
  // it timed out (a closed connection may be one the server ended as idle).
  void leave_replica(const Xapian::NetworkError& error);
  // Where the spelling table and the metadata are read: the local copy, or db_.
  const Xapian::Database& local() const { return remote_ ? local_ : db_; }

  std::filesystem::path path_;
  std::shared_ptr<shards::RemoteShards> remote_;  // null: the index is local
  std::size_t reader_ = 0;                        // where this engine starts among a shard's replicas
  Xapian::Database local_;                        // with remote shards: the front's copy of the first shard
  std::vector<std::size_t> present_;              // with remote shards: the shard of each of shards_
  Xapian::Database db_;
  std::vector<Xapian::Database> shards_;  // db_'s parts, sharing its state: one per shard
  // With several shards: per shard, a view of every shard for its search task, and its uuid.
  std::vector<Xapian::Database> views_;
  std::vector<std::string> shard_uuids_;
  IndexIdentity identity_{};
  Gazetteer gazetteer_;
  std::string gazetteer_json_;
  TopicTagger topics_;
  std::string topics_json_;
  query::Synonyms synonyms_;
  std::string synonyms_text_;
  UserFields fields_;
  std::string fields_json_;
  // The highlighter's stemmer, remembering the words of the stories it marks.
  // The engine's own, not its thread's: searchd's connection threads are many
  // (256 by default) and each would fill a memory of its own; its engines are few.
  Xapian::Stem stemmer_;
};

// Every match of a search, in its order, a window at a time: what
// SearchEngine::stream() gives.
class ResultStream {
 public:
  // How many stories match: the rows next() gives in all.
  Xapian::doccount total() const { return total_; }
  // The archive's declared fields (fields.json), in its order: an export's extra columns.
  const std::vector<std::string>& field_names() const { return field_names_; }
  // The next stories in order, at most `count`; empty once all have come.
  // Scores as search() gives them. Throws EngineError like the engine.
  std::vector<SearchHit> next(std::size_t count);

 private:
  friend class SearchEngine;
  // Positions a window holds: a few megabytes, and at 1,000,000 matches twenty
  // passes of the matcher in all.
  static constexpr std::size_t kWindow = 50000;
  ResultStream(SearchEngine& engine, Xapian::Query query, SortOrder sort, bool scored);
  void fill();

  SearchEngine* engine_;
  Xapian::Query query_;
  SortOrder sort_;
  bool scored_;
  MatchWindow window_{};
  std::size_t taken_ = 0;  // of window_.positions
  bool last_window_ = false;
  Xapian::doccount total_ = 0;
  std::vector<std::string> field_names_{};
};

}  // namespace scatter
