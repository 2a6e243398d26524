#include "query/recency.h"

#include "schema/schema.h"
#include "story/date.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace scatter::query {
namespace {

// The story's bonus from its date slot (YYYYMMDD, 00 for an unknown month or
// day: its first day counts), read from the slot's value stream.
class RecencySource : public Xapian::ValuePostingSource {
 public:
  RecencySource(double half_life_days, long reference_day)
      : Xapian::ValuePostingSource(schema::kDateSlot), half_life_(half_life_days), reference_(reference_day) {}

  void init(const Xapian::Database& database) override {
    Xapian::ValuePostingSource::init(database);
    set_maxweight(kRecencyBonus);
  }
  double get_weight() const override {
    const std::string value = get_value();
    int parts[3] = {0, 0, 0};
    const int lengths[3] = {4, 2, 2};
    if (value.size() != 8) return 0;
    for (int i = 0, at = 0; i < 3; at += lengths[i], ++i) {
      if (std::from_chars(value.data() + at, value.data() + at + lengths[i], parts[i]).ec != std::errc()) return 0;
    }
    if (parts[0] <= 0) return 0;
    const Date date{parts[0], parts[1], parts[2]};
    const double age = std::max(0.0, static_cast<double>(reference_ - date.day_number()));
    // On ArchiveWeight's grid of 2^-20, so that a sum does not depend on its order.
    const double bonus = kRecencyBonus * std::exp2(-age / half_life_);
    return std::floor(bonus * 1048576.0) / 1048576.0;
  }

  RecencySource* clone() const override { return new RecencySource(half_life_, reference_); }
  std::string name() const override { return "scatter.RecencySource"; }
  std::string serialise() const override { return std::to_string(half_life_) + " " + std::to_string(reference_); }
  RecencySource* unserialise(const std::string& serialised) const override {
    double half_life = 0;
    long reference = 0;
    const char* begin = serialised.data();
    const char* end = begin + serialised.size();
    const auto first = std::from_chars(begin, end, half_life);
    if (first.ec != std::errc() || first.ptr == end || *first.ptr != ' ' ||
        std::from_chars(first.ptr + 1, end, reference).ec != std::errc() || !(half_life > 0)) {
      throw Xapian::SerialisationError("scatter.RecencySource: bad parameters '" + serialised + "'");
    }
    return new RecencySource(half_life, reference);
  }

 private:
  double half_life_;
  long reference_;
};

}  // namespace

std::optional<double> parse_half_life(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  const char unit = text.back();
  double per_unit = 0;
  switch (unit) {
    case 'd': per_unit = 1; break;
    case 'w': per_unit = 7; break;
    case 'm': per_unit = 30.44; break;
    case 'y': per_unit = 365.25; break;
    default: return std::nullopt;
  }
  const std::string_view number = text.substr(0, text.size() - 1);
  double count = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), count);
  if (error != std::errc() || end != number.data() + number.size()) return std::nullopt;
  const double days = count * per_unit;
  if (!(days > 0) || days > 1000 * 365.25) return std::nullopt;
  return days;
}

Xapian::Query with_recency(const Xapian::Query& query, double half_life_days, long reference_day) {
  if (query.empty()) return query;
  Xapian::Query bonus((new RecencySource(half_life_days, reference_day))->release());
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, bonus);
}

void register_recency(Xapian::Registry& registry) { registry.register_posting_source(RecencySource(1, 0)); }

}  // namespace scatter::query
