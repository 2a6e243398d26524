#include "text/hash.h"

#include <cstring>

namespace scatter {
namespace {

constexpr std::uint64_t kMultiplier = 0x9e3779b97f4a7c15ull;

std::uint64_t finalise(std::uint64_t x) {
  // The avalanche step of splitmix64: every input bit affects every output bit.
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace

void ContentHasher::mix(std::uint64_t word) {
  state_ = (state_ ^ finalise(word + kMultiplier)) * kMultiplier;
  state_ = (state_ << 29) | (state_ >> 35);
}

void ContentHasher::update(std::string_view bytes) {
  length_ += bytes.size();
  std::size_t i = 0;
  while (pending_bytes_ != 0 && i < bytes.size()) {
    pending_ |= std::uint64_t(static_cast<unsigned char>(bytes[i++])) << (8 * pending_bytes_);
    if (++pending_bytes_ == 8) {
      mix(pending_);
      pending_ = 0;
      pending_bytes_ = 0;
    }
  }
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    mix(word);
  }
  for (; i < bytes.size(); ++i) {
    pending_ |= std::uint64_t(static_cast<unsigned char>(bytes[i])) << (8 * pending_bytes_++);
  }
}

std::uint64_t ContentHasher::digest() const {
  ContentHasher copy = *this;
  if (copy.pending_bytes_ != 0) copy.mix(copy.pending_);
  copy.mix(length_);
  return finalise(copy.state_);
}

std::uint64_t content_hash(std::string_view bytes) {
  ContentHasher hasher;
  hasher.update(bytes);
  return hasher.digest();
}

std::string hex64(std::uint64_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, value >>= 4) out[static_cast<std::size_t>(i)] = kDigits[value & 0xf];
  return out;
}

}  // namespace scatter
