#include "text/stemmer.h"

#include <string>
#include <unordered_map>

namespace scatter {
namespace {

// Enough for the vocabulary of a large archive; past it, memory stays put and
// the rest are stemmed each time.
constexpr std::size_t kMaxRemembered = 200'000;

class RememberingStemmer : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override {
    if (const auto found = memory_.find(word); found != memory_.end()) return found->second;
    std::string stem = english_(word);
    if (memory_.size() < kMaxRemembered) memory_.emplace(word, stem);
    return stem;
  }

  std::string get_description() const override { return "remembering " + english_.get_description(); }

 private:
  Xapian::Stem english_{"english"};
  std::unordered_map<std::string, std::string> memory_;
};

}  // namespace

Xapian::Stem remembering_english_stemmer() { return Xapian::Stem(new RememberingStemmer); }

Xapian::Stem& thread_english_stemmer() {
  thread_local Xapian::Stem stemmer = remembering_english_stemmer();
  return stemmer;
}

}  // namespace scatter
