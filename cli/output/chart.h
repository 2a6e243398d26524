// The /trends body as a bar chart for a terminal: one row per period (its
// label, a bar of █ scaled to the largest count and to the width, the count);
// with a split (--by), under each period one indented row per company or topic
// it mentions, on the same scale. Pure, like render.h.
#pragma once

#include "cli/output/render.h"

#include <nlohmann/json.hpp>

#include <string>

namespace scatter::cli {

// No line is wider than style.width columns unless the width leaves a bar
// fewer than kMinBarColumns, which it then gets.
std::string trends_chart(const nlohmann::json& body, const TextStyle& style);

// The same with each bar and number the period's matches as a share of all
// the archive's stories in it (count / archive_count, "12.5%"): a word's rise
// that is only the archive growing shows flat.
std::string trends_share_chart(const nlohmann::json& body, const TextStyle& style);

inline constexpr int kMinBarColumns = 10;

}  // namespace scatter::cli
