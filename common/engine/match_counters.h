// Counts taken while Xapian matches: facet values and stories per period. Both
// are Xapian match spies, so they see every matching story (the engine asks the
// matcher to check all of them) without a second pass over the results.
#pragma once

#include "engine/search_request.h"

#include <xapian.h>

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace scatter {

class FacetCounter : public Xapian::MatchSpy {
 public:
  explicit FacetCounter(std::vector<Facet> facets);
  void operator()(const Xapian::Document& doc, double weight) override;
  std::string name() const override { return "scatter.FacetCounter"; }

  // The counts of each facet asked for, in that order, at most `limit` values each.
  std::vector<FacetCounts> counts(int limit) const;
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

class TrendCounter : public Xapian::MatchSpy {
 public:
  TrendCounter(Interval interval, TrendSplit by);
  void operator()(const Xapian::Document& doc, double weight) override;
  std::string name() const override { return "scatter.TrendCounter"; }

  // Fills total, undated, series and periods of `result`: every period from the
  // first match to the last, the `series` names with most matches, the rest as "other".
  void fill(TrendsResult& result, int series) const;

 private:
  Interval interval_;
  TrendSplit by_;
  Xapian::doccount total_ = 0, undated_ = 0;
  std::map<long, Xapian::doccount> per_period_;                     // period key -> stories
  std::map<std::pair<long, std::string>, Xapian::doccount> split_;  // (period key, name) -> stories
  std::unordered_map<std::string, Xapian::doccount> name_totals_;
};

}  // namespace scatter
