// A fast 64-bit content hash for change detection: is this file, this story,
// the same as at the last run? Not cryptographic; an accidental collision
// between two versions of one story is the only failure, at odds of 2^-64.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace scatter {

// Feed bytes in any number of pieces; the digest depends only on their
// concatenation, so a file hashed while it streams matches one hashed whole.
class ContentHasher {
 public:
  void update(std::string_view bytes);
  std::uint64_t digest() const;

 private:
  void mix(std::uint64_t word);

  std::uint64_t state_ = 0x243f6a8885a308d3ull;
  std::uint64_t pending_ = 0;       // bytes not yet forming a full word
  unsigned pending_bytes_ = 0;
  std::uint64_t length_ = 0;
};

std::uint64_t content_hash(std::string_view bytes);

// 16 lower-case hex digits.
std::string hex64(std::uint64_t value);

}  // namespace scatter
