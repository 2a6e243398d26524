// The document data of a story in the index: the StoryRecord as compact JSON, so
// that a result renders without reading the archive again.
#pragma once

#include "story/story.h"

#include <stdexcept>
#include <string>
#include <string_view>

namespace scatter {

struct CorruptDocument : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string encode_stored_story(const StoryRecord& record);

// Throws CorruptDocument when `data` was not written by encode_stored_story().
StoryRecord decode_stored_story(std::string_view data);

}  // namespace scatter
