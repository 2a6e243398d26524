// URL query strings -> engine requests. Parameters arrive as a search box's form
// sends them ('+' a space, %XX a byte); names the endpoint does not know are
// refused, not ignored, so that a typo (`compnay=`) is heard about.
#pragma once

#include "engine/search_request.h"
#include "export/export_rows.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scatter::searchd {

using Parameters = std::vector<std::pair<std::string, std::string>>;

// The decoded name=value pairs of `target`'s query string, in order.
Parameters query_parameters(std::string_view target);

// GET /search. Throws BadParameter naming the parameter.
SearchRequest search_request_from(const Parameters& params);
SearchRequest search_request_from_target(const std::string& target);

// GET /trends: the filters of /search plus interval, by and series.
TrendsRequest trends_request_from(const Parameters& params);

// GET /significant: the filters of /search plus field and limit.
SignificantRequest significant_request_from(const Parameters& params);

// GET /export: the filters of /search, its sort and recency, and format
// (csv, the default, or jsonl). Paging and facets are refused: an export is
// every match.
struct ExportRequest {
  SearchRequest search{};
  exports::ExportFormat format = exports::ExportFormat::kCsv;
};
ExportRequest export_request_from(const Parameters& params);

// GET /suggest: q and limit.
struct SuggestRequest {
  std::string q{};
  int limit = 8;
};
SuggestRequest suggest_request_from(const Parameters& params);

// GET /related/{id}: per_page.
int related_count_from(const Parameters& params);

// GET /feed.atom: the 20 newest stories of a search given by its filters
// alone (q, company, topic, issue, from, to); any other parameter is refused
// (BadParameter), since order and page are the feed's.
Parameters feed_parameters(const Parameters& params);
// The parameters in a fixed order (by name, then as given), percent-encoded:
// the same search gives the same text however its URL was written.
std::string canonical_query(const Parameters& params);

// A whole number parameter; throws BadParameter.
int int_parameter(const std::string& name, const std::string& value);

}  // namespace scatter::searchd
