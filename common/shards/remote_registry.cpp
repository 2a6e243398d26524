#include "shards/remote_registry.h"

#include "engine/deadline.h"
#include "engine/ordered_matches.h"
#include "facets/facet_index.h"
#include "facets/match_set.h"
#include "query/archive_weight.h"
#include "query/counting_weight.h"
#include "query/recency.h"

namespace scatter::shards {

Xapian::Registry remote_registry() {
  Xapian::Registry registry;
  registry.register_weighting_scheme(query::ArchiveWeight());
  registry.register_weighting_scheme(query::CountingWeight());
  Deadline::register_remote_classes(registry);
  facets::register_remote_classes(registry);
  facets::FacetIndex::register_remote_classes(registry);
  query::register_recency(registry);
  register_ordered_matches(registry);
  return registry;
}

}  // namespace scatter::shards
