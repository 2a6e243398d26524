// What a caller asks the engine and what it gets back. Plain values: searchd
// builds a SearchRequest from URL parameters, the CLI from its options, tests
// directly (SearchRequest{.q = "gemini", .page = 2}).
#pragma once

#include "story/story.h"

#include <xapian.h>

#include <chrono>
#include <optional>
#include <string_view>
#include <stdexcept>
#include <string>
#include <vector>

namespace scatter {

enum class SortOrder { kRelevance, kNewest, kOldest };

// What facet counts can be asked for: each counts the whole result set.
enum class Facet { kCompany, kTopic, kYear, kMonth, kIssue };
inline constexpr Facet kAllFacets[] = {Facet::kCompany, Facet::kTopic, Facet::kYear, Facet::kMonth, Facet::kIssue};
std::string_view facet_name(Facet facet);                          // "company", "topic", ...
std::optional<Facet> facet_from_name(std::string_view name);       // nullopt for an unknown name
// How a facet's values are listed: most matches first, or by value (years and
// months oldest first). Either way the values kept are those with most matches.
enum class FacetSort { kCount, kValue };
// Dates read as a timeline: year and month by value, the others by count.
FacetSort default_facet_sort(Facet facet);

// Limits a request must respect; past them the engine refuses with BadParameter
// rather than doing unbounded work.
inline constexpr std::size_t kMaxQueryChars = 1000;  // Unicode characters in q
inline constexpr int kMaxPerPage = 100;
inline constexpr int kMaxResultOffset = 10000;       // (page - 1) * per_page; deeper pages go by `after`
inline constexpr int kMaxFacetLimit = 200;           // values per facet

struct SearchRequest {
  std::string q{};                             // the query language (docs/query-language.md); empty lists newest first
  std::vector<std::string> companies{};      // any of these (name, alias or product, any case)
  std::vector<std::string> topics{};         // any of these topic names (any case)
  std::vector<int> issues{};                 // any of these issue numbers
  std::optional<Date> from{}, to{};          // inclusive
  int page = 1;                              // 1-based
  int per_page = 10;
  SortOrder sort = SortOrder::kRelevance;    // with an empty q, relevance means newest
  // A sortable declared field (fields.json) to list by instead of `sort`;
  // stories without a value come last. Not with `after` (deep paging).
  std::string sort_field{};
  bool sort_descending = false;
  bool prefix = false;                       // as-you-type: q's last word may be the start of a word
  bool collapse_by_issue = false;            // at most one story (the best) per issue
  std::vector<Facet> facets{};               // counts to compute over every matching story
  std::vector<std::string> field_facets{};   // facetable declared fields (fields.json) to count, after `facets`
  int facet_limit = 20;                      // values per facet
  std::optional<FacetSort> facet_sort{};     // every facet's order; default_facet_sort() when unset
  // When to stop matching and answer with what was found (result.timed_out);
  // none: never. searchd sets it from --query-timeout-ms.
  std::optional<std::chrono::steady_clock::time_point> deadline{};
  // Relevance blended with age (query/recency.h): the half-life in days; none:
  // relevance alone. Only a ranked search by relevance uses it.
  std::optional<double> recency_half_life_days{};
  // Deep paging: the page starts after this cursor (a result's next_after),
  // as Elasticsearch's search_after; page must then be 1. Empty: by page.
  std::string after{};
};

struct SearchHit {
  StoryRecord record{};
  std::string title_html{};    // escaped, matches in <mark>
  std::string snippet_html{};  // escaped, matches in <mark>, "…" where cut
  double score = 0;          // BM25 weight; 0 when listing without a query
};

struct FacetValue {
  std::string value{};  // "OpenAI", "agents", "2026", "2026-02", "3"
  Xapian::doccount count = 0;
};

struct FacetCounts {
  Facet facet = Facet::kCompany;
  // In the request's FacetSort: by count (ties by value), or by value ascending.
  std::vector<FacetValue> values{};
  std::string field{};  // a declared field's name: these are its counts, `facet` unused
};

struct SearchResult {
  std::string query{};               // the q as received
  std::string interpreted_as{};      // how the engine read q, in the query language ("sora company:OpenAI")
  std::vector<std::string> notes{};  // what the reading changed or could not use ("unknown company 'acme'")
  bool fell_back_to_plain = false;   // q had syntax errors and was read as plain words
  std::optional<std::string> did_you_mean{};  // a spelling correction that finds stories
  bool corrected = false;            // q found nothing: the hits are did_you_mean's
  // The number of matches: exact when lower == upper (small archives and
  // faceted searches are counted exactly), otherwise Xapian's estimate and bounds.
  Xapian::doccount total_estimate = 0, total_lower = 0, total_upper = 0;
  bool total_is_exact() const { return total_lower == total_upper; }
  int page = 1, per_page = 10;
  double took_ms = 0;
  std::vector<SearchHit> hits{};
  std::vector<FacetCounts> facets{};  // in the order asked; counted over every match, so total is exact too
  // The deadline passed: hits are the best of the stories matched by then,
  // facet counts cover those stories only, and the total is not exact.
  bool timed_out = false;
  // Remote shards every replica of which failed: the answer is of the others.
  std::vector<std::size_t> missing_shards{};
  // A full page's cursor: ask again with after=next_after for the page that
  // follows, at any depth. Empty when the page is not full or nothing follows.
  std::string next_after{};
};

// Matches per period for a researcher's chart: the query and filters of
// `search` (its paging, sort, facets and collapse are not used).
// kAuto: the engine picks from the span of the matches (month up to 120 months,
// year up to 120 years, decade beyond); a result always names a real interval.
enum class Interval { kAuto, kWeek, kMonth, kYear, kDecade };
enum class TrendSplit { kNone, kCompany, kTopic };
std::string_view interval_name(Interval interval);                 // "auto", "week", ... "decade"
std::optional<Interval> interval_from_name(std::string_view name);  // nullopt for an unknown name
std::string_view split_name(TrendSplit split);

inline constexpr int kMaxTrendSeries = 20;
inline constexpr long kMaxTrendPeriods = 1200;  // 100 years of months, 23 of weeks
inline constexpr long kMaxAutoPeriods = 120;    // kAuto picks the finest interval with at most this many

struct TrendsRequest {
  SearchRequest search{};
  Interval interval = Interval::kAuto;
  TrendSplit by = TrendSplit::kNone;
  int series = 8;  // with `by`: the companies or topics with most matches, the rest summed as "other"
};

struct TrendPeriod {
  std::string period{};  // "2026-02-09" (the week's Monday), "2026-02", "2026", "1900s"
  Date start{};
  Xapian::doccount count = 0;
  std::vector<Xapian::doccount> by{};  // one per TrendsResult::series, then "other" when there is one
  Xapian::doccount archive_count = 0;  // stories of the whole archive in the period: count / archive_count is a share
};

struct TrendsResult {
  std::string query{}, interpreted_as{};
  std::vector<std::string> notes{};
  Interval interval = Interval::kMonth;  // the one used: never kAuto
  TrendSplit by = TrendSplit::kNone;
  Xapian::doccount total = 0;        // matching stories (those without a date are not in any period)
  Xapian::doccount undated = 0;      // without a date, or one too coarse for the interval (a year alone, by month)
  std::vector<std::string> series{};  // the split's names, most matches first; "other" last when the rest are summed
  std::vector<TrendPeriod> periods{};  // every period from the first match to the last, empty ones included
  double took_ms = 0;
  bool timed_out = false;  // the search's deadline passed: counts cover the stories matched by then
  std::vector<std::size_t> missing_shards{};  // remote shards left out: every replica failed
};

// What stands out in the stories a search matches (the foreground) against
// the whole archive (the background), as Elasticsearch's significant_terms:
// words of the text, companies or topics. A search of a period alone answers
// "what was new then".
enum class SignificantField { kWords, kCompany, kTopic };
std::optional<SignificantField> significant_field_from_name(std::string_view name);
std::string_view significant_field_name(SignificantField field);

inline constexpr int kMaxSignificantTerms = 100;

struct SignificantRequest {
  SearchRequest search{};  // q and the filters; its page and order are not used
  SignificantField field = SignificantField::kWords;
  int limit = 10;
};

struct SignificantTerm {
  std::string term{};           // a word as written in the text, a company's or topic's name
  double score = 0;             // JLH: (fg% - bg%) * fg% / bg%
  Xapian::doccount foreground = 0, background = 0;  // stories with it: matching, in the archive
  std::optional<StoryRecord> example{};             // the newest matching story that has it
};

struct SignificantResult {
  std::string query{};
  SignificantField field = SignificantField::kWords;
  Xapian::doccount foreground = 0, background = 0;  // stories matching, in the archive
  std::vector<SignificantTerm> terms{};             // highest score first
  double took_ms = 0;
  bool timed_out = false;  // the deadline passed: terms judged on what was counted by then
  std::vector<std::size_t> missing_shards{};
};

// A company's or a topic's page: its stories per month, what else they are
// about, what stands out in them, and the latest of them.
enum class EntityKind { kCompany, kTopic };
std::string_view entity_kind_name(EntityKind kind);  // "company", "topic"

struct ProfileRequest {
  EntityKind kind = EntityKind::kCompany;
  std::string name{};  // a company's name, alias or product; a topic's name; any case
  int latest = 10;     // stories listed, newest first (1 to kMaxPerPage)
  std::optional<std::chrono::steady_clock::time_point> deadline{};
};

struct EntityProfile {
  EntityKind kind = EntityKind::kCompany;
  std::string name{};                   // canonical
  std::vector<std::string> aliases{}, products{};  // a company's, from the gazetteer
  Xapian::doccount stories = 0;         // stories about it
  TrendsResult per_month{};             // its stories per month (per year, past 100 years of months)
  std::vector<FacetValue> companies{};  // in the same stories, most first, itself left out
  std::vector<FacetValue> topics{};
  std::vector<SignificantTerm> significant{};  // words of its stories against the archive
  std::vector<SearchHit> latest{};
  bool timed_out = false;
  std::vector<std::size_t> missing_shards{};
};

// The stories most like one story, best first.
struct RelatedStories {
  std::vector<SearchHit> hits{};
  bool timed_out = false;  // the deadline passed: the best of the stories matched by then
};

// Completions for a search box: what the reader may be typing. A phrase is the
// words typed before the last and a completion of the last that follows them
// in the archive ("civil r" -> "civil rights").
enum class SuggestionKind { kCompany, kTopic, kTitle, kWord, kPhrase };
std::string_view suggestion_kind_name(SuggestionKind kind);

inline constexpr int kMaxSuggestions = 20;

struct Suggestion {
  SuggestionKind kind = SuggestionKind::kWord;
  std::string text{};      // what to put in the box (a title: the story's title)
  std::string html{};      // text escaped, the typed part in <mark>
  Xapian::doccount stories = 0;  // how many stories it finds (titles: 1)
  std::string story_id{}, url{};  // titles only
};

// One issue of the newsletter, its stories in reading order.
struct IssueListing {
  std::optional<int> number{};  // none for an issue of a corpus without numbers
  std::string key{};            // what its story ids start with: "3", or "1901-03-05" for an issue known by its date
  std::string newsletter{};
  std::optional<Date> date{};
  std::vector<StoryRecord> stories{};
};

// `sort` as searchd and the CLI take it: relevance, newest, oldest, or a
// sortable declared field, ascending ("words") or descending ("-words").
// Throws BadParameter("sort") for anything else; whether the field is declared
// sortable is the engine's check.
void set_sort(SearchRequest& request, std::string_view value);
// One name of `facets`: a built-in facet, or a declared field's name (the
// engine checks it is facetable). Throws BadParameter("facets"). Adds each once.
void add_facet(SearchRequest& request, std::string_view name);

// A request the engine will not run; `parameter` names the culprit ("q",
// "per_page", "company", ...) so that searchd can answer 400 and the CLI can name
// the option.
struct BadParameter : std::invalid_argument {
  BadParameter(std::string name, const std::string& why)
      : std::invalid_argument(name + ": " + why), parameter(std::move(name)), reason(why) {}
  std::string parameter{};
  std::string reason{};
};

}  // namespace scatter
