// Requests as the GET targets searchd answers (docs/api.md): the reverse of
// searchd's request_params. Values are percent-encoded, so any query text,
// '+' and '&' included, reaches the engine as typed.
#pragma once

#include "engine/search_request.h"

#include <string>
#include <string_view>

namespace scatter::cli {

std::string_view sort_name(SortOrder sort);  // "relevance", "newest", "oldest"

std::string search_target(const SearchRequest& request);        // /search?q=...
std::string feed_target(const SearchRequest& filters);          // /feed.atom?q=... (filters only)
std::string export_target(const SearchRequest& search, std::string_view format);  // /export?q=...&sort=...&format=csv
std::string story_target(const std::string& id);                // /stories/{id}
std::string profile_target(const ProfileRequest& request);      // /companies/{name}?latest=N or /topics/{name}
std::string issue_target(const std::string& key);               // /issues/{key}
std::string related_target(const std::string& id, int count);  // /related/{id}?per_page=N
std::string trends_target(const TrendsRequest& request);        // /trends?q=...
std::string significant_target(const SignificantRequest& request);  // /significant?q=...&field=...&limit=N
std::string suggest_target(const std::string& typed, int limit);  // /suggest?q=...&limit=N

}  // namespace scatter::cli
