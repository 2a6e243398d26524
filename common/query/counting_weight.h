// The weight of the passes that count rather than rank (facet counts, trends,
// completion counts): every story weighs 0, as with Xapian::BoolWeight.
//
// Not BoolWeight itself: under a weight that needs no wdf, Xapian 1.4.22 swaps
// the posting list of a term that every story has for the list of all
// documents, named after the term. Once a deletion leaves a gap in the document
// ids that list is read in chunks, and on its second chunk (past about 2,000
// stories) it checks the chunk's key against the borrowed name and throws
// DatabaseCorruptError "Unexpected end of posting list" on a sound index. A
// weight that asks for the wdf keeps every term on its own list. Filter terms,
// which are never weighted, are kept off it by query::boolean_term().
#pragma once

#include <xapian.h>

#include <string>

namespace scatter::query {

class CountingWeight : public Xapian::Weight {
 public:
  CountingWeight();
  std::string name() const override { return "scatter.CountingWeight"; }
  // Nothing to carry: a shard server (scatter-shardd) makes its own by name.
  std::string serialise() const override { return {}; }
  CountingWeight* unserialise(const std::string&) const override { return new CountingWeight; }
  double get_sumpart(Xapian::termcount, Xapian::termcount, Xapian::termcount) const override { return 0; }
  double get_maxpart() const override { return 0; }
  double get_sumextra(Xapian::termcount, Xapian::termcount) const override { return 0; }
  double get_maxextra() const override { return 0; }

 private:
  CountingWeight* clone() const override { return new CountingWeight; }
  void init(double) override {}
};

}  // namespace scatter::query
