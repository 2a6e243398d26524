// The classes of ours that a search sends to a shard served over Xapian's
// remote protocol (scatter-shardd): a remote server rebuilds each by its name()
// from a Xapian::Registry, and refuses a name it was not given.
#pragma once

#include <xapian.h>

namespace scatter::shards {

// A registry holding, beside Xapian's own classes, every weighting scheme of
// the engine (query::ArchiveWeight, query::CountingWeight).
Xapian::Registry remote_registry();

}  // namespace scatter::shards
