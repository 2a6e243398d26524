#include "cli/source/local_source.h"

#include "engine/search_engine.h"
#include "feeds/atom.h"
#include "cli/errors.h"
#include "index/database_layout.h"
#include "index/index_writer.h"
#include "json/to_json.h"

#include <system_error>

namespace scatter::cli {
namespace {

class LocalSource final : public Source {
 public:
  explicit LocalSource(const std::filesystem::path& db) : engine_(db) {}

  nlohmann::json search(const SearchRequest& request) override { return to_json(engine_.search(request)); }

  nlohmann::json story(const std::string& id) override {
    const auto record = engine_.story(id);
    const auto thread = record ? engine_.thread(id) : std::nullopt;
    if (record && thread) return to_json(*record, *thread);
    throw NotFound(no_story_message(id));
  }

  nlohmann::json issue(const std::string& key) override {
    if (auto listing = engine_.issue(key)) return to_json(*listing);
    throw NotFound(no_issue_message(key));
  }

  nlohmann::json related(const std::string& id, int count) override {
    const auto related = engine_.related(id, count);
    if (!related) throw NotFound(no_story_message(id));
    return to_json(id, *related);
  }

  nlohmann::json trends(const TrendsRequest& request) override { return to_json(engine_.trends(request)); }
  nlohmann::json significant(const SignificantRequest& request) override {
    return to_json(engine_.significant(request));
  }

  nlohmann::json profile(const ProfileRequest& request) override {
    if (auto profile = engine_.profile(request)) return to_json(*profile);
    throw NotFound(no_entity_message(request));
  }

  nlohmann::json suggest(const std::string& typed, int limit) override {
    return to_json(typed, engine_.suggest(typed, limit));
  }

  std::uint64_t export_matches(const SearchRequest& search, exports::ExportFormat format, const ExportWriter& write,
                               const ExportProgress& progress) override {
    ResultStream stream = engine_.stream(search);
    write(exports::export_header(format, stream.field_names()));
    std::uint64_t rows = 0;
    progress(rows, stream.total());
    for (std::vector<SearchHit> hits = stream.next(500); !hits.empty(); hits = stream.next(500)) {
      std::string chunk;
      for (const SearchHit& hit : hits) chunk += exports::export_row(format, hit, stream.field_names());
      write(chunk);
      rows += hits.size();
      progress(rows, stream.total());
    }
    return rows;
  }

  std::string feed(const SearchRequest& filters) override {
    const SearchRequest search = feeds::feed_request(filters);
    // No server: no address of its own, and story links as the index has them.
    return feeds::atom_feed(engine_.search(search),
                            {.title = feeds::feed_title(search), .feed_id = feeds::feed_id_for(search)});
  }

 private:
  SearchEngine engine_;
};

// What a reader who mistyped --db needs to hear, before the engine's own
// words (which speak to the indexer about refusing to write there).
void check_is_index(const std::filesystem::path& db) {
  const std::string build = "build one with: indexer --archive DIR --db " + db.string();
  std::error_code error;
  if (!std::filesystem::exists(db, error)) throw EngineError(db.string() + ": no index there; " + build);
  const std::string not_index = db.string() + " is not a ScatterAI index";
  const std::string hint = "; give --db the folder the indexer wrote (indexer --archive DIR --db PATH)";
  if (!std::filesystem::is_directory(db, error)) throw EngineError(not_index + " (it is a file, not a folder)" + hint);
  try {
    if (!readable_shards(db)) throw EngineError(not_index + " (an empty folder); " + build);
  } catch (const IndexError&) {
    throw EngineError(not_index + " (no Xapian database there)" + hint);
  }
}

}  // namespace

std::unique_ptr<Source> open_local(const std::filesystem::path& db) {
  check_is_index(db);
  return std::make_unique<LocalSource>(db);
}

}  // namespace scatter::cli
