#include "story/story.h"

#include "text/utf8.h"

#include <xapian.h>

#include <algorithm>

namespace scatter {
namespace {

void replace_all(std::string& text, std::string_view from, const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

}  // namespace

namespace {

// What names an issue in ids and links: its number, else its date, else the
// capture it came from.
std::string issue_key(const Issue& issue) {
  if (issue.number) return std::to_string(*issue.number);
  if (issue.date) return issue.date->iso();
  return issue.sources.empty() ? "issue" : issue.sources.front().stem().string();
}

}  // namespace

std::string story_id(const Issue& issue, const Story& story) {
  if (!story.source_id.empty()) return story.source_id;
  return issue_key(issue) + "-" + std::to_string(story.number);
}

bool is_safe_story_id(std::string_view id) {
  constexpr std::size_t kMaxIdLength = 100;
  if (id.empty() || id.size() > kMaxIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == ':';
  });
}

namespace {

std::string on_site(std::string base, const std::string& path) {
  if (base.empty()) return path;
  while (base.ends_with('/')) base.pop_back();
  // One slash between site and path, whichever side wrote it; fragments and
  // queries attach directly.
  if (!path.starts_with('/') && !path.starts_with('#') && !path.starts_with('?')) base += '/';
  return base + path;
}

bool is_absolute_url(std::string_view url) { return url.starts_with("https://") || url.starts_with("http://"); }

}  // namespace

std::string story_url(const UrlScheme& scheme, const Issue& issue, const Story& story) {
  if (!issue.page.empty()) {
    // The page's own fragment, if any, named a place on it, not a story.
    const std::string page = issue.page.substr(0, issue.page.find('#'));
    const std::string anchor = "#story-" + std::to_string(story.number);
    return is_absolute_url(page) ? page + anchor : on_site(scheme.site_url, page + anchor);
  }
  std::string path = scheme.pattern;
  replace_all(path, "{issue}", issue_key(issue));
  replace_all(path, "{story}", std::to_string(story.number));
  replace_all(path, "{date}", issue.date ? issue.date->iso() : "");
  replace_all(path, "{id}", story_id(issue, story));
  return on_site(scheme.site_url, path);
}

void assign_ids_and_urls(Issue& issue, const UrlScheme& scheme) {
  for (Story& story : issue.stories) {
    story.id = story_id(issue, story);
    story.url = story_url(scheme, issue, story);
  }
}

std::string normalised_title(std::string_view title) {
  const std::string folded = to_lower(fold_typography(title));
  std::string out;
  bool pending_space = false;
  for (Xapian::Utf8Iterator it(folded); it != Xapian::Utf8Iterator(); ++it) {
    const unsigned ch = *it;
    if (Xapian::Unicode::is_wordchar(ch)) {
      if (pending_space && !out.empty()) out += ' ';
      pending_space = false;
      Xapian::Unicode::append_utf8(out, ch);
    } else if (ch != '\'') {
      // Apostrophes join ("Google's" == "Googles"); anything else separates words.
      pending_space = true;
    }
  }
  return out;
}

}  // namespace scatter
