// common/text/hash.h and common/text/stemmer.h: what incremental indexing
// compares, and the stemmer it indexes with.
#include "text/hash.h"
#include "text/stemmer.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>

namespace scatter {
namespace {

TEST(ContentHash, DependsOnlyOnTheBytesNotOnHowTheyArrive) {
  const std::string text = "Synthetic story text, long enough to span several eight-byte words.";
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    for (std::size_t second_cut = cut; second_cut <= text.size(); second_cut += 7) {
      ContentHasher pieces;
      pieces.update(std::string_view(text).substr(0, cut));
      pieces.update(std::string_view(text).substr(cut, second_cut - cut));
      pieces.update(std::string_view(text).substr(second_cut));
      ASSERT_EQ(pieces.digest(), content_hash(text)) << "cut at " << cut << " and " << second_cut;
    }
  }
}

TEST(ContentHash, AnyChangeChangesIt) {
  const std::string text = "Synthetic story text.";
  std::set<std::uint64_t> seen = {content_hash(text)};
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::string changed = text;
    changed[i] = static_cast<char>(changed[i] ^ 1);
    EXPECT_TRUE(seen.insert(content_hash(changed)).second) << "flipping a bit of byte " << i;
  }
  EXPECT_TRUE(seen.insert(content_hash(text + '\0')).second) << "a trailing zero byte";
  EXPECT_TRUE(seen.insert(content_hash("")).second);
}

TEST(ContentHash, HexIsSixteenLowerCaseDigits) {
  EXPECT_EQ(hex64(0), "0000000000000000");
  EXPECT_EQ(hex64(0xfedcba9876543210ull), "fedcba9876543210");
  EXPECT_EQ(hex64(content_hash("x")).size(), 16u);
}

TEST(RememberingStemmer, StemsAsXapiansEnglishStemmer) {
  Xapian::Stem english("english");
  Xapian::Stem remembering = remembering_english_stemmer();
  for (const std::string word : {"regulations", "regulation", "training", "trained", "efficiency", "models", "the",
                                 "regulations", "training"}) {
    EXPECT_EQ(remembering(word), english(word)) << word;
  }
}

TEST(RememberingStemmer, EachThreadHasItsOwn) {
  Xapian::Stem english("english");
  std::string from_other_thread;
  std::thread other([&] { from_other_thread = thread_english_stemmer()("regulations"); });
  const std::string here = thread_english_stemmer()("regulations");
  other.join();
  EXPECT_EQ(here, english("regulations"));
  EXPECT_EQ(from_other_thread, here);
}

}  // namespace
}  // namespace scatter
