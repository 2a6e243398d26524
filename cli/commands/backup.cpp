#include "cli/commands/commands.h"

#include "cli/errors.h"
#include "cli/options.h"

#include "index/backup.h"

#include <iostream>

namespace scatter::cli {
namespace {

// Both commands copy index files: they run where the index is, never against a server.
std::filesystem::path local_db(const CommonOptions& common, std::string_view command) {
  if (common.source.server) {
    throw UsageError("--server: " + std::string(command) +
                     " copies the index's files; run it on the machine that holds them, with --db");
  }
  return common.source.db;
}

void print_summary(const BackupSummary& summary, const std::filesystem::path& from, const std::filesystem::path& to,
                   const char* verb, bool as_json) {
  if (as_json) {
    const nlohmann::json body = {{"from", from.string()},       {"to", to.string()},
                                 {"shards", summary.shards},    {"stories", summary.stories},
                                 {"bytes", summary.bytes},      {"attempts", summary.attempts}};
    std::cout << body.dump(2) << "\n";
    return;
  }
  std::cout << verb << " " << from.string() << " into " << to.string() << ": " << summary.stories
            << (summary.stories == 1 ? " story" : " stories");
  if (summary.shards > 1) std::cout << " in " << summary.shards << " shards";
  std::cout << ", " << (summary.bytes + 1023) / 1024 << " KiB\n";
}

}  // namespace

int backup_command(int argc, char** argv, std::string_view synopsis) {
  const auto vm = parse_command(argc, argv, po::options_description("backup options"), "dir", synopsis);
  if (!vm) return kExitOk;
  const std::filesystem::path db = local_db(common_options(*vm), "backup");
  const std::filesystem::path dir = one_word(*vm, "dir", "DIR");
  print_summary(backup_index(db, dir), db, dir, "backed up", vm->count("json") > 0);
  return kExitOk;
}

int restore_command(int argc, char** argv, std::string_view synopsis) {
  const auto vm = parse_command(argc, argv, po::options_description("restore options"), "backup", synopsis);
  if (!vm) return kExitOk;
  const std::filesystem::path db = local_db(common_options(*vm), "restore");
  const std::filesystem::path backup = one_word(*vm, "backup", "BACKUP");
  print_summary(restore_index(backup, db), backup, db, "restored", vm->count("json") > 0);
  return kExitOk;
}

}  // namespace scatter::cli
