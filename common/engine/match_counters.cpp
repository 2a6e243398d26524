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
        if (date() > 0) ++tally.by_number[date() / 100];
        break;
      case Facet::kIssue: {
        const std::string issue = doc.get_value(schema::kIssueSlot);
        if (!issue.empty()) ++tally.by_number[static_cast<long>(Xapian::sortable_unserialise(issue))];
        break;
      }
    }
  }
}

std::vector<FacetCounts> FacetCounter::counts(int limit) const {
  const auto keep = static_cast<std::size_t>(limit);
  std::vector<FacetCounts> out;
  for (const Tally& tally : tallies_) {
    FacetCounts counts{.facet = tally.facet};
    auto& values = counts.values;
    if (tally.facet == Facet::kCompany || tally.facet == Facet::kTopic) {
      std::vector<std::pair<Xapian::doccount, const std::string*>> ranked;
      for (const auto& [name, count] : tally.by_name) ranked.emplace_back(count, &name);
      const auto most_first = [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : *a.second < *b.second;
      };
      const auto end = ranked.begin() + static_cast<long>(std::min(keep, ranked.size()));
      std::partial_sort(ranked.begin(), end, ranked.end(), most_first);
      for (auto it = ranked.begin(); it != end; ++it) values.push_back({*it->second, it->first});
    } else {
      // Newest first.
      std::vector<std::pair<long, Xapian::doccount>> ranked(tally.by_number.begin(), tally.by_number.end());
      const auto end = ranked.begin() + static_cast<long>(std::min(keep, ranked.size()));
      std::partial_sort(ranked.begin(), end, ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
      for (auto it = ranked.begin(); it != end; ++it) {
        std::string value = std::to_string(it->first);
        if (tally.facet == Facet::kMonth && value.size() == 6) value.insert(4, "-");  // 202602 -> 2026-02
        values.push_back({std::move(value), it->second});
      }
    }
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
  // One implausible date (year 206 for 2026) would otherwise make every answer
  // thousands of empty periods long.
  if ((last - first) / step + 1 > kMaxTrendPeriods) {
    throw BadParameter("interval", "the matches span " + period_label(period_start(first, interval_), interval_) +
                                       " to " + period_label(period_start(last, interval_), interval_) + ", more than " +
                                       std::to_string(kMaxTrendPeriods) + " " + std::string(interval_name(interval_)) +
                                       "s; use a longer interval or narrow with from/to");
  }
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
