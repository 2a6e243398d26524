// Backup and restore of a live index (one database, or a folder of shards).
//
// A backup is a compacted copy of one committed state of the whole index, taken
// while searchd reads it and an indexer may be writing: no run is half seen,
// even across shards. It is an index like any other, which searchd, scatter and
// the indexer open directly; restore_index() puts one back in place atomically.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace scatter {

struct BackupSummary {
  std::size_t shards = 0;          // 1 for one database
  Xapian::doccount stories = 0;
  std::uintmax_t bytes = 0;        // of the backup on disk
  int attempts = 0;                // > 1 when a writer overtook a copy and it was taken again
};

// Copies the index at `db` into `dir`, which must not exist or be an empty
// folder; the copy is built beside it (`dir`.partial) and renamed into place at
// the end, so an interrupted backup leaves no half copy at `dir`.
//
// Consistency: the shards are opened while no indexer run is in progress (the
// indexer's lock, <db>.lock, held shared for those milliseconds; an indexer
// starting then waits for it), and each is compacted from the revision it was
// opened at. A writer that commits twice during a copy makes Xapian drop that
// revision: the copy is then taken again, up to a few times.
//
// Throws IndexError naming the path: no index at `db`, `dir` not empty or not
// writable, a damaged index, a full disk.
BackupSummary backup_index(const std::filesystem::path& db, const std::filesystem::path& dir);

// Puts a copy of the backup at `backup` in place of the index at `db` (or where
// none is yet) in one atomic step, as a rebuild does: searchd, reading `db`,
// sees the old index or the restored one, never neither, and reopens by itself.
// Holds the indexer's lock meanwhile; `backup` is left as it was, for another
// restore. Run as root, the copy gets the owner of the folder it goes into
// (a service's state folder, owned by its dynamic user). Throws IndexError: `backup` is not an index, an indexer is running,
// a full disk (then `db` is as it was).
BackupSummary restore_index(const std::filesystem::path& backup, const std::filesystem::path& db);

}  // namespace scatter
