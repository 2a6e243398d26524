#include "engine/story_threads.h"

#include "index/stored_story.h"
#include "schema/schema.h"
#include "text/ascii.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace scatter {
namespace {

// The rarest words and pairs of a story the candidate search asks for: enough
// to find every story that shares its subject, few enough to stay fast.
constexpr std::size_t kQueryWords = 40;
constexpr std::size_t kQueryPairs = 20;
// Candidates rescored per story: the best of the search for its rare words.
constexpr Xapian::doccount kCandidates = 100;
// A shared company or product says more than a shared word; so does a shared
// pair of adjacent words ("latent attention") than either word alone.
constexpr double kCompanyWeight = 1.5;
constexpr double kProductWeight = 2;  // a product is a narrower subject than its company
constexpr double kPairWeight = 1.5;
// Shared words a reason names, at most: the rarest.
constexpr std::size_t kReasonWords = 4;
// Closeness in time when a story has no date: the factor of stories far apart.
constexpr double kUndatedCloseness = 0.5;

enum class Kind { kCompany, kProduct, kPair, kWord };

struct Evidence {
  Kind kind;
  std::string text;  // as a reader sees it: "Mistral AI", "Pixtral", "latent attention"
  double weight;
};

// What a story brings to the search for its thread.
struct Subject {
  StoryRecord record{};
  std::string order{};                      // its kOrderSlot value: earlier or later
  std::map<std::string, double> rarity{};   // of each term searched for, 0..1
  std::map<std::string, std::string> company_names{};  // company term -> canonical name
  std::string text{};                       // title, paragraphs and bullets
  std::vector<std::string_view> words{};    // `text` as the gazetteer splits it
};

std::string all_text(const Story& story) {
  std::string text = story.title;
  for (const std::string& paragraph : story.paragraphs) text.append("\n").append(paragraph);
  for (const std::string& bullet : story.bullets) text.append("\n").append(bullet);
  return text;
}

double rarity_of(Xapian::doccount frequency, Xapian::doccount stories) {
  if (frequency == 0 || stories < 2) return 1;
  return std::max(0.0, std::log(static_cast<double>(stories) / frequency) / std::log(static_cast<double>(stories)));
}

// An all-fields word (unprefixed: prefixes are capitals) of three characters or
// more, not a bare number.
bool is_word_term(std::string_view term) {
  if (term.size() < 3 || (term.front() >= 'A' && term.front() <= 'Z')) return false;
  if (term.find(' ') != std::string_view::npos) return false;
  return !std::all_of(term.begin(), term.end(), is_ascii_digit);
}

bool is_pair_term(std::string_view term) {
  if (!term.starts_with(schema::kWordPairPrefix)) return false;
  const std::string_view pair = term.substr(schema::kWordPairPrefix.size());
  const std::size_t space = pair.find(' ');
  return space != std::string_view::npos && is_word_term(pair.substr(0, space)) && is_word_term(pair.substr(space + 1));
}

bool is_company_term(std::string_view term) { return term.starts_with(schema::kCompany.prefix); }

// True when `name`'s words stand together, in order and exact case, in `words`.
bool mentions(const std::vector<std::string_view>& words, std::string_view name) {
  const std::vector<std::string_view> wanted = split_words(name);
  if (wanted.empty() || wanted.size() > words.size()) return false;
  for (std::size_t i = 0; i + wanted.size() <= words.size(); ++i) {
    if (std::equal(wanted.begin(), wanted.end(), words.begin() + static_cast<std::ptrdiff_t>(i))) return true;
  }
  return false;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
  return out;
}

// The story's company terms, and its rarest words and pairs that some other
// story has too; each with its rarity.
void choose_terms(const Xapian::Database& db, Xapian::docid story, Subject& subject) {
  const Xapian::doccount stories = db.get_doccount();
  const auto most = std::max<Xapian::doccount>(2, static_cast<Xapian::doccount>(stories * kThreadMaxTermShare));
  std::vector<std::pair<Xapian::doccount, std::string>> words, pairs;
  for (auto it = db.termlist_begin(story); it != db.termlist_end(story); ++it) {
    const std::string term = *it;
    const bool company = is_company_term(term);
    const bool pair = !company && is_pair_term(term);
    if (!company && !pair && !is_word_term(term)) continue;
    // Exact, as related() asks for: a term list of a database of shards gives
    // the story's own shard's frequency scaled up, and links would change with
    // the layout.
    const Xapian::doccount frequency = db.get_termfreq(term);
    if (company) {
      subject.rarity[term] = rarity_of(frequency, stories);
    } else if (frequency >= 2 && frequency <= most) {
      (pair ? pairs : words).emplace_back(frequency, term);
    }
  }
  for (auto* list : {&words, &pairs}) {
    std::sort(list->begin(), list->end());
    if (list->size() > (list == &words ? kQueryWords : kQueryPairs)) list->resize(list == &words ? kQueryWords : kQueryPairs);
    for (const auto& [frequency, term] : *list) subject.rarity[term] = rarity_of(frequency, stories);
  }
  for (const std::string& name : subject.record.story.companies) subject.company_names[schema::company_term(name)] = name;
}

double closeness(const StoryRecord& a, const StoryRecord& b) {
  if (!a.date || !b.date) return kUndatedCloseness;
  const double days = std::abs(static_cast<double>(a.date->day_number() - b.date->day_number()));
  return 0.5 + 0.5 * std::exp2(-days / kThreadHalfLifeDays);
}

// The issue a story belongs to: its number, or the key its id starts with.
std::string issue_key(const StoryRecord& record) {
  if (record.issue) return std::to_string(*record.issue);
  const std::string& id = record.story.id;
  return id.substr(0, id.rfind('-'));
}

// What `subject` and a candidate share, from the candidate's matching terms:
// names first (companies, then their products both texts mention), then pairs,
// then words no name or pair already covers.
std::vector<Evidence> shared_evidence(const Subject& subject, const std::vector<std::string>& matching,
                                      const StoryRecord& other, const Gazetteer& gazetteer,
                                      const Xapian::Database& db) {
  std::vector<Evidence> names, pairs, words;
  std::set<std::string> covered;  // words a name or a pair stands for
  const std::string other_text = all_text(other.story);
  const std::vector<std::string_view> other_words = split_words(other_text);
  const Xapian::doccount stories = db.get_doccount();
  for (const std::string& term : matching) {
    if (!is_company_term(term)) continue;
    const auto name = subject.company_names.find(term);
    if (name == subject.company_names.end()) continue;
    names.push_back({Kind::kCompany, name->second, kCompanyWeight * subject.rarity.at(term)});
    const Company* company = gazetteer.find(name->second);
    if (!company) continue;
    // The company's own words are that evidence already, in a pair too ("mistral released").
    for (const std::string& form : company->aliases) {
      for (std::string_view word : split_words(form)) covered.insert(lower(word));
    }
    for (std::string_view word : split_words(company->name)) covered.insert(lower(word));
    for (const std::string& product : company->products) {
      if (!mentions(subject.words, product) || !mentions(other_words, product)) continue;
      double rarity = 0;
      for (std::string_view word : split_words(product)) {
        const std::string term_of_word = lower(word);
        covered.insert(term_of_word);
        rarity = std::max(rarity, rarity_of(db.get_termfreq(term_of_word), stories));
      }
      names.push_back({Kind::kProduct, product, kProductWeight * rarity});
    }
  }
  for (const std::string& term : matching) {
    if (!is_pair_term(term)) continue;
    const std::string pair = term.substr(schema::kWordPairPrefix.size());
    const std::size_t space = pair.find(' ');
    const std::string first = pair.substr(0, space), second = pair.substr(space + 1);
    if (covered.contains(first) || covered.contains(second)) continue;  // part of a name
    covered.insert(first);
    covered.insert(second);
    pairs.push_back({Kind::kPair, pair, kPairWeight * subject.rarity.at(term)});
  }
  for (const std::string& term : matching) {
    if (is_company_term(term) || is_pair_term(term) || covered.contains(term)) continue;
    const auto rarity = subject.rarity.find(term);
    if (rarity != subject.rarity.end()) words.push_back({Kind::kWord, term, rarity->second});
  }
  const auto rarest_first = [](const Evidence& a, const Evidence& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.text < b.text;
  };
  std::sort(pairs.begin(), pairs.end(), rarest_first);
  std::sort(words.begin(), words.end(), rarest_first);
  names.insert(names.end(), pairs.begin(), pairs.end());
  names.insert(names.end(), words.begin(), words.end());
  return names;
}

// "also about Mistral AI, Pixtral; shared words: latent attention, distillation".
std::string reason_for(const std::vector<Evidence>& evidence) {
  std::ostringstream names, words;
  std::size_t word_count = 0;
  for (const Evidence& item : evidence) {
    const bool name = item.kind == Kind::kCompany || item.kind == Kind::kProduct;
    if (!name && word_count++ >= kReasonWords) continue;
    std::ostringstream& out = name ? names : words;
    if (out.tellp() > 0) out << ", ";
    out << item.text;
  }
  std::string reason;
  if (names.tellp() > 0) reason = "also about " + names.str();
  if (words.tellp() > 0) reason += (reason.empty() ? "" : "; ") + std::string("shared words: ") + words.str();
  return reason;
}

Xapian::Query candidate_query(const Subject& subject, const Deadline& deadline) {
  std::vector<Xapian::Query> terms;
  for (const auto& [term, rarity] : subject.rarity) terms.emplace_back(term);
  Xapian::Query query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, Xapian::Query(schema::id_term(subject.record.story.id)));
  if (subject.record.issue) {
    query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, Xapian::Query(schema::issue_term(*subject.record.issue)));
  }
  return deadline.bound(query);
}

void keep_best(std::vector<ThreadLink>& links, const StoryRecord& subject) {
  const auto days_from_subject = [&subject](const ThreadLink& link) {
    if (!subject.date || !link.record.date) return std::numeric_limits<long>::max();
    return std::abs(link.record.date->day_number() - subject.date->day_number());
  };
  std::sort(links.begin(), links.end(), [&](const ThreadLink& a, const ThreadLink& b) {
    if (a.score != b.score) return a.score > b.score;
    if (days_from_subject(a) != days_from_subject(b)) return days_from_subject(a) < days_from_subject(b);
    return a.record.story.id < b.record.story.id;
  });
  if (links.size() > kThreadMaxLinks) links.resize(kThreadMaxLinks);
}

}  // namespace

StoryThread find_thread(const Xapian::Database& db, Xapian::docid story, const Gazetteer& gazetteer,
                        const Deadline& deadline) {
  const Xapian::Document document = db.get_document(story);
  Subject subject{.record = decode_stored_story(document.get_data()),
                  .order = document.get_value(schema::kOrderSlot)};
  subject.text = all_text(subject.record.story);
  subject.words = split_words(subject.text);
  choose_terms(db, story, subject);
  StoryThread thread;
  if (subject.rarity.empty()) return thread;

  Xapian::Enquire enquire(db);
  enquire.set_query(candidate_query(subject, deadline));
  const Xapian::MSet candidates = enquire.get_mset(0, kCandidates);
  const std::string key = issue_key(subject.record);
  for (auto it = candidates.begin(); it != candidates.end() && !deadline.passed(); ++it) {
    const Xapian::Document other_document = it.get_document();
    StoryRecord other = decode_stored_story(other_document.get_data());
    if (issue_key(other) == key) continue;  // an issue without a number: no AND_NOT could leave it out
    const std::vector<std::string> matching(enquire.get_matching_terms_begin(it), enquire.get_matching_terms_end(it));
    const std::vector<Evidence> evidence = shared_evidence(subject, matching, other, gazetteer, db);
    if (evidence.size() < static_cast<std::size_t>(kThreadMinEvidence)) continue;
    double score = 0;
    for (const Evidence& item : evidence) score += item.weight;
    score *= closeness(subject.record, other);
    const bool names_shared = evidence.front().kind == Kind::kCompany;  // names come first
    if (score < kThreadMinScore * (names_shared ? 1 : kThreadWordsOnlyFactor)) continue;
    const bool earlier = other_document.get_value(schema::kOrderSlot) < subject.order;
    (earlier ? thread.earlier : thread.later)
        .push_back({.record = std::move(other), .score = score, .reason = reason_for(evidence)});
  }
  keep_best(thread.earlier, subject.record);
  keep_best(thread.later, subject.record);
  thread.timed_out = deadline.reached();
  return thread;
}

}  // namespace scatter
