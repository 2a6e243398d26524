// query_bench: time per query of the project's engine beside plain Xapian doing
// the same plain query, in one process, with Google Benchmark (bench/query-bench
// runs it and prints the table).
//
// The query mix is made from the index itself, seeded: stories are sampled, and
// their words (common and rare, by how many sampled stories hold them), companies
// and dates become one query of each form in turn (kForms). Each query has two
// spellings: `q`, in the query language, for the engine, and `plain`, its free
// words with every field, filter and operator stripped, for raw Xapian.
//
// BM_RawXapian/FORM: QueryParser (English stemmer, STEM_SOME, the three text
// prefixes as the default field, default op OR) over `plain`, the top 10 with the
// engine's check_at_least, and for each hit the stored story decoded and
// MSet::snippet() over its body. BM_Engine/FORM: SearchEngine::search() with
// per_page 10, titles and snippets. FORM "all" is the whole mix; every benchmark
// runs each of its queries `passes` times, one query per iteration, and reports
// p50_ms, p99_ms and max_ms of those latencies (wall time) beside Google
// Benchmark's mean, and cpu_p50_ms, cpu_p99_ms of the thread's CPU time.
#include "engine/search_engine.h"
#include "engine/search_request.h"
#include "index/stored_story.h"
#include "command_line.h"
#include "latencies.h"

#include <benchmark/benchmark.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 64;

constexpr int kPerPage = 10;
// What common/engine/search_engine.cpp passes to get_mset (its kCheckAtLeast),
// so that both sides count the same number of matches.
constexpr Xapian::doccount kCheckAtLeast = 100;
// The engine's snippets are about 36 words; MSet::snippet() counts bytes.
constexpr std::size_t kSnippetBytes = 36 * 6;

constexpr std::size_t kDefaultQueries = 500;
constexpr std::uint64_t kDefaultSeed = 42;
constexpr int kDefaultPasses = 2;
// Stories read to tell common words from rare ones: a word in at least
// kCommonShare of them is common, one in at most kRareShare is rare (on the
// synthetic corpus's Zipf vocabulary: roughly the top 200 words, and words
// below rank 10,000).
constexpr std::size_t kFrequencySample = 2000;
constexpr double kCommonShare = 0.10;
constexpr double kRareShare = 0.0025;
// A typo is made in a word of at least this many letters, when the story's
// mid-frequency words offer one in a few tries: a slip in a short word is often
// another real word.
constexpr std::size_t kTypoMinLength = 5;
constexpr int kTypoTries = 20;

constexpr const char* kUsage =
    "Usage: query_bench --db PATH [--queries N] [--seed S] [--passes P] [--print-mix | --print-times]\n"
    "                   [Google Benchmark flags, e.g. --benchmark_filter=/all/]\n"
    "Builds a seeded mix of N queries from the stories of the index at PATH and times\n"
    "the engine beside plain Xapian on it. Defaults from the environment:\n"
    "QUERY_BENCH_DB, QUERY_BENCH_QUERIES (500), QUERY_BENCH_SEED (42),\n"
    "QUERY_BENCH_PASSES (2: each query runs that many times per benchmark).\n"
    "--print-mix prints the mix (form, prefix flag, q, plain words; tab-separated)\n"
    "and exits. --print-times runs each query once more on each side after the\n"
    "warm-up and prints form, raw ms, engine ms, raw hits, engine hits, q, slowest\n"
    "engine first, then exits: which queries make a form slow.\n";

struct Options {
  std::string db;
  std::size_t queries = kDefaultQueries;
  std::uint64_t seed = kDefaultSeed;
  int passes = kDefaultPasses;
  bool print_mix = false;
  bool print_times = false;
};

// ---------------------------------------------------------------------------
// The query mix

enum class Form {
  kPlainCommon,   // 1-3 common words
  kPlainRare,     // 1-3 rare words of one story
  kPlainMixed,    // a rare word and 1-2 common ones
  kPhrase,        // "2-3 consecutive words"
  kPhraseCommon,  // "consecutive common words"
  kTitleField,    // title:word
  kWhyField,      // why:word
  kCompany,       // word company:Name
  kDateRange,     // word date:YYYY-MM..YYYY-MM
  kAfter,         // word after:YYYY-MM-DD
  kYear,          // word year:YYYY
  kOr,            // a OR b
  kNot,           // a -b
  kPrefix,        // words and the start of a word, request.prefix
  kTypo,          // one word with one letter swapped or changed
};

struct FormName {
  Form form;
  const char* name;
};
constexpr std::array kForms{
    FormName{Form::kPlainCommon, "plain-common"}, FormName{Form::kPlainRare, "plain-rare"},
    FormName{Form::kPlainMixed, "plain-mixed"},   FormName{Form::kPhrase, "phrase"},
    FormName{Form::kPhraseCommon, "phrase-common"}, FormName{Form::kTitleField, "title-field"},
    FormName{Form::kWhyField, "why-field"},       FormName{Form::kCompany, "company"},
    FormName{Form::kDateRange, "date-range"},     FormName{Form::kAfter, "after"},
    FormName{Form::kYear, "year"},                FormName{Form::kOr, "or"},
    FormName{Form::kNot, "not"},                  FormName{Form::kPrefix, "prefix"},
    FormName{Form::kTypo, "typo"},
};

struct QueryCase {
  std::size_t form = 0;  // index into kForms
  std::string q{};       // for the engine
  std::string plain{};   // for raw Xapian
  bool prefix = false;   // request.prefix
};

// Deterministic on every platform, unlike std::uniform_int_distribution.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(engine_() % n); }
  template <class T>
  const T& pick(const std::vector<T>& items) { return items[below(items.size())]; }

 private:
  std::mt19937_64 engine_;
};

// Lower-cased runs of ASCII letters of three or more: the synthetic corpus's
// pseudo-words and the words of company and topic names.
std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  const auto flush = [&] {
    if (word.size() >= 3) words.push_back(word);
    word.clear();
  };
  for (const char c : text) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

std::string body_text(const scatter::Story& story) {
  std::string text;
  for (const auto* part : {&story.paragraphs, &story.bullets}) {
    for (const std::string& line : *part) {
      if (!text.empty()) text += ' ';
      text += line;
    }
  }
  return text;
}

std::string all_text(const scatter::Story& story) { return story.title + ' ' + body_text(story); }

std::optional<scatter::StoryRecord> read_story(const Xapian::Database& db, Xapian::docid id) {
  try {
    return scatter::decode_stored_story(db.get_document(id).get_data());
  } catch (const Xapian::DocNotFoundError&) {
    return std::nullopt;  // a hole left by a deleted story
  }
}

class MixBuilder {
 public:
  MixBuilder(const Xapian::Database& db, std::uint64_t seed) : db_(db), random_(seed) {
    if (db_.get_doccount() == 0) throw std::runtime_error("the index holds no stories");
    count_frequencies();
  }

  std::vector<QueryCase> build(std::size_t count) {
    std::vector<QueryCase> mix;
    for (std::size_t i = 0; i < count; ++i) mix.push_back(make(i % kForms.size()));
    return mix;
  }

 private:
  enum class Band { kCommon, kMid, kRare };

  scatter::StoryRecord random_story() {
    for (;;) {
      const auto id = static_cast<Xapian::docid>(1 + random_.below(db_.get_lastdocid()));
      if (auto record = read_story(db_, id)) return *record;
    }
  }

  void count_frequencies() {
    const std::size_t sample = std::min<std::size_t>(kFrequencySample, db_.get_doccount());
    for (std::size_t i = 0; i < sample; ++i) {
      const auto words = words_of(all_text(random_story().story));
      for (const std::string& word : std::set<std::string>(words.begin(), words.end())) ++stories_with_[word];
    }
    common_at_ = std::max(1.0, kCommonShare * static_cast<double>(sample));
    rare_at_ = kRareShare * static_cast<double>(sample);
  }

  Band band(const std::string& word) const {
    const auto found = stories_with_.find(word);
    const double n = found == stories_with_.end() ? 0 : found->second;
    return n >= common_at_ ? Band::kCommon : n <= rare_at_ ? Band::kRare : Band::kMid;
  }

  // A word of `text` in `wanted`'s band; failing that, the nearest to it.
  std::string pick_word(std::string_view text, Band wanted) {
    const auto words = words_of(text);
    if (words.empty()) return "data";
    std::vector<std::string> in_band;
    for (const std::string& word : words) {
      if (band(word) == wanted) in_band.push_back(word);
    }
    if (!in_band.empty()) return random_.pick(in_band);
    const auto frequency = [&](const std::string& w) {
      const auto found = stories_with_.find(w);
      return found == stories_with_.end() ? 0 : found->second;
    };
    const auto by_frequency = [&](const std::string& a, const std::string& b) { return frequency(a) < frequency(b); };
    return wanted == Band::kRare ? *std::min_element(words.begin(), words.end(), by_frequency)
           : wanted == Band::kCommon ? *std::max_element(words.begin(), words.end(), by_frequency)
                                     : random_.pick(words);
  }

  std::string words(std::string_view text, Band wanted, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += (out.empty() ? "" : " ") + pick_word(text, wanted);
    return out;
  }

  // 2-3 consecutive words of one paragraph, all common when `common`.
  std::string phrase(const scatter::Story& story, bool common) {
    const std::size_t length = 2 + random_.below(2);
    std::vector<std::string> candidates;
    for (const std::string& paragraph : story.paragraphs) {
      const auto words = words_of(paragraph);
      for (std::size_t i = 0; i + length <= words.size(); ++i) {
        bool all_common = true;
        std::string candidate;
        for (std::size_t j = i; j < i + length; ++j) {
          all_common = all_common && band(words[j]) == Band::kCommon;
          candidate += (j == i ? "" : " ") + words[j];
        }
        if (!common || all_common) candidates.push_back(candidate);
      }
    }
    return candidates.empty() ? words(body_text(story), Band::kCommon, length) : random_.pick(candidates);
  }

  std::string typo(std::string word) {
    if (word.size() < 4) word += "x";
    const std::size_t at = 1 + random_.below(word.size() - 2);  // never the first or last letter
    if (random_.below(2) == 0 && word[at] != word[at + 1]) {
      std::swap(word[at], word[at + 1]);
    } else {
      const char replacement = static_cast<char>('a' + random_.below(26));
      word[at] = replacement == word[at] ? (replacement == 'z' ? 'a' : static_cast<char>(replacement + 1)) : replacement;
    }
    return word;
  }

  static std::string yyyy_mm(int months) {  // months since year 0
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d", months / 12, months % 12 + 1);
    return text;
  }

  // A word of a story that has a company (or a date), and a filter the story
  // passes: company:Name, date:YYYY-MM..YYYY-MM, after:YYYY-MM-DD or year:YYYY.
  void add_filter(Form form, scatter::StoryRecord& record, QueryCase& c) {
    if (form == Form::kCompany) {
      while (record.story.companies.empty()) record = random_story();
      const std::string& name = random_.pick(record.story.companies);
      c.plain = pick_word(all_text(record.story), Band::kMid);
      const bool quote = name.find(' ') != std::string::npos;
      c.q = c.plain + " company:" + (quote ? '"' + name + '"' : name);
      return;
    }
    while (!record.date) record = random_story();
    const scatter::Date date = *record.date;
    c.plain = pick_word(all_text(record.story), Band::kMid);
    if (form == Form::kDateRange) {
      const int first = date.year * 12 + date.month - 1 - static_cast<int>(random_.below(6));
      const int last = first + 1 + static_cast<int>(random_.below(10));
      c.q = c.plain + " date:" + yyyy_mm(first) + ".." + yyyy_mm(last);
    } else if (form == Form::kAfter) {
      const scatter::Date from{date.year - static_cast<int>(random_.below(3)), date.month, std::min(date.day, 28)};
      c.q = c.plain + " after:" + from.iso();
    } else {
      c.q = c.plain + " year:" + std::to_string(date.year);
    }
  }

  QueryCase make(std::size_t form_index) {
    QueryCase c{.form = form_index};
    scatter::StoryRecord record = random_story();
    const scatter::Story& story = record.story;
    const std::string text = all_text(story);
    const std::string body = body_text(story);
    switch (kForms[form_index].form) {
      case Form::kPlainCommon:
        c.plain = c.q = words(text, Band::kCommon, 1 + random_.below(3));
        break;
      case Form::kPlainRare:
        c.plain = c.q = words(text, Band::kRare, 1 + random_.below(3));
        break;
      case Form::kPlainMixed:
        c.plain = c.q = pick_word(text, Band::kRare) + " " + words(text, Band::kCommon, 1 + random_.below(2));
        break;
      case Form::kPhrase:
      case Form::kPhraseCommon:
        c.plain = phrase(story, kForms[form_index].form == Form::kPhraseCommon);
        c.q = '"' + c.plain + '"';
        break;
      case Form::kTitleField:
        c.plain = pick_word(story.title, Band::kMid);
        c.q = "title:" + c.plain;
        break;
      case Form::kWhyField: {
        std::string bullets;
        for (const std::string& bullet : story.bullets) bullets += bullet + ' ';
        c.plain = pick_word(bullets.empty() ? body : bullets, Band::kMid);
        c.q = "why:" + c.plain;
        break;
      }
      case Form::kCompany:
      case Form::kDateRange:
      case Form::kAfter:
      case Form::kYear:
        add_filter(kForms[form_index].form, record, c);
        break;
      case Form::kOr: {
        const std::string a = pick_word(text, Band::kMid), b = pick_word(text, Band::kMid);
        c.q = a + " OR " + b;
        c.plain = a + " " + b;
        break;
      }
      case Form::kNot: {
        const std::string a = pick_word(text, Band::kMid);
        const std::string b = pick_word(all_text(random_story().story), Band::kMid);
        c.q = a + " -" + b;
        c.plain = a + " " + b;
        break;
      }
      case Form::kPrefix: {
        std::string start = pick_word(text, Band::kMid);
        start.resize(std::min(start.size() - 1, 3 + random_.below(3)));
        const std::size_t before = random_.below(3);
        c.plain = c.q = (before == 0 ? "" : words(text, Band::kMid, before) + " ") + start;
        c.prefix = true;
        break;
      }
      case Form::kTypo: {
        std::string word = pick_word(text, Band::kMid);
        for (int tries = 0; word.size() < kTypoMinLength && tries < kTypoTries; ++tries) word = pick_word(text, Band::kMid);
        c.plain = c.q = typo(word);
        break;
      }
    }
    return c;
  }

  const Xapian::Database& db_;
  Random random_;
  std::unordered_map<std::string, int> stories_with_;  // word -> sampled stories holding it
  double common_at_ = 1, rare_at_ = 0;
};

// ---------------------------------------------------------------------------
// The two sides

// Plain Xapian, set up once as a careful caller would: one parser, one Enquire.
class RawXapian {
 public:
  explicit RawXapian(const std::string& path) : db_(path), enquire_(db_) {
    parser_.set_database(db_);
    parser_.set_stemmer(stemmer_);
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_default_op(Xapian::Query::OP_OR);
    for (const char* prefix : {"S", "XB", "XW"}) parser_.add_prefix("", prefix);
  }

  // Returns the number of hits.
  std::size_t run(const QueryCase& c) {
    enquire_.set_query(parser_.parse_query(c.plain));
    const Xapian::MSet mset = enquire_.get_mset(0, kPerPage, kCheckAtLeast);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const scatter::StoryRecord record = scatter::decode_stored_story(it.get_document().get_data());
      std::string snippet = mset.snippet(body_text(record.story), kSnippetBytes, stemmer_);
      benchmark::DoNotOptimize(snippet);
    }
    return mset.size();
  }

  const Xapian::Database& db() const { return db_; }

 private:
  Xapian::Database db_;
  Xapian::Stem stemmer_{"english"};
  Xapian::QueryParser parser_;
  Xapian::Enquire enquire_;
};

class Engine {
 public:
  explicit Engine(const std::string& path) : engine_(path) {}

  std::size_t run(const QueryCase& c) {
    scatter::SearchResult result = engine_.search({.q = c.q, .per_page = kPerPage, .prefix = c.prefix});
    benchmark::DoNotOptimize(result);
    return result.hits.size();
  }

 private:
  scatter::SearchEngine engine_;
};

// ---------------------------------------------------------------------------
// Timing

// One query per iteration, cycling through `queries`; per-query wall time from
// steady_clock and CPU time of the thread. A query that throws is counted in
// "errors" and timed anyway.
template <class Side>
void time_queries(benchmark::State& state, Side& side, const std::vector<const QueryCase*>& queries) {
  scatter::bench::Latencies latencies(state);
  std::size_t next = 0, hits = 0, errors = 0;
  for (auto _ : state) {
    const QueryCase& c = *queries[next];
    next = next + 1 == queries.size() ? 0 : next + 1;
    try {
      hits += latencies.time([&] { return side.run(c); });
    } catch (const std::exception&) {
      ++errors;
    }
  }
  const auto n = static_cast<double>(state.iterations());
  latencies.report(state);
  state.counters["hits"] = n > 0 ? static_cast<double>(hits) / n : 0;
  state.counters["errors"] = static_cast<double>(errors);
  state.counters["queries"] = static_cast<double>(queries.size());
}

// Runs every query once on both sides before anything is timed, so that each
// side finds the index in the page cache; prints the queries the engine refuses.
void warm_up(RawXapian& raw, Engine& engine, const std::vector<QueryCase>& mix) {
  std::size_t refused = 0;
  for (const QueryCase& c : mix) {
    raw.run(c);
    try {
      engine.run(c);
    } catch (const std::exception& e) {
      if (++refused <= 5) std::cerr << "query_bench: the engine refused [" << c.q << "]: " << e.what() << "\n";
    }
  }
  if (refused > 0) std::cerr << "query_bench: " << refused << " of " << mix.size() << " queries refused by the engine\n";
}

template <class Side>
std::pair<double, std::size_t> time_once(Side& side, const QueryCase& c) {
  const auto start = std::chrono::steady_clock::now();
  std::size_t hits = 0;
  try {
    hits = side.run(c);
  } catch (const std::exception&) {
  }
  return {std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count(), hits};
}

void print_times(RawXapian& raw, Engine& engine, const std::vector<QueryCase>& mix) {
  struct Row {
    const QueryCase* c;
    std::pair<double, std::size_t> raw, engine;
  };
  std::vector<Row> rows;
  for (const QueryCase& c : mix) rows.push_back({&c, time_once(raw, c), time_once(engine, c)});
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.engine.first > b.engine.first; });
  std::cout << "form\traw_ms\tengine_ms\traw_hits\tengine_hits\tq\n";
  for (const Row& row : rows) {
    std::printf("%s\t%.3f\t%.3f\t%zu\t%zu\t%s%s\n", kForms[row.c->form].name, row.raw.first, row.engine.first,
                row.raw.second, row.engine.second, row.c->q.c_str(), row.c->prefix ? " (prefix)" : "");
  }
}

void register_benchmarks(RawXapian& raw, Engine& engine, const std::vector<QueryCase>& mix, int passes) {
  std::vector<std::pair<std::string, std::vector<const QueryCase*>>> groups{{"all", {}}};
  for (const QueryCase& c : mix) groups.front().second.push_back(&c);
  for (std::size_t form = 0; form < kForms.size(); ++form) {
    std::vector<const QueryCase*> of_form;
    for (const QueryCase& c : mix) {
      if (c.form == form) of_form.push_back(&c);
    }
    if (!of_form.empty()) groups.emplace_back(kForms[form].name, std::move(of_form));
  }
  // Init-captures copy each group: Clang before 16 cannot capture a structured binding.
  for (auto& [name, queries] : groups) {
    const auto iterations = static_cast<benchmark::IterationCount>(queries.size()) * passes;
    benchmark::RegisterBenchmark(("BM_RawXapian/" + name).c_str(),
                                 [&raw, group = queries](benchmark::State& state) { time_queries(state, raw, group); })
        ->Iterations(iterations)->UseRealTime()->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_Engine/" + name).c_str(),
                                 [&engine, group = queries](benchmark::State& state) { time_queries(state, engine, group); })
        ->Iterations(iterations)->UseRealTime()->Unit(benchmark::kMillisecond);
  }
}

// ---------------------------------------------------------------------------
// Command line

Options parse_options(int argc, char** argv) {
  using scatter::bench::environment;
  using scatter::bench::whole_number;
  Options options;
  if (auto v = environment("QUERY_BENCH_DB")) options.db = *v;
  if (auto v = environment("QUERY_BENCH_QUERIES")) options.queries = whole_number<std::size_t>("QUERY_BENCH_QUERIES", *v, 1);
  if (auto v = environment("QUERY_BENCH_SEED")) options.seed = whole_number<std::uint64_t>("QUERY_BENCH_SEED", *v, 0);
  if (auto v = environment("QUERY_BENCH_PASSES")) options.passes = whole_number<int>("QUERY_BENCH_PASSES", *v, 1);
  scatter::bench::Arguments args(argc, argv);
  while (args.next()) {
    const std::string& arg = args.name();
    if (arg == "--db") options.db = args.value();
    else if (arg == "--queries") options.queries = args.number<std::size_t>(1);
    else if (arg == "--seed") options.seed = args.number<std::uint64_t>(0);
    else if (arg == "--passes") options.passes = args.number<int>(1);
    else if (arg == "--print-mix") options.print_mix = true;
    else if (arg == "--print-times") options.print_times = true;
    else args.unknown();
  }
  if (options.db.empty()) throw scatter::bench::UsageError("--db (or QUERY_BENCH_DB) is required");
  return options;
}

void print_help() {
  std::cout << kUsage << "\n";
  benchmark::PrintDefaultHelp();
}

void print_mix(const std::vector<QueryCase>& mix) {
  for (const QueryCase& c : mix) {
    std::cout << kForms[c.form].name << '\t' << (c.prefix ? "prefix" : "-") << '\t' << c.q << '\t' << c.plain << '\n';
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv, print_help);  // takes its --benchmark_* flags out of argv
  Options options;
  try {
    options = parse_options(argc, argv);
  } catch (const scatter::bench::UsageError& e) {
    std::cerr << "query_bench: " << e.what() << "\n" << kUsage;
    return kExitUsage;
  }
  try {
    RawXapian raw(options.db);
    const std::vector<QueryCase> mix = MixBuilder(raw.db(), options.seed).build(options.queries);
    if (options.print_mix) {
      print_mix(mix);
      return kExitOk;
    }
    Engine engine(options.db);
    benchmark::AddCustomContext("index", options.db);
    benchmark::AddCustomContext("stories", std::to_string(raw.db().get_doccount()));
    benchmark::AddCustomContext("mix", std::to_string(mix.size()) + " queries, seed " + std::to_string(options.seed) +
                                           ", " + std::to_string(options.passes) + " passes");
    warm_up(raw, engine, mix);
    if (options.print_times) {
      print_times(raw, engine, mix);
      return kExitOk;
    }
    register_benchmarks(raw, engine, mix, options.passes);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return kExitOk;
  } catch (const Xapian::Error& e) {
    std::cerr << "query_bench: " << options.db << ": " << e.get_description() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "query_bench: " << options.db << ": " << e.what() << "\n";
  }
  return kExitFailed;
}
