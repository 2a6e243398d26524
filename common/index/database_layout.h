// Where an index lives on disk, and the file-system steps that keep it whole.
//
// One database: `db` is a Xapian (glass) database folder. Sharded: `db` is a
// folder holding Xapian's stub file XAPIANDB, which lists shard-0 ...
// shard-N-1 beside it. Xapian::Database(db) opens either form, and searches a
// sharded index as one database.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace scatter {

// How many shards the index at `db` has: nullopt when there is none yet (no
// such path, or an empty folder). Throws IndexError when `db` holds something
// that is not a Xapian database.
std::optional<std::size_t> existing_shards(const std::filesystem::path& db);

// True when `db` is a replica kept by Xapian's replication (xapian-replicate):
// a folder whose stub XAPIANDB names the copy in use, replica_0 or replica_1.
// A reader opens it as one database (and opens it anew when the stub changes:
// after a full copy); existing_shards() refuses it, so no indexer writes one.
bool is_replica(const std::filesystem::path& db);

// How many databases a reader opens at `db`: 1 for a replica (through its
// stub), else existing_shards(db). Throws IndexError as existing_shards() does.
std::optional<std::size_t> readable_shards(const std::filesystem::path& db);

// The database folders of an index of `shards` shards at `db`: {db} for one.
std::vector<std::filesystem::path> shard_paths(const std::filesystem::path& db, std::size_t shards);

// Writes the stub that lists the shards (shards > 1), atomically: a reader
// opening `db` reads the old list or the new one.
void write_stub(const std::filesystem::path& db, std::size_t shards);

// Where a run builds a fresh index before installing it: beside `db`, so that
// install() is a rename within one file system.
std::filesystem::path build_path(const std::filesystem::path& db);

// Removes folders a killed run left at build_path(). Call with the lock held.
void remove_abandoned_builds(const std::filesystem::path& db);

// Puts the index at `built` in place of the one at `db` (if any) in one atomic
// step, then removes the old one: a reader opening `db` finds the old index or
// the new one, never neither. Throws IndexError.
void install(const std::filesystem::path& built, const std::filesystem::path& db);

// One indexer run per database: an exclusive lock on "<db>.lock", held until
// destruction. Throws IndexError at once, naming the holder's pid, when
// another run holds it. Released by the kernel if the process dies.
class IndexLock {
 public:
  explicit IndexLock(const std::filesystem::path& db);
  ~IndexLock();
  IndexLock(const IndexLock&) = delete;
  IndexLock& operator=(const IndexLock&) = delete;

 private:
  int fd_ = -1;
};

// Shared hold of the same lock: while one lives, no indexer run is in progress
// on `db` (an indexer starting meanwhile waits up to a second or two for it:
// hold it for milliseconds). Waits for a run in progress to finish. Without a
// lock file (no indexer ever ran there, or it cannot be read) it holds nothing.
class IndexReadLock {
 public:
  explicit IndexReadLock(const std::filesystem::path& db);
  ~IndexReadLock();
  IndexReadLock(const IndexReadLock&) = delete;
  IndexReadLock& operator=(const IndexReadLock&) = delete;

 private:
  int fd_ = -1;
};

// What to tell of the index at `db` when Xapian cannot read it (`why`: its
// words): that it is damaged, and that rebuilding it from the archive cures it.
std::string damaged_index_message(const std::filesystem::path& db, const std::string& why);

// What a reader compares to notice that the index at a path was replaced (by
// install(), or a new shard list), rather than updated in place.
struct IndexIdentity {
  ino_t folder = 0;
  ino_t stub = 0;
  bool operator==(const IndexIdentity&) const = default;
};
IndexIdentity identity_of(const std::filesystem::path& db);

}  // namespace scatter
