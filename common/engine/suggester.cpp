#include "engine/suggester.h"

#include "engine/highlight.h"
#include "index/stored_story.h"
#include "query/indexed_words.h"
#include "schema/schema.h"
#include "text/utf8.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <utility>

namespace scatter {
namespace {

// `text` escaped, with its first word start that begins with `typed` (lower
// case) in <mark>: how a completion shows what the reader typed.
std::string mark_typed(std::string_view text, std::string_view typed) {
  const std::string lower = to_lower(text);
  if (lower.size() == text.size()) {
    for (std::size_t at = lower.find(typed); at != std::string::npos; at = lower.find(typed, at + 1)) {
      const bool word_start = at == 0 || !std::isalnum(static_cast<unsigned char>(lower[at - 1]));
      if (!word_start) continue;
      return html_escape(text.substr(0, at)) + "<mark>" + html_escape(text.substr(at, typed.size())) + "</mark>" +
             html_escape(text.substr(at + typed.size()));
    }
  }
  return html_escape(text);
}

// Whether `name` or one of its words starts with `typed` (lower case).
bool name_starts_with(std::string_view name, std::string_view typed) {
  const std::string lower = to_lower(name);
  for (std::size_t at = lower.find(typed); at != std::string::npos; at = lower.find(typed, at + 1)) {
    if (at == 0 || !std::isalnum(static_cast<unsigned char>(lower[at - 1]))) return true;
  }
  return false;
}

}  // namespace

std::vector<Suggestion> Suggester::suggest(std::string_view typed, std::size_t limit) const {
  // Words stop at the first few: a completion is for a box, not a query.
  constexpr std::size_t kMaxWords = 8;
  constexpr unsigned kTitleExpansions = 50;
  constexpr int kWordsScanned = 2000;
  const std::string lower = to_lower(trim(typed));
  if (lower.empty()) return {};
  std::vector<std::string> words = query::indexed_words(lower);
  // The last word is the one being typed: keep the words nearest it.
  if (words.size() > kMaxWords) words.erase(words.begin(), words.end() - static_cast<long>(kMaxWords));
  const bool last_finished = !typed.empty() && std::isspace(static_cast<unsigned char>(typed.back()));
  const std::string last = words.empty() || last_finished ? std::string() : words.back();

  std::vector<Suggestion> out;
  std::set<std::string, std::less<>> seen;
  const auto add = [&](Suggestion suggestion) {
    if (out.size() < limit && seen.insert(to_lower(suggestion.text)).second) out.push_back(std::move(suggestion));
  };
  const std::size_t entity_share = std::max<std::size_t>(1, limit / 2);

  // Companies and topics the archive has, by any of their names, most stories first.
  // A company found by its own name comes before one found by an alias or a
  // product ("deep": DeepSeek before Google, for DeepMind).
  std::vector<std::pair<bool, Suggestion>> entities;  // (found by another name, suggestion)
  for (const Company& company : gazetteer_.companies()) {
    const bool by_name = name_starts_with(company.name, lower);
    bool by_other_name = false;
    for (const auto* names : {&company.aliases, &company.products}) {
      for (const std::string& name : *names) by_other_name = by_other_name || name_starts_with(name, lower);
    }
    if (!by_name && !by_other_name) continue;
    const Xapian::doccount stories = db_.get_termfreq(schema::company_term(company.name));
    if (stories == 0) continue;
    entities.push_back({!by_name, {SuggestionKind::kCompany, company.name, mark_typed(company.name, lower), stories}});
  }
  for (const Topic& topic : topics_.topics()) {
    if (!name_starts_with(topic.name, lower)) continue;
    const Xapian::doccount stories = db_.get_termfreq(schema::topic_term(topic.name));
    if (stories > 0) entities.push_back({false, {SuggestionKind::kTopic, topic.name, mark_typed(topic.name, lower), stories}});
  }
  std::stable_sort(entities.begin(), entities.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? !a.first : a.second.stories > b.second.stories;
  });
  if (entities.size() > entity_share) entities.resize(entity_share);
  for (auto& entity : entities) add(std::move(entity.second));

  // Titles with every word typed, the last as a word start.
  if (!words.empty()) {
    const std::string title_prefix(schema::kTitle.prefix);
    std::vector<Xapian::Query> parts;
    for (std::size_t i = 0; i + (last.empty() ? 0 : 1) < words.size(); ++i) parts.emplace_back(title_prefix + words[i]);
    if (!last.empty()) {
      parts.emplace_back(Xapian::Query::OP_WILDCARD, title_prefix + last, kTitleExpansions,
                         Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    }
    Xapian::Enquire enquire(db_);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()));
    enquire.set_sort_by_relevance_then_value(schema::kOrderSlot, true);
    const Xapian::MSet titles = enquire.get_mset(0, static_cast<Xapian::doccount>(limit - out.size()));
    std::set<std::string, std::less<>> whole(words.begin(), words.end()), starts;
    if (!last.empty()) whole.erase(last), starts.insert(last);
    const Highlighter highlighter(whole, starts, stemmer_);
    for (auto it = titles.begin(); it != titles.end(); ++it) {
      const StoryRecord record = decode_stored_story(it.get_document().get_data());
      add({SuggestionKind::kTitle, record.story.title, highlighter.mark_all(record.story.title), 1, record.story.id,
           record.story.url});
    }
  }

  // The archive's most frequent words with the last word's start, after the words before it.
  if (!last.empty() && out.size() < limit) {
    std::string head;
    for (std::size_t i = 0; i + 1 < words.size(); ++i) head += words[i] + " ";
    const std::string body_prefix = std::string(schema::kBody.prefix) + last;
    std::vector<std::pair<Xapian::doccount, std::string>> frequent;
    int scanned = 0;
    for (auto it = db_.allterms_begin(body_prefix); it != db_.allterms_end(body_prefix) && scanned < kWordsScanned;
         ++it, ++scanned) {
      std::string word = (*it).substr(schema::kBody.prefix.size());
      if (word.size() > last.size()) frequent.emplace_back(it.get_termfreq(), std::move(word));
    }
    std::sort(frequent.begin(), frequent.end(),
              [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    for (const auto& [stories, word] : frequent) {
      if (out.size() >= limit) break;
      add({SuggestionKind::kWord, head + word, html_escape(head) + mark_typed(word, last), stories});
    }
  }
  return out;
}

}  // namespace scatter
