#include "json/to_json.h"

#include <cmath>

namespace scatter {
namespace {

nlohmann::json optional_int(const std::optional<int>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json optional_date(const std::optional<Date>& value) {
  return value ? nlohmann::json(value->iso()) : nlohmann::json(nullptr);
}

double rounded(double value, double scale) { return std::round(value * scale) / scale; }

nlohmann::json topics_json(const std::vector<TopicScore>& topics) {
  nlohmann::json list = nlohmann::json::array();
  for (const TopicScore& topic : topics) list.push_back({{"name", topic.name}, {"score", rounded(topic.score, 100)}});
  return list;
}

// {"company": [{"value": "OpenAI", "count": 3}, ...], ...}: one key per facet asked for.
nlohmann::json facets_json(const std::vector<FacetCounts>& facets) {
  nlohmann::json out = nlohmann::json::object();
  for (const FacetCounts& facet : facets) {
    nlohmann::json values = nlohmann::json::array();
    for (const FacetValue& value : facet.values) values.push_back({{"value", value.value}, {"count", value.count}});
    out[facet.field.empty() ? std::string(facet_name(facet.facet)) : facet.field] = values;
  }
  return out;
}

// Only when the corpus declares fields: other archives' JSON stays as it was.
void add_fields(nlohmann::json& out, const Story& story) {
  if (!story.fields.empty()) out["fields"] = story.fields;
}

}  // namespace

nlohmann::json to_json(const StoryRecord& record) {
  const Story& story = record.story;
  nlohmann::json out{{"id", story.id},
          {"newsletter", record.newsletter},
          {"issue", optional_int(record.issue)},
          {"story", story.number},
          {"date", optional_date(record.date)},
          {"title", story.title},
          {"url", story.url},
          {"companies", story.companies},
          {"topics", topics_json(story.topics)},
          {"paragraphs", story.paragraphs},
          {"bullets", story.bullets}};
  add_fields(out, story);
  return out;
}

nlohmann::json to_json(const StoryRecord& record, const StoryThread& thread) {
  const auto links = [](const std::vector<ThreadLink>& from) {
    nlohmann::json out = nlohmann::json::array();
    for (const ThreadLink& link : from) {
      out.push_back({{"id", link.record.story.id},
                     {"title", link.record.story.title},
                     {"url", link.record.story.url},
                     {"issue", optional_int(link.record.issue)},
                     {"date", optional_date(link.record.date)},
                     {"score", link.score},
                     {"reason", link.reason}});
    }
    return out;
  };
  nlohmann::json out = to_json(record);
  out["earlier"] = links(thread.earlier);
  out["later"] = links(thread.later);
  if (thread.timed_out) out["timed_out"] = true;
  return out;
}

nlohmann::json to_json(const SearchHit& hit) {
  const StoryRecord& record = hit.record;
  nlohmann::json out{{"id", record.story.id},
          {"issue", optional_int(record.issue)},
          {"story", record.story.number},
          {"date", optional_date(record.date)},
          {"title", record.story.title},
          {"title_html", hit.title_html},
          {"url", record.story.url},
          {"snippet", hit.snippet_html},
          {"companies", record.story.companies},
          {"topics", topics_json(record.story.topics)},
          {"bullets", record.story.bullets},
          {"score", rounded(hit.score, 1e4)}};
  add_fields(out, record.story);
  return out;
}

nlohmann::json to_json(const SearchResult& result) {
  nlohmann::json hits = nlohmann::json::array();
  for (const SearchHit& hit : result.hits) hits.push_back(to_json(hit));
  return {{"query", result.query},
          {"interpreted_as", result.interpreted_as},
          {"notes", result.notes},
          {"fell_back_to_plain", result.fell_back_to_plain},
          {"did_you_mean", result.did_you_mean ? nlohmann::json(*result.did_you_mean) : nlohmann::json(nullptr)},
          {"corrected", result.corrected},
          {"total", {{"estimate", result.total_estimate},
                     {"lower_bound", result.total_lower},
                     {"upper_bound", result.total_upper},
                     {"exact", result.total_is_exact()}}},
          {"page", result.page},
          {"per_page", result.per_page},
          {"took_ms", rounded(result.took_ms, 1e3)},
          {"timed_out", result.timed_out},
          {"partial", !result.missing_shards.empty()},
          {"missing_shards", result.missing_shards},
          {"results", hits},
          {"next_after", result.next_after.empty() ? nlohmann::json(nullptr) : nlohmann::json(result.next_after)},
          {"facets", facets_json(result.facets)}};
}

nlohmann::json to_json(const IssueListing& issue) {
  nlohmann::json stories = nlohmann::json::array();
  for (const StoryRecord& record : issue.stories) stories.push_back(to_json(record));
  return {{"issue", optional_int(issue.number)},
          {"key", issue.key},
          {"date", optional_date(issue.date)},
          {"newsletter", issue.newsletter},
          {"stories", stories}};
}

nlohmann::json to_json(const TrendsResult& trends) {
  const bool split = trends.by != TrendSplit::kNone;
  nlohmann::json periods = nlohmann::json::array();
  for (const TrendPeriod& period : trends.periods) {
    nlohmann::json row{{"period", period.period},
                       {"start", period.start.iso()},
                       {"count", period.count},
                       {"archive_count", period.archive_count}};
    if (split) {
      nlohmann::json by = nlohmann::json::object();
      for (std::size_t i = 0; i < period.by.size() && i < trends.series.size(); ++i) by[trends.series[i]] = period.by[i];
      row["by"] = by;
    }
    periods.push_back(std::move(row));
  }
  return {{"query", trends.query},
          {"interpreted_as", trends.interpreted_as},
          {"notes", trends.notes},
          {"interval", std::string(interval_name(trends.interval))},
          {"by", split ? nlohmann::json(std::string(split_name(trends.by))) : nlohmann::json(nullptr)},
          {"total", trends.total},
          {"undated", trends.undated},
          {"series", trends.series},
          {"periods", periods},
          {"took_ms", rounded(trends.took_ms, 1e3)},
          {"timed_out", trends.timed_out},
          {"partial", !trends.missing_shards.empty()},
          {"missing_shards", trends.missing_shards}};
}

namespace {

nlohmann::json terms_json(const std::vector<SignificantTerm>& significant) {
  nlohmann::json terms = nlohmann::json::array();
  for (const SignificantTerm& term : significant) {
    nlohmann::json example = nullptr;
    if (term.example) {
      example = {{"id", term.example->story.id}, {"title", term.example->story.title}, {"url", term.example->story.url},
                 {"date", optional_date(term.example->date)}};
    }
    terms.push_back({{"term", term.term},
                     {"score", rounded(term.score, 1e6)},
                     {"foreground", term.foreground},
                     {"background", term.background},
                     {"example", example}});
  }
  return terms;
}

nlohmann::json values_json(const std::vector<FacetValue>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (const FacetValue& value : values) out.push_back({{"value", value.value}, {"count", value.count}});
  return out;
}

}  // namespace

nlohmann::json to_json(const SignificantResult& significant) {
  const nlohmann::json terms = terms_json(significant.terms);
  return {{"query", significant.query},
          {"field", std::string(significant_field_name(significant.field))},
          {"foreground", significant.foreground},
          {"background", significant.background},
          {"terms", terms},
          {"took_ms", rounded(significant.took_ms, 1e3)},
          {"timed_out", significant.timed_out},
          {"partial", !significant.missing_shards.empty()},
          {"missing_shards", significant.missing_shards}};
}

nlohmann::json to_json(const EntityProfile& profile) {
  nlohmann::json per_month = nlohmann::json::array();
  for (const TrendPeriod& period : profile.per_month.periods) {
    per_month.push_back({{"period", period.period}, {"count", period.count}, {"archive_count", period.archive_count}});
  }
  nlohmann::json latest = nlohmann::json::array();
  for (const SearchHit& hit : profile.latest) latest.push_back(to_json(hit));
  nlohmann::json body{{"kind", std::string(entity_kind_name(profile.kind))},
                      {"name", profile.name},
                      {"stories", profile.stories},
                      {"interval", std::string(interval_name(profile.per_month.interval))},
                      {"per_period", per_month},
                      {"undated", profile.per_month.undated},
                      {"companies", values_json(profile.companies)},
                      {"topics", values_json(profile.topics)},
                      {"significant", terms_json(profile.significant)},
                      {"latest", latest},
                      {"timed_out", profile.timed_out},
                      {"partial", !profile.missing_shards.empty()},
                      {"missing_shards", profile.missing_shards}};
  if (profile.kind == EntityKind::kCompany) {
    body["aliases"] = profile.aliases;
    body["products"] = profile.products;
  }
  return body;
}

nlohmann::json to_json(std::string_view id, const RelatedStories& related) {
  nlohmann::json hits = nlohmann::json::array();
  for (const SearchHit& hit : related.hits) hits.push_back(to_json(hit));
  return {{"id", id}, {"results", hits}, {"timed_out", related.timed_out}};
}

nlohmann::json to_json(std::string_view typed, const std::vector<Suggestion>& suggestions) {
  nlohmann::json list = nlohmann::json::array();
  for (const Suggestion& suggestion : suggestions) {
    nlohmann::json row{{"kind", std::string(suggestion_kind_name(suggestion.kind))},
                       {"text", suggestion.text},
                       {"html", suggestion.html},
                       {"stories", suggestion.stories}};
    if (suggestion.kind == SuggestionKind::kTitle) {
      row["id"] = suggestion.story_id;
      row["url"] = suggestion.url;
    }
    list.push_back(std::move(row));
  }
  return {{"query", std::string(typed)}, {"suggestions", list}};
}

nlohmann::json to_json(const Issue& issue) {
  nlohmann::json stories = nlohmann::json::array();
  for (const Story& story : issue.stories) {
    stories.push_back({{"number", story.number},
                       {"title", story.title},
                       {"paragraphs", story.paragraphs},
                       {"bullets", story.bullets},
                       {"companies", story.companies},
                       {"topics", topics_json(story.topics)}});
  }
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& source : issue.sources) sources.push_back(source.filename().string());
  return {{"newsletter", issue.newsletter}, {"issue", optional_int(issue.number)},
          {"date", optional_date(issue.date)}, {"headline", issue.headline},
          {"sources", sources},           {"stories", stories}};
}

}  // namespace scatter
