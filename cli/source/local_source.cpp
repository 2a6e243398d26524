#include "cli/source/local_source.h"

#include "engine/search_engine.h"
#include "cli/errors.h"
#include "json/to_json.h"

namespace scatter::cli {
namespace {

class LocalSource final : public Source {
 public:
  explicit LocalSource(const std::filesystem::path& db) : engine_(db) {}

  nlohmann::json search(const SearchRequest& request) override { return to_json(engine_.search(request)); }

  nlohmann::json story(const std::string& id) override {
    if (auto record = engine_.story(id)) return to_json(*record);
    throw NotFound(no_story_message(id));
  }

  nlohmann::json issue(int number) override {
    if (auto listing = engine_.issue(std::to_string(number))) return to_json(*listing);
    throw NotFound(no_issue_message(number));
  }

  nlohmann::json related(const std::string& id, int count) override {
    const auto hits = engine_.related(id, count);
    if (!hits) throw NotFound(no_story_message(id));
    // searchd's /related body, which common/json has no function for.
    nlohmann::json list = nlohmann::json::array();
    for (const SearchHit& hit : *hits) list.push_back(to_json(hit));
    return {{"id", id}, {"results", list}};
  }

  nlohmann::json trends(const TrendsRequest& request) override { return to_json(engine_.trends(request)); }

  nlohmann::json suggest(const std::string& typed, int limit) override {
    return to_json(typed, engine_.suggest(typed, limit));
  }

 private:
  SearchEngine engine_;
};

}  // namespace

std::unique_ptr<Source> open_local(const std::filesystem::path& db) { return std::make_unique<LocalSource>(db); }

}  // namespace scatter::cli
