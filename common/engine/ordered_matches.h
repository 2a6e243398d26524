// The matches of a query in a search's order, a bounded window at a time,
// each window starting after a position in that order: what deep paging
// (`after=`, as Elasticsearch's search_after) and a whole-result export need.
// Xapian's own paging keeps every match before the page in memory and sorts
// them again for each page; a window here costs one pass of the matcher and
// memory for the window alone, however deep it starts.
#pragma once

#include "engine/search_request.h"

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scatter {

// Where a story stands in a search's order: its weight and its sort key (the
// order slot, or the newest-first slot for a newest-first search). Keys end
// with the story's id, so no two stories share one and the order is total.
struct OrderPosition {
  double weight = 0;
  std::string key{};

  // The story id the key ends with.
  std::string story_id() const;
  bool operator==(const OrderPosition&) const = default;
};

// The value slot whose key orders a search sorted by `sort`.
Xapian::valueno order_slot(SortOrder sort);

// True when `a` comes before `b` in a search sorted by `sort`, as Xapian orders
// that search: by relevance, the greater weight first, then the greater key;
// by date, the lesser key first (the newest-first slot reads newest first).
bool comes_before(SortOrder sort, const OrderPosition& a, const OrderPosition& b);

// A cursor names the sort and the last position of a page: opaque text made
// of letters and digits only, safe in a URL as it is.
std::string encode_cursor(SortOrder sort, const OrderPosition& last);
// Throws BadParameter("after") for text that is not a cursor, or one made for
// another sort order (the positions would not compare).
OrderPosition decode_cursor(std::string_view cursor, SortOrder sort);

struct MatchWindow {
  std::vector<OrderPosition> positions{};  // in order, at most the limit
  Xapian::doccount matches = 0;            // every match of the query, counted in the same pass
};

// The first `limit` matches of `query` in `sort`'s order that come after
// `after` (from the start when none), in that order. One pass of Xapian's
// matcher over every match, weighted by `enquire`'s weighting scheme; memory
// for `limit` positions. Works over remote shards: each shard's server keeps
// its own first `limit` and the front merges them.
MatchWindow matches_in_order(Xapian::Enquire& enquire, const Xapian::Database& db,
                                            const Xapian::Query& query, SortOrder sort,
                                            const std::optional<OrderPosition>& after, std::size_t limit);

// Registers the match spy matches_in_order() sends to a remote shard, for a
// shard server's registry (shards/remote_registry.h).
void register_ordered_matches(Xapian::Registry& registry);

}  // namespace scatter
