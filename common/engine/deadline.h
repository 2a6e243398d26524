// A request's time limit, and what makes Xapian's match keep it.
//
// Xapian 1.4's Enquire::set_time_limit only lowers check_at_least once the time
// is up: a match that must see every story (facet counts, trends, a sort by
// date) runs on regardless, and so do the position checks of a phrase, which
// happen inside a posting list, between two calls of the matcher. What the
// matcher cannot skip is a posting list of an AND: each candidate, phrase
// candidates that fail included, moves every list of the AND to it (a phrase's
// positions are checked above the AND its words are in). stop_query() is such a
// list: it matches every story until the deadline passes, then ends, and with
// it the match, which returns what it has found.
#pragma once

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <optional>

namespace scatter {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  // No deadline: never passes.
  Deadline() = default;
  explicit Deadline(std::optional<Clock::time_point> at) : at_(at) {}
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

  // Reads the clock. Once true, stays true.
  bool passed() const;
  // True once any check (passed(), or a stop_query() in a match) found the
  // deadline passed: whatever was computed since may be incomplete.
  bool reached() const { return reached_.load(std::memory_order_relaxed); }

  // `query` restricted to what can be matched before the deadline: unchanged
  // when there is none. The Deadline must outlive every match of the query.
  // Sent to a remote shard, the bound carries the time left.
  Xapian::Query bound(const Xapian::Query& query) const;

  std::optional<Clock::time_point> at() const { return at_; }

  // Registers what bound() puts in a query, for a shard server's registry
  // (shards/remote_registry.h).
  static void register_remote_classes(Xapian::Registry& registry);

 private:
  std::optional<Clock::time_point> at_;
  // Set by the matches of a request's shard tasks, on the pool's threads.
  mutable std::atomic<bool> reached_ = false;
};

}  // namespace scatter
