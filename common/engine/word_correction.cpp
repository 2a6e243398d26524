#include "engine/word_correction.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace scatter {
namespace {

std::u32string code_points(std::string_view text) {
  std::u32string out;
  for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) out.push_back(*it);
  return out;
}

// Optimal string alignment distance, one row band at a time, stopping once every
// cell of a row is past `limit`.
unsigned bounded_distance(const std::u32string& a, const std::u32string& b, unsigned limit) {
  const std::size_t n = a.size(), m = b.size();
  const std::size_t gap = n > m ? n - m : m - n;
  if (gap > limit) return limit + 1;
  std::vector<unsigned> before(m + 1), previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = static_cast<unsigned>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = static_cast<unsigned>(i);
    unsigned row_best = current[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) current[j] = std::min(current[j], before[j - 2] + 1);
      row_best = std::min(row_best, current[j]);
    }
    if (row_best > limit) return limit + 1;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return std::min(previous[m], limit + 1);
}

}  // namespace

unsigned allowed_edits(std::size_t characters) { return characters < 5 ? 1 : 2; }

unsigned edit_distance(std::string_view a, std::string_view b, unsigned limit) {
  return bounded_distance(code_points(a), code_points(b), limit);
}

std::optional<std::string> correct_word(const Xapian::Database& db, const std::string& word) {
  const std::u32string typed = code_points(word);
  if (typed.empty()) return std::nullopt;
  const unsigned limit = allowed_edits(typed.size());
  // Candidates share the first letter: a slip there is rare, and the table is
  // read from that letter on rather than whole (a million-story archive has
  // hundreds of thousands of words).
  std::string first_letter;
  Xapian::Unicode::append_utf8(first_letter, typed.front());
  std::optional<std::string> best;
  double best_score = 0;
  unsigned best_edits = limit + 1;
  std::size_t best_gap = 0;
  Xapian::TermIterator it = db.spellings_begin();
  it.skip_to(first_letter);
  for (; it != db.spellings_end() && (*it).starts_with(first_letter); ++it) {
    const std::string candidate = *it;
    if (candidate == word) continue;
    const unsigned edits = bounded_distance(typed, code_points(candidate), limit);
    if (edits > limit) continue;
    const double score = static_cast<double>(it.get_termfreq()) / std::pow(kEditPenalty, edits - 1);
    // Ties: fewer edits, then the length typed ("tarrifs": "tariffs" before "tariff").
    const std::size_t length_gap = std::max(candidate.size(), word.size()) - std::min(candidate.size(), word.size());
    if (score > best_score || (score == best_score && (edits < best_edits || (edits == best_edits && length_gap < best_gap)))) {
      best = candidate;
      best_score = score;
      best_edits = edits;
      best_gap = length_gap;
    }
  }
  if (best) return best;
  // A slip in the first letter: Xapian's corrector, fewest edits first.
  const std::string fallback = db.get_spelling_suggestion(word, limit);
  if (fallback.empty() || fallback == word) return std::nullopt;
  return fallback;
}

}  // namespace scatter
