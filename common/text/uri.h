// Percent-encoding (RFC 3986): a query parameter's value, or an id inside a URI.
#pragma once

#include <string>
#include <string_view>

namespace scatter {

// Every byte but the unreserved (A-Z a-z 0-9 - _ . ~) as %XX, upper-case hex.
std::string percent_encode(std::string_view text);

}  // namespace scatter
