// The JSON shapes that searchd serves and `scatter --json` prints, in one place
// so that both (and the golden files) agree.
#pragma once

#include "archive/archive_reader.h"
#include "engine/search_request.h"
#include "engine/story_threads.h"
#include "story/story.h"

#include <nlohmann/json.hpp>

namespace scatter {

nlohmann::json to_json(const StoryRecord& record);  // full story: paragraphs and bullets
// The /stories/{id} response body: the full story, then its thread ("earlier",
// "later": links {id, title, url, issue, date, score, reason}, best first).
nlohmann::json to_json(const StoryRecord& record, const StoryThread& thread);
nlohmann::json to_json(const SearchHit& hit);       // a result row
nlohmann::json to_json(const SearchResult& result); // the /search response body
nlohmann::json to_json(const Issue& issue);         // a parsed issue (goldens, debugging)
nlohmann::json to_json(const IssueListing& issue);  // the /issues/{n} response body
nlohmann::json to_json(const TrendsResult& trends); // the /trends response body
nlohmann::json to_json(const SignificantResult& significant);  // the /significant response body
nlohmann::json to_json(const EntityProfile& profile);  // the /companies/{name} and /topics/{name} body
nlohmann::json to_json(std::string_view id, const RelatedStories& related);  // the /related/{id} response body
nlohmann::json to_json(std::string_view typed, const std::vector<Suggestion>& suggestions);  // /suggest

}  // namespace scatter
