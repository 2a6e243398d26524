#include "facets/facet_index.h"

#include "schema/schema.h"
#include "story/date.h"

#include <algorithm>
#include <charconv>
#include <tuple>
#include <unordered_map>

namespace scatter::facets {
namespace {

using Ids = std::vector<std::uint32_t>;

// The date slot holds YYYYMMDD (month or day 00 when the source gave none).
std::optional<Date> slot_date(const std::string& value) {
  if (value.size() != 8) return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::size_t offsets[3] = {0, 4, 6}, lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    const char* begin = value.data() + offsets[i];
    if (std::from_chars(begin, begin + lengths[i], parts[i]).ec != std::errc()) return std::nullopt;
  }
  if (parts[0] <= 0) return std::nullopt;
  return Date{parts[0], parts[1], parts[2]};
}

StorySet to_set(const Ids& ids) {
  StorySet set(ids.size(), ids.data());
  set.runOptimize();
  return set;
}

template <typename Key>
std::vector<FacetValue> named_values(const std::unordered_map<Key, Ids>& ids) {
  std::vector<FacetValue> values;
  values.reserve(ids.size());
  for (const auto& [key, list] : ids) {
    if constexpr (std::is_same_v<Key, std::string>) values.push_back({key, 0, to_set(list)});
    else values.push_back({std::string(), key, to_set(list)});
  }
  return values;
}

std::map<long, StorySet> period_sets(const std::unordered_map<long, Ids>& ids) {
  std::map<long, StorySet> sets;
  for (const auto& [key, list] : ids) sets.emplace(key, to_set(list));
  return sets;
}

std::size_t set_bytes(const StorySet& set) { return set.getSizeInBytes(false); }

}  // namespace

FacetIndex FacetIndex::build(const Xapian::Database& db) {
  FacetIndex index;
  const Xapian::docid last = db.get_lastdocid();
  Ids all;
  all.reserve(db.get_doccount());
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) all.push_back(*it);
  index.stories_ = to_set(all);

  std::unordered_map<long, Ids> years, months, issues, month_periods, week_periods;
  Ids in_months, in_weeks;
  index.month_column_.assign(static_cast<std::size_t>(last) + 1, kNoPeriod);
  index.week_column_.assign(static_cast<std::size_t>(last) + 1, kNoPeriod);
  for (auto it = db.valuestream_begin(schema::kDateSlot); it != db.valuestream_end(schema::kDateSlot); ++it) {
    const std::optional<Date> date = slot_date(*it);
    if (!date) continue;
    const Xapian::docid id = it.get_docid();
    years[date->year].push_back(id);
    if (date->has_month()) months[date->year * 100L + date->month].push_back(id);
    const long month_key = date->year * 13L + date->month;
    month_periods[month_key].push_back(id);
    index.month_column_[id] = static_cast<std::int32_t>(month_key);
    in_months.push_back(id);
    if (date->has_day()) {
      const long week_key = date->week_start().day_number();
      week_periods[week_key].push_back(id);
      index.week_column_[id] = static_cast<std::int32_t>(week_key);
      in_weeks.push_back(id);
    }
  }
  for (auto it = db.valuestream_begin(schema::kIssueSlot); it != db.valuestream_end(schema::kIssueSlot); ++it) {
    const std::string value = *it;
    if (!value.empty()) issues[static_cast<long>(Xapian::sortable_unserialise(value))].push_back(it.get_docid());
  }
  const auto names_of = [&](Xapian::valueno slot) {
    std::unordered_map<std::string, Ids> ids;
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
      const std::string value = *it;
      for (const std::string_view name : schema::split_list(value)) ids[std::string(name)].push_back(it.get_docid());
    }
    return named_values(ids);
  };
  index.companies_ = names_of(schema::kCompaniesSlot);
  index.topics_ = names_of(schema::kTopicsSlot);
  index.years_ = named_values(years);
  index.months_by_value_ = named_values(months);
  index.issues_ = named_values(issues);
  index.months_ = period_sets(month_periods);
  index.weeks_ = period_sets(week_periods);
  index.in_months_ = to_set(in_months);
  index.in_weeks_ = to_set(in_weeks);
  return index;
}

const std::vector<FacetValue>& FacetIndex::values(Facet facet) const {
  switch (facet) {
    case Facet::kCompany: return companies_;
    case Facet::kTopic: return topics_;
    case Facet::kYear: return years_;
    case Facet::kMonth: return months_by_value_;
    case Facet::kIssue: return issues_;
  }
  return companies_;
}

std::size_t FacetIndex::memory_bytes() const {
  std::size_t bytes = set_bytes(stories_) + set_bytes(in_months_) + set_bytes(in_weeks_) + (month_column_.size() + week_column_.size()) * sizeof(std::int32_t);
  for (const auto* values : {&companies_, &topics_, &years_, &months_by_value_, &issues_}) {
    for (const FacetValue& value : *values) bytes += sizeof(FacetValue) + value.name.size() + set_bytes(value.stories);
  }
  for (const auto* periods : {&months_, &weeks_}) {
    for (const auto& [key, set] : *periods) bytes += sizeof(key) + set_bytes(set) + 32;
  }
  return bytes;
}

std::vector<FacetCounts> count_facets(const FacetIndex& index, const StorySet* matches,
                                      const std::vector<Facet>& facets, int limit, std::optional<FacetSort> sort) {
  const auto keep = static_cast<std::size_t>(limit);
  std::vector<FacetCounts> out;
  for (const Facet facet : facets) {
    // (count, value): the values kept are those with most matches, whatever
    // the order shown: by value, an old year's peak must not hide behind a limit.
    using Row = std::pair<Xapian::doccount, const FacetValue*>;
    std::vector<Row> rows;
    for (const FacetValue& value : index.values(facet)) {
      const auto count = static_cast<Xapian::doccount>(matches != nullptr ? matches->and_cardinality(value.stories)
                                                                           : value.stories.cardinality());
      if (count > 0) rows.emplace_back(count, &value);
    }
    const auto by_value = [](const Row& a, const Row& b) {
      return std::tie(a.second->number, a.second->name) < std::tie(b.second->number, b.second->name);
    };
    const auto end = rows.begin() + static_cast<long>(std::min(keep, rows.size()));
    std::partial_sort(rows.begin(), end, rows.end(),
                      [&](const Row& a, const Row& b) { return a.first != b.first ? a.first > b.first : by_value(a, b); });
    if (sort.value_or(default_facet_sort(facet)) == FacetSort::kValue) std::sort(rows.begin(), end, by_value);
    FacetCounts counts{.facet = facet};
    for (auto it = rows.begin(); it != end; ++it) {
      std::string value = it->second->name.empty() ? std::to_string(it->second->number) : it->second->name;
      if (facet == Facet::kMonth && value.size() == 6) value.insert(4, "-");  // 202602 -> 2026-02
      counts.values.push_back({std::move(value), it->first});
    }
    out.push_back(std::move(counts));
  }
  return out;
}

Xapian::doccount count_one_per_issue(const FacetIndex& index, const StorySet* matches) {
  const StorySet& stories = matches != nullptr ? *matches : index.stories();
  Xapian::doccount issues = 0;
  StorySet numbered;
  for (const FacetValue& issue : index.values(Facet::kIssue)) {
    if (stories.intersect(issue.stories)) ++issues;
    numbered |= issue.stories;
  }
  return issues + static_cast<Xapian::doccount>(stories.andnot_cardinality(numbered));
}

}  // namespace scatter::facets
