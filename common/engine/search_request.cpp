#include "engine/search_request.h"

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
