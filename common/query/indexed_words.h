// Splits text into words exactly as the indexer's Xapian::TermGenerator does
// (lower case, "DeepSeek-R1" -> deepseek r1, "Google's" -> google's), so that a
// query word and an indexed word agree on what a word is.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scatter::query {

std::vector<std::string> indexed_words(std::string_view text);

}  // namespace scatter::query
