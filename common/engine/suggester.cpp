#include "engine/suggester.h"

#include "engine/highlight.h"
#include "index/stored_story.h"
#include "query/counting_weight.h"
#include "schema/schema.h"
#include "story/story.h"
#include "text/utf8.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

namespace scatter {
namespace {

// What one suggestion may cost, whatever the archive's size. One or two letters
// start tens of thousands of words in a million stories, and a common word
// before them is in most stories: each bound below stops a walk that would
// otherwise grow with the archive.
//
// Words of the spelling table read for a word start (about 0.1 microsecond
// each). Past this many, the words read are only the alphabetically first, and
// the common ones are found in a sample of stories instead.
constexpr std::size_t kWordsScanned = 10000;
// Stories, spread over the archive, whose words with the start are read when
// the spelling table has more than kWordsScanned of them. A word in one story
// in twenty is in a sample of 64 with a probability of 96%; one seen in fewer
// sampled stories than the minimum is rare.
constexpr Xapian::docid kWordSampleStories = 64;
constexpr Xapian::doccount kWordSampleMinimum = 2;
// Candidate words (from the table, and from the sample) whose stories are
// counted per field: three lookups each.
constexpr std::size_t kWordsLookedUp = 32;
// Filter terms (years, issue numbers) read for a start.
constexpr std::size_t kFilterTermsScanned = 2000;
// Stories holding the words before the last that are read for phrases: the
// first ones, which Xapian finds without ranking the rest; and the position
// lists read in them, which are most of the cost (a few microseconds each). On
// a small archive this is every such story and the counts are exact; past it
// they are the sample's, scaled to the archive.
constexpr Xapian::doccount kPhraseSampleStories = 200;
constexpr std::size_t kPositionListsRead = 500;
// Stories read for titles, per title wanted: titles alike are read and dropped.
constexpr Xapian::doccount kTitleStoriesPerTitle = 3;

using Completion = Suggester::Completion;

void most_stories_first(std::vector<Completion>& completions) {
  std::sort(completions.begin(), completions.end(), [](const Completion& a, const Completion& b) {
    return a.stories != b.stories ? a.stories > b.stories : a.text < b.text;
  });
}

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

// A title as a reader tells two apart in a dropdown: the merge key of titles
// (case, typography and punctuation folded) without numbers, so that
// "Lincoln Memorial Address (2)" and "lincoln memorial address." are one.
std::string title_likeness(std::string_view title) {
  std::string out;
  for (const char c : normalised_title(title)) {
    if (std::isdigit(static_cast<unsigned char>(c))) continue;
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Words with `start`, commonest first, from the spelling table (index/spelling.h:
// each word of the text fields of 3 letters or more, with its frequency). The
// term dictionary lists the same words per field, but walking it steps over
// each term's postings, which grow with the archive; the spelling table holds
// one small entry per word.
std::vector<Completion> spelled_words(const Xapian::Database& db, const std::string& start, bool& cut) {
  std::vector<Completion> out;
  Xapian::TermIterator word = db.spellings_begin();
  word.skip_to(start);
  for (std::size_t scanned = 0; word != db.spellings_end() && (*word).starts_with(start) && scanned < kWordsScanned;
       ++word, ++scanned) {
    if ((*word).size() > start.size()) out.push_back({*word, word.get_termfreq()});
  }
  cut = word != db.spellings_end() && (*word).starts_with(start);
  most_stories_first(out);
  return out;
}

// Words with `start` in a sample of stories spread over the archive, those in
// most sampled stories first: the common words are in any sample, and spread
// out it hears a corpus whose language changed over time whole.
std::vector<Completion> sampled_words(const Xapian::Database& db, const std::vector<std::string>& prefixes,
                                      const std::string& start) {
  std::map<std::string, Xapian::doccount> sampled;
  const Xapian::docid stride = std::max<Xapian::docid>(1, db.get_lastdocid() / kWordSampleStories);
  Xapian::PostingIterator story = db.postlist_begin("");
  for (Xapian::docid target = 1; story != db.postlist_end(""); target += stride) {
    story.skip_to(target);
    if (story == db.postlist_end("")) break;
    Xapian::TermIterator term = db.termlist_begin(*story);
    std::set<std::string, std::less<>> here;
    for (const std::string& prefix : prefixes) {
      const std::string first = prefix + start;
      for (term.skip_to(first); term != db.termlist_end(*story) && (*term).starts_with(first); ++term) {
        if ((*term).size() > first.size()) here.insert((*term).substr(prefix.size()));
      }
    }
    for (const std::string& word : here) ++sampled[word];
  }
  std::vector<Completion> out;
  for (const auto& [word, seen] : sampled) {
    if (seen >= kWordSampleMinimum) out.push_back({word, seen});
  }
  most_stories_first(out);
  return out;
}

// Words of the archive starting with `start` under any of `prefixes`, the
// stories holding each (in its field with the most), most stories first.
// `spelling`: where the spelling table is (the front's local copy when the
// stories are on remote shards, which serve none).
std::vector<Completion> frequent_words(const Xapian::Database& db, const Xapian::Database& spelling,
                                       const std::vector<std::string>& prefixes, const std::string& start) {
  bool cut = false;
  std::vector<Completion> candidates = spelled_words(spelling, start, cut);
  if (candidates.size() > kWordsLookedUp) candidates.resize(kWordsLookedUp);
  if (cut) {
    // The words read are only the alphabetically first: the common ones come from a sample.
    std::vector<Completion> sampled = sampled_words(db, prefixes, start);
    if (sampled.size() > kWordsLookedUp) sampled.resize(kWordsLookedUp);
    candidates.insert(candidates.end(), sampled.begin(), sampled.end());
  }
  std::map<std::string, Xapian::doccount> stories;
  for (const Completion& candidate : candidates) {
    Xapian::doccount& best = stories[candidate.text];
    for (const std::string& prefix : prefixes) best = std::max(best, db.get_termfreq(prefix + candidate.text));
  }
  std::vector<Completion> out;
  for (const auto& [word, count] : stories) {
    if (count > 0) out.push_back({word, count});  // 0: not in this field
  }
  most_stories_first(out);
  return out;
}

// The positions of each of `words` in story `id` under `prefix`, or nullopt
// when one of them is not there.
// `reads` counts the position lists read.
std::optional<std::vector<std::vector<Xapian::termpos>>> positions(const Xapian::Database& db, Xapian::docid id,
                                                                   const std::string& prefix,
                                                                   const std::vector<std::string>& words,
                                                                   std::size_t& reads) {
  std::vector<std::vector<Xapian::termpos>> out;
  for (const std::string& word : words) {
    ++reads;
    std::vector<Xapian::termpos>& at = out.emplace_back();
    for (auto it = db.positionlist_begin(id, prefix + word); it != db.positionlist_end(id, prefix + word); ++it) {
      at.push_back(*it);
    }
    if (at.empty()) return std::nullopt;
  }
  return out;
}

// Whether a word at one of `at` follows the words at `before` (in order, each
// right after the one before it).
bool follows(Xapian::PositionIterator at, const Xapian::PositionIterator& end,
             const std::vector<std::vector<Xapian::termpos>>& before) {
  for (; at != end; ++at) {
    bool all = true;
    for (std::size_t j = 0; all && j < before.size(); ++j) {
      const Xapian::termpos distance = static_cast<Xapian::termpos>(before.size() - j);
      all = *at > distance && std::binary_search(before[j].begin(), before[j].end(), *at - distance);
    }
    if (all) return true;
  }
  return false;
}

// Completions of `start` in stories that hold every word of `phrase`: those
// that follow the phrase there, and those that are merely in the same story.
struct PhraseSample {
  std::vector<Completion> phrases{}, words{};
};

PhraseSample sample_phrases(const Xapian::Database& db, const std::vector<std::string>& prefixes,
                            const std::vector<std::string>& phrase, const std::string& start) {
  std::vector<Xapian::Query> every_word;
  for (const std::string& word : phrase) {
    std::vector<Xapian::Query> in_any_field;
    for (const std::string& prefix : prefixes) in_any_field.emplace_back(prefix + word);
    every_word.emplace_back(Xapian::Query::OP_OR, in_any_field.begin(), in_any_field.end());
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, every_word.begin(), every_word.end()));
  enquire.set_weighting_scheme(query::CountingWeight());  // unranked: Xapian stops at the sample's size
  const Xapian::MSet sample = enquire.get_mset(0, kPhraseSampleStories, kPhraseSampleStories);

  std::map<std::string, Xapian::doccount> phrases, words;
  std::size_t reads = 0;
  Xapian::doccount checked = 0;
  for (auto story = sample.begin(); story != sample.end() && reads < kPositionListsRead; ++story, ++checked) {
    std::set<std::string, std::less<>> phrases_here, words_here;
    Xapian::TermIterator term = db.termlist_begin(*story);
    for (const std::string& prefix : prefixes) {  // in the termlist's order
      const std::string first = prefix + start;
      std::vector<std::string> candidates;
      for (term.skip_to(first); term != db.termlist_end(*story) && (*term).starts_with(first); ++term) {
        if ((*term).size() > first.size()) candidates.push_back(*term);
      }
      if (candidates.empty()) continue;  // no position list read for a field without completions
      for (const std::string& candidate : candidates) words_here.insert(candidate.substr(prefix.size()));
      const auto before = positions(db, *story, prefix, phrase, reads);
      for (std::size_t i = 0; before && i < candidates.size(); ++i, ++reads) {
        const std::string& candidate = candidates[i];
        if (follows(db.positionlist_begin(*story, candidate), db.positionlist_end(*story, candidate), *before)) {
          phrases_here.insert(candidate.substr(prefix.size()));
        }
      }
    }
    for (const std::string& word : phrases_here) ++phrases[word];
    for (const std::string& word : words_here) ++words[word];
  }
  // A sample that is not every such story speaks for the archive in proportion.
  const double holding = sample.size() < kPhraseSampleStories ? sample.size() : sample.get_matches_estimated();
  const double scale = checked == 0 ? 1.0 : holding / checked;
  const auto scaled = [scale](const std::map<std::string, Xapian::doccount>& counts) {
    std::vector<Completion> out;
    for (const auto& [word, count] : counts) {
      out.push_back({word, std::max<Xapian::doccount>(1, static_cast<Xapian::doccount>(std::lround(count * scale)))});
    }
    most_stories_first(out);
    return out;
  };
  return {scaled(phrases), scaled(words)};
}

// Filter terms of a boolean field (years, issue numbers) starting with `start`.
std::vector<Completion> filter_values(const Xapian::Database& db, std::string_view prefix, const std::string& start) {
  std::vector<Completion> out;
  const std::string term_start = std::string(prefix) + start;
  std::size_t scanned = 0;
  for (auto it = db.allterms_begin(term_start); it != db.allterms_end(term_start) && scanned < kFilterTermsScanned;
       ++it, ++scanned) {
    std::string value = (*it).substr(prefix.size());
    if (value.size() > start.size()) out.push_back({std::move(value), it.get_termfreq()});
  }
  most_stories_first(out);
  return out;
}

// Stories whose title holds every word typed, the word being typed as typed or
// as one of its commonest completions (a wildcard would read every title term
// with that start to choose), and that hold no word the reader excluded.
Xapian::Query title_query(const TypedText& text, std::size_t whole_words, const std::vector<Completion>& last_words) {
  const std::string title_prefix(schema::kTitle.prefix);
  std::vector<Xapian::Query> parts;
  for (std::size_t i = 0; i < whole_words; ++i) parts.emplace_back(title_prefix + text.words[i]);
  if (!text.word.empty()) {
    std::vector<Xapian::Query> last{Xapian::Query(title_prefix + text.word)};
    for (const Completion& word : last_words) last.emplace_back(title_prefix + word.text);
    parts.emplace_back(Xapian::Query::OP_OR, last.begin(), last.end());
  }
  const Xapian::Query query(Xapian::Query::OP_AND, parts.begin(), parts.end());
  std::vector<Xapian::Query> excluded;
  for (const std::string& word : text.excluded) {
    for (const schema::Field& field : {schema::kTitle, schema::kBody, schema::kWhy}) {
      excluded.emplace_back(std::string(field.prefix) + word);
    }
  }
  if (excluded.empty()) return query;
  return Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                       Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
}

bool is_entity(const Suggestion& suggestion) {
  return suggestion.kind == SuggestionKind::kCompany || suggestion.kind == SuggestionKind::kTopic;
}

}  // namespace

std::vector<Suggestion> Suggester::suggest(std::string_view typed, std::size_t limit) const {
  const std::string whole = to_lower(trim(typed));
  if (whole.empty()) return {};
  const TypedText text = read_typed(typed);

  const Completions completed = completions(text, limit);
  // Completions and entities by their own name compete on stories, an entity
  // first on a tie: its name is spelled as the archive's editors spell it.
  Entities found = entities(text, whole);
  std::vector<Suggestion> lead = as_suggestions(text, completed);
  lead.insert(lead.end(), found.by_name.begin(), found.by_name.end());
  std::stable_sort(lead.begin(), lead.end(), [](const Suggestion& a, const Suggestion& b) {
    return a.stories != b.stories ? a.stories > b.stories : is_entity(a) && !is_entity(b);
  });
  const std::vector<Suggestion> distinct_titles = titles(text, completed.found, limit);

  std::vector<Suggestion> out;
  std::set<std::string, std::less<>> seen;
  const auto add = [&](const std::vector<Suggestion>& from, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < std::min(end, from.size()) && out.size() < limit; ++i) {
      if (seen.insert(to_lower(from[i].text)).second) out.push_back(from[i]);
    }
  };
  const std::size_t share = std::max<std::size_t>(1, (limit * 3 + 7) / 8);  // 3 of 8
  add(lead, 0, share);
  add(distinct_titles, 0, share);
  add(found.by_other_name, 0, limit);
  add(lead, share, lead.size());
  add(distinct_titles, share, distinct_titles.size());
  return out;
}

Suggester::Entities Suggester::entities(const TypedText& text, std::string_view whole) const {
  // Without a field the whole text is a name; after company: or topic: its value is.
  const bool any = text.field.empty();
  const bool companies = any || (text.field == schema::kCompany.name && !text.word.empty());
  const bool topics = any || (text.field == schema::kTopic.name && !text.word.empty());
  const std::string_view typed = any ? whole : std::string_view(text.field_value);
  const auto suggestion = [&](SuggestionKind kind, const std::string& name, Xapian::doccount stories) {
    if (any) return Suggestion{kind, name, mark_typed(name, typed), stories};
    const std::string quote = name.find(' ') == std::string::npos ? "" : "\"";
    return Suggestion{kind, text.field_before + quote + name + quote,
                      html_escape(text.field_before + quote) + mark_typed(name, typed) + html_escape(quote), stories};
  };
  Entities out;
  if (companies) {
    for (const Company& company : gazetteer_.companies()) {
      const bool by_name = name_starts_with(company.name, typed);
      bool by_other_name = false;
      for (const auto* names : {&company.aliases, &company.products}) {
        for (const std::string& name : *names) by_other_name = by_other_name || name_starts_with(name, typed);
      }
      if (!by_name && !by_other_name) continue;
      const Xapian::doccount stories = db_.get_termfreq(schema::company_term(company.name));
      if (stories == 0) continue;
      (by_name ? out.by_name : out.by_other_name)
          .push_back(suggestion(SuggestionKind::kCompany, company.name, stories));
    }
  }
  if (topics) {
    for (const Topic& topic : topics_.topics()) {
      if (!name_starts_with(topic.name, typed)) continue;
      const Xapian::doccount stories = db_.get_termfreq(schema::topic_term(topic.name));
      if (stories > 0) out.by_name.push_back(suggestion(SuggestionKind::kTopic, topic.name, stories));
    }
  }
  for (auto* list : {&out.by_name, &out.by_other_name}) {
    std::stable_sort(list->begin(), list->end(),
                     [](const Suggestion& a, const Suggestion& b) { return a.stories > b.stories; });
  }
  return out;
}

Suggester::Completions Suggester::completions(const TypedText& text, std::size_t limit) const {
  Completions out;
  if (text.word.empty()) return out;
  if (text.field == schema::kYear.name || text.field == schema::kIssue.name) {
    out.found =
        filter_values(db_, text.field == schema::kYear.name ? schema::kYear.prefix : schema::kIssue.prefix, text.word);
  } else {
    std::vector<std::string> prefixes;  // in the order of a document's termlist: S, XB, XW
    for (const schema::Field& field : {schema::kTitle, schema::kBody, schema::kWhy}) {
      if (text.field.empty() || text.field == field.name) prefixes.emplace_back(field.prefix);
    }
    if (prefixes.empty()) return out;  // a field with no words to complete (company:, date:, ...)
    if (text.phrase.empty()) {
      out.found = frequent_words(db_, spelling_, prefixes, text.word);
    } else {
      // Phrases that occur; failing those, words found in the same stories as the words before.
      PhraseSample sample = sample_phrases(db_, prefixes, text.phrase, text.word);
      out.kind = sample.phrases.empty() ? SuggestionKind::kWord : SuggestionKind::kPhrase;
      out.found = std::move(sample.phrases.empty() ? sample.words : sample.phrases);
    }
  }
  if (out.found.size() > limit) out.found.resize(limit);
  return out;
}

std::vector<Suggestion> Suggester::as_suggestions(const TypedText& text, const Completions& completed) {
  const std::string close = text.in_open_quote ? "\"" : "";
  std::vector<Suggestion> out;
  for (const Completion& completion : completed.found) {
    out.push_back({completed.kind, text.before + completion.text + close,
                   html_escape(text.before) + mark_typed(completion.text, text.word) + html_escape(close),
                   completion.stories});
  }
  return out;
}

std::vector<Suggestion> Suggester::titles(const TypedText& text, const std::vector<Completion>& last_words,
                                          std::size_t wanted) const {
  // Titles are asked for words typed plainly or after title:; the words list
  // ends with the word being typed, when there is one.
  if (text.words.empty() || !(text.field.empty() || text.field == schema::kTitle.name)) return {};
  const std::size_t whole_words = text.words.size() - (text.word.empty() ? 0 : 1);
  // Unranked, in the order stories were indexed: Xapian stops at the first
  // few, where ranking would weigh every story holding a common word.
  const Xapian::Query query = title_query(text, whole_words, last_words);
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  enquire.set_weighting_scheme(query::CountingWeight());
  const Xapian::MSet stories = enquire.get_mset(0, static_cast<Xapian::doccount>(wanted) * kTitleStoriesPerTitle);

  std::set<std::string, std::less<>> whole(text.words.begin(), text.words.begin() + static_cast<long>(whole_words));
  std::set<std::string, std::less<>> starts;
  if (!text.word.empty()) starts.insert(text.word);
  const Highlighter highlighter(whole, starts, stemmer_);
  std::vector<Suggestion> out;
  std::set<std::string, std::less<>> seen;
  for (auto it = stories.begin(); it != stories.end() && out.size() < wanted; ++it) {
    const StoryRecord record = decode_stored_story(it.get_document().get_data());
    if (!seen.insert(title_likeness(record.story.title)).second) continue;
    out.push_back({SuggestionKind::kTitle, record.story.title, highlighter.mark_all(record.story.title), 1,
                   record.story.id, record.story.url});
  }
  return out;
}

}  // namespace scatter
