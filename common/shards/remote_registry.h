// The classes of ours that a search sends to a shard served over Xapian's
// remote protocol (scatter-shardd): a remote server rebuilds each by its name()
// from a Xapian::Registry, and refuses a name it was not given.
#pragma once

#include <xapian.h>

namespace scatter::shards {

// A registry holding, beside Xapian's own classes, every class of the engine a
// search sends: its weighting schemes (query::ArchiveWeight,
// query::CountingWeight), the deadline's posting source (engine/deadline.h),
// and the match spies that gather a shard's matches and facet values
// (facets/match_set.h, facets/facet_index.h).
Xapian::Registry remote_registry();

}  // namespace scatter::shards
