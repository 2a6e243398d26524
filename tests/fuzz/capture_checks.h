// What the indexer does with a reader's captures after parsing them (merge,
// then ids and urls), and the properties it relies on: every text field is
// valid UTF-8 (the index and the JSON answers hold it as such), and every story
// of an issue has an id of its own (the index replaces a story by its id term,
// so a shared id would lose a story).
#pragma once

#include "fuzz_support.h"

#include "archive/merge.h"
#include "story/story.h"
#include "text/utf8.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace scatter::fuzz {

inline bool valid_utf8(const std::string& text) { return clean_text(text).invalid_bytes == 0; }

inline void check_story_text(const Story& story) {
  require(valid_utf8(story.title), "a story title is valid UTF-8");
  for (const std::string& paragraph : story.paragraphs) require(valid_utf8(paragraph), "a paragraph is valid UTF-8");
  for (const std::string& bullet : story.bullets) require(valid_utf8(bullet), "a bullet is valid UTF-8");
}

inline void merge_and_check(std::vector<Capture> captures) {
  for (const Capture& capture : captures) {
    require(!capture.issue.stories.empty(), "a capture that parses holds a story");
    require(valid_utf8(capture.issue.newsletter) && valid_utf8(capture.issue.headline),
            "newsletter and headline are valid UTF-8");
    for (const Story& story : capture.issue.stories) check_story_text(story);
  }
  MergedArchive merged = merge_captures(std::move(captures));
  for (Issue& issue : merged.issues) {
    assign_ids_and_urls(issue, UrlScheme{});
    std::set<std::string> ids;
    for (const Story& story : issue.stories) {
      check_story_text(story);
      require(ids.insert(story.id).second, "the stories of an issue have distinct ids");
    }
  }
}

}  // namespace scatter::fuzz
