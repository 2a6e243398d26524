#include "engine/match_counters.h"

#include "schema/schema.h"

#include <algorithm>
#include <charconv>
#include <tuple>

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

constexpr long kMonthsKey = 13;  // month keys: year * 13 + month (0..12)

long month_key(const Date& date) { return date.year * kMonthsKey + date.month; }
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

}  // namespace

FacetCounter::FacetCounter(std::vector<Facet> facets) {
  for (const Facet facet : facets) tallies_.push_back({facet, {}, {}});
}

void FacetCounter::operator()(const Xapian::Document& doc, double /*weight*/) {
  ++matches_;
  long day = -1;  // YYYYMMDD, read once for year and month
  const auto date = [&] {
    if (day == -1) {
      const std::string value = doc.get_value(schema::kDateSlot);
      day = 0;
      if (value.size() == 8) std::from_chars(value.data(), value.data() + 8, day);
    }
    return day;
  };
  for (Tally& tally : tallies_) {
    switch (tally.facet) {
      case Facet::kCompany:
      case Facet::kTopic: {
        const std::string names =
            doc.get_value(tally.facet == Facet::kCompany ? schema::kCompaniesSlot : schema::kTopicsSlot);
        for (const std::string_view name : schema::split_list(names)) {
          if (const auto it = tally.by_name.find(name); it != tally.by_name.end()) ++it->second;
          else tally.by_name.emplace(name, 1);
        }
        break;
      }
      case Facet::kYear:
        if (date() > 0) ++tally.by_number[date() / 10000];
        break;
      case Facet::kMonth:
        if (date() % 10000 / 100 > 0) ++tally.by_number[date() / 100];  // not for a year alone
        break;
      case Facet::kIssue: {
        const std::string issue = doc.get_value(schema::kIssueSlot);
        if (!issue.empty()) ++tally.by_number[static_cast<long>(Xapian::sortable_unserialise(issue))];
        break;
      }
    }
  }
}

std::vector<FacetCounts> FacetCounter::counts(int limit, std::optional<FacetSort> sort) const {
  const auto keep = static_cast<std::size_t>(limit);
  std::vector<FacetCounts> out;
  for (const Tally& tally : tallies_) {
    // (count, number, name): names have number 0, numbers an empty name.
    using Row = std::tuple<Xapian::doccount, long, const std::string*>;
    static const std::string kNoName;
    std::vector<Row> rows;
    for (const auto& [name, count] : tally.by_name) rows.emplace_back(count, 0, &name);
    for (const auto& [number, count] : tally.by_number) rows.emplace_back(count, number, &kNoName);
    const auto by_value = [](const Row& a, const Row& b) {
      return std::get<1>(a) != std::get<1>(b) ? std::get<1>(a) < std::get<1>(b) : *std::get<2>(a) < *std::get<2>(b);
    };
    // The values kept are those with most matches, whatever the order shown:
    // by value, an old year's peak must not hide behind a limit.
    const auto end = rows.begin() + static_cast<long>(std::min(keep, rows.size()));
    std::partial_sort(rows.begin(), end, rows.end(), [&](const Row& a, const Row& b) {
      return std::get<0>(a) != std::get<0>(b) ? std::get<0>(a) > std::get<0>(b) : by_value(a, b);
    });
    if (sort.value_or(default_facet_sort(tally.facet)) == FacetSort::kValue) std::sort(rows.begin(), end, by_value);
    FacetCounts counts{.facet = tally.facet};
    for (auto it = rows.begin(); it != end; ++it) {
      const auto& [count, number, name] = *it;
      std::string value = name->empty() ? std::to_string(number) : *name;
      if (tally.facet == Facet::kMonth && value.size() == 6) value.insert(4, "-");  // 202602 -> 2026-02
      counts.values.push_back({std::move(value), count});
    }
    out.push_back(std::move(counts));
  }
  return out;
}

TrendCounter::TrendCounter(Interval interval, TrendSplit by) : interval_(interval), by_(by) {}

void TrendCounter::operator()(const Xapian::Document& doc, double /*weight*/) {
  ++total_;
  const std::optional<Date> date = slot_date(doc.get_value(schema::kDateSlot));
  const bool by_week = interval_ == Interval::kWeek;
  if (!date || (by_week && !date->has_day())) {
    ++undated_;
    return;
  }
  const long key = by_week ? date->week_start().day_number() : month_key(*date);
  ++per_key_[key];
  if (by_ == TrendSplit::kNone) return;
  const std::string names = doc.get_value(by_ == TrendSplit::kCompany ? schema::kCompaniesSlot : schema::kTopicsSlot);
  for (const std::string_view name : schema::split_list(names)) {
    std::string owned(name);
    ++split_[{key, owned}];
    ++name_totals_[std::move(owned)];
  }
}

Interval TrendCounter::chosen_interval() const {
  if (interval_ != Interval::kAuto) return interval_;
  if (per_key_.empty()) return Interval::kMonth;
  const long first = per_key_.begin()->first, last = per_key_.rbegin()->first;
  const long years = key_year(last) - key_year(first) + 1;
  Xapian::doccount year_alone = 0;
  for (const auto& [key, count] : per_key_) {
    if (key_month(key) == 0) year_alone += count;
  }
  // Months when they fit and most matches have one; years when they fit.
  const long months = (key_year(last) * 12L + std::max(key_month(last), 1)) - (key_year(first) * 12L + std::max(key_month(first), 1)) + 1;
  if (months <= kMaxAutoPeriods && year_alone * 2 <= total_ - undated_) return Interval::kMonth;
  if (years <= kMaxAutoPeriods) return Interval::kYear;
  return Interval::kDecade;
}

void TrendCounter::fill(TrendsResult& result, int series, const ArchiveCount& archive_count) const {
  const Interval interval = chosen_interval();
  const Interval tallied = interval_ == Interval::kWeek ? Interval::kWeek : Interval::kMonth;
  result.interval = interval;
  result.total = total_;
  result.undated = undated_;
  result.series.clear();
  result.periods.clear();
  Tallies per_period;
  SplitTallies split;
  for (const auto& [key, count] : per_key_) {
    if (const auto period = period_key(key, tallied, interval)) per_period[*period] += count;
    else result.undated += count;
  }
  for (const auto& [key_name, count] : split_) {
    if (const auto period = period_key(key_name.first, tallied, interval)) split[{*period, key_name.second}] += count;
  }
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
  if (per_period.empty()) return;
  const long first = per_period.begin()->first, last = per_period.rbegin()->first;
  const long step = period_step(interval);
  // One implausible date (year 206 for 2026) would otherwise make every answer
  // thousands of empty periods long.
  if ((last - first) / step + 1 > kMaxTrendPeriods) {
    throw BadParameter("interval", "the matches span " + period_label(period_start(first, interval), interval) +
                                       " to " + period_label(period_start(last, interval), interval) + ", more than " +
                                       std::to_string(kMaxTrendPeriods) + " " + std::string(interval_name(interval)) +
                                       "s; use a longer interval, leave it out to let the engine choose, or narrow with from/to");
  }
  for (long key = first; key <= last; key += step) {
    const Date start = period_start(key, interval);
    TrendPeriod period{.period = period_label(start, interval), .start = start};
    period.archive_count = archive_count(start, interval);
    if (const auto it = per_period.find(key); it != per_period.end()) period.count = it->second;
    if (by_ != TrendSplit::kNone) {
      for (const std::string& name : named) {
        const auto it = split.find({key, name});
        period.by.push_back(it == split.end() ? 0 : it->second);
      }
      if (has_other) {
        // Mentions of the names outside the series: a story of two such companies adds two.
        Xapian::doccount other = 0;
        for (auto it = split.lower_bound({key, std::string()}); it != split.end() && it->first.first == key; ++it) {
          if (std::find(named.begin(), named.end(), it->first.second) == named.end()) other += it->second;
        }
        period.by.push_back(other);
      }
    }
    result.periods.push_back(std::move(period));
  }
}

}  // namespace scatter
