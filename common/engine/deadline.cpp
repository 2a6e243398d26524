#include "engine/deadline.h"

#include <algorithm>
#include <charconv>
#include <memory>
#include <string>

namespace scatter {
namespace {

// Every document of a database, in order, until the deadline passes. Unweighted:
// as the filter side of OP_FILTER it changes no score and, before the deadline,
// no match.
//
// On a remote shard it travels as the time left (clocks differ between hosts;
// a duration does not), and the server's copy keeps a deadline of its own.
class StopAtDeadline : public Xapian::PostingSource {
 public:
  explicit StopAtDeadline(const Deadline& deadline) : deadline_(&deadline) {}
  explicit StopAtDeadline(std::shared_ptr<const Deadline> owned) : owned_(std::move(owned)), deadline_(owned_.get()) {}

  Xapian::PostingSource* clone() const override {
    return owned_ ? new StopAtDeadline(owned_) : new StopAtDeadline(*deadline_);
  }
  std::string name() const override { return "scatter.StopAtDeadline"; }
  std::string serialise() const override {
    const auto at = deadline_->at();
    if (!at) return "-";
    const auto left = std::chrono::duration_cast<std::chrono::microseconds>(*at - Deadline::Clock::now()).count();
    return std::to_string(std::max<long long>(left, 0));
  }
  Xapian::PostingSource* unserialise(const std::string& serialised) const override {
    std::optional<Deadline::Clock::time_point> at;
    if (serialised != "-") {
      long long left = 0;
      const auto [end, error] = std::from_chars(serialised.data(), serialised.data() + serialised.size(), left);
      if (error != std::errc() || end != serialised.data() + serialised.size() || left < 0) {
        throw Xapian::SerialisationError("scatter.StopAtDeadline: bad time left '" + serialised + "'");
      }
      at = Deadline::Clock::now() + std::chrono::microseconds(left);
    }
    return new StopAtDeadline(std::make_shared<const Deadline>(at));
  }

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

  std::shared_ptr<const Deadline> owned_;  // on a remote shard: the deadline it was sent
  const Deadline* deadline_;
  Xapian::docid last_ = 0, current_ = 0;
  Xapian::doccount stories_ = 0;
  bool ended_ = false;
  unsigned steps_ = 0;
};

}  // namespace

void Deadline::register_remote_classes(Xapian::Registry& registry) {
  static const Deadline never;
  registry.register_posting_source(StopAtDeadline(never));
}

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
