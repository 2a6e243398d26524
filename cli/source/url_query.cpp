#include "cli/source/url_query.h"

#include "text/uri.h"

#include <vector>

namespace scatter::cli {
namespace {

// RFC 3986 unreserved characters pass; every other byte becomes %XX, so that
// searchd's form decoding ('+' is a space) gives back exactly these bytes.
class Target {
 public:
  explicit Target(std::string path) : text_(std::move(path)) {}
  Target& add(std::string_view name, std::string_view value) {
    text_ += separator_;
    text_ += name;
    text_ += '=';
    text_ += percent_encode(value);
    separator_ = '&';
    return *this;
  }
  Target& add(std::string_view name, int value) { return add(name, std::to_string(value)); }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  char separator_ = '?';
};

// The query and filters /search and /trends share; each filter value its own
// parameter (searchd also splits on commas, and the CLI already has).
void add_filters(const SearchRequest& request, Target& target) {
  target.add("q", request.q);
  for (const std::string& company : request.companies) target.add("company", company);
  for (const std::string& topic : request.topics) target.add("topic", topic);
  for (const int issue : request.issues) target.add("issue", issue);
  if (request.from) target.add("from", request.from->iso());
  if (request.to) target.add("to", request.to->iso());
  if (request.prefix) target.add("prefix", "1");
}

}  // namespace

std::string_view sort_name(SortOrder sort) {
  switch (sort) {
    case SortOrder::kRelevance: return "relevance";
    case SortOrder::kNewest: return "newest";
    case SortOrder::kOldest: return "oldest";
  }
  return "?";
}

namespace {

// A declared field's sort ("words", "-words"), else the order's name.
std::string sort_parameter(const SearchRequest& request) {
  if (request.sort_field.empty()) return std::string(sort_name(request.sort));
  return (request.sort_descending ? "-" : "") + request.sort_field;
}

}  // namespace

std::string export_target(const SearchRequest& search, std::string_view format) {
  Target target("/export");
  add_filters(search, target);
  target.add("sort", sort_parameter(search));
  if (search.recency_half_life_days) target.add("recency", std::to_string(*search.recency_half_life_days) + "d");
  return target.add("format", format).text();
}

std::string search_target(const SearchRequest& request) {
  Target target("/search");
  add_filters(request, target);
  target.add("sort", sort_parameter(request)).add("page", request.page).add("per_page", request.per_page);
  if (request.collapse_by_issue) target.add("collapse", "issue");
  if (request.recency_half_life_days) target.add("recency", std::to_string(*request.recency_half_life_days) + "d");
  if (!request.after.empty()) target.add("after", request.after);
  if (!request.facets.empty() || !request.field_facets.empty()) {
    std::string names;
    for (const Facet facet : request.facets) names += (names.empty() ? "" : ",") + std::string(facet_name(facet));
    for (const std::string& field : request.field_facets) names += (names.empty() ? "" : ",") + field;
    target.add("facets", names).add("facet_limit", request.facet_limit);
  }
  return target.text();
}

std::string feed_target(const SearchRequest& filters) {
  SearchRequest only_filters = filters;
  only_filters.prefix = false;  // a feed takes the filters alone
  Target target("/feed.atom");
  add_filters(only_filters, target);
  return target.text();
}

std::string story_target(const std::string& id) { return "/stories/" + percent_encode(id); }

std::string profile_target(const ProfileRequest& request) {
  return Target((request.kind == EntityKind::kCompany ? "/companies/" : "/topics/") + percent_encode(request.name))
      .add("latest", request.latest)
      .text();
}

std::string issue_target(const std::string& key) { return "/issues/" + percent_encode(key); }

std::string related_target(const std::string& id, int count) {
  return Target("/related/" + percent_encode(id)).add("per_page", count).text();
}

std::string trends_target(const TrendsRequest& request) {
  Target target("/trends");
  add_filters(request.search, target);
  // Absent, searchd picks the interval from the span, as the engine does here.
  if (request.interval != Interval::kAuto) target.add("interval", interval_name(request.interval));
  if (request.by != TrendSplit::kNone) target.add("by", split_name(request.by));
  target.add("series", request.series);
  return target.text();
}

std::string significant_target(const SignificantRequest& request) {
  Target target("/significant");
  add_filters(request.search, target);
  target.add("field", significant_field_name(request.field)).add("limit", request.limit);
  return target.text();
}

std::string suggest_target(const std::string& typed, int limit) {
  return Target("/suggest").add("q", typed).add("limit", limit).text();
}

}  // namespace scatter::cli
