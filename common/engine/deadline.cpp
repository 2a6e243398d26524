#include "engine/deadline.h"

#include <algorithm>

namespace scatter {
namespace {

// Every document of a database, in order, until the deadline passes. Unweighted:
// as the filter side of OP_FILTER it changes no score and, before the deadline,
// no match.
class StopAtDeadline : public Xapian::PostingSource {
 public:
  explicit StopAtDeadline(const Deadline& deadline) : deadline_(&deadline) {}

  Xapian::PostingSource* clone() const override { return new StopAtDeadline(*deadline_); }

  void init(const Xapian::Database& db) override {
    last_ = db.get_lastdocid();
    stories_ = db.get_doccount();
    current_ = 0;
    ended_ = false;
    steps_ = 0;
  }

  // Claims every story: the matcher's bounds and estimates stay what they
  // would be without a deadline (once it has passed, the result says so).
  Xapian::doccount get_termfreq_min() const override { return stories_; }
  Xapian::doccount get_termfreq_est() const override { return stories_; }
  Xapian::doccount get_termfreq_max() const override { return stories_; }

  void next(double) override { move_to(current_ + 1); }
  void skip_to(Xapian::docid did, double) override { move_to(std::max(did, current_)); }
  bool at_end() const override { return ended_; }
  Xapian::docid get_docid() const override { return current_; }

 private:
  // The clock costs tens of nanoseconds; a step of the match, a few. Reading
  // it every 64 steps bounds the overrun to microseconds.
  static constexpr unsigned kStepsPerClockRead = 64;

  void move_to(Xapian::docid did) {
    current_ = did;
    if (current_ > last_ || (++steps_ % kStepsPerClockRead == 0 && deadline_->passed())) ended_ = true;
  }

  const Deadline* deadline_;
  Xapian::docid last_ = 0, current_ = 0;
  Xapian::doccount stories_ = 0;
  bool ended_ = false;
  unsigned steps_ = 0;
};

}  // namespace

bool Deadline::passed() const {
  if (!reached() && at_ && Clock::now() >= *at_) reached_.store(true, std::memory_order_relaxed);
  return reached();
}

Xapian::Query Deadline::bound(const Xapian::Query& query) const {
  if (!at_ || query.empty()) return query;
  // Xapian's Query takes ownership of a released source and clones it for each
  // posting list it builds.
  Xapian::Query stop((new StopAtDeadline(*this))->release());
  return Xapian::Query(Xapian::Query::OP_FILTER, query, stop);
}

}  // namespace scatter
