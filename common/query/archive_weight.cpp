#include "query/archive_weight.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace scatter::query {
namespace {

// Okapi BM25's usual constants; stories are short and of similar length.
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

// Each part of a score is a whole multiple of 2^-20. Xapian adds a story's
// parts in the order of its posting-list tree, which differs between one
// database and shards (each shard orders its lists by its own frequencies);
// sums of such multiples are exact in a double at any order (scores stay far
// below 2^32), so a story scores the same to the last bit in every layout,
// and stories that tie, tie everywhere and fall back to the same order.
//
// Computed for every posting a search reads, so without libm calls: scaling by
// a power of two is exact, and a part (never negative, far below 2^43) rounds
// through a 64-bit integer.
constexpr double kGrid = 1 << 20;
double on_grid(double part) { return static_cast<double>(static_cast<std::int64_t>(part * kGrid + 0.5)) / kGrid; }
double on_grid_above(double part) {
  const double scaled = part * kGrid;
  auto units = static_cast<std::int64_t>(scaled);
  if (static_cast<double>(units) < scaled) ++units;
  return static_cast<double>(units) / kGrid;
}

}  // namespace

ArchiveWeight::ArchiveWeight() {
  need_stat(COLLECTION_SIZE);
  need_stat(TERMFREQ);
  need_stat(WDF);
  need_stat(DOC_LENGTH);
  need_stat(AVERAGE_LENGTH);
}

ArchiveWeight* ArchiveWeight::clone() const { return new ArchiveWeight(); }

void ArchiveWeight::init(double factor) {
  factor_ = factor;
  const double n = static_cast<double>(get_collection_size());
  const double df = std::min(static_cast<double>(get_termfreq()), n);
  // Lucene's form of the idf: never negative, even for a word in most stories
  // of a small archive (five stories of issue #3).
  idf_ = std::log(1.0 + (n - df + 0.5) / (df + 0.5));
  const double average = get_average_length();
  length_norm_ = average > 0 ? 1.0 / average : 1.0;
  maxpart_ = factor_ == 0 ? 0 : on_grid_above(factor_ * (kWordBonus + idf_ * (kK1 + 1)));
}

std::string ArchiveWeight::name() const { return "scatter.ArchiveWeight"; }

std::string ArchiveWeight::serialise() const { return {}; }

ArchiveWeight* ArchiveWeight::unserialise(const std::string&) const { return new ArchiveWeight(); }

double ArchiveWeight::get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen, Xapian::termcount) const {
  if (factor_ == 0) return 0;
  // A filter term (company, issue, date) has no frequency: where it is weighed
  // at all (company:openai OR company:google), matching it counts as a word.
  if (wdf == 0) return on_grid(factor_ * kWordBonus);
  const double tf = static_cast<double>(wdf);
  const double norm = kK1 * (1 - kB + kB * static_cast<double>(doclen) * length_norm_);
  return on_grid(factor_ * (kWordBonus + idf_ * tf * (kK1 + 1) / (tf + norm)));
}

// Xapian asks again and again during a match (each time it reconsiders its
// bounds): computed once, in init().
double ArchiveWeight::get_maxpart() const { return maxpart_; }

double ArchiveWeight::get_sumextra(Xapian::termcount, Xapian::termcount) const { return 0; }

double ArchiveWeight::get_maxextra() const { return 0; }

}  // namespace scatter::query
