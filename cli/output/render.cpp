#include "cli/output/render.h"

#include "cli/output/terminal_text.h"
#include "engine/search_request.h"

#include <cstdint>
#include <sstream>
#include <string_view>
#include <vector>

namespace scatter::cli {
namespace {

using nlohmann::json;

constexpr std::string_view kDot = " \xC2\xB7 ";  // " · "

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : std::string(separator)) + part;
  return out;
}

std::string plural(std::uint64_t count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

// 1234567 -> "1,234,567": an estimate reads as a rough size, not a count to the unit.
std::string with_thousands(std::uint64_t count) {
  std::string digits = std::to_string(count);
  for (auto at = static_cast<std::ptrdiff_t>(digits.size()) - 3; at > 0; at -= 3) {
    digits.insert(static_cast<std::size_t>(at), ",");
  }
  return digits;
}

// "12 stories", or "about 2,400 stories" when the engine estimated rather than
// counted (total.exact false, on large archives).
std::string story_total(const json& total) {
  const auto estimate = total.at("estimate").get<std::uint64_t>();
  if (total.value("exact", true)) return plural(estimate, "story", "stories");
  return "about " + with_thousands(estimate) + (estimate == 1 ? " story" : " stories");
}

// "2026-02-09 · DeepSeek · Training efficiency · /issues/3#story-1" from a
// story or a hit: when, who it is about, where to read it.
std::vector<std::string> details(const json& story) {
  std::vector<std::string> parts;
  if (story.at("date").is_string()) parts.push_back(printable(story["date"]));
  std::vector<std::string> companies;
  for (const json& company : story.at("companies")) companies.push_back(printable(company));
  if (!companies.empty()) parts.push_back(join(companies, ", "));
  if (!story.at("topics").empty()) parts.push_back(printable(story["topics"].front().at("name")));
  parts.push_back(printable(story.at("url")));
  return parts;
}

// The story's id (what `show` and `related` take), then its details.
std::string id_and_details(const json& story) {
  std::vector<std::string> parts = details(story);
  parts.insert(parts.begin(), printable(story.at("id")));
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
      counts.push_back(printable(value.at("value")) + " " + std::to_string(value.at("count").get<std::uint64_t>()));
    }
    out << name << ": " << (counts.empty() ? "(none)" : join(counts, kDot)) << "\n";
  }
  // Then the declared fields', by name.
  for (const auto& [name, values] : facets.items()) {
    if (facet_from_name(name)) continue;
    std::vector<std::string> counts;
    for (const json& value : values) {
      counts.push_back(printable(value.at("value")) + " " + std::to_string(value.at("count").get<std::uint64_t>()));
    }
    out << printable(json(name)) << ": " << (counts.empty() ? "(none)" : join(counts, kDot)) << "\n";
  }
}

// "author: Ada Lovelace · words: 1200": a story's declared fields (fields.json)
// in name order; "" when it has none.
std::string fields_line(const json& story) {
  const json fields = story.value("fields", json::object());
  std::vector<std::string> parts;
  for (const auto& [name, value] : fields.items()) parts.push_back(printable(json(name)) + ": " + printable(value));
  return join(parts, kDot);
}

// "11-12" when the page holds only some of the stories, else "".
std::string shown_range(const json& body) {
  const auto total = body.at("total").at("estimate").get<std::uint64_t>();
  const auto shown = body.at("results").size();
  if (shown == 0 || shown >= total) return "";
  const auto first = (body.at("page").get<std::uint64_t>() - 1) * body.at("per_page").get<std::uint64_t>() + 1;
  return std::to_string(first) + "-" + std::to_string(first + shown - 1);
}

// How many stories, which of them are shown, and what the engine made of the
// query. A corrected query's stories are the correction's: the line says so
// once, rather than counting them for the words typed.
void search_header(const json& body, std::ostream& out) {
  const std::string query = printable(body.at("query"));
  const std::string count = story_total(body.at("total"));
  const std::string range = shown_range(body);
  const json& did_you_mean = body.at("did_you_mean");
  if (body.at("corrected").get<bool>() && did_you_mean.is_string()) {
    // No stories for "tarrifs"; showing 1-10 of 12 stories for "tariffs"
    out << "No stories for " << in_quotes(query) << "; showing " << (range.empty() ? "" : range + " of ") << count
        << " for " << in_quotes(printable(did_you_mean)) << "\n";
  } else {
    // 88 stories for "tariffs", showing 1-10
    out << count << (query.empty() ? "" : " for " + in_quotes(query)) << (range.empty() ? "" : ", showing " + range)
        << "\n";
    if (did_you_mean.is_string()) out << "Did you mean: " << printable(did_you_mean) << "\n";
  }
  for (const json& note : body.at("notes")) out << "Note: " << printable(note) << "\n";
  if (body.value("timed_out", false)) out << kTimedOutNote << "\n";
}

}  // namespace

std::string count_text(const json& body, const TextStyle&) {
  return std::to_string(body.at("total").at("estimate").get<std::uint64_t>()) + "\n";
}

std::string profile_text(const json& body, const TextStyle&) {
  std::ostringstream out;
  const bool company = body.at("kind") == "company";
  out << printable(body.at("name")) << kDot << (company ? "company" : "topic") << kDot
      << plural(body.at("stories").get<std::size_t>(), "story", "stories") << "\n";
  std::vector<std::string> also;
  for (const char* key : {"aliases", "products"}) {
    for (const json& name : body.value(key, json::array())) also.push_back(printable(name));
  }
  if (!also.empty()) {
    out << "Also: ";
    for (std::size_t i = 0; i < also.size(); ++i) out << (i ? ", " : "") << also[i];
    out << "\n";
  }
  const json& periods = body.at("per_period");
  if (!periods.empty()) {
    out << "\nStories per " << printable(body.at("interval")) << ":\n";
    for (const json& period : periods) {
      if (period.at("count").get<std::size_t>() == 0) continue;
      out << "  " << printable(period.at("period")) << "  " << period.at("count").get<std::size_t>() << "\n";
    }
  }
  for (const char* key : {"companies", "topics"}) {
    if (body.at(key).empty()) continue;
    out << "\nIn the same stories (" << key << "):";
    for (const json& value : body.at(key)) out << "\n  " << printable(value.at("value")) << "  " << value.at("count").get<std::size_t>();
    out << "\n";
  }
  if (!body.at("significant").empty()) {
    out << "\nWhat stands out in its stories:";
    for (const json& term : body.at("significant")) out << "\n  " << printable(term.at("term"));
    out << "\n";
  }
  if (!body.at("latest").empty()) out << "\nLatest:\n";
  for (const json& hit : body.at("latest")) {
    out << "  " << printable(hit.at("id")) << "  " << printable(hit.at("title")) << "\n";
  }
  if (body.value("timed_out", false)) out << kTimedOutNote << "\n";
  return out.str();
}

std::string significant_text(const json& body, const TextStyle&) {
  std::ostringstream out;
  const std::string field = body.at("field").get<std::string>();
  const std::string q = body.at("query").get<std::string>();
  out << "What stands out (" << (field == "words" ? "words" : field == "company" ? "companies" : "topics") << ") in "
      << body.at("foreground").get<std::uint64_t>() << " matching stories"
      << (q.empty() ? std::string() : " for \"" + terminal_text(q, false) + "\"") << ", against "
      << body.at("background").get<std::uint64_t>() << " in the archive:\n";
  if (body.at("terms").empty()) out << "  nothing: no term is notably more common there than in the whole archive\n";
  int rank = 0;
  for (const json& term : body.at("terms")) {
    out << "\n" << ++rank << ". " << terminal_text(term.at("term").get<std::string>(), false) << "  (score "
        << term.at("score").get<double>() << ": in " << term.at("foreground").get<std::uint64_t>() << " matching, "
        << term.at("background").get<std::uint64_t>() << " in the archive)\n";
    if (term.at("example").is_object()) {
      out << "   e.g. " << terminal_text(term.at("example").at("id").get<std::string>(), false) << "  "
          << terminal_text(term.at("example").at("title").get<std::string>(), false) << "\n";
    }
  }
  return out.str();
}

std::string search_text(const json& body, const TextStyle& style) {
  std::ostringstream out;
  search_header(body, out);
  auto rank = (body.at("page").get<std::uint64_t>() - 1) * body.at("per_page").get<std::uint64_t>();
  for (const json& hit : body.at("results")) {
    out << "\n" << ++rank << ". " << terminal_text(hit.at("title_html"), style.bold) << "\n"
        << "   " << id_and_details(hit) << "\n"
        << "   " << terminal_text(hit.at("snippet"), style.bold) << "\n";
    if (const std::string fields = fields_line(hit); !fields.empty()) out << "   " << fields << "\n";
  }
  if (const json& next = body.value("next_after", json()); next.is_string()) {
    out << "\nMore: the same search with --after " << next.get<std::string>() << "\n";
  }
  facet_lines(body.value("facets", json::object()), out);
  return out.str();
}

// "Earlier coverage:" and its links, each with where it is and why it is linked.
void thread_lines(const json& links, std::string_view heading, std::ostream& out) {
  if (links.empty()) return;
  out << "\n" << heading << ":\n";
  for (const json& link : links) {
    std::vector<std::string> parts{printable(link.at("id"))};
    if (link.at("date").is_string()) parts.push_back(printable(link["date"]));
    parts.push_back(printable(link.at("url")));
    out << "- " << printable(link.at("title")) << "\n  " << join(parts, kDot) << "\n  "
        << printable(link.at("reason")) << "\n";
  }
}

std::string story_text(const json& body, const TextStyle&) {
  std::ostringstream out;
  out << printable(body.at("title")) << "\n" << id_and_details(body) << "\n";
  if (const std::string fields = fields_line(body); !fields.empty()) out << fields << "\n";
  for (const json& paragraph : body.at("paragraphs")) out << "\n" << printable(paragraph) << "\n";
  if (!body.at("bullets").empty()) {
    out << "\nWhy it matters:\n";
    for (const json& bullet : body["bullets"]) out << "- " << printable(bullet) << "\n";
  }
  // A server older than story threads sends neither list.
  thread_lines(body.value("earlier", json::array()), "Earlier coverage", out);
  thread_lines(body.value("later", json::array()), "Later coverage", out);
  if (body.value("timed_out", false)) out << "\n" << kTimedOutNote << "\n";
  return out.str();
}

std::string issue_text(const json& body, const TextStyle&) {
  std::ostringstream out;
  const json& stories = body.at("stories");
  // An issue without a number is known by its key, its date as a rule: not said twice.
  const bool numbered = body.at("issue").is_number();
  const std::string name = numbered ? "#" + std::to_string(body["issue"].get<int>()) : printable(body.at("key"));
  out << "Issue " << name;
  if (body.at("date").is_string() && printable(body["date"]) != name) out << kDot << printable(body["date"]);
  out << kDot << plural(stories.size(), "story", "stories") << "\n";
  for (const json& story : stories) {
    out << "\n" << story.at("story").get<int>() << ". " << printable(story.at("title")) << "\n"
        << "   " << id_and_details(story) << "\n";
  }
  return out.str();
}

std::string related_text(const json& body, const TextStyle& style) {
  std::ostringstream out;
  const json& hits = body.at("results");
  out << plural(hits.size(), "story", "stories") << " like " << printable(body.at("id")) << "\n";
  if (body.value("timed_out", false)) out << kTimedOutNote << "\n";
  int rank = 0;
  for (const json& hit : hits) {
    out << "\n" << ++rank << ". " << terminal_text(hit.at("title_html"), style.bold) << "\n"
        << "   " << id_and_details(hit) << "\n";
  }
  return out.str();
}

std::string suggestions_text(const json& body, const TextStyle& style) {
  std::ostringstream out;
  const json& suggestions = body.at("suggestions");
  if (suggestions.empty()) out << "No suggestions for " << in_quotes(printable(body.at("query"))) << "\n";
  for (const json& suggestion : suggestions) {
    const std::string kind = printable(suggestion.at("kind"));
    out << terminal_text(suggestion.at("html"), style.bold) << "  (" << kind;
    if (kind == "title") out << " " << printable(suggestion.at("id"));
    else out << ", " << plural(suggestion.at("stories").get<std::uint64_t>(), "story", "stories");
    out << ")\n";
  }
  return out.str();
}

}  // namespace scatter::cli
