#include "engine/match_counters.h"

#include "schema/schema.h"

#include <algorithm>
#include <charconv>

namespace scatter {
namespace {

// The date slot holds YYYYMMDD; nullopt for a story without a date.
std::optional<Date> slot_date(const std::string& value) {
  if (value.size() != 8) return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::size_t offsets[3] = {0, 4, 6}, lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    const char* begin = value.data() + offsets[i];
    if (std::from_chars(begin, begin + lengths[i], parts[i]).ec != std::errc()) return std::nullopt;
  }
  return Date{parts[0], parts[1], parts[2]};
}

long period_key(const Date& date, Interval interval) {
  switch (interval) {
    case Interval::kWeek: return date.week_start().day_number();
    case Interval::kMonth: return date.year * 12L + (date.month - 1);
    case Interval::kYear: return date.year;
  }
  return 0;
}

Date period_start(long key, Interval interval) {
  switch (interval) {
    case Interval::kWeek: return Date::from_day_number(key);
    case Interval::kMonth: return Date{static_cast<int>(key / 12), static_cast<int>(key % 12) + 1, 1};
    case Interval::kYear: return Date{static_cast<int>(key), 1, 1};
  }
  return {};
}

std::string period_label(const Date& start, Interval interval) {
  const std::string iso = start.iso();
  switch (interval) {
    case Interval::kWeek: return iso;
    case Interval::kMonth: return iso.substr(0, 7);
    case Interval::kYear: return iso.substr(0, 4);
  }
  return iso;
}

}  // namespace

FacetCounter::FacetCounter(std::vector<Facet> facets) {
  for (const Facet facet : facets) tallies_.push_back({facet, {}});
}

void FacetCounter::operator()(const Xapian::Document& doc, double /*weight*/) {
  std::string date;  // read once for year and month
  bool date_read = false;
  const auto day = [&]() -> const std::string& {
    if (!date_read) date = doc.get_value(schema::kDateSlot), date_read = true;
    return date;
  };
  for (Tally& tally : tallies_) {
    switch (tally.facet) {
      case Facet::kCompany:
      case Facet::kTopic: {
        const std::string names =
            doc.get_value(tally.facet == Facet::kCompany ? schema::kCompaniesSlot : schema::kTopicsSlot);
        for (const std::string_view name : schema::split_list(names)) ++tally.by_value[std::string(name)];
        break;
      }
      case Facet::kYear:
        if (day().size() == 8) ++tally.by_value[day().substr(0, 4)];
        break;
      case Facet::kMonth:
        if (day().size() == 8) ++tally.by_value[day().substr(0, 4) + "-" + day().substr(4, 2)];
        break;
      case Facet::kIssue: {
        const std::string issue = doc.get_value(schema::kIssueSlot);
        if (!issue.empty()) ++tally.by_value[std::to_string(static_cast<long>(Xapian::sortable_unserialise(issue)))];
        break;
      }
    }
  }
}

std::vector<FacetCounts> FacetCounter::counts(int limit) const {
  std::vector<FacetCounts> out;
  for (const Tally& tally : tallies_) {
    FacetCounts counts{.facet = tally.facet};
    for (const auto& [value, count] : tally.by_value) counts.values.push_back({value, count});
    auto& values = counts.values;
    if (tally.facet == Facet::kCompany || tally.facet == Facet::kTopic) {
      std::sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
      });
    } else {
      // Newest first; issue numbers compare as numbers, dates as text.
      std::sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
        return a.value.size() != b.value.size() ? a.value.size() > b.value.size() : a.value > b.value;
      });
    }
    if (values.size() > static_cast<std::size_t>(limit)) values.resize(static_cast<std::size_t>(limit));
    out.push_back(std::move(counts));
  }
  return out;
}

TrendCounter::TrendCounter(Interval interval, TrendSplit by) : interval_(interval), by_(by) {}

void TrendCounter::operator()(const Xapian::Document& doc, double /*weight*/) {
  ++total_;
  const std::optional<Date> date = slot_date(doc.get_value(schema::kDateSlot));
  if (!date) {
    ++undated_;
    return;
  }
  const long key = period_key(*date, interval_);
  ++per_period_[key];
  if (by_ == TrendSplit::kNone) return;
  const std::string names = doc.get_value(by_ == TrendSplit::kCompany ? schema::kCompaniesSlot : schema::kTopicsSlot);
  for (const std::string_view name : schema::split_list(names)) {
    std::string owned(name);
    ++split_[{key, owned}];
    ++name_totals_[std::move(owned)];
  }
}

void TrendCounter::fill(TrendsResult& result, int series) const {
  result.total = total_;
  result.undated = undated_;
  result.series.clear();
  result.periods.clear();
  std::vector<std::string> named;
  bool has_other = false;
  if (by_ != TrendSplit::kNone) {
    std::vector<std::pair<std::string, Xapian::doccount>> names(name_totals_.begin(), name_totals_.end());
    std::sort(names.begin(), names.end(),
              [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    has_other = names.size() > static_cast<std::size_t>(series);
    if (has_other) names.resize(static_cast<std::size_t>(series));
    for (const auto& [name, count] : names) named.push_back(name);
    result.series = named;
    if (has_other) result.series.push_back("other");
  }
  if (per_period_.empty()) return;
  const long first = per_period_.begin()->first, last = per_period_.rbegin()->first;
  const long step = interval_ == Interval::kWeek ? 7 : 1;
  for (long key = first; key <= last; key += step) {
    const Date start = period_start(key, interval_);
    TrendPeriod period{.period = period_label(start, interval_), .start = start};
    if (const auto it = per_period_.find(key); it != per_period_.end()) period.count = it->second;
    if (by_ != TrendSplit::kNone) {
      for (const std::string& name : named) {
        const auto it = split_.find({key, name});
        period.by.push_back(it == split_.end() ? 0 : it->second);
      }
      if (has_other) {
        // Mentions of the names outside the series: a story of two such companies adds two.
        Xapian::doccount other = 0;
        for (auto it = split_.lower_bound({key, std::string()}); it != split_.end() && it->first.first == key; ++it) {
          if (std::find(named.begin(), named.end(), it->first.second) == named.end()) other += it->second;
        }
        period.by.push_back(other);
      }
    }
    result.periods.push_back(std::move(period));
  }
}

}  // namespace scatter
