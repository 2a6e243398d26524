// Story threads: a story's earlier and later coverage of the same subject in
// other issues. A link needs evidence a reader would accept: shared companies
// and their products, shared rare words and word pairs, weighed by how rare
// they are in the archive and by how close the two stories are in time. A word
// most stories share ("AI", "model") is no evidence at all.
//
// Reads the database it is given and nothing else; safe on a combined database
// of local or remote shards (every read goes through Xapian::Database).
// Throws Xapian's errors (the engine wraps them).
#pragma once

#include "engine/deadline.h"
#include "gazetteer/gazetteer.h"
#include "story/story.h"

#include <xapian.h>

#include <string>
#include <vector>

namespace scatter {

// One link of a thread: the other story, how strong the link is, and why.
struct ThreadLink {
  StoryRecord record{};
  double score = 0;  // above kThreadMinScore; higher is a stronger link
  // What the stories share, for a reader: "also about Mistral AI, Pixtral;
  // shared words: latent attention, distillation". Never empty.
  std::string reason{};
};

// A story's coverage in other issues, each list best first (score, then the
// nearer in time), at most kThreadMaxLinks each.
struct StoryThread {
  std::vector<ThreadLink> earlier{};  // from issues before the story's
  std::vector<ThreadLink> later{};    // from issues after it
  bool timed_out = false;             // the deadline passed: the links found by then
};

// The most links each way, as GET /stories/{id} shows them.
inline constexpr std::size_t kThreadMaxLinks = 5;
// Below this a link is not shown. The score sums, over what two stories share,
// each item's rarity (log(N / frequency) / log(N): 1 for a term of one story,
// near 0 for one of every story; a company counts 1.5 times, a product 2 times,
// a pair of adjacent words 1.5 times), then scales by closeness in time (see
// kThreadHalfLifeDays): about a company, its product and a rare word, a few
// months apart.
inline constexpr double kThreadMinScore = 2.2;
// Stories that share no company need this many times the score: words alone
// are weaker evidence, and two companies' funding rounds share many words but
// are not one subject.
inline constexpr double kThreadWordsOnlyFactor = 2;
// A link needs at least this many distinct shared items (a company, a product,
// a word pair, a word): one shared rare word is a coincidence, not a thread.
inline constexpr int kThreadMinEvidence = 3;
// Closeness in time: a link's score is multiplied by 0.5 + 0.5 * 2^(-days / half-life),
// so a story a half-life away counts three quarters, a year away a little over
// a half, and a strong link survives a long gap while near stories rank first.
inline constexpr double kThreadHalfLifeDays = 90;
// Words and pairs in more than this share of the archive's stories are ignored.
inline constexpr double kThreadMaxTermShare = 0.10;

// The thread of the story with document id `story` in `db`. `gazetteer` is the
// index's own (it names each company's products).
StoryThread find_thread(const Xapian::Database& db, Xapian::docid story, const Gazetteer& gazetteer,
                        const Deadline& deadline);

}  // namespace scatter
