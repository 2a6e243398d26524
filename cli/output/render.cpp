#include "cli/output/render.h"

#include "engine/search_request.h"

#include <sstream>
#include <string_view>
#include <vector>

namespace scatter::cli {
namespace {

using nlohmann::json;

constexpr const char* kDot = " \xC2\xB7 ";  // " · "
constexpr const char* kBold = "\x1b[1m";
constexpr const char* kPlain = "\x1b[0m";

// The engine's titles, snippets and suggestions are HTML (escaped, matches in
// <mark>); a terminal gets the text, matches in bold only when it is a terminal.
std::string terminal_text(std::string_view html, bool bold) {
  static constexpr std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  std::string text;
  for (std::size_t i = 0; i < html.size();) {
    const std::string_view rest = html.substr(i);
    if (rest.starts_with("<mark>")) {
      text += bold ? kBold : "";
      i += 6;
      continue;
    }
    if (rest.starts_with("</mark>")) {
      text += bold ? kPlain : "";
      i += 7;
      continue;
    }
    bool entity = false;
    for (const auto& [name, character] : kEntities) {
      if (!rest.starts_with(name)) continue;
      text += character;
      i += name.size();
      entity = true;
      break;
    }
    if (!entity) text += html[i++];
  }
  return text;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : std::string(separator)) + part;
  return out;
}

std::string plural(std::uint64_t count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

// "2026-02-09 · DeepSeek · Training efficiency · /issues/3#story-1" from a
// story or a hit: when, who it is about, where to read it.
std::vector<std::string> details(const json& story) {
  std::vector<std::string> parts;
  if (story.at("date").is_string()) parts.push_back(story["date"].get<std::string>());
  if (!story.at("companies").empty()) parts.push_back(join(story["companies"].get<std::vector<std::string>>(), ", "));
  if (!story.at("topics").empty()) parts.push_back(story["topics"].front().at("name").get<std::string>());
  parts.push_back(story.at("url").get<std::string>());
  return parts;
}

// The details after the story's place in the archive, "#3.1".
std::string where(const json& story) {
  std::vector<std::string> parts = details(story);
  if (story.at("issue").is_number()) {
    parts.insert(parts.begin(), "#" + std::to_string(story["issue"].get<int>()) + "." +
                                    std::to_string(story.at("story").get<int>()));
  }
  return join(parts, kDot);
}

// The details after the story's id, for a list the reader picks from to `show`.
std::string id_and_details(const json& story) {
  std::vector<std::string> parts = details(story);
  parts.insert(parts.begin(), story.at("id").get<std::string>());
  return join(parts, kDot);
}

// "company: OpenAI 2 · Google 1": one line per facet in the body, company,
// topic, year, month, issue (the JSON object's keys come sorted by name).
void facet_lines(const json& facets, std::ostream& out) {
  if (facets.empty()) return;
  out << "\n";
  for (const Facet facet : kAllFacets) {
    const std::string name(facet_name(facet));
    if (!facets.contains(name)) continue;
    std::vector<std::string> counts;
    for (const json& value : facets[name]) {
      counts.push_back(value.at("value").get<std::string>() + " " + std::to_string(value.at("count").get<std::uint64_t>()));
    }
    out << name << ": " << (counts.empty() ? "(none)" : join(counts, kDot)) << "\n";
  }
}

void header(const json& body, std::ostream& out) {
  const auto total = body.at("total").at("estimate").get<std::uint64_t>();
  const auto shown = body.at("results").size();
  const std::string query = body.at("query").get<std::string>();
  out << plural(total, "story", "stories");
  if (!query.empty()) out << " for \"" << query << "\"";
  if (shown > 0 && shown < total) {
    const auto first = (body.at("page").get<std::uint64_t>() - 1) * body.at("per_page").get<std::uint64_t>() + 1;
    out << ", showing " << first << "-" << first + shown - 1;
  }
  out << "\n";
  const json& did_you_mean = body.at("did_you_mean");
  if (body.at("corrected").get<bool>()) {
    out << "No stories for \"" << query << "\"; showing \"" << did_you_mean.get<std::string>() << "\"\n";
  } else if (did_you_mean.is_string()) {
    out << "Did you mean: " << did_you_mean.get<std::string>() << "\n";
  }
  for (const json& note : body.at("notes")) out << "Note: " << note.get<std::string>() << "\n";
}

}  // namespace

std::string search_text(const json& body, const TextStyle& style) {
  std::ostringstream out;
  header(body, out);
  auto rank = (body.at("page").get<std::uint64_t>() - 1) * body.at("per_page").get<std::uint64_t>();
  for (const json& hit : body.at("results")) {
    out << "\n" << ++rank << ". " << terminal_text(hit.at("title_html").get<std::string>(), style.bold) << "\n"
        << "   " << where(hit) << "\n"
        << "   " << terminal_text(hit.at("snippet").get<std::string>(), style.bold) << "\n";
  }
  facet_lines(body.value("facets", json::object()), out);
  return out.str();
}

std::string story_text(const json& body, const TextStyle&) {
  std::ostringstream out;
  out << body.at("title").get<std::string>() << "\n" << where(body) << "\n";
  for (const json& paragraph : body.at("paragraphs")) out << "\n" << paragraph.get<std::string>() << "\n";
  if (!body.at("bullets").empty()) {
    out << "\nWhy it matters:\n";
    for (const json& bullet : body["bullets"]) out << "- " << bullet.get<std::string>() << "\n";
  }
  return out.str();
}

std::string issue_text(const json& body, const TextStyle&) {
  std::ostringstream out;
  const json& stories = body.at("stories");
  out << "Issue #" << body.at("issue").get<int>();
  if (body.at("date").is_string()) out << kDot << body["date"].get<std::string>();
  out << kDot << plural(stories.size(), "story", "stories") << "\n";
  for (const json& story : stories) {
    out << "\n" << story.at("story").get<int>() << ". " << story.at("title").get<std::string>() << "\n"
        << "   " << id_and_details(story) << "\n";
  }
  return out.str();
}

std::string related_text(const json& body, const TextStyle& style) {
  std::ostringstream out;
  const json& hits = body.at("results");
  out << plural(hits.size(), "story", "stories") << " like " << body.at("id").get<std::string>() << "\n";
  int rank = 0;
  for (const json& hit : hits) {
    out << "\n" << ++rank << ". " << terminal_text(hit.at("title_html").get<std::string>(), style.bold) << "\n"
        << "   " << id_and_details(hit) << "\n";
  }
  return out.str();
}

std::string suggestions_text(const json& body, const TextStyle& style) {
  std::ostringstream out;
  const json& suggestions = body.at("suggestions");
  if (suggestions.empty()) out << "No suggestions for \"" << body.at("query").get<std::string>() << "\"\n";
  for (const json& suggestion : suggestions) {
    const std::string kind = suggestion.at("kind").get<std::string>();
    out << terminal_text(suggestion.at("html").get<std::string>(), style.bold) << "  (" << kind;
    if (kind == "title") out << " " << suggestion.at("id").get<std::string>();
    else out << ", " << plural(suggestion.at("stories").get<std::uint64_t>(), "story", "stories");
    out << ")\n";
  }
  return out.str();
}

}  // namespace scatter::cli
