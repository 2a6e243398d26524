// searchd's URL parameter parsing on arbitrary request targets, as each route
// reads its query string: /search, /trends, /suggest and /related.
#include "fuzz_support.h"

#include "engine/search_request.h"
#include "searchd/request_params.h"

#include <string>

namespace {

using scatter::BadParameter;
namespace searchd = scatter::searchd;

// Each route's reading; BadParameter (a 400 naming the parameter) is the
// documented refusal, anything else escaping would be a 500 or worse.
template <typename Read>
void read_as_route(Read read) {
  try {
    read();
  } catch (const BadParameter&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string target = "/search?" + std::string(scatter::fuzz::text_of(data, size));
  const searchd::Parameters params = searchd::query_parameters(target);
  for (const auto& [name, value] : params) {
    scatter::fuzz::require(name.size() + value.size() <= target.size(), "decoding never lengthens a parameter");
  }
  read_as_route([&] { searchd::search_request_from_target(target); });
  read_as_route([&] { searchd::trends_request_from(params); });
  read_as_route([&] { searchd::suggest_request_from(params); });
  read_as_route([&] { searchd::related_count_from(params); });
  return 0;
}
