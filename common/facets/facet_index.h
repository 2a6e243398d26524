// The facet index: for every facet value (each company, topic, year, month and
// issue) and every trend period (month, week), the set of stories that have
// it, as a compressed bitmap of Xapian document ids (CRoaring). A count is the
// cardinality of the query's match set intersected with a value's set, so
// counting costs nothing per matching story: no document, value or term is read.
// Meilisearch keeps its facets the same way.
//
// Built from one revision of an index (its value streams: one sequential read
// of four slots) and read-only after: threads share one without locks. A
// revision's document ids are its own, so an index answers only for the
// revision it was built from (FacetIndexCache keys them).
#pragma once

#include "engine/search_request.h"

#include <roaring/roaring.hh>
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace scatter::facets {

// A set of stories: Xapian document ids of one revision.
using StorySet = Roaring;

// One value of a facet and its stories. Names (companies, topics) have number
// 0; numbers (years, YYYYMM months, issue numbers) an empty name.
struct FacetValue {
  std::string name;
  long number = 0;
  StorySet stories;
};

class FacetIndex {
 public:
  // Reads every story's companies, topics, date and issue from `db`. Throws
  // Xapian's errors (the caller names the index).
  static FacetIndex build(const Xapian::Database& db);
  // The same for the database that combines `shards` in this order, read with
  // one pass of each shard's matcher and a match spy, not value streams:
  // what works when the shards are remote (Xapian::Remote::open), where the
  // pass runs on the shard's server and sends the values back in one message.
  static FacetIndex build_from_shards(const std::vector<Xapian::Database>& shards);
  // Registers that spy, for a shard server's registry (shards/remote_registry.h).
  static void register_remote_classes(Xapian::Registry& registry);

  // Every story of the revision.
  const StorySet& stories() const { return stories_; }
  // The values of `facet`, in no particular order.
  const std::vector<FacetValue>& values(Facet facet) const;

  // Trend periods. A month key is year * 13 + month, month 0 for a story dated
  // by its year alone; a week key is the day number of its Monday. Stories
  // without a date (or, for weeks, without a day) are in no period.
  const std::map<long, StorySet>& months() const { return months_; }
  const std::map<long, StorySet>& weeks() const { return weeks_; }
  // The stories in some month period (dated by a year alone included), or in
  // some week (dated to the day).
  const StorySet& in_months() const { return in_months_; }
  const StorySet& in_weeks() const { return in_weeks_; }
  // The period key of one story, or nullopt: a column read, for counting the
  // periods of a handful of stories one by one.
  std::optional<long> month_of(Xapian::docid id) const { return read(month_column_, id); }
  std::optional<long> week_of(Xapian::docid id) const { return read(week_column_, id); }

  // Bytes held, roughly: what searchd's memory budget is checked against.
  std::size_t memory_bytes() const;

 private:
  static constexpr std::int32_t kNoPeriod = INT32_MIN;
  // `all`: every story's id, ascending; values(slot, visit) calls visit(id,
  // value) for each story with a value in `slot`.
  template <typename ReadValues>
  static FacetIndex build_from(const std::vector<std::uint32_t>& all, Xapian::docid last, ReadValues values);

  static std::optional<long> read(const std::vector<std::int32_t>& column, Xapian::docid id) {
    if (id >= column.size() || column[id] == kNoPeriod) return std::nullopt;
    return column[id];
  }

  StorySet stories_;
  std::vector<FacetValue> companies_, topics_, years_, months_by_value_, issues_;
  std::map<long, StorySet> months_, weeks_;
  StorySet in_months_, in_weeks_;
  std::vector<std::int32_t> month_column_, week_column_;
};

// The `limit` values of each facet with most stories in `matches` (every story
// when null), listed in `sort` order (default_facet_sort() when unset); values
// with no match are left out. Exact: cardinalities of intersections.
std::vector<FacetCounts> count_facets(const FacetIndex& index, const StorySet* matches,
                                      const std::vector<Facet>& facets, int limit, std::optional<FacetSort> sort);

// The `limit` values of a declared keyword field (its value slot in `db`,
// whose document ids `matches` holds) with most stories in `matches`; by count
// unless `sort` says otherwise. Reads the slot's values: a cost per story of
// the archive, where count_facets() has none. Throws Xapian's errors.
FacetCounts count_field(const Xapian::Database& db, Xapian::valueno slot, const std::string& name,
                        const StorySet* matches, int limit, std::optional<FacetSort> sort);

// How many results `matches` (every story when null) makes with at most one
// story per issue: its distinct issue numbers, and each story without one (as
// Xapian collapses: a story with no key stands alone).
Xapian::doccount count_one_per_issue(const FacetIndex& index, const StorySet* matches);

}  // namespace scatter::facets
