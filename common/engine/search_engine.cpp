#include "engine/search_engine.h"

#include "archive/diagnostics.h"
#include "engine/highlight.h"
#include "engine/significant.h"
#include "engine/suggester.h"
#include "engine/word_correction.h"
#include "facets/facet_index_cache.h"
#include "facets/match_set.h"
#include "facets/trend_counts.h"
#include "shards/shard_search.h"
#include "gazetteer/gazetteer.h"
#include "index/database_layout.h"
#include "index/stored_story.h"
#include "query/archive_weight.h"
#include "query/counting_weight.h"
#include "query/indexed_words.h"
#include "query/query_syntax.h"
#include "query/recency.h"
#include "schema/schema.h"
#include "text/stemmer.h"
#include "text/utf8.h"

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <memory>

namespace scatter {
namespace {

// Enough to count small archives exactly and to bound the estimate on big ones;
// more makes phrase searches of common words check every candidate.
constexpr Xapian::doccount kCheckAtLeast = 100;
// Up to this many stories every match is checked, so totals are exact (a
// research corpus of several thousand documents is, at a millisecond or two);
// past it a total is Xapian's estimate and says so (total.exact false).
constexpr Xapian::doccount kCountExactlyUpTo = 20000;
constexpr std::size_t kSnippetWords = 36;

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) ++n;
  return n;
}

void validate(const SearchRequest& request) {
  if (utf8_length(request.q) > kMaxQueryChars) {
    throw BadParameter("q", "longer than " + std::to_string(kMaxQueryChars) + " characters");
  }
  if (request.page < 1) throw BadParameter("page", "must be 1 or more");
  if (request.per_page < 0 || request.per_page > kMaxPerPage) {
    throw BadParameter("per_page", "must be between 0 (count only) and " + std::to_string(kMaxPerPage));
  }
  if (static_cast<long long>(request.page - 1) * request.per_page > kMaxResultOffset) {
    throw BadParameter("page", "pages past the first " + std::to_string(kMaxResultOffset) +
                                   " results go by cursor: ask with after= and the next_after of the page before");
  }
  if (!request.after.empty() && request.page != 1) {
    throw BadParameter("after", "cannot be combined with page: the cursor says where the page starts");
  }
  if (!request.after.empty() && request.collapse_by_issue) {
    throw BadParameter("after", "cannot be combined with collapse=issue");
  }
  if (request.facet_limit < 1 || request.facet_limit > kMaxFacetLimit) {
    throw BadParameter("facet_limit", "must be between 1 and " + std::to_string(kMaxFacetLimit));
  }
  if (request.from && request.to && *request.from > *request.to) {
    throw BadParameter("from", "is after 'to' (" + request.from->iso() + " > " + request.to->iso() + ")");
  }
}

// A request that counts its matches (trends, significant terms) rather than
// listing a page of them: checked as a search, its page aside.
SearchRequest validated_for_counting(SearchRequest search) {
  search.page = 1;
  search.per_page = 1;
  validate(search);
  return search;
}

void require_between(const std::string& parameter, int value, int low, int high) {
  if (value < low || value > high) {
    throw BadParameter(parameter, "must be between " + std::to_string(low) + " and " + std::to_string(high));
  }
}

Xapian::Query filtered(const Xapian::Query& text_query, const std::optional<Xapian::Query>& filter,
                       const Deadline& deadline) {
  return deadline.bound(filter ? Xapian::Query(Xapian::Query::OP_FILTER, text_query, *filter) : text_query);
}

// The words of a story that feedback may choose from: its text, exact forms only
// (not stems, which are not words, nor filter terms such as its company), and
// only words some other story has too: feedback prizes words rare in the
// archive, and a word no other story has cannot lead to one.
class SharedStoryWords : public Xapian::ExpandDecider {
 public:
  explicit SharedStoryWords(const Xapian::Database& db) : db_(db) {}
  bool operator()(const std::string& term) const override {
    for (const schema::Field& field : {schema::kTitle, schema::kBody, schema::kWhy}) {
      if (term.size() > field.prefix.size() + 2 && term.starts_with(field.prefix) &&
          !std::isupper(static_cast<unsigned char>(term[field.prefix.size()])) &&
          !std::isdigit(static_cast<unsigned char>(term[field.prefix.size()]))) {
        return db_.get_termfreq(term) >= 2;
      }
    }
    return false;
  }

 private:
  const Xapian::Database& db_;
};

// The archive's stories in a trend period, from the date terms' frequencies:
// a handful of lookups, not a pass over the stories.
Xapian::doccount stories_in_period(const Xapian::Database& db, const Date& start, Interval interval) {
  const auto frequency = [&](const schema::Field& field, const std::string& key) {
    return db.get_termfreq(std::string(field.prefix) + key);
  };
  const std::string day = start.yyyymmdd();
  Xapian::doccount count = 0;
  switch (interval) {
    case Interval::kWeek:
      for (long d = 0; d < 7; ++d) count += frequency(schema::kDay, Date::from_day_number(start.day_number() + d).yyyymmdd());
      break;
    case Interval::kMonth: count = frequency(schema::kMonth, day.substr(0, 6)); break;
    case Interval::kYear: count = frequency(schema::kYear, day.substr(0, 4)); break;
    case Interval::kDecade:
      for (int y = 0; y < 10; ++y) count += frequency(schema::kYear, Date{start.year + y, 1, 1}.yyyymmdd().substr(0, 4));
      break;
    case Interval::kAuto: break;
  }
  return count;
}

// `word` (lower case) where it stands as a whole word in `text`, any case, replaced.
std::string replace_word(const std::string& text, const std::string& word, const std::string& replacement) {
  const std::string lower = to_lower(text);
  if (lower.size() != text.size()) return text;  // case folding changed lengths: leave the text alone
  const auto is_word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80) != 0; };
  std::string out;
  std::size_t from = 0;
  for (std::size_t at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1)) {
    const bool starts = at == 0 || !is_word_char(lower[at - 1]);
    const bool ends = at + word.size() == lower.size() || !is_word_char(lower[at + word.size()]);
    if (!starts || !ends || at < from) continue;
    out += text.substr(from, at - from) + replacement;
    from = at + word.size();
  }
  return out + text.substr(from);
}

shards::RankedMatches ranked(const Xapian::MSet& mset) {
  shards::RankedMatches out{.hits = {},
                            .estimated = mset.get_matches_estimated(),
                            .lower = mset.get_matches_lower_bound(),
                            .upper = mset.get_matches_upper_bound(),
                            .max_attained = mset.get_max_attained()};
  for (auto it = mset.begin(); it != mset.end(); ++it) out.hits.push_back({*it, it.get_weight(), {}, {}, it.get_document()});
  return out;
}

std::string date_key(const std::optional<Date>& date, std::string_view open_end) {
  return date ? date->yyyymmdd() : std::string(open_end);
}

// True when `line` ends as a sentence does, so that the next line can follow
// after a plain space.
bool ends_a_sentence(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  for (std::string_view end : {".", "!", "?", ":", ";", "\xE2\x80\xA6" /* … */, ".\xE2\x80\x9D" /* .” */,
                               "?\xE2\x80\x9D", "!\xE2\x80\x9D", ".\"", ".)"}) {
    if (line.ends_with(end)) return true;
  }
  return false;
}

// The text a snippet is cut from: paragraphs, then the "Why it matters"
// bullets. Bullets rarely end with a full stop, and run together they read as
// one sentence ("... at the file system level Productivity gains ..."), so a
// line that does not end a sentence is followed by a middle dot.
std::string body_text(const Story& story) {
  std::string text;
  for (const auto& part : {std::cref(story.paragraphs), std::cref(story.bullets)}) {
    for (const std::string& line : part.get()) {
      if (!text.empty()) text += ends_a_sentence(text) ? " " : " \xC2\xB7 ";
      text += line;
    }
  }
  return text;
}

// The Xapian error being handled, as an EngineError naming `db`; call only
// from a catch block. Called once a read has been tried again on a fresh view
// of the index (at_latest_revision), so a database error left is the files'
// fault, not a commit racing the read: Xapian's "corrupt", a block of a
// revision it cannot have (a damaged block header reads as "modified" however
// often the index is reopened), an I/O error.
[[noreturn]] void throw_engine_error(const std::filesystem::path& db, const std::string& what) {
  try {
    throw;
  } catch (const Xapian::DatabaseOpeningError& e) {  // gone, or swapped out mid-read
    throw EngineError(db.string() + ": " + what + ": " + e.get_description());
  } catch (const Xapian::DatabaseError& e) {
    throw IndexDamaged(damaged_index_message(db, what + ": " + e.get_description()));
  } catch (const Xapian::Error& e) {
    throw EngineError(db.string() + ": " + what + ": " + e.get_description());
  }
}

std::string unanswered_shards_message(const std::vector<std::size_t>& missing) {
  std::string list;
  for (const std::size_t shard : missing) list += (list.empty() ? "" : ", ") + std::to_string(shard);
  return "remote shard" + std::string(missing.size() > 1 ? "s " : " ") + list +
         " answer from no replica: what is not found may be there";
}

}  // namespace

SearchEngine::SearchEngine(const std::filesystem::path& db, std::shared_ptr<shards::RemoteShards> remote)
    : path_(db), remote_(std::move(remote)), reader_(remote_ ? remote_->next_reader() : 0),
      stemmer_(remembering_english_stemmer()) {
  try {
    try {
      open();
      refresh();
    } catch (const Xapian::DatabaseModifiedError&) {
      open();  // the indexer committed twice while we opened: open its newest revision
      refresh();
    }
  } catch (const Xapian::Error&) {
    throw_engine_error(path_, "cannot open the index");
  }
}

std::vector<std::size_t> SearchEngine::missing_shards() const {
  std::vector<std::size_t> missing;
  if (!remote_) return missing;
  for (std::size_t shard = 0, at = 0; shard < remote_->shard_count(); ++shard) {
    if (at < present_.size() && present_[at] == shard) ++at;
    else missing.push_back(shard);
  }
  return missing;
}

void SearchEngine::open_remote() {
  const IndexIdentity identity = identity_of(path_);
  std::size_t shard_count = 1;
  try {
    shard_count = readable_shards(path_).value_or(1);
  } catch (const std::exception& e) {
    throw EngineError(path_.string() + ": cannot open the front's local copy: " + e.what());
  }
  Xapian::Database local;
  try {
    local = Xapian::Database(shard_paths(path_, shard_count).front().string());
  } catch (const Xapian::DatabaseCorruptError&) {
    throw_engine_error(path_, "cannot open the front's local copy");
  } catch (const Xapian::Error& e) {
    throw EngineError(path_.string() + ": cannot open the front's local copy of the first shard (" +
                      e.get_description() + "); it holds the spelling table and metadata the shards do not serve");
  }
  const std::string version = local.get_metadata(std::string(schema::kSchemaVersionKey));
  if (version != std::to_string(schema::kSchemaVersion)) {
    throw EngineError(path_.string() + ": index schema version '" + version + "', this program reads version " +
                      std::to_string(schema::kSchemaVersion) + "; re-run the indexer");
  }
  connect_shards();
  local_ = std::move(local);
  identity_ = identity;
}

void SearchEngine::connect_shards(std::optional<std::size_t> keep_all_but) {
  const auto timeout = static_cast<useconds_t>(remote_->settings().timeout.count());  // Xapian reads milliseconds
  std::vector<Xapian::Database> shards;
  std::vector<std::size_t> present;
  Xapian::Database db;
  std::string failures;
  for (std::size_t shard = 0, at = 0; shard < remote_->shard_count(); ++shard) {
    // A shard answering on its connection keeps it.
    while (at < present_.size() && present_[at] < shard) ++at;
    if (keep_all_but && *keep_all_but != shard && at < present_.size() && present_[at] == shard) {
      db.add_database(shards_[at]);
      shards.push_back(shards_[at]);
      present.push_back(shard);
      continue;
    }
    const std::vector<std::size_t> order = remote_->order(shard, reader_);
    for (std::size_t tried = 0; tried < order.size(); ++tried) {
      const shards::Endpoint& endpoint = remote_->replicas(shard)[order[tried]];
      try {
        Xapian::Database replica = Xapian::Remote::open(endpoint.host, endpoint.port, timeout, timeout);
        const std::string version = replica.get_metadata(std::string(schema::kSchemaVersionKey));
        if (version != std::to_string(schema::kSchemaVersion)) {
          throw EngineError("shard " + std::to_string(shard) + " at " + endpoint.text() + ": index schema version '" +
                            version + "', this program reads version " + std::to_string(schema::kSchemaVersion));
        }
        db.add_database(replica);
        shards.push_back(std::move(replica));
        present.push_back(shard);
        remote_->answered(shard, order[tried]);
        break;
      } catch (const Xapian::NetworkError& e) {
        remote_->failed(shard, order[tried]);
        remote_->failed_over(shard, order[tried]);
        failures += "; " + endpoint.text() + ": " + e.get_msg();
      }
    }
  }
  if (shards.empty()) throw ShardsUnavailable("no remote shard answers" + failures);
  db_ = std::move(db);
  shards_ = std::move(shards);
  present_ = std::move(present);
}

void SearchEngine::leave_replica(const Xapian::NetworkError& error) {
  // A replica that stopped answering in time is left at once: trying it
  // again would cost another timeout. Any other failure is most often the
  // server ending a connection that was idle (scatter-shardd --timeout-ms; it
  // says so with its own timeout error, "REMOTE:..."): connecting anew tells,
  // and marks the replica failed only if that fails too.
  const shards::RemoteShards::Found found = remote_->replica_of(error.get_context());
  const bool stalled = std::string_view(error.get_type()) == "NetworkTimeoutError" && !error.get_msg().starts_with("REMOTE:");
  if (found.found && stalled) {
    remote_->failed(found.shard, found.replica);
    remote_->failed_over(found.shard, found.replica);
  }
  // Only that shard connects anew; without its name, every shard does.
  if (found.found) connect_shards(found.shard);
  else connect_shards();
}

void SearchEngine::open() {
  if (remote_) {
    open_remote();
    return;
  }
  const IndexIdentity identity = identity_of(path_);
  std::size_t shard_count = 1;
  try {
    shard_count = readable_shards(path_).value_or(1);
  } catch (const std::exception& e) {  // IndexError: a folder or shard list the indexer did not write
    throw EngineError(path_.string() + ": cannot open the index: " + e.what());
  }
  // Each shard opened on its own and then combined: the combined database
  // shares their state, so each still tells its revision, which keys the
  // facet index (Xapian gives no revision for a combined database).
  std::vector<Xapian::Database> shards;
  Xapian::Database db;
  try {
    for (const std::filesystem::path& shard : shard_paths(path_, shard_count)) {
      shards.emplace_back(shard.string());
      db.add_database(shards.back());
    }
  } catch (const Xapian::DatabaseCorruptError&) {
    throw_engine_error(path_, "cannot open the index");
  } catch (const Xapian::Error& e) {
    throw EngineError(path_.string() + ": cannot open the index (" + e.get_description() +
                      "); run the indexer first");
  }
  const std::string version = db.get_metadata(std::string(schema::kSchemaVersionKey));
  if (version != std::to_string(schema::kSchemaVersion)) {
    throw EngineError(path_.string() + ": index schema version '" + version + "', this program reads version " +
                      std::to_string(schema::kSchemaVersion) + "; re-run the indexer");
  }
  // Only now: a failed open is tried again by the next request, rather than
  // leaving this engine reading the index that was swapped out.
  // Views for searching the shards side by side (shards/shard_search.h): each
  // combines every shard, one per shard task.
  std::vector<Xapian::Database> views;
  std::vector<std::string> uuids;
  if (shards.size() > 1) {
    try {
      for (std::size_t task = 0; task < shards.size(); ++task) {
        Xapian::Database view;
        for (const std::filesystem::path& shard : shard_paths(path_, shard_count)) view.add_database(Xapian::Database(shard.string()));
        views.push_back(std::move(view));
        uuids.push_back(shards[task].get_uuid());
      }
    } catch (const Xapian::Error&) {
      throw_engine_error(path_, "cannot open the index");
    }
  }
  db_ = std::move(db);
  shards_ = std::move(shards);
  views_ = std::move(views);
  shard_uuids_ = std::move(uuids);
  identity_ = identity;
}

std::shared_ptr<const facets::FacetIndex> SearchEngine::facet_index() const {
  if (remote_) {
    // A remote shard gives no revision: each commit leaves a token of its own.
    // Which shards answer is part of the key: ids renumber without one.
    std::string key = "remote|" + std::to_string(remote_->shard_count());
    for (std::size_t i = 0; i < shards_.size(); ++i) {
      key += "|" + std::to_string(present_[i]) + ":" + shards_[i].get_uuid() + ":" +
             shards_[i].get_metadata(std::string(schema::kCommitKey));
    }
    return facets::FacetIndexCache::shared().get(key, [this] { return facets::FacetIndex::build_from_shards(shards_); });
  }
  std::string key = path_.string() + "|" + std::to_string(identity_.folder) + "|" + std::to_string(identity_.stub);
  for (const Xapian::Database& shard : shards_) key += "|" + std::to_string(shard.get_revision());
  return facets::FacetIndexCache::shared().get(key, [this] { return facets::FacetIndex::build(db_); });
}

std::optional<facets::StorySet> SearchEngine::matches_of(const std::string& q, bool prefix, const SearchRequest& filters,
                                                         const Deadline& deadline) const {
  // The query as it counts: without the parts that add weight and never a
  // match (proximity, the exact form's bonus), which cost most of the pass.
  const auto counting_query = [&] { return read_query(q, prefix, deadline, nullptr, true).query; };
  const Xapian::Query query = counting_query();
  const std::optional<Xapian::Query> filter = filter_for(filters);
  // Every story: the facet index's own set, no match to run.
  if (!filter && query.get_type() == Xapian::Query::LEAF_MATCH_ALL) return std::nullopt;
  // One query per shard, each built anew: the shards are matched side by side,
  // and a Xapian::Query's parts are shared by its copies with reference counts
  // that are not atomic. The whole is not bounded (its boolean parts are read
  // as posting lists, not matched): match_set asks the deadline before each
  // list, and the phrases inside are bounded on their own (bound_positional).
  // Remote shards match on their servers, each bounded by the deadline there
  // (what it matched by then: never more than matches).
  const Deadline unbounded;
  const Deadline& bound = remote_ ? deadline : unbounded;
  std::vector<Xapian::Query> queries{filtered(query, filter, bound)};
  while (queries.size() < shards_.size()) queries.push_back(filtered(counting_query(), filter_for(filters), bound));
  return facets::match_set(shards_, queries, [&deadline] { return deadline.passed(); },
                           remote_ ? facets::MatchReading::kOnTheShard : facets::MatchReading::kPostingLists);
}

void SearchEngine::refresh() {
  // An index rebuilt or compacted is installed by swapping folders: the open
  // database is then the old one, and only opening the path again sees the new.
  if (identity_of(path_) != identity_) {
    open();
  } else if (remote_) {
    local_.reopen();
    // A shard left without a replica is looked for again once one may be tried.
    bool retry = false;
    for (const std::size_t shard : missing_shards()) retry = retry || remote_->may_try(shard);
    if (retry) connect_shards(remote_->shard_count());  // those connected now keep their connections
    db_.reopen();
  } else {
    db_.reopen();
    for (Xapian::Database& view : views_) view.reopen();
  }
  // The tables travel with the index; parse them again only when a commit
  // changed them. One the indexer wrote always parses: if it does not, the
  // index is damaged.
  try {
    std::string companies = local().get_metadata(std::string(schema::kCompaniesKey));
    if (companies != gazetteer_json_) {
      gazetteer_ = companies.empty() ? Gazetteer{} : Gazetteer::from_json(companies, path_ / "metadata:companies");
      gazetteer_json_ = std::move(companies);
    }
    std::string topics = local().get_metadata(std::string(schema::kTopicsKey));
    if (topics != topics_json_) {
      topics_ = topics.empty() ? TopicTagger{} : TopicTagger::from_json(topics, path_ / "metadata:topics");
      topics_json_ = std::move(topics);
    }
    std::string fields = local().get_metadata(std::string(schema::kFieldsKey));
    if (fields != fields_json_) {
      fields_ = fields.empty() ? UserFields{} : UserFields::from_json(fields, path_ / "metadata:fields");
      fields_json_ = std::move(fields);
    }
    std::string synonyms = local().get_metadata(std::string(schema::kSynonymsKey));
    if (synonyms != synonyms_text_) {
      synonyms_ = query::Synonyms::parse(synonyms, path_ / "metadata:synonyms");
      synonyms_text_ = std::move(synonyms);
    }
  } catch (const ParseError& e) {
    throw IndexDamaged(damaged_index_message(path_, e.what()));
  }
}

template <typename Read>
auto SearchEngine::at_latest_revision(const std::string& what, Read read) {
  // A remote replica that fails is left for the next (leave_replica), as
  // often as there are replicas; a shard left with none is missing.
  std::size_t failovers = 0;
  while (true) {
    try {
      refresh();
      try {
        return read();
      } catch (const Xapian::DatabaseModifiedError&) {
        // The indexer committed twice while we read; the newest revision is whole.
        refresh();
        return read();
      } catch (const Xapian::DatabaseCorruptError&) {
        throw;  // a block that does not parse: reading it again would not help
      } catch (const Xapian::DatabaseError&) {
        // The index was swapped between our look at the path and the read.
        open();
        refresh();
        return read();
      }
    } catch (const Xapian::NetworkError& e) {
      std::size_t replicas = 0;
      for (std::size_t shard = 0; remote_ && shard < remote_->shard_count(); ++shard) replicas += remote_->replicas(shard).size();
      if (failovers++ >= replicas) throw_engine_error(path_, what);
      leave_replica(e);
    } catch (const Xapian::Error&) {
      throw_engine_error(path_, what);
    }
  }
}

SearchResult SearchEngine::search(const SearchRequest& request) {
  validate(request);
  return at_latest_revision("search failed", [&] { return run(request); });
}

std::optional<Xapian::Query> SearchEngine::filter_for(const SearchRequest& request) const {
  std::vector<Xapian::Query> filters;
  if (!request.companies.empty()) {
    std::vector<Xapian::Query> any_company;
    for (const std::string& name : request.companies) {
      const Company* company = gazetteer_.find(name);
      if (company == nullptr) throw BadParameter("company", "unknown company '" + name + "'");
      any_company.push_back(query::boolean_term(db_, schema::company_term(company->name)));
    }
    filters.emplace_back(Xapian::Query::OP_OR, any_company.begin(), any_company.end());
  }
  if (!request.topics.empty()) {
    std::vector<Xapian::Query> any_topic;
    for (const std::string& name : request.topics) {
      const Topic* topic = topics_.find(name);
      if (topic == nullptr) throw BadParameter("topic", "unknown topic '" + name + "'");
      any_topic.push_back(query::boolean_term(db_, schema::topic_term(topic->name)));
    }
    filters.emplace_back(Xapian::Query::OP_OR, any_topic.begin(), any_topic.end());
  }
  if (!request.issues.empty()) {
    std::vector<Xapian::Query> any_issue;
    for (const int number : request.issues) any_issue.push_back(query::boolean_term(db_, schema::issue_term(number)));
    filters.emplace_back(Xapian::Query::OP_OR, any_issue.begin(), any_issue.end());
  }
  if (request.from || request.to) {
    filters.push_back(query::date_filter(db_, date_key(request.from, "00000000"), date_key(request.to, "99999999")));
  }
  if (filters.empty()) return std::nullopt;
  return Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
}

query::BuiltQuery SearchEngine::read_query(const std::string& q, bool prefix, const Deadline& deadline,
                                           std::vector<std::string>* problems, bool counting) const {
  const query::ParseOutcome parsed = query::parse(q, {.last_word_is_prefix = prefix});
  query::BuiltQuery built = query::build_query(
      parsed.root, {db_, gazetteer_, topics_, synonyms_, !counting,
                    [&deadline](const Xapian::Query& positional) { return deadline.bound(positional); }, !counting,
                    counting, &fields_});
  if (!parsed.problem.empty()) {
    built.notes.insert(built.notes.begin(), parsed.problem + ": read as plain words");
    if (problems != nullptr) problems->push_back(parsed.problem);
  }
  return built;
}

std::optional<std::string> SearchEngine::spelling_correction(const std::string& q, const query::BuiltQuery& built) const {
  std::string corrected = q;
  bool changed = false;
  for (const std::string& word : built.unknown_words) {
    const std::optional<std::string> suggestion = correct_word(local(), word);
    if (!suggestion) continue;
    corrected = replace_word(corrected, word, *suggestion);
    changed = true;
  }
  if (!changed || corrected == q) return std::nullopt;
  return corrected;
}

namespace {

// "words, published" of the fields that `can`, or "none" when no field can.
template <typename Can>
std::string fields_that(const UserFields& fields, Can can) {
  std::string out;
  for (const UserField& field : fields.fields()) {
    if (can(field)) out += (out.empty() ? "" : ", ") + field.name;
  }
  return out.empty() ? "none" : out;
}

}  // namespace

void SearchEngine::check_fields(const SearchRequest& request) const {
  if (!request.sort_field.empty()) {
    const UserField* field = fields_.find(request.sort_field);
    if (field == nullptr || !field->sortable) {
      throw BadParameter("sort", "'" + request.sort_field + "' is not relevance, newest, oldest or a sortable field " +
                                     "of fields.json (sortable: " +
                                     fields_that(fields_, [](const UserField& f) { return f.sortable; }) + ")");
    }
    if (!request.after.empty()) {
      throw BadParameter("after", "deep paging goes by relevance, newest or oldest, not by a field; use page");
    }
  }
  for (const std::string& name : request.field_facets) {
    const UserField* field = fields_.find(name);
    if (field == nullptr || !field->facetable) {
      throw BadParameter("facets", "'" + name + "' is not a facet (company, topic, year, month, issue, or a facetable " +
                                       "field of fields.json: " +
                                       fields_that(fields_, [](const UserField& f) { return f.facetable; }) + ")");
    }
    if (remote_) throw BadParameter("facets", "'" + name + "': facets of declared fields are not counted over remote shards");
  }
}

SearchResult SearchEngine::run(const SearchRequest& request) {
  check_fields(request);
  const auto start = std::chrono::steady_clock::now();
  const Deadline deadline(request.deadline);
  SearchResult result{.query = request.q, .page = request.page, .per_page = request.per_page};
  const std::optional<Xapian::Query> filter = filter_for(request);
  // Untrimmed: a space after the last word says the reader finished typing it.
  const std::string& q = request.q;

  std::vector<std::string> problems;
  query::BuiltQuery built = read_query(q, request.prefix, deadline, &problems);
  const SortOrder sort = effective_sort(built, request);
  // A cursor's position is of the query as asked: no correction replaces it.
  const bool by_cursor = !request.after.empty();
  shards::RankedMatches matches = by_cursor ? match_after(built, request, deadline) : match(built, q, request, deadline);
  std::string matched_q = q;  // the query the results are of: q, or its correction

  // Xapian's corrector would also "correct" words that are right (stock ->
  // shock): only words the archive lacks are corrected, and a correction is
  // offered only when it finds stories the query did not. Not after the
  // deadline: a correction judged on part of the matches could be wrong.
  const auto correction = deadline.passed() || by_cursor ? std::nullopt : spelling_correction(q, built);
  if (correction) {
    query::BuiltQuery corrected = read_query(*correction, request.prefix, deadline, nullptr);
    shards::RankedMatches corrected_matches = match(corrected, *correction, request, deadline);
    // Finds more: stories where there were none, more stories, or a best story
    // that matches at least one more word of the query (each word adds
    // ArchiveWeight's bonus). A "correction" to a word of the same stem finds
    // the same stories and is not offered.
    const bool finds_more =
        !corrected_matches.empty() &&
        (matches.empty() || corrected_matches.estimated > matches.estimated ||
         corrected_matches.max_attained >= matches.max_attained + query::ArchiveWeight::kWordBonus / 2);
    if (finds_more) result.did_you_mean = std::string(trim(*correction));
    if (finds_more && matches.empty()) {
      result.corrected = true;
      matched_q = *correction;
      built = std::move(corrected);
      matches = std::move(corrected_matches);
    }
  }
  result.fell_back_to_plain = !problems.empty();
  result.interpreted_as = built.reading;
  result.notes = built.notes;
  result.total_estimate = matches.estimated;
  result.total_lower = matches.lower;
  result.total_upper = matches.upper;

  const Highlighter highlighter(built.highlight.words, built.highlight.prefixes, stemmer_);
  for (const shards::RankedMatch& match : matches.hits) {
    SearchHit hit{.record = decode_stored_story(match.document.get_data())};
    hit.title_html = highlighter.mark_all(hit.record.story.title);
    hit.snippet_html = highlighter.snippet(body_text(hit.record.story), kSnippetWords);
    hit.score = built.ranked && request.sort == SortOrder::kRelevance && request.sort_field.empty() ? match.weight : 0;
    result.hits.push_back(std::move(hit));
  }
  // A full page may be followed by another: its last story's place in the
  // order is where that page starts. Past the total nothing follows.
  const auto listed = static_cast<long long>(request.page - 1) * request.per_page + request.per_page;
  const bool more_by_page = by_cursor || listed < static_cast<long long>(matches.upper);
  if (request.per_page > 0 && !request.collapse_by_issue && matches.hits.size() == static_cast<std::size_t>(request.per_page) &&
      more_by_page && !result.corrected && request.sort_field.empty()) {
    const shards::RankedMatch& last = matches.hits.back();
    result.next_after = encode_cursor(sort, OrderPosition{last.weight, last.document.get_value(order_slot(sort))});
  }
  // The match set as a bitmap (an unranked pass: no weights, no documents
  // read), counted with the facet index; nullopt inside: every story. Made
  // once, for the facets and the one-per-issue total alike.
  std::optional<std::optional<facets::StorySet>> match_set;
  const auto counted_matches = [&]() -> const facets::StorySet* {
    if (!match_set) match_set = matches_of(matched_q, request.prefix, request, deadline);
    return *match_set ? &**match_set : nullptr;
  };
  if ((!request.facets.empty() || !request.field_facets.empty()) && !deadline.passed()) {
    // The ranked pass above still stops early; this count is exact, so total
    // becomes exact too.
    const auto index = facet_index();
    const facets::StorySet* matched = counted_matches();
    result.facets = facets::count_facets(*index, matched, request.facets, request.facet_limit, request.facet_sort);
    for (const std::string& name : request.field_facets) {
      const UserField& field = *fields_.find(name);
      result.facets.push_back(facets::count_field(db_, schema::field_slot(field), field.name, matched,
                                                  request.facet_limit, request.facet_sort));
    }
    if (!request.collapse_by_issue && !deadline.reached()) {
      const auto counted = static_cast<Xapian::doccount>(matched ? matched->cardinality() : index->stories().cardinality());
      result.total_estimate = result.total_lower = result.total_upper = counted;
    }
  }
  if (request.per_page == 0 && request.facets.empty() && request.field_facets.empty() && !request.collapse_by_issue &&
      !deadline.passed()) {
    // Only the count was asked for (as notmuch count): every match counted, exact.
    const facets::StorySet* matched = counted_matches();
    if (!deadline.reached()) {
      const auto counted = static_cast<Xapian::doccount>(matched ? matched->cardinality() : facet_index()->stories().cardinality());
      result.total_estimate = result.total_lower = result.total_upper = counted;
    }
  }
  if (request.collapse_by_issue && (db_.get_doccount() <= kCountExactlyUpTo || request.per_page == 0) &&
      !deadline.passed()) {
    // Xapian's count of collapsed matches is an estimate, even when every
    // match was checked, and over shards each counts its own issues while an
    // issue may have stories in several: the issues of all the matches, from
    // the facet index, exact.
    const facets::StorySet* matched = counted_matches();
    if (!deadline.reached()) {
      result.total_estimate = result.total_lower = result.total_upper = facets::count_one_per_issue(*facet_index(), matched);
    }
  }
  if (deadline.reached()) {
    // Whatever was counted, more may match: no more than the archive holds.
    result.timed_out = true;
    result.total_upper = std::max(result.total_upper, db_.get_doccount());
    if (result.total_upper == result.total_lower) ++result.total_upper;
  }
  result.missing_shards = missing_shards();
  result.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return result;
}

SortOrder SearchEngine::effective_sort(const query::BuiltQuery& built, const SearchRequest& request) {
  return !built.ranked && request.sort == SortOrder::kRelevance ? SortOrder::kNewest : request.sort;
}

Xapian::Query SearchEngine::ranking_query(const Xapian::Query& words, const query::BuiltQuery& built,
                                          const SearchRequest& request, const Deadline& deadline) {
  // Recency: the bonus of each match's age, counted from the archive's newest
  // month (its last day), which the facet index knows.
  std::optional<long> reference_day;
  if (request.recency_half_life_days && built.ranked && effective_sort(built, request) == SortOrder::kRelevance) {
    const auto index = facet_index();
    if (!index->months().empty()) {
      const long key = index->months().rbegin()->first;  // year * 13 + month
      reference_day = Date{static_cast<int>(key / 13), static_cast<int>(key % 13), 0}.last_day().day_number();
    }
  }
  const Xapian::Query boosted =
      reference_day ? query::with_recency(words, *request.recency_half_life_days, *reference_day) : words;
  return filtered(boosted, filter_for(request), deadline);
}

shards::RankedMatches SearchEngine::match_after(const query::BuiltQuery& built, const SearchRequest& request,
                                                const Deadline& deadline) {
  const SortOrder sort = effective_sort(built, request);
  const OrderPosition after = decode_cursor(request.after, sort);
  Xapian::Enquire enquire(db_);
  enquire.set_weighting_scheme(query::ArchiveWeight());
  const MatchWindow window = matches_in_order(enquire, db_, ranking_query(built.query, built, request, deadline), sort,
                                              after, static_cast<std::size_t>(request.per_page));
  shards::RankedMatches out;
  out.hits = documents_at(window.positions);
  // Every match was counted in the pass, those before the cursor too.
  out.estimated = out.lower = out.upper = window.matches;
  for (const auto& hit : out.hits) out.max_attained = std::max(out.max_attained, hit.weight);
  return out;
}

std::vector<shards::RankedMatch> SearchEngine::documents_at(const std::vector<OrderPosition>& positions) {
  std::vector<shards::RankedMatch> hits;
  hits.reserve(positions.size());
  for (const OrderPosition& position : positions) {
    const std::string term = schema::id_term(position.story_id());
    Xapian::PostingIterator posting = db_.postlist_begin(term);
    if (posting == db_.postlist_end(term)) {
      throw EngineError(path_.string() + ": story " + position.story_id() + " left the index while being listed");
    }
    hits.push_back(shards::RankedMatch{.id = *posting, .weight = position.weight, .sort_key = position.key,
                                       .collapse_key = {}, .document = db_.get_document(*posting)});
  }
  return hits;
}

ResultStream SearchEngine::stream(const SearchRequest& request) {
  SearchRequest checked = request;
  checked.page = 1;
  checked.per_page = 1;
  checked.after.clear();
  validate(checked);
  if (request.collapse_by_issue) throw BadParameter("collapse", "an export lists every story; collapse=issue is for pages");
  if (!request.sort_field.empty()) throw BadParameter("sort", "an export lists by relevance, newest or oldest, not by a field");
  return at_latest_revision("export failed", [&] {
    const Deadline none(std::nullopt);
    const query::BuiltQuery built = read_query(request.q, request.prefix, none, nullptr);
    ResultStream stream(*this, ranking_query(built.query, built, request, none), effective_sort(built, request),
                        built.ranked && request.sort == SortOrder::kRelevance);
    for (const UserField& field : fields_.fields()) stream.field_names_.push_back(field.name);
    stream.fill();
    return stream;
  });
}

ResultStream::ResultStream(SearchEngine& engine, Xapian::Query query, SortOrder sort, bool scored)
    : engine_(&engine), query_(std::move(query)), sort_(sort), scored_(scored) {}

void ResultStream::fill() {
  std::optional<OrderPosition> after;
  if (!window_.positions.empty()) after = window_.positions.back();
  Xapian::Enquire enquire(engine_->db_);
  enquire.set_weighting_scheme(query::ArchiveWeight());
  const Xapian::doccount first_total = window_.matches;
  window_ = matches_in_order(enquire, engine_->db_, query_, sort_, after, kWindow);
  if (!after) total_ = window_.matches;
  else if (window_.matches != first_total) throw EngineError("the index changed while its matches were being listed; ask again");
  taken_ = 0;
  last_window_ = window_.positions.size() < kWindow;
}

std::vector<SearchHit> ResultStream::next(std::size_t count) {
  std::vector<SearchHit> hits;
  try {
    if (taken_ == window_.positions.size() && !last_window_) fill();
    const std::size_t end = std::min(window_.positions.size(), taken_ + count);
    const std::vector<OrderPosition> slice(window_.positions.begin() + static_cast<std::ptrdiff_t>(taken_),
                                           window_.positions.begin() + static_cast<std::ptrdiff_t>(end));
    for (shards::RankedMatch& match : engine_->documents_at(slice)) {
      hits.push_back(SearchHit{.record = decode_stored_story(match.document.get_data()), .score = scored_ ? match.weight : 0});
    }
    taken_ = end;
  } catch (const Xapian::DatabaseModifiedError&) {
    throw EngineError("the index changed while its matches were being listed; ask again");
  } catch (const Xapian::Error& e) {
    throw EngineError(engine_->path_.string() + ": listing matches failed: " + e.get_description());
  }
  return hits;
}

shards::RankedMatches SearchEngine::match(const query::BuiltQuery& built, const std::string& q,
                                          const SearchRequest& request, const Deadline& deadline) {
  const SortOrder sort = effective_sort(built, request);
  const UserField* by_field = request.sort_field.empty() ? nullptr : fields_.find(request.sort_field);
  const auto configure = [&](Xapian::Enquire& enquire) {
    enquire.set_weighting_scheme(query::ArchiveWeight());
    // By one value slot each, never a KeyMaker, which Xapian's remote backend
    // refuses. Either way stories of an issue come in reading order. Equal
    // scores fall back to newest first, by a key every layout shares:
    // document ids differ between one database and shards.
    if (by_field) enquire.set_sort_by_value_then_relevance(schema::field_slot(*by_field), request.sort_descending);
    else if (sort == SortOrder::kNewest) enquire.set_sort_by_value_then_relevance(schema::kNewestSlot, false);
    else if (sort == SortOrder::kOldest) enquire.set_sort_by_value_then_relevance(schema::kOrderSlot, false);
    else enquire.set_sort_by_relevance_then_value(schema::kOrderSlot, true);
    if (request.collapse_by_issue) enquire.set_collapse_key(schema::kIssueSlot);
  };
  const Xapian::doccount stories = db_.get_doccount();
  // One query per shard task, each built anew: a Xapian::Query's parts are
  // shared by its copies, with reference counts that are not atomic, so the
  // tasks' threads must not copy one query.
  std::vector<Xapian::Query> queries;
  for (std::size_t shard = 0; shard < std::max<std::size_t>(views_.size(), 1); ++shard) {
    queries.push_back(ranking_query(shard == 0 ? built.query : read_query(q, request.prefix, deadline, nullptr).query,
                                    built, request, deadline));
  }
  const shards::ShardSearch search{
      .queries = std::move(queries),
      .configure = configure,
      .order = by_field ? (request.sort_descending ? shards::MergeOrder::kKeyDescendingThenRelevance
                                                   : shards::MergeOrder::kKeyThenRelevance)
               : sort == SortOrder::kRelevance ? shards::MergeOrder::kRelevanceThenKey
                                               : shards::MergeOrder::kKeyThenRelevance,
      .collapse = request.collapse_by_issue,
      .offset = static_cast<Xapian::doccount>((request.page - 1) * request.per_page),
      .count = static_cast<Xapian::doccount>(request.per_page),
      .check_at_least = stories <= kCountExactlyUpTo ? stories : kCheckAtLeast};
  if (views_.size() > 1) return shards::search_shards(views_, shard_uuids_, search);

  // The whole archive by date, as the search page opens: Xapian would compute
  // the sort key of every story to find the first few. The facet index knows
  // which months come first; only their stories are sorted.
  // (Not on remote shards: the set's ids are the combined database's, a shard's server knows its own.)
  const bool whole_archive =
      !remote_ && built.query.get_type() == Xapian::Query::LEAF_MATCH_ALL && !filter_for(request);
  if (whole_archive && sort != SortOrder::kRelevance && !request.collapse_by_issue && !by_field) {
    const facets::StorySet first = facets::first_by_date(*facet_index(), sort == SortOrder::kNewest,
                                                         std::uint64_t{search.offset} + search.count);
    Xapian::Enquire enquire(db_);
    enquire.set_query(deadline.bound(Xapian::Query(Xapian::Query::OP_FILTER, built.query, facets::stories_query(first))));
    configure(enquire);
    shards::RankedMatches out = ranked(enquire.get_mset(search.offset, search.count, search.check_at_least));
    out.estimated = out.lower = out.upper = stories;
    return out;
  }

  Xapian::Enquire enquire(db_);
  enquire.set_query(search.queries.front());
  configure(enquire);
  return ranked(enquire.get_mset(search.offset, search.count, search.check_at_least));
}

std::optional<StoryRecord> SearchEngine::story(std::string_view id) {
  return at_latest_revision("cannot read story " + std::string(id), [&]() -> std::optional<StoryRecord> {
    const std::string term = schema::id_term(id);
    Xapian::PostingIterator posting = db_.postlist_begin(term);
    if (posting == db_.postlist_end(term)) {
      if (!missing_shards().empty()) throw EngineError(unanswered_shards_message(missing_shards()));
      return std::nullopt;
    }
    return decode_stored_story(db_.get_document(*posting).get_data());
  });
}

std::optional<RelatedStories> SearchEngine::related(std::string_view id, int count,
                                                    std::optional<Deadline::Clock::time_point> deadline) {
  if (count < 1 || count > kMaxPerPage) throw BadParameter("count", "must be between 1 and " + std::to_string(kMaxPerPage));
  return at_latest_revision("cannot find stories related to " + std::string(id), [&]() -> std::optional<RelatedStories> {
    if (db_.postlist_begin(schema::id_term(id)) == db_.postlist_end(schema::id_term(id))) return std::nullopt;
    return related_to(id, count, Deadline(deadline));
  });
}

std::optional<StoryThread> SearchEngine::thread(std::string_view id,
                                                std::optional<Deadline::Clock::time_point> deadline) {
  return at_latest_revision("cannot find the thread of story " + std::string(id), [&]() -> std::optional<StoryThread> {
    const std::string term = schema::id_term(id);
    Xapian::PostingIterator posting = db_.postlist_begin(term);
    if (posting == db_.postlist_end(term)) return std::nullopt;
    return find_thread(db_, *posting, gazetteer_, Deadline(deadline));
  });
}

std::optional<IssueListing> SearchEngine::issue(std::string_view key) {
  return at_latest_revision("cannot read issue " + std::string(key), [&]() -> std::optional<IssueListing> {
    IssueListing listing{.key = std::string(key)};
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    // Issue numbers as the archive writes them: "3", never "03".
    const bool numbered = !key.empty() && key.size() <= 9 && key.front() != '0' &&
                          std::all_of(key.begin(), key.end(), is_digit);
    if (numbered) {
      const std::string term = schema::issue_term(std::stoi(std::string(key)));
      for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
        listing.stories.push_back(decode_stored_story(db_.get_document(*it).get_data()));
      }
      if (!listing.stories.empty()) listing.number = std::stoi(std::string(key));
    }
    // An issue without a number is keyed by its date ("1901-03-05", or "1902"
    // for one dated by its year alone, digits too): its stories are those
    // without a number dated exactly so, whatever their ids (a corpus's own,
    // docs/jsonl.md). An issue keyed by a file name: ids "<key>-<n>".
    const std::optional<Date> date = listing.stories.empty() ? Date::from_stored(key) : std::nullopt;
    if (date) {
      const std::string day = date->yyyymmdd();
      const std::string term = date->has_day()     ? std::string(schema::kDay.prefix) + day
                               : date->has_month() ? std::string(schema::kMonth.prefix) + day.substr(0, 6)
                                                   : std::string(schema::kYear.prefix) + day.substr(0, 4);
      // The date slot holds the precision too ("19010300" for March 1901):
      // only stories dated exactly as the key are read.
      Xapian::Enquire enquire(db_);
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(term),
                                      Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, day, day)));
      const Xapian::MSet found = enquire.get_mset(0, db_.get_doccount());
      for (auto it = found.begin(); it != found.end(); ++it) {
        StoryRecord record = decode_stored_story(it.get_document().get_data());
        if (!record.issue) listing.stories.push_back(std::move(record));
      }
    } else if (listing.stories.empty()) {
      // Those ids, less those of a longer key ("1901-03-05-2" is no story of issue "1901-03").
      const std::string start = schema::id_term(std::string(key) + "-");
      for (auto term = db_.allterms_begin(start); term != db_.allterms_end(start); ++term) {
        const std::string name = *term;  // a view of *term would outlive the string it returns
        const std::string_view rest = std::string_view(name).substr(start.size());
        if (rest.empty() || !std::all_of(rest.begin(), rest.end(), is_digit)) continue;
        StoryRecord record = decode_stored_story(db_.get_document(*db_.postlist_begin(*term)).get_data());
        if (!record.issue) listing.stories.push_back(std::move(record));
      }
    }
    if (listing.stories.empty() && !missing_shards().empty()) throw EngineError(unanswered_shards_message(missing_shards()));
    if (listing.stories.empty()) return std::nullopt;
    std::sort(listing.stories.begin(), listing.stories.end(),
              [](const StoryRecord& a, const StoryRecord& b) { return a.story.number < b.story.number; });
    listing.date = listing.stories.front().date;
    listing.newsletter = listing.stories.front().newsletter;
    return listing;
  });
}

void SearchEngine::prepare_counts() {
  at_latest_revision("preparing the facet index failed", [this] { return facet_index(); });
}

TrendsResult SearchEngine::trends(const TrendsRequest& request) {
  const SearchRequest search = validated_for_counting(request.search);
  require_between("series", request.series, 1, kMaxTrendSeries);
  return at_latest_revision("trends failed", [&] {
    const auto start = std::chrono::steady_clock::now();
    TrendsResult result{.query = search.q, .interval = request.interval, .by = request.by};
    const Deadline deadline(search.deadline);
    const query::BuiltQuery built = read_query(search.q, search.prefix, deadline, nullptr);
    result.interpreted_as = built.reading;
    result.notes = built.notes;
    const auto index = facet_index();
    const std::optional<facets::StorySet> matches = matches_of(search.q, search.prefix, search, deadline);
    facets::count_trends(*index, matches ? &*matches : nullptr, request.interval, request.by, request.series,
                         [this](const Date& period_start, Interval interval) {
                           return stories_in_period(db_, period_start, interval);
                         },
                         result);
    result.timed_out = deadline.reached();
    result.missing_shards = missing_shards();
    result.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return result;
  });
}

SignificantResult SearchEngine::significant(const SignificantRequest& request) {
  const SearchRequest search = validated_for_counting(request.search);
  require_between("limit", request.limit, 1, kMaxSignificantTerms);
  return at_latest_revision("significant terms failed", [&] {
    const auto start = std::chrono::steady_clock::now();
    const Deadline deadline(search.deadline);
    SignificantResult result{.query = search.q, .field = request.field};
    const auto index = facet_index();
    const std::optional<facets::StorySet> matched = matches_of(search.q, search.prefix, search, deadline);
    const facets::StorySet& archive = index->stories();
    const facets::StorySet& foreground = matched ? *matched : archive;
    result.foreground = static_cast<Xapian::doccount>(foreground.cardinality());
    result.background = static_cast<Xapian::doccount>(archive.cardinality());

    struct Scored {
      SignificantTerm term;
      Xapian::docid example = 0;
    };
    std::vector<Scored> scored;
    const auto consider = [&](const std::string& term, const facets::StorySet& stories) {
      const std::uint64_t in_foreground = foreground.and_cardinality(stories);
      const std::uint64_t in_archive = stories.cardinality();
      if (in_foreground < kMinSignificantForeground || in_archive < kMinSignificantBackground) return;
      const double score = jlh_score(in_foreground, result.foreground, in_archive, result.background);
      if (score <= 0) return;
      scored.push_back({{.term = term,
                         .score = score,
                         .foreground = static_cast<Xapian::doccount>(in_foreground),
                         .background = static_cast<Xapian::doccount>(in_archive)},
                        (foreground & stories).maximum()});
    };
    if (request.field != SignificantField::kWords) {
      const Facet facet = request.field == SignificantField::kCompany ? Facet::kCompany : Facet::kTopic;
      for (const facets::FacetValue& value : index->values(facet)) consider(value.name, value.stories);
    } else if (matched) {
      // Candidates: the words of a sample of the matching stories, spread over
      // them (Elasticsearch samples too: significant_text's sampler). Only the
      // most promising are then counted exactly, over every matching story.
      constexpr std::uint64_t kSampled = 200;
      constexpr std::size_t kCounted = 60;
      const std::uint64_t count = foreground.cardinality();
      const std::uint64_t step = std::max<std::uint64_t>(1, count / kSampled);
      std::map<std::string, std::uint32_t> in_sample;
      std::uint64_t sampled = 0;
      for (std::uint64_t rank = 0; rank < count && sampled < kSampled && !deadline.passed(); rank += step, ++sampled) {
        std::uint32_t id = 0;
        if (!foreground.select(static_cast<std::uint32_t>(rank), &id)) break;
        for (auto term = db_.termlist_begin(id); term != db_.termlist_end(id); ++term) {
          const std::string word = *term;
          const auto first = static_cast<unsigned char>(word.front());
          // An all-fields word (unprefixed: prefixes are capitals) of three letters or more.
          if (word.size() < 3 || (first >= 'A' && first <= 'Z') || word.find(' ') != std::string::npos) continue;
          if (query::is_stopword(word)) continue;
          if (std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
          ++in_sample[word];
        }
      }
      std::vector<std::pair<double, std::string>> promising;
      for (const auto& [word, stories] : in_sample) {
        if (stories < std::min<std::uint64_t>(kMinSignificantForeground, sampled)) continue;
        const Xapian::doccount in_archive = db_.get_termfreq(word);
        const double estimate = jlh_score(stories, sampled, in_archive, result.background);
        if (estimate > 0) promising.emplace_back(estimate, word);
      }
      std::sort(promising.begin(), promising.end(), std::greater<>());
      if (promising.size() > kCounted) promising.resize(kCounted);
      for (const auto& [estimate, word] : promising) {
        if (deadline.passed()) break;
        std::vector<Xapian::Query> queries;  // one per shard, each its own (reference counts are not atomic)
        for (std::size_t shard = 0; shard < shards_.size(); ++shard) queries.emplace_back(word);
        const facets::StorySet stories =
            facets::match_set(shards_, queries, [&deadline] { return deadline.passed(); },
                              remote_ ? facets::MatchReading::kOnTheShard : facets::MatchReading::kPostingLists);
        consider(word, stories);
      }
    }
    std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
      if (a.term.score != b.term.score) return a.term.score > b.term.score;
      if (a.term.foreground != b.term.foreground) return a.term.foreground > b.term.foreground;
      return a.term.term < b.term.term;
    });
    if (scored.size() > static_cast<std::size_t>(request.limit)) scored.resize(static_cast<std::size_t>(request.limit));
    for (Scored& entry : scored) {
      entry.term.example = decode_stored_story(db_.get_document(entry.example).get_data());
      result.terms.push_back(std::move(entry.term));
    }
    result.timed_out = deadline.reached();
    result.missing_shards = missing_shards();
    result.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return result;
  });
}

std::optional<EntityProfile> SearchEngine::profile(const ProfileRequest& request) {
  if (request.latest < 1 || request.latest > kMaxPerPage) {
    throw BadParameter("latest", "must be between 1 and " + std::to_string(kMaxPerPage));
  }
  EntityProfile profile{.kind = request.kind};
  // Named as the latest revision's gazetteer and taxonomy name it.
  const bool known = at_latest_revision("cannot read the archive's companies and topics", [&] {
    if (request.kind == EntityKind::kCompany) {
      const Company* company = gazetteer_.find(request.name);
      if (company == nullptr) return false;
      profile.name = company->name;
      profile.aliases = company->aliases;
      profile.products = company->products;
      return true;
    }
    const Topic* topic = topics_.find(request.name);
    if (topic != nullptr) profile.name = topic->name;
    return topic != nullptr;
  });
  if (!known) return std::nullopt;
  SearchRequest about{.deadline = request.deadline};
  if (request.kind == EntityKind::kCompany) about.companies = {profile.name};
  else about.topics = {profile.name};
  SearchRequest latest = about;
  latest.sort = SortOrder::kNewest;
  latest.per_page = request.latest;
  latest.facets = {Facet::kCompany, Facet::kTopic};
  latest.facet_limit = 11;  // ten others besides itself
  SearchResult found = search(latest);
  profile.stories = found.total_estimate;
  profile.latest = std::move(found.hits);
  profile.timed_out = found.timed_out;
  for (const FacetCounts& counts : found.facets) {
    auto& others = counts.facet == Facet::kCompany ? profile.companies : profile.topics;
    for (const FacetValue& value : counts.values) {
      if (value.value != profile.name && others.size() < 10) others.push_back(value);
    }
  }
  try {
    profile.per_month = trends({.search = about, .interval = Interval::kMonth});
  } catch (const BadParameter&) {
    // More months than a chart holds: by the finest interval that fits.
    profile.per_month = trends({.search = about, .interval = Interval::kAuto});
  }
  profile.significant = significant({.search = about, .field = SignificantField::kWords, .limit = 10}).terms;
  profile.timed_out = profile.timed_out || profile.per_month.timed_out;
  profile.missing_shards = missing_shards();
  return profile;
}

std::vector<Suggestion> SearchEngine::suggest(std::string_view typed, int limit) {
  if (limit < 1 || limit > kMaxSuggestions) {
    throw BadParameter("limit", "must be between 1 and " + std::to_string(kMaxSuggestions));
  }
  if (utf8_length(typed) > kMaxQueryChars) {
    throw BadParameter("q", "longer than " + std::to_string(kMaxQueryChars) + " characters");
  }
  return at_latest_revision("suggest failed", [&] {
    return Suggester(db_, local(), gazetteer_, topics_, stemmer_).suggest(typed, static_cast<std::size_t>(limit));
  });
}

RelatedStories SearchEngine::related_to(std::string_view id, int count, const Deadline& deadline) {
  constexpr Xapian::termcount kFeedbackTerms = 24;
  const std::string id_term = schema::id_term(id);
  Xapian::Enquire enquire(db_);
  Xapian::RSet story;
  story.add_document(*db_.postlist_begin(id_term));
  // The story's most telling words (Xapian's relevance feedback: frequent in it,
  // rare in the archive), searched for as any of them.
  const SharedStoryWords words(db_);
  // Exact frequencies: by default Xapian scales the frequency in the story's
  // own shard, and the chosen words would differ with the layout.
  const Xapian::ESet telling = enquire.get_eset(kFeedbackTerms, story, Xapian::Enquire::USE_EXACT_TERMFREQ, &words);
  RelatedStories related;
  if (telling.empty()) return related;
  std::vector<Xapian::Query> terms;
  for (auto it = telling.begin(); it != telling.end(); ++it) {
    terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it), it.get_weight());
  }
  enquire.set_query(deadline.bound(Xapian::Query(Xapian::Query::OP_AND_NOT,
                                                 Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                                                 Xapian::Query(id_term))));
  enquire.set_sort_by_relevance_then_value(schema::kOrderSlot, true);
  const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(count));
  const Highlighter none(std::set<std::string, std::less<>>{}, {}, stemmer_);
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    SearchHit hit{.record = decode_stored_story(it.get_document().get_data())};
    hit.title_html = none.mark_all(hit.record.story.title);
    hit.snippet_html = none.snippet(body_text(hit.record.story), kSnippetWords);
    hit.score = it.get_weight();
    related.hits.push_back(std::move(hit));
  }
  related.timed_out = deadline.reached();
  return related;
}

}  // namespace scatter
