#include "facets/facet_index.h"

#include "schema/schema.h"
#include "story/date.h"
#include "text/utf8.h"

#include <algorithm>
#include <iterator>
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

// Gathers the values of some slots of every story a shard's matcher passes
// it, with the story's id. It runs where the shard is: on a remote shard the
// server's copy gathers them and sends them back in one message (Xapian's
// remote backend has no value streams: it would read each value in a round
// trip of its own).
class SlotGatherer : public Xapian::MatchSpy {
 public:
  // One entry per slot: (the shard's own document id, value), in id order.
  using Columns = std::vector<std::vector<std::pair<Xapian::docid, std::string>>>;

  explicit SlotGatherer(std::vector<Xapian::valueno> slots) : slots_(std::move(slots)), columns_(slots_.size()) {}
  const Columns& columns() const { return columns_; }

  void operator()(const Xapian::Document& doc, double) override {
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      std::string value = doc.get_value(slots_[i]);
      if (!value.empty()) columns_[i].emplace_back(doc.get_docid(), std::move(value));
    }
  }
  Xapian::MatchSpy* clone() const override { return new SlotGatherer(slots_); }
  std::string name() const override { return "scatter.SlotGatherer"; }
  std::string serialise() const override {
    std::string out;
    for (const Xapian::valueno slot : slots_) put(out, slot);
    return out;
  }
  Xapian::MatchSpy* unserialise(const std::string& serialised, const Xapian::Registry&) const override {
    std::vector<Xapian::valueno> slots;
    for (std::size_t at = 0; at < serialised.size();) slots.push_back(take(serialised, at));
    return new SlotGatherer(std::move(slots));
  }
  std::string serialise_results() const override {
    std::string out;
    for (const auto& column : columns_) {
      put(out, static_cast<std::uint32_t>(column.size()));
      for (const auto& [id, value] : column) {
        put(out, id);
        put(out, static_cast<std::uint32_t>(value.size()));
        out += value;
      }
    }
    return out;
  }
  void merge_results(const std::string& serialised) override {
    std::size_t at = 0;
    for (auto& column : columns_) {
      const std::uint32_t entries = take(serialised, at);
      for (std::uint32_t i = 0; i < entries; ++i) {
        const Xapian::docid id = take(serialised, at);
        const std::uint32_t size = take(serialised, at);
        if (serialised.size() - at < size) throw Xapian::SerialisationError("scatter.SlotGatherer: results cut short");
        column.emplace_back(id, serialised.substr(at, size));
        at += size;
      }
    }
  }

 private:
  static void put(std::string& out, std::uint32_t n) {
    for (int shift = 0; shift < 32; shift += 8) out += static_cast<char>((n >> shift) & 0xff);
  }
  static std::uint32_t take(const std::string& in, std::size_t& at) {
    if (in.size() - at < 4) throw Xapian::SerialisationError("scatter.SlotGatherer: results cut short");
    std::uint32_t n = 0;
    for (int i = 0; i < 4; ++i) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
    at += 4;
    return n;
  }

  std::vector<Xapian::valueno> slots_;
  Columns columns_;
};

constexpr Xapian::valueno kFacetSlots[] = {schema::kDateSlot, schema::kIssueSlot, schema::kCompaniesSlot,
                                           schema::kTopicsSlot};

}  // namespace

// `all`: every story's id, ascending; `values(slot, visit)` calls visit(id,
// value) for each story with a value in `slot`.
template <typename ReadValues>
FacetIndex FacetIndex::build_from(const std::vector<std::uint32_t>& all, Xapian::docid last, ReadValues values) {
  FacetIndex index;
  index.stories_ = to_set(all);

  std::unordered_map<long, Ids> years, months, issues, month_periods, week_periods;
  Ids in_months, in_weeks;
  index.month_column_.assign(static_cast<std::size_t>(last) + 1, kNoPeriod);
  index.week_column_.assign(static_cast<std::size_t>(last) + 1, kNoPeriod);
  values(schema::kDateSlot, [&](Xapian::docid id, const std::string& value) {
    const std::optional<Date> date = slot_date(value);
    if (!date) return;
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
  });
  values(schema::kIssueSlot, [&](Xapian::docid id, const std::string& value) {
    if (!value.empty()) issues[static_cast<long>(Xapian::sortable_unserialise(value))].push_back(id);
  });
  const auto names_of = [&](Xapian::valueno slot) {
    std::unordered_map<std::string, Ids> ids;
    values(slot, [&](Xapian::docid id, const std::string& value) {
      for (const std::string_view name : schema::split_list(value)) ids[std::string(name)].push_back(id);
    });
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

FacetIndex FacetIndex::build(const Xapian::Database& db) {
  Ids all;
  all.reserve(db.get_doccount());
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) all.push_back(*it);
  return build_from(all, db.get_lastdocid(), [&db](Xapian::valueno slot, const auto& visit) {
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) visit(it.get_docid(), *it);
  });
}

FacetIndex FacetIndex::build_from_shards(const std::vector<Xapian::Database>& shards) {
  const auto count = static_cast<std::uint32_t>(shards.size());
  // Per slot, every story's value, by the combined database's ids (shards
  // interleave: shard i's story d is (d - 1) * shards + i + 1).
  std::vector<std::vector<std::pair<Xapian::docid, std::string>>> columns(std::size(kFacetSlots));
  Ids all;
  Xapian::docid last = 0;
  for (std::uint32_t shard = 0; shard < count; ++shard) {
    const auto combined = [&](Xapian::docid id) { return (id - 1) * count + shard + 1; };
    SlotGatherer gatherer({std::begin(kFacetSlots), std::end(kFacetSlots)});
    Xapian::Enquire enquire(shards[shard]);
    enquire.set_query(Xapian::Query::MatchAll);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(&gatherer);
    enquire.get_mset(0, 0, shards[shard].get_doccount());
    last = std::max(last, combined(shards[shard].get_lastdocid()));
    for (std::size_t i = 0; i < columns.size(); ++i) {
      for (const auto& [id, value] : gatherer.columns()[i]) {
        columns[i].emplace_back(combined(id), value);
      }
    }
    for (auto it = shards[shard].postlist_begin(""); it != shards[shard].postlist_end(""); ++it) all.push_back(combined(*it));
  }
  std::sort(all.begin(), all.end());
  for (auto& column : columns) std::sort(column.begin(), column.end());
  return build_from(all, last, [&columns](Xapian::valueno slot, const auto& visit) {
    const auto at = std::find(std::begin(kFacetSlots), std::end(kFacetSlots), slot) - std::begin(kFacetSlots);
    for (const auto& [id, value] : columns[static_cast<std::size_t>(at)]) visit(id, value);
  });
}

void FacetIndex::register_remote_classes(Xapian::Registry& registry) {
  registry.register_match_spy(SlotGatherer({}));
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

namespace {

// The `keep` values with most stories in `matches` (all when null), in `sort` order.
std::vector<scatter::FacetValue> top_values(const std::vector<FacetValue>& values, const StorySet* matches,
                                            std::size_t keep, FacetSort sort, bool months) {
    // (count, value): the values kept are those with most matches, whatever
    // the order shown: by value, an old year's peak must not hide behind a limit.
    using Row = std::pair<Xapian::doccount, const FacetValue*>;
    std::vector<Row> rows;
    for (const FacetValue& value : values) {
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
    if (sort == FacetSort::kValue) std::sort(rows.begin(), end, by_value);
    std::vector<scatter::FacetValue> out;
    for (auto it = rows.begin(); it != end; ++it) {
      std::string value = it->second->name.empty() ? std::to_string(it->second->number) : it->second->name;
      if (months && value.size() == 6) value.insert(4, "-");  // 202602 -> 2026-02
      out.push_back({std::move(value), it->first});
    }
    return out;
}

}  // namespace

std::vector<FacetCounts> count_facets(const FacetIndex& index, const StorySet* matches,
                                      const std::vector<Facet>& facets, int limit, std::optional<FacetSort> sort) {
  std::vector<FacetCounts> out;
  for (const Facet facet : facets) {
    out.push_back({.facet = facet,
                   .values = top_values(index.values(facet), matches, static_cast<std::size_t>(limit),
                                        sort.value_or(default_facet_sort(facet)), facet == Facet::kMonth)});
  }
  return out;
}

FacetCounts count_field(const Xapian::Database& db, Xapian::valueno slot, const std::string& name,
                        const StorySet* matches, int limit, std::optional<FacetSort> sort) {
  // Values that differ in case are one value, as the field's filter matches
  // them: shown as the first story that has it writes it.
  std::unordered_map<std::string, std::size_t> by_key;
  std::vector<FacetValue> values;
  std::vector<Ids> ids;
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    const std::string value = *it;
    const auto [at, added] = by_key.try_emplace(to_lower(value), values.size());
    if (added) {
      values.push_back({.name = value, .number = 0, .stories = {}});
      ids.emplace_back();
    }
    ids[at->second].push_back(it.get_docid());
  }
  for (std::size_t i = 0; i < values.size(); ++i) values[i].stories = to_set(ids[i]);
  return {.facet = Facet::kCompany,
          .values = top_values(values, matches, static_cast<std::size_t>(limit), sort.value_or(FacetSort::kCount), false),
          .field = name};
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
