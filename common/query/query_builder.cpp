#include "query/query_builder.h"

#include "query/indexed_words.h"
#include "schema/schema.h"
#include "story/date.h"
#include "text/utf8.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <deque>
#include <map>
#include <set>

namespace scatter::query {
namespace {

// Every document. Not Xapian::Query::MatchAll: that is one global object whose
// reference count is not atomic, so copying it from several searchd threads at
// once corrupted the count and freed it under a running search (a segfault in
// Query::get_length, found by the hot-reload test under load). A query built
// here is the same query (the empty term) and belongs to its own thread.
Xapian::Query match_all() { return Xapian::Query(std::string()); }

// A word like "the" matches nearly every story: it may still tip a tie, but must
// not outweigh a word that carries meaning.
constexpr double kStopwordScale = 0.05;
// The exact form of a word over a stemmed one: enough to order stories that
// match the same words, far from a word's bonus.
constexpr double kExactScale = 0.15;
// A synonym is good evidence, a little less than the word the reader typed.
constexpr double kSynonymScale = 0.9;
// Words of the query close together in a field: worth about half a word more
// than the same words scattered (a pair's NEAR holds two words' bonuses).
constexpr double kProximityScale = 0.25;
constexpr std::size_t kMaxProximityWords = 6;
// Completions of a word start, most frequent first: enough for as-you-type,
// bounded so that a one-letter start cannot expand to the whole vocabulary.
constexpr Xapian::termcount kPrefixExpansion = 64;

constexpr std::array<std::string_view, 3> kTextPrefixes = {schema::kTitle.prefix, schema::kBody.prefix,
                                                           schema::kWhy.prefix};

// TermGenerator stems no word that starts with a digit ("12b", "1.5").
bool has_stem(std::string_view word) { return !word.empty() && !std::isdigit(static_cast<unsigned char>(word[0])); }

using Prefixes = std::vector<std::string_view>;

Prefixes text_prefixes(std::string_view field) {
  if (field == schema::kTitle.name) return {schema::kTitle.prefix};
  if (field == schema::kBody.name) return {schema::kBody.prefix};
  if (field == schema::kWhy.name) return {schema::kWhy.prefix};
  return {kTextPrefixes.begin(), kTextPrefixes.end()};
}

bool is_text_field(std::string_view field) {
  return field == schema::kTitle.name || field == schema::kBody.name || field == schema::kWhy.name;
}

// Whether `text`, typed alone, is read as the plain word it is, and not as an
// operator ("and", "&&"), a mark ("-x"), a field ("a:b") or several words.
bool reads_back_as_word(const std::string& text) {
  const ParseOutcome outcome = parse(text);
  const Node* root = &outcome.root;
  if (root->kind == Node::Kind::kSequence && root->children.size() == 1) root = &root->children.front();
  return outcome.problem.empty() && root->kind == Node::Kind::kWord && root->field.empty() &&
         root->mark == Node::Mark::kNone && root->text == text;
}

// A field's value as the language writes it: quoted when it holds what ends a
// bare word for the parser (a space of any kind, a parenthesis; a quote
// cannot be in it, as one ends a quoted value), or is empty (`company:""`;
// bare, `company:` would not read back).
std::string quoted_if_spaced(std::string_view text) {
  const bool bare = !text.empty() && text.find_first_of(" \t\n\r\f\v()") == std::string_view::npos;
  return bare ? std::string(text) : "\"" + std::string(text) + "\"";
}

std::optional<long long> parse_number(std::string_view text) {
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// 8-digit keys compare as numbers: one more or one less is the next key.
std::string key_plus(std::string_view key, long long delta) {
  const long long value = *parse_number(key) + delta;
  std::string out = std::to_string(std::max(0LL, value));
  return std::string(8 - std::min<std::size_t>(8, out.size()), '0') + out;
}

struct Range {
  std::string_view low, high;  // either may be empty: open
  bool is_range = false;
};

Range split_range(std::string_view text) {
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) return {text, text, false};
  return {text.substr(0, dots), text.substr(dots + 2), true};
}

struct Part {
  enum class Kind { kNone, kText, kFilter };
  Kind kind = Kind::kNone;
  Xapian::Query query{};
  std::string reading{};
  bool compound = false;  // reading needs parentheses inside another operator
};

Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts) {
  if (parts.size() == 1) return parts.front();
  return Xapian::Query(op, parts.begin(), parts.end());
}

class Builder {
 public:
  Builder(const QueryContext& context, BuiltQuery& out) : context_(context), out_(out) {}

  Part build(const Node& node) {
    switch (node.kind) {
      case Node::Kind::kWord:
        if (node.field.empty()) {
          // A plain word alone is a sequence of one: synonyms apply to it too.
          Node alone{.kind = Node::Kind::kSequence};
          alone.children.push_back(Node{.kind = Node::Kind::kWord, .text = node.text});
          return sequence(alone);
        }
        return word_node(node.text, node.field);
      case Node::Kind::kPhrase: return phrase_node(node.text, node.field);
      case Node::Kind::kPrefix: return prefix_node(node.text, node.field);
      case Node::Kind::kField: return field_node(node);
      case Node::Kind::kSequence: return sequence(node);
      case Node::Kind::kAnd:
      case Node::Kind::kOr: return boolean(node);
    }
    return {};
  }

 private:
  // `typed`: the reader typed this word (not a synonym we added), so a word the
  // archive lacks is worth a spelling correction.
  Xapian::Query word_group(const std::string& word, const Prefixes& prefixes, bool with_stems, bool typed = true) {
    // In every text field: the all-fields terms (schema::all_fields_term), one
    // posting list each. In some fields: one synonym of the fields' terms, which
    // counts as one word of the query, its fields' frequencies added
    // (archive_weight.h).
    const bool every_field = prefixes.size() == kTextPrefixes.size();
    const auto terms = [&](const std::string& start, const std::string& text) {
      if (every_field) return Xapian::Query(start + text);
      std::vector<Xapian::Query> per_field;
      for (const std::string_view prefix : prefixes) per_field.emplace_back(start + std::string(prefix) + text);
      return Xapian::Query(Xapian::Query::OP_SYNONYM, per_field.begin(), per_field.end());
    };
    Xapian::Query group = terms("", word);
    if (with_stems && has_stem(word) && !context_.exact_form_bonus) {
      group = terms(std::string(schema::kStemPrefix), stemmer_(word));
    } else if (with_stems && has_stem(word)) {
      // The stems find every form of the word; the exact form then adds a
      // little, looked up only for stories the stems found. (One synonym of both
      // would read a word's postings twice: "model" is its own stem.)
      group = Xapian::Query(Xapian::Query::OP_AND_MAYBE, terms(std::string(schema::kStemPrefix), stemmer_(word)),
                            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, group, kExactScale));
    }
    out_.highlight.words.insert(word);
    if (is_stopword(word)) return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, group, kStopwordScale);
    if (typed) note_if_unknown(word, prefixes);
    return group;
  }

  Xapian::Query phrase(const std::vector<std::string>& words, const Prefixes& prefixes) {
    if (words.size() == 1) return word_group(words.front(), prefixes, false);
    for (const std::string& word : words) out_.highlight.words.insert(word);
    if (context_.only_counts && words.size() == 2 && prefixes.size() == kTextPrefixes.size()) {
      // Two words side by side in any field are exactly the stories with
      // their pair: pairs are read from the fields' positions, never across
      // two fields.
      return Xapian::Query(schema::word_pair_term(words[0], words[1]));
    }
    // Only a story with each pair of neighbouring words can hold the phrase
    // (schema::word_pair_term). ANDed with the phrase itself (OP_FILTER), the
    // pairs join the AND of its words, and Xapian 1.4 checks positions above
    // that AND: only in stories that have every word and every pair, walking
    // the rarest list. (Around an OR of the fields' phrases the filter would
    // not help: a phrase inside an OR checks positions in its own list,
    // candidate after candidate, before the filter is asked.) The filter
    // weighs nothing, so scores are the phrase's own.
    std::vector<Xapian::Query> pair_terms;
    std::set<std::string> seen;
    for (std::size_t i = 1; i < words.size(); ++i) {
      std::string pair = schema::word_pair_term(words[i - 1], words[i]);
      if (seen.insert(pair).second) pair_terms.emplace_back(std::move(pair));
    }
    const Xapian::Query pairs = combine(Xapian::Query::OP_AND, pair_terms);
    std::vector<Xapian::Query> per_field;
    for (const std::string_view prefix : prefixes) {
      std::vector<Xapian::Query> terms;
      for (const std::string& word : words) terms.emplace_back(std::string(prefix) + word);
      const auto window = static_cast<Xapian::termcount>(terms.size());
      const Xapian::Query in_field(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), window);
      per_field.push_back(positional(Xapian::Query(Xapian::Query::OP_FILTER, in_field, pairs)));
    }
    return combine(Xapian::Query::OP_OR, per_field);
  }

  // A word the archive never has in this exact form is a spelling candidate,
  // even when its stem matches ("mistrall" stems to "mistral"): the engine only
  // offers a correction that finds more of the query.
  void note_if_unknown(const std::string& word, const Prefixes& prefixes) {
    if (reading_as_words_ || word.size() < 3 || !has_stem(word) || context_.companies.find(word) != nullptr) return;
    for (const std::string_view prefix : prefixes) {
      if (context_.db.term_exists(std::string(prefix) + word)) return;
    }
    if (std::find(out_.unknown_words.begin(), out_.unknown_words.end(), word) == out_.unknown_words.end()) {
      out_.unknown_words.push_back(word);
    }
  }

  static std::string field_reading(std::string_view field, const std::string& text) {
    return field.empty() ? text : std::string(field) + ":" + text;
  }

  // A word longer than the indexer keeps (Xapian's TermGenerator drops words
  // over 64 bytes) cannot be in any story: it matches nothing, and says so,
  // rather than vanishing and leaving a query that matches everything.
  bool unindexable(const std::string& text, const std::vector<std::string>& words) {
    if (!words.empty()) return false;
    const std::string shown = text.substr(0, 40) + (text.size() > 40 ? "…" : "");
    bool has_word_character = false;
    for (Xapian::Utf8Iterator it(text); it != Xapian::Utf8Iterator(); ++it) {
      has_word_character = has_word_character || Xapian::Unicode::is_wordchar(*it);
    }
    if (!has_word_character) {
      // An emoji or punctuation alone: nothing the archive indexes, and no
      // reason to call it a long word.
      if (text.find_first_not_of("+-*:\"'()") != std::string::npos) {
        out_.notes.push_back(shown + ": no letters or digits to search for; ignored");
      }
      return false;
    }
    out_.notes.push_back(shown + ": a word longer than the archive indexes (64 bytes) matches no story");
    return true;
  }

  Part word_node(const std::string& text, const std::string& field) {
    const std::vector<std::string> words = indexed_words(text);
    if (unindexable(text, words)) return {Part::Kind::kText, Xapian::Query::MatchNothing, field_reading(field, text)};
    if (words.empty()) return {.reading = field_reading(field, text)};
    const Prefixes prefixes = prefixes_of(field);
    // "DeepSeek-R1" is one token of two words: they must stand together.
    Xapian::Query query = words.size() == 1 ? word_group(words.front(), prefixes, true) : phrase(words, prefixes);
    return {Part::Kind::kText, query, field_reading(field, text)};
  }

  Part phrase_node(const std::string& text, const std::string& field) {
    const std::vector<std::string> words = indexed_words(text);
    const std::string reading = field_reading(field, "\"" + text + "\"");
    if (words.empty()) return {.reading = reading};
    return {Part::Kind::kText, phrase(words, prefixes_of(field)), reading};
  }

  Part prefix_node(const std::string& text, const std::string& field) {
    const std::vector<std::string> words = indexed_words(text);
    const std::string reading = field_reading(field, text + "*");
    if (words.empty()) return {.reading = reading};
    const Prefixes prefixes = prefixes_of(field);
    // "deepseek-r" as typed so far: the words before the last stand as a phrase.
    const std::string& start = words.back();
    out_.highlight.prefixes.insert(start);
    Xapian::Query query = completions(start, prefixes);
    if (words.size() > 1) {
      const std::vector<std::string> before(words.begin(), words.end() - 1);
      query = Xapian::Query(Xapian::Query::OP_AND, phrase(before, prefixes), query);
    }
    return {Part::Kind::kText, query, reading};
  }

  Part read_as_words(const Node& node, const std::string& why) {
    out_.notes.push_back(node.field + ":" + node.text + ": " + why + "; read as words");
    Node words{.kind = Node::Kind::kSequence};
    // The reading is shown as a query the user may run: a part that would be
    // read as syntax there ("and:x", "foo:-x") is shown, and read, quoted.
    for (const std::string& text : {node.field, node.text}) {
      const Node::Kind kind = reads_back_as_word(text) ? Node::Kind::kWord : Node::Kind::kPhrase;
      words.children.push_back(Node{.kind = kind, .text = text});
    }
    // "date" of a mistyped date is no misspelled word: correcting it to "data" would mislead.
    reading_as_words_ = true;
    Part part = sequence(words);
    reading_as_words_ = false;
    return part;
  }

  // A declared text field's prefix, else the built-in fields' (text_prefixes).
  Prefixes prefixes_of(std::string_view field) const {
    const UserField* declared = context_.fields != nullptr ? context_.fields->find(field) : nullptr;
    if (declared == nullptr || declared->type != FieldType::kText) return text_prefixes(field);
    return {owned_prefixes_.emplace_back(schema::text_prefix(*declared))};
  }

  Part declared_field_node(const Node& node, const UserField& field) {
    if (!field.filterable) return read_as_words(node, "field '" + field.name + "' is not filterable (fields.json)");
    switch (field.type) {
      case FieldType::kText:
        if (node.quoted) return phrase_node(node.text, field.name);
        if (node.text.size() > 1 && node.text.back() == '*') {
          return prefix_node(node.text.substr(0, node.text.size() - 1), field.name);
        }
        return word_node(node.text, field.name);
      case FieldType::kKeyword:
        return {Part::Kind::kFilter, boolean_term(context_.db, schema::keyword_term(field, node.text)),
                field.name + ":" + quoted_if_spaced(node.text)};
      case FieldType::kNumber: return number_range_node(node, field);
      case FieldType::kDate: return date_range_node(node, field);
    }
    return read_as_words(node, "unknown field type");
  }

  Part number_range_node(const Node& node, const UserField& field) {
    const Range range = split_range(node.text);
    const auto number = [](std::string_view text) -> std::optional<double> {
      double value = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
      return value;
    };
    const auto low = range.low.empty() ? std::optional<double>(-HUGE_VAL) : number(range.low);
    const auto high = range.high.empty() ? std::optional<double>(HUGE_VAL) : number(range.high);
    if (!low || !high || (range.low.empty() && range.high.empty())) {
      return read_as_words(node, "not a number or range (10, 10..20, 10.., ..20)");
    }
    return value_range(node, field,
                       {.low = Xapian::sortable_serialise(std::min(*low, *high)),
                        .high = Xapian::sortable_serialise(std::max(*low, *high)),
                        .reversed = *low > *high});
  }

  Part date_range_node(const Node& node, const UserField& field) {
    const Range range = split_range(node.text);
    const auto first = range.low.empty() ? std::optional<DateSpan>(DateSpan{"00000000", "00000000"}) : parse_date_span(range.low);
    const auto last = range.high.empty() ? std::optional<DateSpan>(DateSpan{"99999999", "99999999"}) : parse_date_span(range.high);
    if (!first || !last || (range.low.empty() && range.high.empty())) {
      return read_as_words(node, "not a date or range (2026, 2026-02, 2026-02-09, 2026-01..2026-03)");
    }
    const bool reversed = first->first > last->last;
    return value_range(node, field,
                       {.low = reversed ? last->first : first->first,
                        .high = reversed ? first->last : last->last,
                        .reversed = reversed});
  }

  // A value slot's span, ends included, as sortable keys; `reversed`: typed high..low.
  struct Bounds {
    std::string low, high;
    bool reversed = false;
  };

  Part value_range(const Node& node, const UserField& field, const Bounds& bounds) {
    std::string reading = field.name + ":" + node.text;
    if (bounds.reversed) {
      const Range range = split_range(node.text);
      reading = field.name + ":" + std::string(range.high) + ".." + std::string(range.low);
      out_.notes.push_back(field.name + ":" + node.text + ": a reversed range, read as " + reading);
    }
    return {Part::Kind::kFilter,
            Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::field_slot(field), bounds.low, bounds.high), reading};
  }

  Part field_node(const Node& node) {
    const std::string& field = node.field;
    if (const UserField* declared = context_.fields != nullptr ? context_.fields->find(field) : nullptr) {
      return declared_field_node(node, *declared);
    }
    if (is_text_field(field)) {
      if (node.quoted) return phrase_node(node.text, field);
      if (node.text.size() > 1 && node.text.back() == '*') return prefix_node(node.text.substr(0, node.text.size() - 1), field);
      return word_node(node.text, field);
    }
    if (field == schema::kCompany.name) {
      const Company* company = context_.companies.find(node.text);
      if (company == nullptr) return unknown_name(node, "company", "companies");
      return {Part::Kind::kFilter, boolean_term(context_.db, schema::company_term(company->name)),
              "company:" + quoted_if_spaced(company->name)};
    }
    if (field == schema::kTopic.name) {
      const Topic* topic = context_.topics.find(node.text);
      if (topic == nullptr) return unknown_name(node, "topic", "topics");
      return {Part::Kind::kFilter, boolean_term(context_.db, schema::topic_term(topic->name)),
              "topic:" + quoted_if_spaced(topic->name)};
    }
    if (field == schema::kIssue.name) return issue_node(node);
    if (field == schema::kDay.name || field == "after" || field == "before" || field == schema::kYear.name) {
      return date_node(node);
    }
    const std::string declared = context_.fields != nullptr && !context_.fields->empty()
                                     ? "; declared in fields.json: " + context_.fields->names()
                                     : std::string();
    return read_as_words(node, "unknown field (fields: title, body, why, company, topic, issue, date, after, "
                               "before, year" + declared + ")");
  }

  Part unknown_name(const Node& node, const char* what, const char* list) {
    out_.notes.push_back(node.field + ":" + node.text + ": no " + what + " of that name in the archive's " + list +
                         "; it matches nothing");
    return {Part::Kind::kFilter, Xapian::Query::MatchNothing, node.field + ":" + quoted_if_spaced(node.text)};
  }

  Part issue_node(const Node& node) {
    const Range range = split_range(node.text);
    auto low = range.low.empty() ? std::optional<long long>(0) : parse_number(range.low);
    auto high = range.high.empty() ? std::optional<long long>(1'000'000'000) : parse_number(range.high);
    constexpr long long kLargestIssue = 1'000'000'000;
    if (!low || !high || *low < 0 || *high < 0 || *low > kLargestIssue || *high > kLargestIssue ||
        (range.low.empty() && range.high.empty())) {
      return read_as_words(node, "not an issue number or range (3, 3..5)");
    }
    std::string reading = "issue:" + node.text;
    if (*high < *low) {
      std::swap(low, high);
      reading = "issue:" + std::string(range.high) + ".." + std::string(range.low);
      out_.notes.push_back("issue:" + node.text + ": a reversed range, read as " + reading);
    }
    if (!range.is_range) {
      return {Part::Kind::kFilter, boolean_term(context_.db, schema::issue_term(static_cast<int>(*low))),
              "issue:" + std::to_string(*low)};
    }
    return {Part::Kind::kFilter,
            Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kIssueSlot,
                          Xapian::sortable_serialise(static_cast<double>(*low)),
                          Xapian::sortable_serialise(static_cast<double>(*high))),
            reading};
  }

  Part date_node(const Node& node) {
    const std::string& field = node.field;
    const bool year_only = field == schema::kYear.name;
    const auto span_of = [&](std::string_view text) -> std::optional<DateSpan> {
      if (year_only && text.size() != 4) return std::nullopt;
      return parse_date_span(text);
    };
    const char* expected = year_only ? "not a year (2026, or a range 2025..2026)"
                                     : "not a date (2026, 2026-02, 2026-02-09, or a range 2026-01..2026-03)";
    std::string low = "00000000", high = "99999999";
    std::string reading = field + ":" + node.text;
    if (field == "after" || field == "before") {
      const auto span = span_of(node.text);
      if (!span) return read_as_words(node, expected);
      if (field == "after") low = key_plus(span->last, 1);
      else if (span->first == "00000000") return {Part::Kind::kFilter, Xapian::Query::MatchNothing, field + ":" + node.text};
      else high = key_plus(span->first, -1);
    } else {
      const Range range = split_range(node.text);
      if (range.low.empty() && range.high.empty()) return read_as_words(node, expected);
      auto first = range.low.empty() ? std::optional<DateSpan>(DateSpan{low, low}) : span_of(range.low);
      auto last = range.high.empty() ? std::optional<DateSpan>(DateSpan{high, high}) : span_of(range.high);
      if (!first || !last) return read_as_words(node, expected);
      if (first->first > last->last) {
        // year:2021..1990 is a slip of the order, not of the dates.
        std::swap(first, last);
        reading = field + ":" + std::string(range.high) + ".." + std::string(range.low);
        out_.notes.push_back(field + ":" + node.text + ": a reversed range, read as " + reading);
      }
      low = first->first;
      high = last->last;
    }
    return {Part::Kind::kFilter, date_filter(context_.db, low, high), reading};
  }

  // Words side by side, the way people type: any of them, more is better.
  Part sequence(const Node& node) {
    std::vector<Xapian::Query> should, must, must_not, stopwords;
    std::map<std::string, std::vector<Xapian::Query>> filters;  // one field: any value; fields: all
    std::vector<std::string> readings;
    RunOfWords run;
    bool unmatchable_word = false;
    for (std::size_t i = 0; i < node.children.size(); ++i) {
      const Node& child = node.children[i];
      if (child.kind == Node::Kind::kWord && child.field.empty() && child.mark == Node::Mark::kNone) {
        std::vector<std::string> words = indexed_words(child.text);
        unmatchable_word = unmatchable_word || unindexable(child.text, words);
        for (std::string& word : words) run.add(std::move(word), i);
        readings.push_back(child.text);
        continue;
      }
      flush(run, should, stopwords);
      Part part = build(child);
      const char* mark = child.mark == Node::Mark::kRequired ? "+" : child.mark == Node::Mark::kExcluded ? "-" : "";
      readings.push_back(mark + (part.compound ? "(" + part.reading + ")" : part.reading));
      if (part.kind == Part::Kind::kNone) continue;
      if (child.mark == Node::Mark::kExcluded) must_not.push_back(part.query);
      else if (part.kind == Part::Kind::kFilter) filters[child.kind == Node::Kind::kField ? child.field : "#" + std::to_string(i)].push_back(part.query);
      else if (child.mark == Node::Mark::kRequired) must.push_back(part.query);
      else should.push_back(part.query);
    }
    flush(run, should, stopwords);
    // "the", "who", "at" would match every story: they only rank what the other
    // words found, unless they are all there is.
    if (!stopwords.empty()) {
      const Xapian::Query small_words = combine(Xapian::Query::OP_OR, stopwords);
      if (should.empty() && must.empty()) should.push_back(small_words);
      else if (!should.empty()) should = {Xapian::Query(Xapian::Query::OP_AND_MAYBE, combine(Xapian::Query::OP_OR, should), small_words)};
      else must = {Xapian::Query(Xapian::Query::OP_AND_MAYBE, combine(Xapian::Query::OP_AND, must), small_words)};
    }

    std::vector<Xapian::Query> all_filters;
    for (const auto& [field, values] : filters) {
      all_filters.push_back(combine(Xapian::Query::OP_OR, values));
      // company:anthropic company:perplexity finds either; those with both first.
      if (values.size() > 1) should.push_back(all_filters.back());
    }
    Part out{.reading = join(readings, " "), .compound = readings.size() > 1};
    Xapian::Query text;
    if (!must.empty()) text = combine(Xapian::Query::OP_AND, must);
    if (!should.empty()) {
      const Xapian::Query any = combine(Xapian::Query::OP_OR, should);
      text = must.empty() ? any : Xapian::Query(Xapian::Query::OP_AND_MAYBE, text, any);
    }
    if (text.empty() && unmatchable_word) {
      // The only words typed cannot be in the archive: nothing, not everything.
      out.kind = Part::Kind::kText;
      out.query = Xapian::Query::MatchNothing;
      return out;
    }
    if (!text.empty()) {
      out.kind = Part::Kind::kText;
      out.query = all_filters.empty() ? text : Xapian::Query(Xapian::Query::OP_FILTER, text, combine(Xapian::Query::OP_AND, all_filters));
    } else if (!all_filters.empty()) {
      out.kind = Part::Kind::kFilter;
      out.query = combine(Xapian::Query::OP_AND, all_filters);
    }
    if (!must_not.empty()) {
      if (out.kind == Part::Kind::kNone) {
        out.kind = Part::Kind::kFilter;
        out.query = match_all();
      }
      out.query = Xapian::Query(Xapian::Query::OP_AND_NOT, out.query, combine(Xapian::Query::OP_OR, must_not));
    }
    return out;
  }

  // Plain words typed one after another, with the token each came from.
  struct RunOfWords {
    std::vector<std::string> words{};
    std::vector<std::size_t> tokens{};
    void add(std::string word, std::size_t token) {
      words.push_back(std::move(word));
      tokens.push_back(token);
    }
  };

  void flush(RunOfWords& run, std::vector<Xapian::Query>& should, std::vector<Xapian::Query>& stopwords) {
    const Prefixes all = text_prefixes("");
    std::vector<std::string> near_words;
    for (std::size_t i = 0; i < run.words.size();) {
      if (const auto match = context_.synonyms.match_at(run.words, i)) {
        should.push_back(synonym_group(run, i, *match, all));
        i += match->length;
        continue;
      }
      std::size_t end = i + 1;
      while (end < run.words.size() && run.tokens[end] == run.tokens[i]) ++end;
      if (end - i > 1) {
        should.push_back(phrase({run.words.begin() + static_cast<std::ptrdiff_t>(i), run.words.begin() + static_cast<std::ptrdiff_t>(end)}, all));
      } else if (is_stopword(run.words[i])) {
        stopwords.push_back(word_group(run.words[i], all, true));
      } else {
        should.push_back(word_group(run.words[i], all, true));
        near_words.push_back(run.words[i]);
      }
      i = end;
    }
    if (context_.proximity && near_words.size() >= 2 && near_words.size() <= kMaxProximityWords) {
      should.push_back(proximity(near_words, all));
    }
    run = {};
  }

  Xapian::Query synonym_group(const RunOfWords& run, std::size_t first, const Synonyms::Match& match, const Prefixes& prefixes) {
    std::vector<Xapian::Query> as_typed;
    std::string typed;
    for (std::size_t i = first; i < first + match.length; ++i) {
      as_typed.push_back(word_group(run.words[i], prefixes, true));
      typed += (typed.empty() ? "" : " ") + run.words[i];
    }
    // The best of the forms counts, not their sum: a story that says both "MLA"
    // and "multi-head latent attention" has matched one idea of the query.
    std::vector<Xapian::Query> forms{combine(Xapian::Query::OP_OR, as_typed)};
    std::vector<std::string> shown;
    for (const Expression& alternative : match.alternatives) {
      const double scale = kSynonymScale * static_cast<double>(match.length) / static_cast<double>(alternative.size());
      const Xapian::Query form = alternative.size() == 1 ? word_group(alternative.front(), prefixes, true, false)
                                                         : phrase(alternative, prefixes);
      forms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, form, scale);
      shown.push_back("\"" + join(alternative, " ") + "\"");
    }
    out_.notes.push_back(typed + ": also matching " + join(shown, ", ") + " (synonyms)");
    return Xapian::Query(Xapian::Query::OP_MAX, forms.begin(), forms.end());
  }

  // The words that start with `start`, the kPrefixExpansion most frequent of
  // the whole index, each as the word it is (all-fields terms in every field),
  // the best of them counting (OP_MAX). Expanded here, from the whole index's
  // frequencies, rather than by Xapian's OP_WILDCARD, which expands over each
  // shard's own and estimates a synonym's frequency per shard: a shard would
  // then rank the same story differently from one database.
  Xapian::Query completions(const std::string& start, const Prefixes& prefixes) const {
    const bool every_field = prefixes.size() == kTextPrefixes.size();
    std::vector<std::pair<Xapian::doccount, std::string>> found;  // (frequency, term)
    const auto collect = [&](const std::string& from) {
      for (auto term = context_.db.allterms_begin(from); term != context_.db.allterms_end(from); ++term) {
        found.emplace_back(term.get_termfreq(), *term);
      }
    };
    if (every_field) {
      collect(start);
    } else {
      for (const std::string_view prefix : prefixes) collect(std::string(prefix) + start);
    }
    const std::size_t keep = std::min<std::size_t>(found.size(), kPrefixExpansion);
    std::partial_sort(found.begin(), found.begin() + static_cast<long>(keep), found.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<Xapian::Query> terms;
    for (std::size_t i = 0; i < keep; ++i) terms.emplace_back(found[i].second);
    if (terms.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_MAX, terms.begin(), terms.end());
  }

  // A phrase or NEAR, bounded as the caller asks (QueryContext::bound_positional).
  Xapian::Query positional(const Xapian::Query& query) const {
    return context_.bound_positional ? context_.bound_positional(query) : query;
  }

  Xapian::Query proximity(const std::vector<std::string>& words, const Prefixes& prefixes) const {
    std::vector<Xapian::Query> per_field;
    for (const std::string_view prefix : prefixes) {
      std::vector<Xapian::Query> terms;
      for (const std::string& word : words) terms.emplace_back(std::string(prefix) + word);
      const auto window = static_cast<Xapian::termcount>(words.size() + 2);
      per_field.push_back(positional(Xapian::Query(Xapian::Query::OP_NEAR, terms.begin(), terms.end(), window)));
    }
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, combine(Xapian::Query::OP_OR, per_field), kProximityScale);
  }

  Part boolean(const Node& node) {
    const bool is_and = node.kind == Node::Kind::kAnd;
    std::vector<Xapian::Query> text, filters;
    std::vector<std::string> readings;
    for (const Node& child : node.children) {
      Part part = build(child);
      const bool excluded = child.mark == Node::Mark::kExcluded;
      readings.push_back((excluded ? "-" : "") + (part.compound ? "(" + part.reading + ")" : part.reading));
      if (part.kind == Part::Kind::kNone) continue;
      if (excluded) {
        filters.emplace_back(Xapian::Query::OP_AND_NOT, match_all(), part.query);
      } else if (part.kind == Part::Kind::kFilter && is_and) {
        filters.push_back(part.query);
      } else {
        (part.kind == Part::Kind::kText ? text : filters).push_back(part.query);
      }
    }
    Part out{.reading = join(readings, is_and ? " AND " : " OR "), .compound = true};
    if (is_and) {
      if (!text.empty()) {
        out.kind = Part::Kind::kText;
        out.query = combine(Xapian::Query::OP_AND, text);
        if (!filters.empty()) out.query = Xapian::Query(Xapian::Query::OP_FILTER, out.query, combine(Xapian::Query::OP_AND, filters));
      } else if (!filters.empty()) {
        out.kind = Part::Kind::kFilter;
        out.query = combine(Xapian::Query::OP_AND, filters);
      }
    } else {
      std::vector<Xapian::Query> all = text;
      all.insert(all.end(), filters.begin(), filters.end());
      if (!all.empty()) {
        out.kind = text.empty() ? Part::Kind::kFilter : Part::Kind::kText;
        out.query = combine(Xapian::Query::OP_OR, all);
      }
    }
    return out;
  }

  static std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const std::string& part : parts) {
      if (part.empty()) continue;
      if (!out.empty()) out += separator;
      out += part;
    }
    return out;
  }

  const QueryContext& context_;
  BuiltQuery& out_;
  // Prefixes of declared text fields handed out as views: a deque never moves them.
  mutable std::deque<std::string> owned_prefixes_{};
  Xapian::Stem stemmer_{"english"};
  bool reading_as_words_ = false;
};

}  // namespace

constexpr std::array<std::string_view, 58> kStopwords = {
    "a",    "about", "after", "all",  "also",  "an",   "and",   "are",   "as",    "at",    "be",   "been",
    "but",  "by",    "can",   "do",   "does",  "for",  "from",  "had",   "has",   "have",  "how",  "i",
    "if",   "in",    "into",  "is",   "it",    "its",  "more",  "no",    "not",   "of",    "on",   "or",
    "our",  "so",    "than",  "that", "the",   "their", "them", "there", "these", "they",  "this", "to",
    "was",  "we",    "what",  "when", "where", "which", "who",  "why",   "will",  "with"};

bool is_stopword(std::string_view word) {
  return std::find(kStopwords.begin(), kStopwords.end(), word) != kStopwords.end();
}


Xapian::Query boolean_term(const Xapian::Database& db, const std::string& term) {
  const Xapian::doccount stories = db.get_doccount();
  return stories > 0 && db.get_termfreq(term) == stories ? match_all() : Xapian::Query(term);
}

Xapian::Query date_filter(const Xapian::Database& db, const std::string& first, const std::string& last) {
  // The day, month and year terms the index has, fewest that cover the span: a
  // value range would read every story's date, which costs milliseconds at a
  // million stories; a few term lists cost microseconds.
  std::vector<Xapian::Query> terms;
  const std::string year_prefix(schema::kYear.prefix), month_prefix(schema::kMonth.prefix), day_prefix(schema::kDay.prefix);
  for (auto year = db.allterms_begin(year_prefix); year != db.allterms_end(year_prefix); ++year) {
    const std::string y = (*year).substr(year_prefix.size());
    if (y + "9999" < first) continue;
    if (y + "0000" > last) break;
    // Whole when the span holds its first and last day ("0101".."1231" from the
    // API, "0000".."9999" from the language): then its stories dated by the
    // year or month alone belong to it too.
    if (y + "0101" >= first && y + "1231" <= last) {
      terms.push_back(boolean_term(db, *year));
      continue;
    }
    const std::string months = month_prefix + y;
    for (auto month = db.allterms_begin(months); month != db.allterms_end(months); ++month) {
      const std::string m = (*month).substr(month_prefix.size());
      if (m + "99" < first) continue;
      if (m + "00" > last) break;
      if (m + "01" >= first && m + "31" <= last) {
        terms.push_back(boolean_term(db, *month));
        continue;
      }
      const std::string days = day_prefix + m;
      for (auto day = db.allterms_begin(days); day != db.allterms_end(days); ++day) {
        const std::string d = (*day).substr(day_prefix.size());
        if (d >= first && d <= last) terms.push_back(boolean_term(db, *day));
      }
    }
  }
  if (terms.empty()) return Xapian::Query();
  return combine(Xapian::Query::OP_OR, terms);
}

std::optional<DateSpan> parse_date_span(std::string_view text) {
  const auto digits = [](std::string_view part, std::size_t n) {
    return part.size() == n && std::all_of(part.begin(), part.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  };
  if (digits(text, 4)) return DateSpan{std::string(text) + "0000", std::string(text) + "9999"};
  if (text.size() == 7 && digits(text.substr(0, 4), 4) && text[4] == '-' && digits(text.substr(5), 2)) {
    const int month = (text[5] - '0') * 10 + (text[6] - '0');
    if (month < 1 || month > 12) return std::nullopt;
    const std::string key = std::string(text.substr(0, 4)) + std::string(text.substr(5, 2));
    return DateSpan{key + "00", key + "99"};
  }
  if (const auto day = Date::from_iso(text)) return DateSpan{day->yyyymmdd(), day->yyyymmdd()};
  return std::nullopt;
}

BuiltQuery build_query(const Node& root, const QueryContext& context) {
  BuiltQuery out;
  Builder builder(context, out);
  // A marked query alone ("-openai", "NOT openai", "(-openai)") keeps its mark:
  // built as a sequence of one, an exclusion means every story but those, as in
  // Elasticsearch and Meilisearch, not the stories it names.
  Node alone{.kind = Node::Kind::kSequence};
  if (root.mark != Node::Mark::kNone) alone.children.push_back(root);
  Part part = builder.build(alone.children.empty() ? root : alone);
  out.reading = part.reading;
  out.ranked = part.kind == Part::Kind::kText;
  // Nothing asked: every story. A query that became empty matches nothing (an
  // unknown company, say), which Xapian spells as an empty Query.
  out.query = part.kind == Part::Kind::kNone ? match_all() : part.query;
  return out;
}

}  // namespace scatter::query
