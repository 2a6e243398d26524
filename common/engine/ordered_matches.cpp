#include "engine/ordered_matches.h"

#include "schema/schema.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdio>

namespace scatter {
namespace {

// Both keys start with fixed-width date, issue and story fields (index_writer.cpp).
constexpr std::size_t kKeyFixedPart = 24;

char sort_letter(SortOrder sort) {
  switch (sort) {
    case SortOrder::kNewest: return 'n';
    case SortOrder::kOldest: return 'o';
    case SortOrder::kRelevance: break;
  }
  return 'r';
}

std::string weight_hex(double weight) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(std::bit_cast<std::uint64_t>(weight)));
  return hex;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Reads 16 lowercase hex digits from `text` at `at` as a double's bits.
std::optional<double> read_weight(std::string_view text, std::size_t at) {
  if (text.size() < at + 16) return std::nullopt;
  std::uint64_t bits = 0;
  for (std::size_t i = at; i < at + 16; ++i) {
    const int digit = hex_digit(text[i]);
    if (digit < 0) return std::nullopt;
    bits = bits << 4 | static_cast<std::uint64_t>(digit);
  }
  return std::bit_cast<double>(bits);
}

// The spy's wire form: a length, a colon, then that many bytes.
void append_field(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

std::string_view read_field(std::string_view& in) {
  const std::size_t colon = in.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 9) throw Xapian::NetworkError("bad ordered-matches data");
  std::size_t length = 0;
  for (std::size_t i = 0; i < colon; ++i) {
    if (in[i] < '0' || in[i] > '9') throw Xapian::NetworkError("bad ordered-matches data");
    length = length * 10 + static_cast<std::size_t>(in[i] - '0');
  }
  if (in.size() < colon + 1 + length) throw Xapian::NetworkError("bad ordered-matches data");
  const std::string_view field = in.substr(colon + 1, length);
  in.remove_prefix(colon + 1 + length);
  return field;
}

SortOrder sort_of_letter(std::string_view letter) {
  if (letter == "n") return SortOrder::kNewest;
  if (letter == "o") return SortOrder::kOldest;
  return SortOrder::kRelevance;
}

// Keeps the first `limit` matches after the cursor, as a heap whose front is
// the last of them: a match that comes before it takes its place.
class OrderedWindow : public Xapian::MatchSpy {
 public:
  OrderedWindow(SortOrder sort, std::optional<OrderPosition> after, std::size_t limit)
      : sort_(sort), slot_(order_slot(sort)), after_(std::move(after)), limit_(limit) {}

  void operator()(const Xapian::Document& doc, double weight) override {
    if (limit_ == 0) return;
    if (sort_ == SortOrder::kRelevance) {
      // By relevance the weight decides before the key: most matches are
      // judged without reading their value.
      if (after_ && weight > after_->weight) return;
      if (kept_.size() == limit_ && weight < kept_.front().weight) return;
    }
    offer(OrderPosition{weight, doc.get_value(slot_)});
  }

  void offer(OrderPosition position) {
    if (after_ && !comes_before(sort_, *after_, position)) return;
    const auto before = [this](const OrderPosition& a, const OrderPosition& b) { return comes_before(sort_, a, b); };
    if (kept_.size() == limit_) {
      if (!before(position, kept_.front())) return;
      std::pop_heap(kept_.begin(), kept_.end(), before);
      kept_.back() = std::move(position);
    } else {
      kept_.push_back(std::move(position));
    }
    std::push_heap(kept_.begin(), kept_.end(), before);
  }

  // Every kept position, first in order first.
  std::vector<OrderPosition> in_order() const {
    std::vector<OrderPosition> sorted = kept_;
    std::sort(sorted.begin(), sorted.end(),
              [this](const OrderPosition& a, const OrderPosition& b) { return comes_before(sort_, a, b); });
    return sorted;
  }

  Xapian::MatchSpy* clone() const override { return new OrderedWindow(sort_, after_, limit_); }
  std::string name() const override { return "scatter.OrderedWindow"; }

  std::string serialise() const override {
    std::string out;
    append_field(out, std::string(1, sort_letter(sort_)));
    append_field(out, std::to_string(limit_));
    append_field(out, after_ ? weight_hex(after_->weight) : "");
    append_field(out, after_ ? after_->key : "");
    return out;
  }

  Xapian::MatchSpy* unserialise(const std::string& serialised, const Xapian::Registry&) const override {
    std::string_view in = serialised;
    const SortOrder sort = sort_of_letter(read_field(in));
    const std::string_view limit_text = read_field(in);
    std::size_t limit = 0;
    for (const char c : limit_text) {
      if (c < '0' || c > '9' || limit > 100'000'000) throw Xapian::NetworkError("bad ordered-matches limit");
      limit = limit * 10 + static_cast<std::size_t>(c - '0');
    }
    const std::string_view weight = read_field(in);
    const std::string_view key = read_field(in);
    std::optional<OrderPosition> after;
    if (!weight.empty()) {
      const std::optional<double> value = read_weight(weight, 0);
      if (!value) throw Xapian::NetworkError("bad ordered-matches cursor");
      after = OrderPosition{*value, std::string(key)};
    }
    return new OrderedWindow(sort, std::move(after), limit);
  }

  std::string serialise_results() const override {
    std::string out;
    for (const OrderPosition& position : kept_) {
      append_field(out, weight_hex(position.weight));
      append_field(out, position.key);
    }
    return out;
  }

  void merge_results(const std::string& serialised) override {
    std::string_view in = serialised;
    while (!in.empty()) {
      const std::optional<double> weight = read_weight(read_field(in), 0);
      if (!weight) throw Xapian::NetworkError("bad ordered-matches results");
      offer(OrderPosition{*weight, std::string(read_field(in))});
    }
  }

 private:
  SortOrder sort_;
  Xapian::valueno slot_;
  std::optional<OrderPosition> after_;
  std::size_t limit_;
  std::vector<OrderPosition> kept_;
};

}  // namespace

std::string OrderPosition::story_id() const { return key.size() > kKeyFixedPart ? key.substr(kKeyFixedPart) : ""; }

Xapian::valueno order_slot(SortOrder sort) {
  return sort == SortOrder::kNewest ? schema::kNewestSlot : schema::kOrderSlot;
}

bool comes_before(SortOrder sort, const OrderPosition& a, const OrderPosition& b) {
  if (sort == SortOrder::kRelevance) {
    if (a.weight != b.weight) return a.weight > b.weight;
    return a.key > b.key;
  }
  if (a.key != b.key) return a.key < b.key;
  return a.weight > b.weight;
}

std::string encode_cursor(SortOrder sort, const OrderPosition& last) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string cursor(1, sort_letter(sort));
  cursor += weight_hex(last.weight);
  for (const unsigned char c : last.key) {
    cursor += kHex[c >> 4];
    cursor += kHex[c & 15];
  }
  return cursor;
}

OrderPosition decode_cursor(std::string_view cursor, SortOrder sort) {
  const auto bad = [] {
    return BadParameter("after", "is not a cursor this archive gave (copy next_after from the page before)");
  };
  // A letter, a weight, and a key of at least its fixed fields, in hex.
  if (cursor.size() < 1 + 16 + 2 * kKeyFixedPart || cursor.size() % 2 == 0 || cursor.size() > 1000) throw bad();
  if (cursor.front() != 'r' && cursor.front() != 'n' && cursor.front() != 'o') throw bad();
  if (cursor.front() != sort_letter(sort)) {
    throw BadParameter("after", "was made for another sort order; ask with the sort the cursor came from");
  }
  const std::optional<double> weight = read_weight(cursor, 1);
  if (!weight || *weight != *weight) throw bad();
  OrderPosition position{*weight, {}};
  for (std::size_t i = 17; i < cursor.size(); i += 2) {
    const int high = hex_digit(cursor[i]), low = hex_digit(cursor[i + 1]);
    if (high < 0 || low < 0) throw bad();
    position.key += static_cast<char>(high * 16 + low);
  }
  return position;
}

MatchWindow matches_in_order(Xapian::Enquire& enquire, const Xapian::Database& db,
                                            const Xapian::Query& query, SortOrder sort,
                                            const std::optional<OrderPosition>& after, std::size_t limit) {
  // By relevance, whatever the order asked: Xapian's value-sorted matcher
  // would hand the spy a remote shard's matches as well as run it there.
  enquire.set_sort_by_relevance();
  enquire.set_collapse_key(Xapian::BAD_VALUENO);
  enquire.set_query(query);
  OrderedWindow window(sort, after, limit);
  enquire.add_matchspy(&window);
  // No page, every match checked: Xapian then never raises its minimum
  // weight, so the spy sees every match with its weight.
  MatchWindow result;
  try {
    result.matches = enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
  } catch (...) {
    enquire.clear_matchspies();
    throw;
  }
  enquire.clear_matchspies();
  result.positions = window.in_order();
  return result;
}

void register_ordered_matches(Xapian::Registry& registry) {
  registry.register_match_spy(OrderedWindow(SortOrder::kRelevance, std::nullopt, 0));
}

}  // namespace scatter
