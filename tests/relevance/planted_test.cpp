// Stories planted in a synthetic corpus of 100,000 (bench/generate_corpus.py:
// seeded pseudo-words, labelled SYNTHETIC) must still be found first: an exact
// phrase of common words, a pairing of two companies, a date. Each is what a
// researcher does to pull one story out of a large archive, and each is easy to
// get right on five stories and wrong on a hundred thousand (a phrase read as
// loose words, a company pair read as "either", a date filter ignored in favour
// of newest first).
//
// The planted stories are chosen from what the generator wrote, not assumed: the
// phrase is four of the corpus's most common words in an order no story has,
// and the date is one no story has. They go into the archive as one more JSON
// Lines file beside the corpus; the real indexer binary indexes both.
#include "test_support.h"

#include "engine/search_engine.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

namespace fs = std::filesystem;
using scatter::SearchRequest;

constexpr std::size_t kCorpusStories = 100000;
constexpr const char* kCorpusSeed = "42";  // any seed works: the test reads what was written
constexpr const char* kNewsletter = "SYNTHETIC TEST DATA (not news)";

// The phrase: kPhraseWords words, each in more than kCommonShare of the stories,
// so that loose words match most of the corpus and only the order singles the
// planted story out. Candidates come from the kCandidateWords most common words
// of the first kSampleStories stories.
constexpr std::size_t kPhraseWords = 4;
constexpr double kCommonShare = 0.3;
constexpr std::size_t kSkipMostCommon = 10;  // the very commonest make 3-word runs likely
constexpr std::size_t kCandidateWords = 24;
constexpr std::size_t kSampleStories = 5000;
constexpr std::size_t kFillerWords = 300;  // for the planted stories' other text

// The company pair: Perplexity is named by the generator only as the ambiguous
// bare word (Perplexity the metric), which the gazetteer does not tag; the
// planted stories name it unambiguously. Anthropic is in thousands of stories.
constexpr const char* kPairCompanyA = "Anthropic";
constexpr const char* kPairCompanyB = "Perplexity AI";
constexpr const char* kOtherCompanies[] = {"OpenAI", "Google", "Microsoft", "Nvidia", "Meta"};
constexpr int kCompanyBOnlyStories = 20;  // stories naming B with another company, newer than the pair

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return text;
}

// Words as the indexer sees them for ASCII text: runs of letters and digits, lower-cased.
std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (const char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      word += c;
    } else if (!word.empty()) {
      out.push_back(lower(std::move(word)));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(lower(std::move(word)));
  return out;
}

// Every word of a company name, alias or product and of a topic term: words the
// generator put in on purpose, kept out of the planted stories' own words.
std::set<std::string> reserved_words(const fs::path& archive) {
  std::set<std::string> reserved;
  const auto add = [&](const std::string& phrase) {
    for (auto& word : words_of(phrase)) reserved.insert(std::move(word));
  };
  const auto companies = nlohmann::json::parse(scatter::test::read_file(archive / "companies.json"));
  for (const auto& company : companies["companies"]) {
    add(company["name"].get<std::string>());
    for (const char* list : {"aliases", "products"}) {
      for (const auto& name : company.value(list, nlohmann::json::array())) add(name.get<std::string>());
    }
  }
  const auto topics = nlohmann::json::parse(scatter::test::read_file(archive / "topics.json"));
  for (const auto& topic : topics["topics"]) {
    for (const auto& [term, weight] : topic["terms"].items()) add(term);
  }
  return reserved;
}

bool is_pseudo_word(const std::string& word, const std::set<std::string>& reserved) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
         !reserved.contains(word);
}

// Every word of a story's title, paragraphs and bullets.
std::set<std::string> words_of_story(const nlohmann::json& story) {
  std::set<std::string> words;
  const auto add = [&](const nlohmann::json& text) {
    for (auto& word : words_of(text.get<std::string>())) words.insert(std::move(word));
  };
  add(story["title"]);
  for (const auto& paragraph : story["paragraphs"]) add(paragraph);
  for (const auto& bullet : story.value("bullets", nlohmann::json::array())) add(bullet);
  return words;
}

// Common pseudo-words, most stories first, counted in the first `sample` stories.
std::vector<std::string> common_words(const fs::path& corpus, const std::set<std::string>& reserved,
                                      std::size_t sample) {
  std::unordered_map<std::string, std::size_t> stories_with;
  std::ifstream in(corpus);
  std::string line;
  for (std::size_t n = 0; n < sample && std::getline(in, line); ++n) {
    for (const auto& word : words_of_story(nlohmann::json::parse(line))) {
      if (is_pseudo_word(word, reserved)) ++stories_with[word];
    }
  }
  std::vector<std::pair<std::size_t, std::string>> ranked;
  for (const auto& [word, count] : stories_with) ranked.emplace_back(count, word);
  std::sort(ranked.begin(), ranked.end(), std::greater<>());
  std::vector<std::string> out;
  for (const auto& [count, word] : ranked) out.push_back(word);
  return out;
}

using Phrase = std::vector<std::string>;

// Candidate phrases of distinct common words: candidate c takes every
// (kCandidateWords / kPhraseWords)-th word from position c.
std::vector<Phrase> candidate_phrases(const std::vector<std::string>& common) {
  const std::size_t stride = kCandidateWords / kPhraseWords;
  std::vector<Phrase> out;
  for (std::size_t c = 0; c < stride; ++c) {
    Phrase phrase;
    for (std::size_t k = 0; k < kPhraseWords; ++k) phrase.push_back(common.at(kSkipMostCommon + c + k * stride));
    out.push_back(phrase);
  }
  return out;
}

// What one pass over the whole corpus learns.
struct CorpusFacts {
  std::size_t stories = 0;
  int last_issue = 0;
  std::set<std::string> dates{};                  // ISO, as written
  std::vector<std::size_t> phrase_stories{};      // per candidate: stories holding it in order
  std::vector<std::size_t> all_words_stories{};   // per candidate: stories holding all its words anywhere
  std::size_t naming_company_b = 0;               // stories naming kPairCompanyB
};

// Stems are compared, not words: an engine may match a phrase's words by stem,
// and a phrase counts as present if any story could match it that way. Each
// stem gets a number, so that a story becomes a few hundred ints.
class StemNumbers {
 public:
  int operator()(const std::string& word) {
    auto known = by_word_.find(word);
    if (known == by_word_.end()) {
      const auto stem = by_stem_.emplace(stem_(word), static_cast<int>(by_stem_.size())).first;
      known = by_word_.emplace(word, stem->second).first;
    }
    return known->second;
  }
  // Appends the numbers of the words of `text`, split as words_of() splits.
  void append(const std::string& text, std::vector<int>& out) {
    word_.clear();
    for (const char c : text) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        word_ += c;
      } else if (c >= 'A' && c <= 'Z') {
        word_ += static_cast<char>(c - 'A' + 'a');
      } else if (!word_.empty()) {
        out.push_back((*this)(word_));
        word_.clear();
      }
    }
    if (!word_.empty()) out.push_back((*this)(word_));
  }
  std::size_t count() const { return by_stem_.size(); }

 private:
  Xapian::Stem stem_{"english"};
  std::unordered_map<std::string, int> by_word_{}, by_stem_{};
  std::string word_{};
};

CorpusFacts scan_corpus(const fs::path& corpus, const std::vector<Phrase>& candidates) {
  StemNumbers number_of;
  std::vector<std::vector<int>> phrases;
  for (const Phrase& phrase : candidates) {
    std::vector<int> numbers;
    for (const auto& word : phrase) numbers.push_back(number_of(word));
    phrases.push_back(numbers);
  }
  CorpusFacts facts;
  facts.phrase_stories.assign(candidates.size(), 0);
  facts.all_words_stories.assign(candidates.size(), 0);
  // Title, body and bullets, as the index keeps them apart: a phrase never spans
  // two. Paragraphs are run together, which can only find more phrases than the
  // index would, never fewer. Reused from story to story.
  std::vector<std::vector<int>> fields(3);
  std::vector<std::size_t> last_story_with;  // by stem number: the last story (1-based) holding it
  std::ifstream in(corpus);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto story = nlohmann::json::parse(line);
    const std::size_t n = ++facts.stories;
    facts.last_issue = std::max(facts.last_issue, story["issue"].get<int>());
    facts.dates.insert(story["date"].get<std::string>());
    if (line.find(kPairCompanyB) != std::string::npos) ++facts.naming_company_b;
    for (auto& field : fields) field.clear();
    number_of.append(story["title"].get<std::string>(), fields[0]);
    for (const auto& paragraph : story["paragraphs"]) number_of.append(paragraph.get<std::string>(), fields[1]);
    for (const auto& bullet : story.value("bullets", nlohmann::json::array())) {
      number_of.append(bullet.get<std::string>(), fields[2]);
    }
    last_story_with.resize(number_of.count(), 0);
    for (const auto& field : fields) {
      for (const int stem : field) last_story_with[static_cast<std::size_t>(stem)] = n;
    }
    for (std::size_t c = 0; c < phrases.size(); ++c) {
      const auto& phrase = phrases[c];
      if (std::any_of(fields.begin(), fields.end(), [&](const auto& f) {
            return std::search(f.begin(), f.end(), phrase.begin(), phrase.end()) != f.end();
          })) {
        ++facts.phrase_stories[c];
      }
      if (std::all_of(phrase.begin(), phrase.end(),
                      [&](int stem) { return last_story_with[static_cast<std::size_t>(stem)] == n; })) {
        ++facts.all_words_stories[c];
      }
    }
  }
  return facts;
}

std::string day_before(const std::string& iso) {
  const auto date = scatter::Date::from_iso(iso);
  if (!date) throw std::runtime_error("the corpus has a date that is not YYYY-MM-DD: " + iso);
  using namespace std::chrono;
  const year_month_day day{sys_days{year{date->year} / month{static_cast<unsigned>(date->month)} /
                                    std::chrono::day{static_cast<unsigned>(date->day)}} -
                           days{1}};
  return scatter::Date{static_cast<int>(day.year()), static_cast<int>(static_cast<unsigned>(day.month())),
                       static_cast<int>(static_cast<unsigned>(day.day()))}
      .iso();
}

// Text for the planted stories from common words that are not the phrase's, so
// the phrase's words occur in the phrase story only where planted.
class Filler {
 public:
  Filler(const std::vector<std::string>& common, const Phrase& phrase) {
    for (std::size_t i = kSkipMostCommon; i < common.size() && words_.size() < kFillerWords; ++i) {
      if (std::find(phrase.begin(), phrase.end(), common[i]) == phrase.end()) words_.push_back(common[i]);
    }
  }
  std::string words(std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) out += (i == 0 ? "" : " ") + words_[random_() % words_.size()];
    return out;
  }
  std::string title(std::size_t count) {
    std::string out = words(count);
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
  }

 private:
  std::vector<std::string> words_{};
  std::mt19937 random_{20260209};  // fixed: the same planted text every run
};

std::string joined(const std::vector<std::string>& words, const char* separator = " ") {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : separator) + word;
  return out;
}

struct Planted {
  std::string phrase_story{}, decoy_story{}, pair_story{}, date_story{};  // ids
  Phrase phrase{};
  std::string unique_date{};  // ISO
};

nlohmann::json story_line(int issue, int story, const std::string& date, const std::string& title,
                          const std::vector<std::string>& paragraphs, const std::vector<std::string>& bullets) {
  return {{"issue", issue},         {"story", story},           {"date", date},      {"newsletter", kNewsletter},
          {"title", title},         {"paragraphs", paragraphs}, {"bullets", bullets}};
}

std::string id_of(int issue, int story) { return std::to_string(issue) + "-" + std::to_string(story); }

// Writes the planted stories as one JSON Lines file; returns their ids.
Planted plant(const fs::path& file, const CorpusFacts& facts, const Phrase& phrase, Filler& filler) {
  Planted planted{.phrase = phrase};
  const std::string middle_date = *std::next(facts.dates.begin(), static_cast<long>(facts.dates.size() / 2));
  const std::string newest_date = *facts.dates.rbegin();
  planted.unique_date = day_before(*facts.dates.begin());
  std::string lines;

  // The phrase once, inside ordinary text; the decoy has the same words more
  // often and in its title, but never in this order, so loose words favour it.
  const int phrase_issue = facts.last_issue + 1;
  lines += story_line(phrase_issue, 1, middle_date, filler.title(7),
                      {filler.words(30) + " " + joined(phrase) + " " + filler.words(30) + ".", filler.words(50) + "."},
                      {filler.words(12)})
               .dump() +
           "\n";
  const Phrase reversed(phrase.rbegin(), phrase.rend());
  lines += story_line(phrase_issue, 2, middle_date, filler.title(3) + " " + joined(reversed),
                      {filler.words(10) + " " + joined(reversed) + " " + filler.words(10) + " " + joined(reversed) + ".",
                       joined(reversed) + " " + filler.words(40) + "."},
                      {joined(reversed) + " " + filler.words(8)})
               .dump() +
           "\n";
  planted.phrase_story = id_of(phrase_issue, 1);
  planted.decoy_story = id_of(phrase_issue, 2);

  // The pair once, mid-corpus; B with other companies in newer stories, so that
  // neither "either company" nor "newest first" puts the pair story on top.
  const int pair_issue = facts.last_issue + 2;
  lines += story_line(pair_issue, 1, middle_date, filler.title(6),
                      {filler.words(20) + " " + kPairCompanyA + " " + filler.words(20) + " " + kPairCompanyB + " " +
                           filler.words(20) + "."},
                      {filler.words(10)})
               .dump() +
           "\n";
  planted.pair_story = id_of(pair_issue, 1);
  const int b_issue = facts.last_issue + 3;
  for (int n = 1; n <= kCompanyBOnlyStories; ++n) {
    const std::string other = kOtherCompanies[static_cast<std::size_t>(n) % std::size(kOtherCompanies)];
    lines += story_line(b_issue, n, newest_date, filler.title(6),
                        {filler.words(20) + " " + kPairCompanyB + " " + filler.words(20) + " " + other + " " +
                             filler.words(20) + "."},
                        {filler.words(10)})
                 .dump() +
             "\n";
  }

  // A day no issue of the corpus has: the one before the first.
  const int date_issue = facts.last_issue + 4;
  lines += story_line(date_issue, 1, planted.unique_date, filler.title(6), {filler.words(60) + "."}, {filler.words(10)})
               .dump() +
           "\n";
  planted.date_story = id_of(date_issue, 1);
  scatter::test::write_file(file, lines);
  return planted;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::optional<std::string> python() {
#ifdef SCATTER_PYTHON
  return std::string(SCATTER_PYTHON);
#else
  return std::nullopt;
#endif
}

constexpr bool kSanitized =
#ifdef SCATTER_SANITIZED
    true;
#else
    false;
#endif

struct Ranked {
  std::vector<std::string> ids{};
  Xapian::doccount estimate = 0;
  double took_ms = 0;
};

Ranked search(scatter::SearchEngine& engine, SearchRequest request) {
  request.per_page = scatter::kMaxPerPage;
  const auto result = engine.search(request);
  Ranked out{.estimate = result.total_estimate, .took_ms = result.took_ms};
  for (const auto& hit : result.hits) out.ids.push_back(hit.record.story.id);
  return out;
}

std::string described(const Ranked& r) {
  const std::vector<std::string> top(r.ids.begin(), r.ids.begin() + static_cast<long>(std::min<std::size_t>(5, r.ids.size())));
  return "about " + std::to_string(r.estimate) + " results, first " + (top.empty() ? "none" : joined(top, ", "));
}

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// The corpus and the planted stories, written under `dir` as one archive.
struct Archive {
  fs::path folder{};
  Planted planted{};
  std::size_t stories_with_phrase_words = 0;  // all four words, in any order
};

// Generates the corpus, reads it, and plants the stories beside it. Throws when
// the corpus no longer allows the test's premises, saying which.
Archive plant_in_corpus(const scatter::test::TempDir& dir, const std::string& python) {
  const auto generated = scatter::test::run_program(
      python, {(scatter::test::source_dir() / "bench" / "generate_corpus.py").string(), "--stories",
               std::to_string(kCorpusStories), "--seed", kCorpusSeed, "--out", (dir / "corpus").string()});
  if (generated.exit_code != 0) throw std::runtime_error("generate_corpus.py failed: " + generated.err);
  Archive out{.folder = dir / "corpus" / "jsonl"};
  const fs::path corpus = out.folder / "corpus.jsonl";
  const auto common = common_words(corpus, reserved_words(out.folder), kSampleStories);
  if (common.size() < kSkipMostCommon + kCandidateWords + kFillerWords) throw std::runtime_error("too few words");
  const auto candidates = candidate_phrases(common);
  const CorpusFacts facts = scan_corpus(corpus, candidates);
  if (facts.stories != kCorpusStories) throw std::runtime_error("the corpus has " + std::to_string(facts.stories));
  if (facts.naming_company_b != 0) {
    throw std::runtime_error(std::string("the generator now names ") + kPairCompanyB + ": pick another pair");
  }
  const auto unused = std::find(facts.phrase_stories.begin(), facts.phrase_stories.end(), 0u);
  if (unused == facts.phrase_stories.end()) throw std::runtime_error("every candidate phrase is in the corpus");
  const auto chosen = static_cast<std::size_t>(unused - facts.phrase_stories.begin());
  out.stories_with_phrase_words = facts.all_words_stories[chosen];
  // The premise: loose, the words are everywhere; only their order is rare.
  if (static_cast<double>(out.stories_with_phrase_words) < kCommonShare * static_cast<double>(facts.stories)) {
    throw std::runtime_error("the phrase's words are too rare for the test to mean anything");
  }
  Filler filler(common, candidates[chosen]);
  out.planted = plant(out.folder / "planted.jsonl", facts, candidates[chosen], filler);
  return out;
}

void expect_phrase_first(scatter::SearchEngine& engine, const Planted& planted) {
  SCOPED_TRACE("phrase story " + planted.phrase_story + ", decoy " + planted.decoy_story);
  const Ranked phrase = search(engine, {.q = "\"" + joined(planted.phrase) + "\""});
  const Ranked loose = search(engine, {.q = joined(planted.phrase)});
  std::printf("  \"%s\": %s (%.1f ms)\n", joined(planted.phrase).c_str(), described(phrase).c_str(), phrase.took_ms);
  std::printf("  %s (no quotes): %s (%.1f ms)\n", joined(planted.phrase).c_str(), described(loose).c_str(),
              loose.took_ms);
  ASSERT_FALSE(phrase.ids.empty());
  EXPECT_EQ(phrase.ids.front(), planted.phrase_story) << described(phrase);
  EXPECT_FALSE(contains(phrase.ids, planted.decoy_story)) << "the same words in another order are not the phrase";
}

void expect_pair_first(scatter::SearchEngine& engine, const Planted& planted) {
  const std::string a = lower(kPairCompanyA), b = kPairCompanyB;
  // Three ways of asking for both companies. Two values of one field side by
  // side (company:a company:b) mean either, stories with both first.
  const struct {
    std::string how;
    SearchRequest request;
  } rows[] = {
      {"company: AND company:", {.q = "company:" + a + " AND company:\"" + b + "\""}},
      {"company: company: (either, both first)", {.q = "company:" + a + " company:\"" + b + "\""}},
      {"a company: field and the company filter", {.q = "company:" + a, .companies = {"perplexity"}}},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE("pair story " + planted.pair_story + " (" + kPairCompanyA + " and " + kPairCompanyB + "), " + row.how);
    const Ranked pair = search(engine, row.request);
    const std::string filter = row.request.companies.empty() ? "" : " [companies " + joined(row.request.companies) + "]";
    std::printf("  %s%s: %s (%.1f ms)\n", row.request.q.c_str(), filter.c_str(), described(pair).c_str(), pair.took_ms);
    ASSERT_FALSE(pair.ids.empty());
    EXPECT_EQ(pair.ids.front(), planted.pair_story) << described(pair);
  }
}

void expect_date_only(scatter::SearchEngine& engine, const Planted& planted) {
  SCOPED_TRACE("date story " + planted.date_story + " (" + planted.unique_date + ")");
  const Ranked by_field = search(engine, {.q = "date:" + planted.unique_date});
  const auto day = scatter::Date::from_iso(planted.unique_date);
  const Ranked by_filter = search(engine, {.from = day, .to = day});
  std::printf("  date:%s: %s (%.1f ms)\n", planted.unique_date.c_str(), described(by_field).c_str(), by_field.took_ms);
  EXPECT_EQ(by_field.ids, std::vector<std::string>{planted.date_story}) << "no other story has this date";
  EXPECT_EQ(by_filter.ids, std::vector<std::string>{planted.date_story}) << "from = to = " << planted.unique_date;
}

TEST(PlantedStories, AreFoundFirstAmongAHundredThousand) {
  if (kSanitized) GTEST_SKIP() << "skipped in sanitizer builds: indexing 100,000 stories under ASan takes too long";
  if (!python()) GTEST_SKIP() << "no Python 3 was found when configuring: bench/generate_corpus.py cannot run";

  scatter::test::TempDir dir;
  auto clock = std::chrono::steady_clock::now();
  const Archive archive = plant_in_corpus(dir, *python());
  const double plant_s = seconds_since(clock);
  clock = std::chrono::steady_clock::now();
  const auto indexed = scatter::test::run_program(
      SCATTER_INDEXER, {"--archive", archive.folder.string(), "--db", (dir / "index").string(), "--jobs", "2", "--quiet"});
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  std::printf("%zu synthetic stories generated, read and planted in %.1f s, indexed in %.1f s\n", kCorpusStories,
              plant_s, seconds_since(clock));
  std::printf("phrase \"%s\": its words in %zu stories in any order, in this order in none\n",
              joined(archive.planted.phrase).c_str(), archive.stories_with_phrase_words);

  scatter::SearchEngine engine(dir / "index");
  ASSERT_GT(engine.story_count(), kCorpusStories);
  expect_phrase_first(engine, archive.planted);
  expect_pair_first(engine, archive.planted);
  expect_date_only(engine, archive.planted);
}

}  // namespace
