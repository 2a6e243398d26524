#include "engine/significant.h"

namespace scatter {

double jlh_score(std::uint64_t foreground, std::uint64_t foreground_total, std::uint64_t background,
                 std::uint64_t background_total) {
  if (foreground_total == 0 || background_total == 0 || background == 0) return 0;
  const double fg = static_cast<double>(foreground) / static_cast<double>(foreground_total);
  const double bg = static_cast<double>(background) / static_cast<double>(background_total);
  if (fg <= bg) return 0;
  return (fg - bg) * (fg / bg);
}

}  // namespace scatter
