#include "shards/remote_registry.h"

#include "query/archive_weight.h"
#include "query/counting_weight.h"

namespace scatter::shards {

Xapian::Registry remote_registry() {
  Xapian::Registry registry;
  registry.register_weighting_scheme(query::ArchiveWeight());
  registry.register_weighting_scheme(query::CountingWeight());
  return registry;
}

}  // namespace scatter::shards
