// The archive's value types: an Issue of the newsletter and its numbered Stories.
// Story ids and urls are made here and nowhere else, so that the indexer, the
// engine and every output agree on them.
#pragma once

#include "story/date.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace scatter {

// A topic of the taxonomy (data/topics.json) and how strongly a story is about it.
struct TopicScore {
  std::string name{};
  double score = 0;
  friend bool operator==(const TopicScore&, const TopicScore&) = default;
};

struct Story {
  int number = 0;                       // 1-based position in its issue
  std::string title{};
  std::vector<std::string> paragraphs{};  // body text, one entry per paragraph
  std::vector<std::string> bullets{};     // the "Why it matters" list; may be empty
  std::vector<std::string> companies{};   // canonical names, set by the gazetteer
  std::vector<TopicScore> topics{};       // best first, 0-3 of them, set by the topic tagger
  std::string id{};                       // set by assign_ids_and_urls()
  std::string url{};                      // set by assign_ids_and_urls()
  // The corpus's own id (a JSON Lines `id`), kept as `id` when it is safe and
  // unique in the archive (is_safe_story_id); empty: the id is made here.
  std::string source_id{};
  // The corpus's declared fields (fields/user_fields.h) by name: a keyword or
  // text as written, a number as JSON writes it, a date as YYYY[-MM[-DD]].
  std::map<std::string, std::string> fields{};
};

struct Issue {
  std::string newsletter{};               // e.g. "ScatterAI"; empty when no capture says
  std::optional<int> number{};
  std::optional<Date> date{};
  std::string headline{};
  std::vector<Story> stories{};
  std::vector<std::filesystem::path> sources{};  // every capture merged into this issue
  // The site's page this issue was read from, when a capture is one: an absolute
  // http(s) URL (its <link rel="canonical">) or a path on the site ("/issues/3/",
  // a static build's issues/3/index.html). Its stories then link into that page
  // (page#story-N) rather than following UrlScheme::pattern. Empty otherwise.
  std::string page{};
};

// A story with the facts of its issue it needs to stand alone: what one index
// document stores, and what a search result shows.
struct StoryRecord {
  Story story{};
  std::string newsletter{};
  std::optional<int> issue{};
  std::optional<Date> date{};
};

// Where stories live on the newsletter's site. `pattern` may use {issue} (the
// number; the date, then the file stem, for an issue without one), {story},
// {date} and {id}; it is appended to `site_url`. An issue that knows its page
// (Issue::page) links there instead: `site_url` + page + "#story-N", or the
// page alone when it is an absolute URL.
struct UrlScheme {
  std::string site_url{};
  std::string pattern = "/issues/{issue}#story-{story}";
};

// A stable id: "3-1" for issue 3 story 1, "2026-02-09-1" when the issue has only a
// date, otherwise "<first source file stem>-1". Re-capturing an issue keeps its ids.
std::string story_id(const Issue& issue, const Story& story);

std::string story_url(const UrlScheme& scheme, const Issue& issue, const Story& story);

// Whether a corpus's own id can be a story id: 1 to 100 letters, digits, '-',
// '_', '.' and ':', so that it stands in a URL (/stories/{id}) as it is.
bool is_safe_story_id(std::string_view id);

// Fills Story::id (Story::source_id when set) and Story::url for every story of the issue.
void assign_ids_and_urls(Issue& issue, const UrlScheme& scheme);

// Title as a merge key: typography folded, case folded, punctuation and runs of
// space removed. "Mistral Releases ‘Pixtral’ 12B" -> "mistral releases pixtral 12b".
std::string normalised_title(std::string_view title);

}  // namespace scatter
