#include "archive/merge.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <unordered_map>

namespace scatter {
namespace {

std::set<std::string> title_keys(const Issue& issue) {
  std::set<std::string> keys;
  for (const Story& story : issue.stories) keys.insert(normalised_title(story.title));
  return keys;
}

// Half of the smaller issue's stories must match: enough to survive a capture
// that lost a story, not so little that two issues sharing a headline merge.
bool titles_match(const Issue& a, const Issue& b) {
  const auto ka = title_keys(a);
  const auto kb = title_keys(b);
  std::size_t common = 0;
  for (const auto& key : ka) common += kb.count(key);
  const std::size_t smaller = std::min(ka.size(), kb.size());
  return common > 0 && common * 2 >= smaller;
}

bool same_issue(const Issue& a, const Issue& b) {
  if (a.number && b.number) return *a.number == *b.number;
  if (a.date && b.date && *a.date != *b.date) return false;
  return titles_match(a, b);
}

std::size_t text_size(const std::vector<std::string>& parts) {
  return std::accumulate(parts.begin(), parts.end(), std::size_t{0},
                         [](std::size_t n, const std::string& s) { return n + s.size(); });
}

void merge_story(Story& into, Story from) {
  if (text_size(from.paragraphs) > text_size(into.paragraphs)) into.paragraphs = std::move(from.paragraphs);
  if (from.bullets.size() > into.bullets.size()) into.bullets = std::move(from.bullets);
  if (into.title.empty()) into.title = std::move(from.title);
}

void merge_issue(Issue& into, Issue from, std::vector<Warning>& warnings) {
  const std::filesystem::path& first_source = into.sources.front();
  const std::filesystem::path& other_source = from.sources.front();
  if (into.date && from.date && *into.date != *from.date) {
    warnings.push_back({other_source, 0, "dates disagree for one issue: " + first_source.string() + " says " +
                                             into.date->iso() + ", this file says " + from.date->iso() +
                                             "; keeping " + into.date->iso()});
  }
  if (!into.number) into.number = from.number;
  if (!into.date) into.date = from.date;
  if (into.newsletter.empty()) into.newsletter = std::move(from.newsletter);
  if (into.headline.empty()) into.headline = std::move(from.headline);
  if (into.page.empty()) into.page = std::move(from.page);

  for (Story& story : from.stories) {
    const std::string key = normalised_title(story.title);
    auto match = std::find_if(into.stories.begin(), into.stories.end(),
                              [&](const Story& s) { return normalised_title(s.title) == key; });
    if (match != into.stories.end()) {
      merge_story(*match, std::move(story));
      continue;
    }
    const bool number_taken = std::any_of(into.stories.begin(), into.stories.end(),
                                          [&](const Story& s) { return s.number == story.number; });
    if (number_taken) {
      const int next = into.stories.back().number + 1;
      warnings.push_back({other_source, 0, "story " + std::to_string(story.number) + " '" + story.title +
                                               "' is not in " + first_source.string() + "; numbered " +
                                               std::to_string(next)});
      story.number = next;
    }
    into.stories.push_back(std::move(story));
    std::sort(into.stories.begin(), into.stories.end(),
              [](const Story& a, const Story& b) { return a.number < b.number; });
  }
  into.sources.insert(into.sources.end(), from.sources.begin(), from.sources.end());
}

// Captures with a header go first, so that their date and number anchor the
// issue, then by path: the merge is the same whatever order files were listed in.
bool anchor_order(const Capture& a, const Capture& b) {
  const int ra = (a.issue.number ? 2 : 0) + (a.issue.date ? 1 : 0);
  const int rb = (b.issue.number ? 2 : 0) + (b.issue.date ? 1 : 0);
  if (ra != rb) return ra > rb;
  return a.issue.sources < b.issue.sources;
}

}  // namespace

MergedArchive merge_captures(std::vector<Capture> captures) {
  std::vector<std::size_t> order(captures.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return anchor_order(captures[a], captures[b]); });
  MergedArchive out;
  // Numbered captures come first (anchor_order), and two numbered issues match
  // only by number: until the first unnumbered capture, a lookup by number is
  // the whole search. After it, issues are searched in order, as same_issue says.
  std::unordered_map<int, std::size_t> by_number;
  std::map<Date, std::vector<std::size_t>> by_date;
  std::vector<std::size_t> undated;
  for (const std::size_t position : order) {
    Capture& capture = captures[position];
    std::optional<std::size_t> target;
    if (capture.issue.number) {
      const auto found = by_number.find(*capture.issue.number);
      if (found != by_number.end()) target = found->second;
    } else {
      // An issue of another date never matches (same_issue), so only issues of
      // this date and undated ones are candidates, tried in the order made.
      std::vector<std::size_t> candidates = undated;
      if (capture.issue.date) {
        const auto dated = by_date.find(*capture.issue.date);
        if (dated != by_date.end()) candidates.insert(candidates.end(), dated->second.begin(), dated->second.end());
        std::sort(candidates.begin(), candidates.end());
      } else {
        candidates.resize(out.issues.size());
        std::iota(candidates.begin(), candidates.end(), std::size_t{0});
      }
      for (const std::size_t i : candidates) {
        if (same_issue(out.issues[i], capture.issue)) {
          target = i;
          break;
        }
      }
    }
    if (!target) {
      const std::size_t made = out.issues.size();
      if (capture.issue.number) by_number.emplace(*capture.issue.number, made);
      if (capture.issue.date) by_date[*capture.issue.date].push_back(made);
      else undated.push_back(made);
      out.issues.push_back(std::move(capture.issue));
      out.members.push_back({position});
    } else {
      Issue& issue = out.issues[*target];
      const bool was_undated = !issue.date;
      merge_issue(issue, std::move(capture.issue), out.warnings);
      if (was_undated && issue.date) {
        undated.erase(std::find(undated.begin(), undated.end(), *target));
        auto& same_day = by_date[*issue.date];
        same_day.insert(std::lower_bound(same_day.begin(), same_day.end(), *target), *target);
      }
      out.members[*target].push_back(position);
    }
  }
  std::vector<std::size_t> sorted(out.issues.size());
  std::iota(sorted.begin(), sorted.end(), std::size_t{0});
  std::stable_sort(sorted.begin(), sorted.end(), [&](std::size_t a, std::size_t b) {
    const Issue& x = out.issues[a];
    const Issue& y = out.issues[b];
    return std::tie(x.date, x.number, x.sources) < std::tie(y.date, y.number, y.sources);
  });
  MergedArchive result{.warnings = std::move(out.warnings)};
  result.issues.reserve(sorted.size());
  result.members.reserve(sorted.size());
  for (const std::size_t i : sorted) {
    result.issues.push_back(std::move(out.issues[i]));
    result.members.push_back(std::move(out.members[i]));
  }
  return result;
}

}  // namespace scatter
