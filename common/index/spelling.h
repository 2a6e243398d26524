// The archive's own vocabulary as Xapian's spelling table, from which the engine
// draws "did you mean" corrections. Rebuilt from the index's terms after each
// run that changed it, so a word gone from the archive is no longer suggested.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <vector>

namespace scatter {

// Reads the words of the title, body and "why it matters" fields of the index
// at `index` (a database or a stub of shards) and makes the spelling table of
// the database at `first_shard` hold exactly those words with their document
// frequencies. Commits. Throws IndexError.
void refresh_spelling(const std::filesystem::path& index, const std::filesystem::path& first_shard);

// The same without committing: the words of `shards` (one database each; a
// writer's uncommitted stories count, since Xapian flushes them for reading)
// become the spelling table of `first_shard`, which may be among them. An
// update calls it inside its transaction, so that the stories and their words
// become one revision. Throws Xapian::Error.
void update_spelling_table(const std::vector<Xapian::Database>& shards, Xapian::WritableDatabase& first_shard);

}  // namespace scatter
