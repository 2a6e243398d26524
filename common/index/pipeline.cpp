#include "index/pipeline.h"

#include "archive/archive_reader.h"
#include "archive/merge.h"
#include "index/bounded_queue.h"
#include "index/indexing.h"
#include "index/stored_story.h"
#include "schema/schema.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

namespace scatter {
namespace {

// Enough queued work to keep the writers busy through a slow file, small
// enough that queued text stays a few megabytes.
constexpr std::size_t kIssueQueueCapacity = 256;
constexpr std::size_t kDocumentQueueCapacity = 1024;

struct IssueWork {
  std::size_t planned = 0;  // index into plan.issues
  Issue issue{};
};

struct DocumentWork {
  StoryDocument story{};
  bool replaces = false;
};

// The writers are the bottleneck: a writer that shares a core with readers and
// analysers which are ahead of it anyway only slows the run. Lowering the others'
// priority (allowed without privileges) gives the writers a core whenever they
// can use one, and the others the rest.
void yield_to_writers() {
  constexpr int kBackgroundNice = 10;
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), kBackgroundNice);
}

class Pipeline {
 public:
  Pipeline(const PipelineInput& input, PipelineCounts& counts)
      : in_(input), counts_(counts), issues_(kIssueQueueCapacity) {
    for (std::size_t i = 0; i < in_.writers.size(); ++i) {
      documents_.push_back(std::make_unique<BoundedQueue<DocumentWork>>(kDocumentQueueCapacity));
    }
    pending_.resize(in_.plan.issues.size());
  }

  void run(const std::function<void()>& tick) {
    const std::size_t jobs = std::max<std::size_t>(1, in_.jobs);
    const std::size_t reader_count = std::clamp<std::size_t>(in_.plan.files.size(), 1, jobs);
    std::vector<std::thread> readers, analysers, writers;
    for (std::size_t i = 0; i < reader_count; ++i) {
      readers.emplace_back([this] {
        yield_to_writers();
        guarded([this] { read_files(); });
      });
    }
    for (std::size_t i = 0; i < jobs; ++i) {
      analysers.emplace_back([this] {
        yield_to_writers();
        guarded([this] { analyse(); });
      });
    }
    for (std::size_t i = 0; i < in_.writers.size(); ++i) {
      writers.emplace_back([this, i] { guarded([this, i] { write(i); }); });
    }
    std::thread closer([&] {
      for (std::thread& t : readers) t.join();
      issues_.close();
      for (std::thread& t : analysers) t.join();
      for (auto& queue : documents_) queue->close();
      for (std::thread& t : writers) t.join();
      std::lock_guard lock(state_mutex_);
      finished_ = true;
      finished_signal_.notify_all();
    });
    {
      std::unique_lock lock(state_mutex_);
      while (!finished_signal_.wait_for(lock, std::chrono::milliseconds(200), [this] { return finished_; })) {
        lock.unlock();
        if (tick) tick();
        lock.lock();
      }
    }
    closer.join();
    if (error_) std::rethrow_exception(error_);
  }

 private:
  template <typename Work>
  void guarded(Work work) {
    try {
      work();
    } catch (...) {
      {
        std::lock_guard lock(state_mutex_);
        if (!error_) error_ = std::current_exception();
      }
      failed_ = true;
      issues_.abandon();
      for (auto& queue : documents_) queue->abandon();
    }
  }

  void read_files() {
    for (std::size_t f = next_file_++; f < in_.plan.files.size() && !failed_; f = next_file_++) {
      const PlannedFile& file = in_.plan.files[f];
      if (!file.parsed) continue;
      std::size_t ordinal = 0;
      bool more_than_planned = false;
      CaptureFileRead read;
      try {
        read = read_capture_file(file.path, [&](Capture capture) {
          if (failed_ || more_than_planned) return;
          if (ordinal == file.issue_of.size()) {
            more_than_planned = true;
            return;
          }
          if (capture.issue.page.empty()) capture.issue.page = site_page_of(file.relative);
          hand_over(file.issue_of[ordinal++], std::move(capture));
        }, in_.fields);
      } catch (const ParseError& e) {
        throw IndexError(e.file.string() + ": changed while indexing (" + e.reason + "); nothing written, run again");
      }
      if (failed_) return;
      if (more_than_planned || ordinal != file.issue_of.size() || read.content_hash != file.content_hash) {
        throw IndexError(file.path.string() + ": changed while indexing; nothing written, run again");
      }
    }
  }

  void hand_over(std::size_t planned, Capture capture) {
    const std::size_t expected = in_.plan.issues[planned].captures;
    if (expected == 1) {
      issues_.push({planned, std::move(capture.issue)});
      return;
    }
    std::vector<Capture> complete;
    {
      std::lock_guard lock(pending_mutex_);
      std::vector<Capture>& waiting = pending_[planned];
      waiting.push_back(std::move(capture));
      if (waiting.size() < expected) return;
      complete = std::move(waiting);
      waiting = {};
    }
    MergedArchive merged = merge_captures(std::move(complete));
    if (merged.issues.size() != 1) {
      throw IndexError(merged.issues.front().sources.front().string() +
                       ": captures changed while indexing; nothing written, run again");
    }
    issues_.push({planned, std::move(merged.issues.front())});
  }

  void analyse() {
    while (std::optional<IssueWork> work = issues_.pop()) {
      Issue& issue = work->issue;
      const PlannedIssue& planned = in_.plan.issues[work->planned];
      tag_companies(issue, in_.gazetteer);
      tag_topics(issue, in_.topics);
      for (Story& story : issue.stories) {
        if (planned.dropped_source_ids.contains(story.source_id)) story.source_id.clear();
      }
      assign_ids_and_urls(issue, in_.urls);
      for (const Story& story : issue.stories) {
        if (planned.skipped_ids.contains(story.id)) continue;
        const StoryRecord record{story, issue.newsletter, issue.number, issue.date};
        const std::string stored_form = encode_stored_story(record);
        const std::string hash = story_content_hash(stored_form, planned.sources);
        const auto stored = in_.stored.find(story.id);
        ++counts_.done;
        if (stored != in_.stored.end() && stored->second == hash) {
          ++counts_.unchanged;
          continue;
        }
        StoryDocument document = make_document(record, planned.sources, in_.fields);
        const bool replaces = stored != in_.stored.end();
        ++(replaces ? counts_.replaced : counts_.added);
        const std::size_t shard = schema::shard_of(story.id, in_.writers.size());
        if (!documents_[shard]->push({std::move(document), replaces})) return;
      }
    }
  }

  void write(std::size_t shard) {
    ShardWriter& writer = *in_.writers[shard];
    while (std::optional<DocumentWork> work = documents_[shard]->pop()) {
      if (work->replaces) writer.replace(std::move(work->story));
      else writer.add(std::move(work->story));
    }
  }

  const PipelineInput& in_;
  PipelineCounts& counts_;
  BoundedQueue<IssueWork> issues_;
  std::vector<std::unique_ptr<BoundedQueue<DocumentWork>>> documents_;
  std::atomic<std::size_t> next_file_{0};
  std::mutex pending_mutex_;
  std::vector<std::vector<Capture>> pending_;  // captures of an issue until its last arrives

  std::mutex state_mutex_;
  std::condition_variable finished_signal_;
  bool finished_ = false;
  std::exception_ptr error_;
  std::atomic<bool> failed_{false};
};

}  // namespace

void run_pipeline(const PipelineInput& input, PipelineCounts& counts, const std::function<void()>& tick) {
  Pipeline pipeline(input, counts);
  pipeline.run(tick);
}

}  // namespace scatter
