#include "query/counting_weight.h"

namespace scatter::query {

CountingWeight::CountingWeight() { need_stat(WDF); }

}  // namespace scatter::query
