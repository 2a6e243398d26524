#include "request_params.h"

#include "query/recency.h"
#include "text/uri.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iterator>
#include <set>

namespace scatter::searchd {
namespace {

// `from` is the first day of what it names, `to` the last: to=2025 ends on 2025-12-31.
Date date_parameter(const std::string& name, const std::string& value) {
  if (auto date = name == "to" ? last_day_of(value) : first_day_of(value)) return *date;
  throw BadParameter(name, "'" + value + "' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD");
}

bool flag_parameter(const std::string& name, const std::string& value) {
  if (value == "1" || value == "true") return true;
  if (value == "0" || value == "false") return false;
  throw BadParameter(name, "'" + value + "' is not 1 or 0");
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded as browsers send it (WHATWG URL standard):
// '+' is a space and %XX a byte. httplib 0.11 leaves '+' alone, which would turn
// a search box's "latent+attention" into one word, so the raw target is decoded here.
std::string form_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Repeatable and comma-separated: company=OpenAI&company=Google or company=OpenAI,Google.
void append_list(const std::string& value, std::vector<std::string>& list) {
  for (std::size_t start = 0; start <= value.size();) {
    const std::size_t comma = std::min(value.find(',', start), value.size());
    if (comma > start) list.push_back(value.substr(start, comma - start));
    start = comma + 1;
  }
}

// Applies one parameter shared by /search and /trends; false if `name` is not one.
bool apply_filter(const std::string& name, const std::string& value, SearchRequest& request) {
  if (name == "q") {
    request.q = value;
    return true;
  }
  static const std::set<std::string, std::less<>> kFilters = {"company", "topic", "issue", "from", "to", "prefix"};
  if (!kFilters.contains(name)) return false;
  if (value.empty()) return true;  // an empty filter field in a form means "no filter"
  if (name == "company") {
    append_list(value, request.companies);
  } else if (name == "topic") {
    append_list(value, request.topics);
  } else if (name == "from") {
    request.from = date_parameter(name, value);
  } else if (name == "to") {
    request.to = date_parameter(name, value);
  } else if (name == "issue") {
    std::vector<std::string> numbers;
    append_list(value, numbers);
    for (const std::string& number : numbers) request.issues.push_back(int_parameter(name, number));
  } else if (name == "prefix") {
    request.prefix = flag_parameter(name, value);
  }
  return true;
}

}  // namespace

int int_parameter(const std::string& name, const std::string& value) {
  int result = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), result);
  if (error == std::errc::result_out_of_range && end == value.data() + value.size()) {
    throw BadParameter(name, "'" + value + "' is out of range");
  }
  if (error != std::errc() || end != value.data() + value.size()) {
    throw BadParameter(name, "'" + value + "' is not a whole number");
  }
  return result;
}

Parameters query_parameters(std::string_view target) {
  Parameters params;
  const auto question = target.find('?');
  if (question == std::string_view::npos) return params;
  std::string_view query = target.substr(question + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    if (pair.empty()) continue;
    const auto equals = pair.find('=');
    params.emplace_back(form_decode(pair.substr(0, equals)),
                        equals == std::string_view::npos ? "" : form_decode(pair.substr(equals + 1)));
  }
  return params;
}

SearchRequest search_request_from(const Parameters& params) {
  SearchRequest request;
  for (const auto& [name, value] : params) {
    if (apply_filter(name, value, request)) continue;
    if (name == "page") {
      if (!value.empty()) request.page = int_parameter(name, value);
    } else if (name == "per_page") {
      if (!value.empty()) request.per_page = int_parameter(name, value);
    } else if (name == "sort") {
      if (!value.empty()) set_sort(request, value);
    } else if (name == "recency") {
      if (value.empty()) continue;
      request.recency_half_life_days = query::parse_half_life(value);
      if (!request.recency_half_life_days) {
        throw BadParameter(name, "'" + value + "' is not a half-life such as 180d, 26w, 6m or 2y");
      }
    } else if (name == "after") {
      request.after = value;
    } else if (name == "collapse") {
      if (value.empty()) continue;
      if (value != "issue") throw BadParameter(name, "'" + value + "' is not a collapse key (only 'issue')");
      request.collapse_by_issue = true;
    } else if (name == "facets") {
      std::vector<std::string> names;
      append_list(value, names);
      for (const std::string& facet_name_text : names) add_facet(request, facet_name_text);
    } else if (name == "facet_limit") {
      if (!value.empty()) request.facet_limit = int_parameter(name, value);
    } else if (name == "facet_sort") {
      if (value == "count") request.facet_sort = FacetSort::kCount;
      else if (value == "value") request.facet_sort = FacetSort::kValue;
      else if (!value.empty()) throw BadParameter(name, "'" + value + "' is not one of count, value");
    } else {
      throw BadParameter(name, "unknown parameter");
    }
  }
  return request;
}

SearchRequest search_request_from_target(const std::string& target) {
  return search_request_from(query_parameters(target));
}

TrendsRequest trends_request_from(const Parameters& params) {
  TrendsRequest request;
  for (const auto& [name, value] : params) {
    if (apply_filter(name, value, request.search)) continue;
    if (name == "interval") {
      const std::optional<Interval> interval = value.empty() ? Interval::kAuto : interval_from_name(value);
      if (!interval) throw BadParameter(name, "'" + value + "' is not one of auto, week, month, year, decade");
      request.interval = *interval;
    } else if (name == "by") {
      if (value == "company") request.by = TrendSplit::kCompany;
      else if (value == "topic") request.by = TrendSplit::kTopic;
      else if (value.empty() || value == "none") request.by = TrendSplit::kNone;
      else throw BadParameter(name, "'" + value + "' is not one of company, topic");
    } else if (name == "series") {
      if (!value.empty()) request.series = int_parameter(name, value);
    } else {
      throw BadParameter(name, "unknown parameter");
    }
  }
  return request;
}

SignificantRequest significant_request_from(const Parameters& params) {
  SignificantRequest request;
  for (const auto& [name, value] : params) {
    if (apply_filter(name, value, request.search)) continue;
    if (name == "field") {
      if (value.empty()) continue;
      const std::optional<SignificantField> field = significant_field_from_name(value);
      if (!field) throw BadParameter(name, "'" + value + "' is not one of words, company, topic");
      request.field = *field;
    } else if (name == "limit") {
      if (!value.empty()) request.limit = int_parameter(name, value);
    } else {
      throw BadParameter(name, "unknown parameter");
    }
  }
  return request;
}

SuggestRequest suggest_request_from(const Parameters& params) {
  SuggestRequest request;
  for (const auto& [name, value] : params) {
    if (name == "q") request.q = value;
    else if (name == "limit") request.limit = value.empty() ? request.limit : int_parameter(name, value);
    else throw BadParameter(name, "unknown parameter");
  }
  return request;
}

ExportRequest export_request_from(const Parameters& params) {
  ExportRequest request;
  Parameters search;
  for (const auto& [name, value] : params) {
    if (name == "format") {
      const auto format = exports::export_format_from_name(value);
      if (!format) throw BadParameter(name, "'" + value + "' is not one of csv, jsonl");
      request.format = *format;
    } else if (name == "q" || name == "company" || name == "topic" || name == "issue" || name == "from" ||
               name == "to" || name == "prefix" || name == "sort" || name == "recency") {
      search.emplace_back(name, value);
    } else {
      throw BadParameter(name, "not a parameter of an export (q, company, topic, issue, from, to, sort, recency, format: it lists every match)");
    }
  }
  request.search = search_request_from(search);
  return request;
}

int related_count_from(const Parameters& params) {
  int count = 5;
  for (const auto& [name, value] : params) {
    if (name != "per_page") throw BadParameter(name, "unknown parameter");
    if (!value.empty()) count = int_parameter(name, value);
  }
  return count;
}

Parameters feed_parameters(const Parameters& params) {
  static constexpr std::string_view kFilters[] = {"q", "company", "topic", "issue", "from", "to"};
  Parameters kept;
  for (const auto& [name, value] : params) {
    if (std::find(std::begin(kFilters), std::end(kFilters), name) == std::end(kFilters)) {
      throw BadParameter(name, "not a parameter of a feed (q, company, topic, issue, from, to: its order and page are its own)");
    }
    if (!value.empty()) kept.emplace_back(name, value);
  }
  return kept;
}

std::string canonical_query(const Parameters& params) {
  Parameters sorted = params;
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string query;
  for (const auto& [name, value] : sorted) query += (query.empty() ? "" : "&") + name + "=" + percent_encode(value);
  return query;
}

}  // namespace scatter::searchd
