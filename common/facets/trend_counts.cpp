#include "facets/trend_counts.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace scatter::facets {
namespace {

constexpr long kMonthsKey = 13;  // month keys: year * 13 + month (0..12)

int key_year(long key) { return static_cast<int>(key / kMonthsKey); }
int key_month(long key) { return static_cast<int>(key % kMonthsKey); }

// The period of a tallied key in `interval`, or nullopt when the key's date is
// too coarse for it (a year alone has no month).
std::optional<long> period_key(long key, Interval tallied, Interval interval) {
  if (tallied == Interval::kWeek) return key;
  switch (interval) {
    case Interval::kMonth:
      if (key_month(key) == 0) return std::nullopt;
      return key_year(key) * 12L + (key_month(key) - 1);
    case Interval::kYear: return key_year(key);
    case Interval::kDecade: return key_year(key) / 10;
    default: return std::nullopt;
  }
}

Date period_start(long key, Interval interval) {
  switch (interval) {
    case Interval::kWeek: return Date::from_day_number(key);
    case Interval::kMonth: return Date{static_cast<int>(key / 12), static_cast<int>(key % 12) + 1, 1};
    case Interval::kYear: return Date{static_cast<int>(key), 1, 1};
    case Interval::kDecade: return Date{static_cast<int>(key * 10), 1, 1};
    case Interval::kAuto: break;
  }
  return {};
}

long period_step(Interval interval) { return interval == Interval::kWeek ? 7 : 1; }

std::string period_label(const Date& start, Interval interval) {
  const std::string iso = start.iso();
  switch (interval) {
    case Interval::kWeek: return iso;
    case Interval::kMonth: return iso.substr(0, 7);
    case Interval::kYear: return iso.substr(0, 4);
    case Interval::kDecade: return iso.substr(0, 4) + "s";
    case Interval::kAuto: break;
  }
  return iso;
}

using Tallies = std::map<long, Xapian::doccount>;

// Months when they fit and most matches have one; years when they fit.
Interval chosen_interval(Interval asked, const Tallies& per_key, Xapian::doccount dated) {
  if (asked != Interval::kAuto) return asked;
  if (per_key.empty()) return Interval::kMonth;
  const long first = per_key.begin()->first, last = per_key.rbegin()->first;
  const long years = key_year(last) - key_year(first) + 1;
  Xapian::doccount year_alone = 0;
  for (const auto& [key, count] : per_key) {
    if (key_month(key) == 0) year_alone += count;
  }
  const long months = (key_year(last) * 12L + std::max(key_month(last), 1)) -
                      (key_year(first) * 12L + std::max(key_month(first), 1)) + 1;
  if (months <= kMaxAutoPeriods && year_alone * 2 <= dated) return Interval::kMonth;
  if (years <= kMaxAutoPeriods) return Interval::kYear;
  return Interval::kDecade;
}

Xapian::doccount count_in(const StorySet* matches, const StorySet& set) {
  return static_cast<Xapian::doccount>(matches != nullptr ? matches->and_cardinality(set) : set.cardinality());
}

}  // namespace

void count_trends(const FacetIndex& index, const StorySet* matches, Interval interval, TrendSplit by, int series,
                  const ArchiveCount& archive_count, TrendsResult& result) {
  const Interval tallied = interval == Interval::kWeek ? Interval::kWeek : Interval::kMonth;
  const std::map<long, StorySet>& periods = tallied == Interval::kWeek ? index.weeks() : index.months();
  Tallies per_key;
  Xapian::doccount dated = 0;
  for (const auto& [key, stories] : periods) {
    if (const Xapian::doccount count = count_in(matches, stories)) {
      per_key[key] = count;
      dated += count;
    }
  }
  const Interval chosen = chosen_interval(interval, per_key, dated);
  result.interval = chosen;
  result.total = static_cast<Xapian::doccount>(matches != nullptr ? matches->cardinality() : index.stories().cardinality());
  result.undated = result.total - dated;
  result.series.clear();
  result.periods.clear();

  // The split: each name's dated matches, the `series` names with most.
  const StorySet& in_periods = tallied == Interval::kWeek ? index.in_weeks() : index.in_months();
  const StorySet dated_matches = matches != nullptr ? *matches & in_periods : in_periods;
  struct Name {
    const FacetValue* value;
    Xapian::doccount count;
  };
  std::vector<Name> names;
  if (by != TrendSplit::kNone) {
    for (const FacetValue& value : index.values(by == TrendSplit::kCompany ? Facet::kCompany : Facet::kTopic)) {
      if (const auto count = static_cast<Xapian::doccount>(dated_matches.and_cardinality(value.stories))) {
        names.push_back({&value, count});
      }
    }
    std::sort(names.begin(), names.end(), [](const Name& a, const Name& b) {
      return a.count != b.count ? a.count > b.count : a.value->name < b.value->name;
    });
  }
  const std::size_t named = std::min(names.size(), static_cast<std::size_t>(std::max(series, 0)));
  const bool has_other = names.size() > named;
  for (std::size_t i = 0; i < named; ++i) result.series.push_back(names[i].value->name);
  if (has_other) result.series.push_back("other");

  // Tallied keys grouped into the interval's periods; a key too coarse for it
  // (a year alone, by month) counts as undated.
  Tallies per_period;
  std::map<long, std::vector<Xapian::doccount>> split;  // period -> one per series name, then "other"
  const std::size_t columns = named + (has_other ? 1 : 0);
  const auto add_split = [&](long key, std::size_t column, Xapian::doccount count) {
    const auto period = period_key(key, tallied, chosen);
    if (!period) return;
    std::vector<Xapian::doccount>& row = split[*period];
    row.resize(columns);
    row[column] += count;
  };
  for (const auto& [key, count] : per_key) {
    if (const auto period = period_key(key, tallied, chosen)) per_period[*period] += count;
    else result.undated += count;
  }
  for (std::size_t i = 0; i < named; ++i) {
    const StorySet name_matches = dated_matches & names[i].value->stories;
    for (const auto& [key, count] : per_key) {
      if (const auto in_period = static_cast<Xapian::doccount>(name_matches.and_cardinality(periods.at(key)))) {
        add_split(key, i, in_period);
      }
    }
  }
  if (has_other) {
    // Few stories each, most names: their matches are read one by one.
    for (std::size_t i = named; i < names.size(); ++i) {
      const StorySet name_matches = dated_matches & names[i].value->stories;
      for (const std::uint32_t id : name_matches) {
        const auto key = tallied == Interval::kWeek ? index.week_of(id) : index.month_of(id);
        if (key) add_split(*key, named, 1);
      }
    }
  }

  if (per_period.empty()) return;
  const long first = per_period.begin()->first, last = per_period.rbegin()->first;
  const long step = period_step(chosen);
  // One implausible date (year 206 for 2026) would otherwise make every answer
  // thousands of empty periods long.
  if ((last - first) / step + 1 > kMaxTrendPeriods) {
    throw BadParameter("interval", "the matches span " + period_label(period_start(first, chosen), chosen) + " to " +
                                       period_label(period_start(last, chosen), chosen) + ", more than " +
                                       std::to_string(kMaxTrendPeriods) + " " + std::string(interval_name(chosen)) +
                                       "s; use a longer interval, leave it out to let the engine choose, or narrow with from/to");
  }
  for (long key = first; key <= last; key += step) {
    const Date start = period_start(key, chosen);
    TrendPeriod period{.period = period_label(start, chosen), .start = start};
    period.archive_count = archive_count(start, chosen);
    if (const auto it = per_period.find(key); it != per_period.end()) period.count = it->second;
    if (by != TrendSplit::kNone) {
      const auto row = split.find(key);
      period.by = row == split.end() ? std::vector<Xapian::doccount>(columns) : row->second;
    }
    result.periods.push_back(std::move(period));
  }
}

}  // namespace scatter::facets
