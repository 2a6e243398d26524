// Recency in ranking (search `recency=HALF_LIFE`): a bonus for newer stories
// added to relevance, halving with each half-life of a story's age. What users
// of Meilisearch and Typesense ask for as time-decay ranking.
//
// The bonus is at most a quarter of ArchiveWeight::kWordBonus, so text
// matching stays in charge: a story with more of the query's words still
// comes first; among stories matching as many words, age weighs against BM25.
// Age is counted from the archive's newest story, not from today, so that an
// archive of past years ranks as it did when it was current.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>

namespace scatter::query {

// The bonus of a story dated the reference day.
inline constexpr double kRecencyBonus = 8.0;

// "180d", "26w", "6m", "2y" (days, weeks, months of 30.44 days, years of
// 365.25 days) as days; nullopt for anything else, or for 0 or more than 1,000 years.
std::optional<double> parse_half_life(std::string_view text);

// `query` with each match's recency bonus added (OP_AND_MAYBE: it matches
// nothing by itself): kRecencyBonus * 2^(-age / half_life_days), age in days
// before `reference_day` (a Date::day_number()), on ArchiveWeight's score grid
// so that shards add it up alike. Undated stories get none.
Xapian::Query with_recency(const Xapian::Query& query, double half_life_days, long reference_day);

// Registers the posting source with_recency() adds, for a shard server's
// registry (shards/remote_registry.h).
void register_recency(Xapian::Registry& registry);

}  // namespace scatter::query
