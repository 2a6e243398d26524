// The indexer's second pass: readers stream the archive's files again and
// merge each issue as soon as the plan says its last capture is in; analysers
// tag companies and topics and build documents; one writer per shard adds them.
// Xapian writes are the slow part, so everything else happens on other threads
// and hands the writers finished documents through bounded queues.
#pragma once

#include "gazetteer/gazetteer.h"
#include "gazetteer/topics.h"
#include "index/archive_plan.h"
#include "index/index_writer.h"

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace scatter {

struct PipelineInput {
  const ArchivePlan& plan;
  const Gazetteer& gazetteer;
  const TopicTagger& topics;
  const UrlScheme& urls;
  const UserFields& fields;
  // id -> content hash of each story the index held before this run.
  const std::unordered_map<std::string, std::string>& stored;
  std::vector<ShardWriter*> writers;  // one per shard, in shard order
  std::size_t jobs = 1;               // reader and analyser threads each
};

struct PipelineCounts {
  std::atomic<std::size_t> done{0};  // stories analysed, written or not
  std::atomic<std::size_t> added{0};
  std::atomic<std::size_t> replaced{0};
  std::atomic<std::size_t> unchanged{0};
};

// Runs the pass; calls `tick` on this thread about five times a second until it
// ends. Throws what a stage threw (IndexError when a file changed since the
// plan was made); the writers' transactions are then left uncommitted.
void run_pipeline(const PipelineInput& input, PipelineCounts& counts, const std::function<void()>& tick);

}  // namespace scatter
