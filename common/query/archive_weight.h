// The archive's ranking: BM25 plus a bonus for each query word a story matches.
//
// Plain BM25 adds up evidence word by word, so a story that repeats one rare word
// can outrank a story that has every word of the query. Readers expect the story
// with more of their words first (as Meilisearch's "words" rule does); BM25 then
// orders stories that match the same number. The bonus is larger than any one
// word's BM25 score can be, so the count of words matched decides first.
//
// Field weights come from the index (a title word counts three times, a "why it
// matters" word twice: schema.h), and each query word is one OP_SYNONYM of its
// exact and stemmed terms across fields, so a story that has the exact word
// gets both terms' counts and ranks above one with only a stemmed form.
#pragma once

#include <xapian.h>

#include <string>

namespace scatter::query {

class ArchiveWeight : public Xapian::Weight {
 public:
  // Above BM25's largest part for one term: idf < 14 up to 10^6 stories, times (k1 + 1).
  static constexpr double kWordBonus = 32.0;

  ArchiveWeight();

  std::string name() const override;
  std::string serialise() const override;
  ArchiveWeight* unserialise(const std::string& serialised) const override;
  double get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen, Xapian::termcount uniqterms) const override;
  double get_maxpart() const override;
  double get_sumextra(Xapian::termcount doclen, Xapian::termcount uniqterms) const override;
  double get_maxextra() const override;

 private:
  ArchiveWeight* clone() const override;
  void init(double factor) override;

  double factor_ = 1;
  double idf_ = 0;
  double length_norm_ = 1;  // 1 / average document length
  double maxpart_ = 0;      // get_maxpart(), fixed once init() has run
};

}  // namespace scatter::query
