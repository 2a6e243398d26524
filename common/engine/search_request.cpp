#include "engine/search_request.h"

#include <algorithm>
#include <array>
#include <utility>

namespace scatter {
namespace {

constexpr std::array<std::pair<Facet, std::string_view>, 5> kFacetNames = {{
    {Facet::kCompany, "company"}, {Facet::kTopic, "topic"}, {Facet::kYear, "year"},
    {Facet::kMonth, "month"},     {Facet::kIssue, "issue"},
}};

}  // namespace

std::string_view facet_name(Facet facet) {
  for (const auto& [value, name] : kFacetNames) {
    if (value == facet) return name;
  }
  return "?";
}

std::optional<Facet> facet_from_name(std::string_view name) {
  for (const auto& [value, known] : kFacetNames) {
    if (known == name) return value;
  }
  return std::nullopt;
}

namespace {

// A name fields.json may declare (fields/user_fields.h): whether the engine
// declares it is its own check, once it knows the index.
bool may_be_field(std::string_view name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

}  // namespace

void set_sort(SearchRequest& request, std::string_view value) {
  request.sort_field.clear();
  request.sort_descending = false;
  if (value == "relevance") request.sort = SortOrder::kRelevance;
  else if (value == "newest") request.sort = SortOrder::kNewest;
  else if (value == "oldest") request.sort = SortOrder::kOldest;
  else if (may_be_field(value.substr(value.starts_with('-') ? 1 : 0))) {
    request.sort_descending = value.starts_with('-');
    request.sort_field = std::string(value.substr(request.sort_descending ? 1 : 0));
  } else {
    throw BadParameter("sort", "'" + std::string(value) +
                                   "' is not one of relevance, newest, oldest, or a sortable field (name, -name)");
  }
}

void add_facet(SearchRequest& request, std::string_view name) {
  if (const std::optional<Facet> facet = facet_from_name(name)) {
    if (std::find(request.facets.begin(), request.facets.end(), *facet) == request.facets.end()) {
      request.facets.push_back(*facet);
    }
  } else if (may_be_field(name)) {
    if (std::find(request.field_facets.begin(), request.field_facets.end(), name) == request.field_facets.end()) {
      request.field_facets.emplace_back(name);
    }
  } else {
    throw BadParameter("facets", "'" + std::string(name) +
                                     "' is not a facet (company, topic, year, month, issue, or a facetable field)");
  }
}

FacetSort default_facet_sort(Facet facet) {
  return facet == Facet::kYear || facet == Facet::kMonth ? FacetSort::kValue : FacetSort::kCount;
}

std::string_view interval_name(Interval interval) {
  switch (interval) {
    case Interval::kAuto: return "auto";
    case Interval::kWeek: return "week";
    case Interval::kMonth: return "month";
    case Interval::kYear: return "year";
    case Interval::kDecade: return "decade";
  }
  return "?";
}

std::optional<Interval> interval_from_name(std::string_view name) {
  for (const Interval interval : {Interval::kAuto, Interval::kWeek, Interval::kMonth, Interval::kYear, Interval::kDecade}) {
    if (interval_name(interval) == name) return interval;
  }
  return std::nullopt;
}

std::string_view split_name(TrendSplit split) {
  switch (split) {
    case TrendSplit::kNone: return "none";
    case TrendSplit::kCompany: return "company";
    case TrendSplit::kTopic: return "topic";
  }
  return "?";
}

std::string_view suggestion_kind_name(SuggestionKind kind) {
  switch (kind) {
    case SuggestionKind::kCompany: return "company";
    case SuggestionKind::kTopic: return "topic";
    case SuggestionKind::kTitle: return "title";
    case SuggestionKind::kWord: return "word";
    case SuggestionKind::kPhrase: return "phrase";
  }
  return "?";
}

std::optional<SignificantField> significant_field_from_name(std::string_view name) {
  if (name == "words") return SignificantField::kWords;
  if (name == "company") return SignificantField::kCompany;
  if (name == "topic") return SignificantField::kTopic;
  return std::nullopt;
}

std::string_view significant_field_name(SignificantField field) {
  switch (field) {
    case SignificantField::kWords: return "words";
    case SignificantField::kCompany: return "company";
    case SignificantField::kTopic: return "topic";
  }
  return "words";
}

std::string_view entity_kind_name(EntityKind kind) { return kind == EntityKind::kCompany ? "company" : "topic"; }

}  // namespace scatter
