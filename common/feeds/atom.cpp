#include "feeds/atom.h"

#include "text/uri.h"

#include <algorithm>

namespace scatter::feeds {
namespace {

// Escapes text for XML content and attribute values, dropping what XML 1.0
// cannot carry at all.
std::string xml_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

bool is_absolute(const std::string& url) { return url.starts_with("http://") || url.starts_with("https://"); }

}  // namespace

std::string feed_id_for(const SearchRequest& search) {
  std::string query;
  const auto add = [&](std::string_view name, std::string_view value) {
    query += (query.empty() ? "" : "&") + std::string(name) + "=" + percent_encode(value);
  };
  add("q", search.q);
  for (const std::string& company : search.companies) add("company", company);
  for (const std::string& topic : search.topics) add("topic", topic);
  for (const int issue : search.issues) add("issue", std::to_string(issue));
  if (search.from) add("from", search.from->iso());
  if (search.to) add("to", search.to->iso());
  return "tag:scatter-archive,2026:search?" + query;
}

std::string feed_title(const SearchRequest& search) {
  std::string title;
  const auto add = [&](const std::string& part) { title += (title.empty() ? "" : "; ") + part; };
  if (!search.q.empty()) add(search.q);
  for (const std::string& company : search.companies) add("company " + company);
  for (const std::string& topic : search.topics) add("topic " + topic);
  for (const int issue : search.issues) add("issue " + std::to_string(issue));
  if (search.from) add("from " + search.from->iso());
  if (search.to) add("to " + search.to->iso());
  return "ScatterAI archive" + (title.empty() ? std::string() : ": " + title);
}

SearchRequest feed_request(SearchRequest filters) {
  filters.sort = SortOrder::kNewest;
  filters.page = 1;
  filters.per_page = kFeedEntries;
  filters.prefix = false;
  filters.collapse_by_issue = false;
  filters.facets.clear();
  return filters;
}

std::string entry_id_for(const std::string& story_id) { return "tag:scatter-archive,2026:story/" + story_id; }

std::string entry_updated(const StoryRecord& record) {
  if (!record.date) return "1970-01-01T00:00:00Z";
  return record.date->first_day().iso() + "T00:00:00Z";
}

std::string atom_feed(const SearchResult& result, const FeedInfo& info) {
  std::string newest = "1970-01-01T00:00:00Z";
  for (const SearchHit& hit : result.hits) newest = std::max(newest, entry_updated(hit.record));
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  xml += "  <title>" + xml_text(info.title) + "</title>\n";
  xml += "  <id>" + xml_text(info.feed_id) + "</id>\n";
  xml += "  <updated>" + newest + "</updated>\n";
  if (!info.self_url.empty()) {
    xml += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + xml_text(info.self_url) + "\"/>\n";
  }
  if (!info.page_url.empty()) {
    xml += "  <link rel=\"alternate\" type=\"text/html\" href=\"" + xml_text(info.page_url) + "\"/>\n";
  }
  xml += "  <author><name>ScatterAI archive search</name></author>\n";
  xml += "  <generator>scatter searchd</generator>\n";
  for (const SearchHit& hit : result.hits) {
    const std::string& url = hit.record.story.url;
    const std::string link = is_absolute(url) || info.base_url.empty() ? url : info.base_url + url;
    xml += "  <entry>\n";
    xml += "    <id>" + xml_text(entry_id_for(hit.record.story.id)) + "</id>\n";
    xml += "    <title>" + xml_text(hit.record.story.title) + "</title>\n";
    if (!link.empty()) xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"" + xml_text(link) + "\"/>\n";
    xml += "    <updated>" + entry_updated(hit.record) + "</updated>\n";
    // The snippet is HTML already escaped, matches in <mark>: carried as html.
    xml += "    <summary type=\"html\">" + xml_text(hit.snippet_html) + "</summary>\n";
    xml += "  </entry>\n";
  }
  xml += "</feed>\n";
  return xml;
}

}  // namespace scatter::feeds
