#include "engine/search_engine.h"

#include "engine/highlight.h"
#include "gazetteer/gazetteer.h"
#include "index/database_layout.h"
#include "index/stored_story.h"
#include "schema/schema.h"
#include "text/utf8.h"

#include <xapian.h>

#include <algorithm>
#include <chrono>

namespace scatter {
namespace {

// Enough to count small archives exactly and to bound the estimate on big ones.
constexpr Xapian::doccount kCheckAtLeast = 1000;
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
  if (request.per_page < 1 || request.per_page > kMaxPerPage) {
    throw BadParameter("per_page", "must be between 1 and " + std::to_string(kMaxPerPage));
  }
  if (static_cast<long long>(request.page - 1) * request.per_page > kMaxResultOffset) {
    throw BadParameter("page", "results past the first " + std::to_string(kMaxResultOffset) +
                                   " are not served; narrow the query");
  }
  if (request.from && request.to && *request.from > *request.to) {
    throw BadParameter("from", "is after 'to' (" + request.from->iso() + " > " + request.to->iso() + ")");
  }
}

Xapian::QueryParser make_parser(const Xapian::Database& db) {
  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_default_op(Xapian::Query::OP_OR);
  for (const schema::Field& field : schema::kFields) {
    if (field.boolean) {
      parser.add_boolean_prefix(std::string(field.name), std::string(field.prefix));
    } else {
      parser.add_prefix(std::string(field.name), std::string(field.prefix));
      parser.add_prefix("", std::string(field.prefix));  // words without a field search every text field
    }
  }
  return parser;
}

struct ParsedQuery {
  Xapian::Query query;
  bool fell_back = false;
};

constexpr unsigned kSyntaxFlags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD;
constexpr unsigned kPlainFlags = 0;

// Syntax errors never fail a search: the words are read again as plain text.
ParsedQuery parse_text(const Xapian::Database& db, const std::string& q, unsigned flags) {
  Xapian::QueryParser parser = make_parser(db);
  try {
    return {parser.parse_query(q, flags), false};
  } catch (const Xapian::QueryParserError&) {
    return {parser.parse_query(q, kPlainFlags), true};
  }
}

// Unbalanced quotes or parentheses, or an operator with nothing on one side:
// syntax a user typed by accident. A well-formed "sora -openai" that finds
// nothing has found the right answer and is left alone.
bool looks_malformed(std::string_view q) {
  int depth = 0;
  bool unbalanced = false;
  for (const char c : q) {
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    unbalanced = unbalanced || depth < 0;
  }
  if (unbalanced || depth != 0 || std::count(q.begin(), q.end(), '"') % 2 != 0) return true;
  const auto words = split_words(q);
  if (words.empty()) return false;
  const auto is_operator = [](std::string_view w) { return w == "AND" || w == "OR" || w == "NOT" || w == "XOR"; };
  return is_operator(words.front()) || is_operator(words.back());
}

Xapian::Query filtered(const Xapian::Query& text_query, const std::optional<Xapian::Query>& filter) {
  return filter ? Xapian::Query(Xapian::Query::OP_FILTER, text_query, *filter) : text_query;
}

std::string date_key(const std::optional<Date>& date, std::string_view open_end) {
  return date ? date->yyyymmdd() : std::string(open_end);
}

std::string body_text(const Story& story) {
  std::string text;
  for (const auto& part : {std::cref(story.paragraphs), std::cref(story.bullets)}) {
    for (const std::string& line : part.get()) {
      if (!text.empty()) text += ' ';
      text += line;
    }
  }
  return text;
}

}  // namespace

SearchEngine::SearchEngine(const std::filesystem::path& db) : path_(db) {
  open();
  refresh();
}

void SearchEngine::open() {
  identity_ = identity_of(path_);
  try {
    db_ = Xapian::Database(path_.string());
  } catch (const Xapian::Error& e) {
    throw EngineError(path_.string() + ": cannot open the index (" + e.get_description() +
                      "); run the indexer first");
  }
  const std::string version = db_.get_metadata(std::string(schema::kSchemaVersionKey));
  if (version != std::to_string(schema::kSchemaVersion)) {
    throw EngineError(path_.string() + ": index schema version '" + version + "', this program reads version " +
                      std::to_string(schema::kSchemaVersion) + "; re-run the indexer");
  }
}

void SearchEngine::refresh() {
  // An index rebuilt or compacted is installed by swapping folders: the open
  // database is then the old one, and only opening the path again sees the new.
  if (identity_of(path_) != identity_) open();
  else db_.reopen();
  // The tables travel with the index; parse them again only when a commit changed them.
  std::string companies = db_.get_metadata(std::string(schema::kCompaniesKey));
  if (companies != gazetteer_json_) {
    gazetteer_ = companies.empty() ? Gazetteer{} : Gazetteer::from_json(companies, path_ / "metadata:companies");
    gazetteer_json_ = std::move(companies);
  }
  std::string topics = db_.get_metadata(std::string(schema::kTopicsKey));
  if (topics != topics_json_) {
    topics_ = topics.empty() ? TopicTagger{} : TopicTagger::from_json(topics, path_ / "metadata:topics");
    topics_json_ = std::move(topics);
  }
}

SearchResult SearchEngine::search(const SearchRequest& request) {
  validate(request);
  try {
    refresh();
    try {
      return run(request);
    } catch (const Xapian::DatabaseModifiedError&) {
      // The indexer committed twice while we read; the newest revision is whole.
      refresh();
      return run(request);
    } catch (const Xapian::DatabaseError&) {
      // The index was swapped between our look at the path and the read.
      open();
      refresh();
      return run(request);
    }
  } catch (const Xapian::Error& e) {
    throw EngineError(path_.string() + ": search failed: " + e.get_description());
  }
}

std::optional<Xapian::Query> SearchEngine::filter_for(const SearchRequest& request) const {
  std::vector<Xapian::Query> filters;
  if (!request.companies.empty()) {
    std::vector<Xapian::Query> any_company;
    for (const std::string& name : request.companies) {
      const Company* company = gazetteer_.find(name);
      if (company == nullptr) throw BadParameter("company", "unknown company '" + name + "'");
      any_company.emplace_back(schema::company_term(company->name));
    }
    filters.emplace_back(Xapian::Query::OP_OR, any_company.begin(), any_company.end());
  }
  if (!request.topics.empty()) {
    std::vector<Xapian::Query> any_topic;
    for (const std::string& name : request.topics) {
      const Topic* topic = topics_.find(name);
      if (topic == nullptr) throw BadParameter("topic", "unknown topic '" + name + "'");
      any_topic.emplace_back(schema::topic_term(topic->name));
    }
    filters.emplace_back(Xapian::Query::OP_OR, any_topic.begin(), any_topic.end());
  }
  if (request.from || request.to) {
    filters.emplace_back(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, date_key(request.from, "00000000"),
                         date_key(request.to, "99999999"));
  }
  if (filters.empty()) return std::nullopt;
  return Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
}

SearchResult SearchEngine::run(const SearchRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  SearchResult result{.query = request.q, .page = request.page, .per_page = request.per_page};
  const std::optional<Xapian::Query> filter = filter_for(request);
  const std::string q(trim(request.q));
  SortOrder sort = request.sort;
  if (q.empty() && sort == SortOrder::kRelevance) sort = SortOrder::kNewest;

  ParsedQuery parsed{Xapian::Query::MatchAll};
  if (!q.empty()) parsed = parse_text(db_, q, kSyntaxFlags);
  Xapian::MSet mset = match(parsed.query, filter, sort, request);
  // Syntax the user did not mean (an unclosed quote, a stray operator) can leave
  // nothing to find; the words read plainly may still find the story.
  if (mset.empty() && !parsed.fell_back && looks_malformed(q)) {
    ParsedQuery plain = parse_text(db_, q, kPlainFlags);
    if (plain.query.get_description() != parsed.query.get_description()) {
      Xapian::MSet plain_mset = match(plain.query, filter, sort, request);
      if (!plain_mset.empty()) {
        parsed = {plain.query, true};
        mset = std::move(plain_mset);
      }
    }
  }
  result.fell_back_to_plain = parsed.fell_back;
  result.interpreted_as = filtered(parsed.query, filter).get_description();
  result.total_estimate = mset.get_matches_estimated();
  result.total_lower = mset.get_matches_lower_bound();
  result.total_upper = mset.get_matches_upper_bound();

  const Highlighter highlighter(parsed.query, Xapian::Stem("english"));
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    SearchHit hit{.record = decode_stored_story(it.get_document().get_data())};
    hit.title_html = highlighter.mark_all(hit.record.story.title);
    hit.snippet_html = highlighter.snippet(body_text(hit.record.story), kSnippetWords);
    hit.score = it.get_weight();
    result.hits.push_back(std::move(hit));
  }
  result.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return result;
}

Xapian::MSet SearchEngine::match(const Xapian::Query& text_query, const std::optional<Xapian::Query>& filter, SortOrder sort,
                                 const SearchRequest& request) const {
  Xapian::Enquire enquire(db_);
  enquire.set_query(filtered(text_query, filter));
  Xapian::MultiValueKeyMaker order;
  if (sort != SortOrder::kRelevance) {
    const bool newest_first = sort == SortOrder::kNewest;
    order.add_value(schema::kDateSlot, newest_first);
    order.add_value(schema::kIssueSlot, newest_first);
    order.add_value(schema::kStorySlot, false);  // stories in reading order within an issue
    enquire.set_sort_by_key_then_relevance(&order, false);
  } else {
    // Equal scores fall back to newest first, by a key every layout shares:
    // document ids differ between one database and shards.
    enquire.set_sort_by_relevance_then_value(schema::kOrderSlot, true);
  }
  const auto offset = static_cast<Xapian::doccount>((request.page - 1) * request.per_page);
  return enquire.get_mset(offset, static_cast<Xapian::doccount>(request.per_page), kCheckAtLeast);
}

std::optional<StoryRecord> SearchEngine::story(std::string_view id) {
  try {
    refresh();
    const std::string term = schema::id_term(id);
    Xapian::PostingIterator posting = db_.postlist_begin(term);
    if (posting == db_.postlist_end(term)) return std::nullopt;
    return decode_stored_story(db_.get_document(*posting).get_data());
  } catch (const Xapian::Error& e) {
    throw EngineError(path_.string() + ": cannot read story " + std::string(id) + ": " + e.get_description());
  }
}

}  // namespace scatter
