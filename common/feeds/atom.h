// A search as an Atom 1.0 feed (RFC 4287): the stories a saved search finds,
// newest first, for feed readers. Pure: a SearchResult in, XML text out.
#pragma once

#include "engine/search_request.h"

#include <string>

namespace scatter::feeds {

struct FeedInfo {
  std::string title{};        // "ScatterAI archive: sora; company OpenAI"
  std::string feed_id{};      // stable for the same search: made by feed_id_for()
  std::string self_url{};     // the feed's own absolute URL (rel="self"); empty: none (the CLI's)
  std::string page_url{};     // the same search on the search page (rel="alternate"); empty: none
  std::string base_url{};     // where a story's relative url is resolved ("http://host"); empty: none
};

// A stable id for the feed of a search, from its filters (q, companies,
// topics, issues, from, to) in a fixed order: a tag URI (RFC 4151). The same
// search, asked of searchd or of the CLI, has the same id.
std::string feed_id_for(const SearchRequest& search);

// A title for people: "ScatterAI archive: sora; company OpenAI; from 2026-01-01".
std::string feed_title(const SearchRequest& search);

// The request a feed runs for `filters`: its 20 newest stories.
inline constexpr int kFeedEntries = 20;
SearchRequest feed_request(SearchRequest filters);

// A stable id for a story: the same in every run and rebuild of the index,
// since story ids are made from the issue and the story's place in it.
std::string entry_id_for(const std::string& story_id);

// When an entry was updated: its issue's date at midnight UTC (RFC 3339); the
// first day of a date given by its month or year alone; 1970-01-01 for an
// undated story.
std::string entry_updated(const StoryRecord& record);

// The feed: one entry per hit, in the result's order. `updated` of the feed is
// its newest entry's (or 1970-01-01 with none). Every text is escaped for XML,
// and characters XML 1.0 forbids (C0 controls but tab and newlines) are dropped.
std::string atom_feed(const SearchResult& result, const FeedInfo& info);

}  // namespace scatter::feeds
