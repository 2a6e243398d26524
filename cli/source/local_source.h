// Answers from the index on this machine: the engine's results turned into
// searchd's bodies by common/json. The source owns one SearchEngine, so it is
// for one thread.
#pragma once

#include "cli/source/source.h"

#include <filesystem>
#include <memory>

namespace scatter::cli {

// Throws EngineError naming `db` when it is not a readable index.
std::unique_ptr<Source> open_local(const std::filesystem::path& db);

}  // namespace scatter::cli
