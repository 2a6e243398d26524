// What every libFuzzer harness here shares: the input as text, and a check that
// stops the run loudly when a property the programs rely on does not hold (a
// wrong answer is a finding too, not only a crash).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace scatter::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// abort() rather than an exception: libFuzzer keeps the input and names it.
// `detail` (what broke it) is printed beside the property's name.
inline void require(bool holds, const char* property, std::string_view detail = {}) {
  if (holds) return;
  std::fprintf(stderr, "fuzz property broken: %s%s%.*s\n", property, detail.empty() ? "" : ": ",
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

}  // namespace scatter::fuzz
