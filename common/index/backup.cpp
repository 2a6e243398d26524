#include "index/backup.h"

#include "index/database_layout.h"
#include "index/index_writer.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace scatter {
namespace {

// A writer needs two commits during one copy to overtake it (Xapian keeps the
// revision a reader opened until the one after next); an index committed that
// often is copied again, this many times at most.
constexpr int kMaxAttempts = 5;

// The index at `db` opened at one state: every shard opened while no indexer
// run was in progress (a run commits its shards one after another).
struct Snapshot {
  std::vector<Xapian::Database> shards;
};

Snapshot open_snapshot(const std::filesystem::path& db) {
  const IndexReadLock quiet(db);
  const std::optional<std::size_t> shards = readable_shards(db);  // a replica is one database, through its stub
  if (!shards) throw IndexError(db.string() + ": no index here to back up");  // gone since require_index()
  Snapshot snapshot;
  for (const auto& path : shard_paths(db, *shards)) {
    try {
      snapshot.shards.emplace_back(path.string());
    } catch (const Xapian::Error&) {
      throw_index_error(path, "cannot open the index to back it up");
    }
  }
  return snapshot;
}

// Writes `snapshot` as an index at `target` (a new folder); false when a writer
// overtook the copy, which is then removed.
bool copy_snapshot(Snapshot& snapshot, const std::filesystem::path& target) {
  const std::size_t count = snapshot.shards.size();
  const std::vector<std::filesystem::path> outputs = shard_paths(target, count);
  std::error_code ec;
  std::filesystem::create_directories(target, ec);
  if (ec) throw IndexError(target.string() + ": cannot create the backup's folder: " + ec.message());
  try {
    for (std::size_t i = 0; i < count; ++i) {
      // The same document numbers as the original: the copy is the index, not a rewrite of it.
      snapshot.shards[i].compact(outputs[i].string(), Xapian::DBCOMPACT_NO_RENUMBER);
    }
  } catch (const Xapian::DatabaseModifiedError&) {
    std::filesystem::remove_all(target, ec);
    return false;
  } catch (const Xapian::Error& e) {
    std::filesystem::remove_all(target, ec);
    throw IndexError(target.string() + ": cannot write the backup: " + e.get_description());
  }
  if (count > 1) write_stub(target, count);
  return true;
}

std::uintmax_t bytes_under(const std::filesystem::path& folder) {
  std::uintmax_t bytes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) bytes += entry.file_size();
  }
  return bytes;
}

// True when `inner` is `outer` or lies inside it (as written or through links).
bool inside(const std::filesystem::path& inner, const std::filesystem::path& outer) {
  std::error_code ec;
  const auto relative =
      std::filesystem::weakly_canonical(inner, ec).lexically_relative(std::filesystem::weakly_canonical(outer, ec));
  return !relative.empty() && *relative.begin() != "..";
}

void require_index(const std::filesystem::path& db, const char* purpose) {
  if (!readable_shards(db)) throw IndexError(db.string() + ": no index here to " + purpose);
}

// A backup goes into a new folder or an empty one, never over anything.
void check_destination(const std::filesystem::path& db, const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::exists(dir, ec)) {
    if (!std::filesystem::is_directory(dir, ec)) throw IndexError(dir.string() + ": exists and is not a folder");
    if (!std::filesystem::is_empty(dir, ec)) {
      throw IndexError(dir.string() + ": not empty; a backup goes into a new or empty folder");
    }
  }
  if (inside(dir, db)) {
    throw IndexError(dir.string() + ": inside the index " + db.string() + "; back it up elsewhere");
  }
}

// Run as root over a service's state folder (the package's /var/lib/scatter,
// owned by its dynamic user), a restore hands the copy to that folder's owner:
// otherwise the next indexer run could not write the files root made.
void give_to_folder_owner(const std::filesystem::path& copy, const std::filesystem::path& db) {
  if (::geteuid() != 0) return;
  const std::filesystem::path folder = db.has_parent_path() ? db.parent_path() : std::filesystem::path(".");
  struct stat owner {};
  if (::stat(folder.c_str(), &owner) != 0 || owner.st_uid == 0) return;
  const auto hand_over = [&](const std::filesystem::path& path) {
    if (::lchown(path.c_str(), owner.st_uid, owner.st_gid) != 0) {
      throw IndexError(path.string() + ": cannot give the restored index to the owner of " + folder.string() + ": " +
                       std::strerror(errno));
    }
  };
  hand_over(copy);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(copy)) hand_over(entry.path());
}

BackupSummary summarise(const std::filesystem::path& folder, const Xapian::Database& index, std::size_t shards) {
  return {.shards = shards, .stories = index.get_doccount(), .bytes = bytes_under(folder), .attempts = 1};
}

}  // namespace

BackupSummary backup_index(const std::filesystem::path& db, const std::filesystem::path& dir) {
  require_index(db, "back up");
  check_destination(db, dir);
  std::filesystem::path partial = dir;
  partial += ".partial";
  std::error_code ec;
  std::filesystem::remove_all(partial, ec);  // what an interrupted backup left
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    Snapshot snapshot = open_snapshot(db);
    if (!copy_snapshot(snapshot, partial)) continue;
    // rename(2) replaces an empty folder: the backup appears whole or not at all.
    std::filesystem::rename(partial, dir, ec);
    if (ec) {
      std::error_code ignored;
      std::filesystem::remove_all(partial, ignored);
      throw IndexError(dir.string() + ": cannot put the backup in place: " + ec.message());
    }
    Xapian::doccount stories = 0;
    for (const Xapian::Database& shard : snapshot.shards) stories += shard.get_doccount();
    return {.shards = snapshot.shards.size(), .stories = stories, .bytes = bytes_under(dir), .attempts = attempt};
  }
  throw IndexError(db.string() + ": the index changed too often to copy (" + std::to_string(kMaxAttempts) +
                   " tries); try again when the indexer is idle");
}

BackupSummary restore_index(const std::filesystem::path& backup, const std::filesystem::path& db) {
  const std::optional<std::size_t> shards = existing_shards(backup);
  if (!shards) throw IndexError(backup.string() + ": no index here to restore");
  if (inside(db, backup) || inside(backup, db)) {
    throw IndexError(db.string() + ": the backup " + backup.string() + " and the index overlap; keep backups elsewhere");
  }
  Xapian::Database restored;
  try {
    restored = Xapian::Database(backup.string());
  } catch (const Xapian::Error&) {
    throw_index_error(backup, "cannot read the backup");
  }
  const IndexLock lock(db);
  existing_shards(db);  // refuses to replace anything but an index
  remove_abandoned_builds(db);
  const std::filesystem::path built = build_path(db);
  std::error_code ec;
  std::filesystem::copy(backup, built, std::filesystem::copy_options::recursive, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove_all(built, ignored);
    throw IndexError(db.string() + ": cannot copy the backup beside it: " + ec.message() + "; " + db.string() +
                     " is as it was");
  }
  give_to_folder_owner(built, db);
  install(built, db);
  return summarise(db, restored, *shards);
}

}  // namespace scatter
