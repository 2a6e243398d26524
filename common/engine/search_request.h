// What a caller asks the engine and what it gets back. Plain values: searchd
// builds a SearchRequest from URL parameters, the CLI from its options, tests
// directly (SearchRequest{.q = "gemini", .page = 2}).
#pragma once

#include "story/story.h"

#include <xapian.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace scatter {

enum class SortOrder { kRelevance, kNewest, kOldest };

// Limits a request must respect; past them the engine refuses with BadParameter
// rather than doing unbounded work.
inline constexpr std::size_t kMaxQueryChars = 1000;  // Unicode characters in q
inline constexpr int kMaxPerPage = 100;
inline constexpr int kMaxResultOffset = 10000;       // (page - 1) * per_page

struct SearchRequest {
  std::string q{};                             // the query language (docs/query-language.md); empty lists newest first
  std::vector<std::string> companies{};      // any of these (name, alias or product, any case)
  std::vector<std::string> topics{};         // any of these topic names (any case)
  std::vector<int> issues{};                 // any of these issue numbers
  std::optional<Date> from{}, to{};          // inclusive
  int page = 1;                              // 1-based
  int per_page = 10;
  SortOrder sort = SortOrder::kRelevance;    // with an empty q, relevance means newest
  bool prefix = false;                       // as-you-type: q's last word may be the start of a word
  bool collapse_by_issue = false;            // at most one story (the best) per issue
};

struct SearchHit {
  StoryRecord record{};
  std::string title_html{};    // escaped, matches in <mark>
  std::string snippet_html{};  // escaped, matches in <mark>, "…" where cut
  double score = 0;          // BM25 weight; 0 when listing without a query
};

struct SearchResult {
  std::string query{};               // the q as received
  std::string interpreted_as{};      // how the engine read q, in the query language ("sora company:OpenAI")
  std::vector<std::string> notes{};  // what the reading changed or could not use ("unknown company 'acme'")
  bool fell_back_to_plain = false;   // q had syntax errors and was read as plain words
  std::optional<std::string> did_you_mean{};  // a spelling correction that finds stories
  bool corrected = false;            // q found nothing: the hits are did_you_mean's
  Xapian::doccount total_estimate = 0, total_lower = 0, total_upper = 0;
  int page = 1, per_page = 10;
  double took_ms = 0;
  std::vector<SearchHit> hits{};
};

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
