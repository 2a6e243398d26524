// Counts taken while Xapian matches: facet values and stories per period. Both
// are Xapian match spies, so they see every matching story (the engine asks the
// matcher to check all of them) without a second pass over the results.
#pragma once

#include "engine/search_request.h"

#include <xapian.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace scatter {

class FacetCounter : public Xapian::MatchSpy {
 public:
  explicit FacetCounter(std::vector<Facet> facets);
  void operator()(const Xapian::Document& doc, double weight) override;
  std::string name() const override { return "scatter.FacetCounter"; }

  // The counts of each facet asked for, in that order: the `limit` values with
  // most matches, listed in `sort` order (default_facet_sort() when unset).
  std::vector<FacetCounts> counts(int limit, std::optional<FacetSort> sort) const;
  // Stories seen: every match of the query.
  Xapian::doccount matches() const { return matches_; }

 private:
  // Hashes std::string and std::string_view alike, so that a name read from a
  // value slot is looked up without being copied.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
  };
  using NameCounts = std::unordered_map<std::string, Xapian::doccount, NameHash, std::equal_to<>>;
  // Numbers (years, YYYYMM months, issue numbers) are counted as numbers: a
  // million matches must not make a million strings.
  using NumberCounts = std::unordered_map<long, Xapian::doccount>;
  struct Tally {
    Facet facet;
    NameCounts by_name;
    NumberCounts by_number;
  };
  std::vector<Tally> tallies_;
  Xapian::doccount matches_ = 0;
};

// Counts matches per period. It tallies by month (by week for kWeek) and groups
// into the interval when filling, so that kAuto can pick one from the span.
class TrendCounter : public Xapian::MatchSpy {
 public:
  TrendCounter(Interval interval, TrendSplit by);
  void operator()(const Xapian::Document& doc, double weight) override;
  std::string name() const override { return "scatter.TrendCounter"; }

  // The stories of the whole archive in the period starting at `start`.
  using ArchiveCount = std::function<Xapian::doccount(const Date& start, Interval interval)>;

  // Fills interval, total, undated, series and periods of `result`: every period
  // from the first match to the last, the `series` names with most matches, the
  // rest as "other". Throws BadParameter past kMaxTrendPeriods.
  void fill(TrendsResult& result, int series, const ArchiveCount& archive_count) const;

 private:
  // A month key is year * 13 + month, month 0 for a story dated by its year
  // alone; a week key is the day number of its Monday.
  using Tallies = std::map<long, Xapian::doccount>;
  using SplitTallies = std::map<std::pair<long, std::string>, Xapian::doccount>;
  Interval chosen_interval() const;

  Interval interval_;
  TrendSplit by_;
  Xapian::doccount total_ = 0, undated_ = 0;
  Tallies per_key_;
  SplitTallies split_;
  std::unordered_map<std::string, Xapian::doccount> name_totals_;
};

}  // namespace scatter
