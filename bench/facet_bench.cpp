// facet_bench: what facet counts and trends cost the engine on queries that
// match at least half the archive, beside the plain search and beside bare
// Xapian counting the same facets with its match spies, in one process, with
// Google Benchmark (bench/facet-bench runs it and prints the table). Issue 17.
//
// The queries come from the index itself: the commonest body words (terms of
// schema::kBody's prefix held by at least half the stories; up to --words of
// them, most frequent first) and --pairs pairs of them ("a b": either word).
// Groups: "words", "pairs" and "all" (both). Per group, one query per
// iteration, each query --passes times:
//
//   BM_Plain/G            SearchEngine::search, per_page 10, no facets
//   BM_Facets/G           the same with facets company, topic, year
//   BM_TrendsMonth/G      SearchEngine::trends, interval month
//   BM_XapianValueCount/G the baseline, bare Xapian: an Enquire over the words
//                         as plain terms of the three text prefixes (OR),
//                         query::CountingWeight (Xapian 1.4.22 fails with
//                         BoolWeight after deletions, see counting_weight.h),
//                         three ValueCountMatchSpy (companies, topics, date
//                         slots) and get_mset(0, 0, doccount): how a Xapian
//                         user counts facets, and what the engine did before.
//   BM_EmptyPlain, BM_EmptyFacets   q empty, without and with those facets
//   BM_TrendsMonthWindow/G  only when the archive spans more months than the
//                         engine draws (kMaxTrendPeriods): trends by month
//                         with `from` set so that the last kMaxTrendPeriods
//                         months are asked for (BM_TrendsMonth then fails
//                         with BadParameter, counted in "errors").
//   BM_FacetIndexBuild    facets::FacetIndex::build over the whole index,
//                         --build-iterations times; memory_bytes() as a counter.
//
// Counters: p50_ms, p99_ms, max_ms (wall), cpu_p50_ms, cpu_p99_ms (the
// thread's CPU time), matches (mean stories matched: the engine's total,
// exact with facets, Xapian's estimate without; the baseline's exact count),
// share (matches / stories), errors, queries.
//
// --check compares, query by query, the engine's facet counts with the
// baseline's spy counts summed per name and year, and prints the differences
// (the two read a word differently: the engine adds its stems, so totals can
// differ; the empty query is the same set on both sides).
#include "engine/search_engine.h"
#include "engine/search_request.h"
#include "facets/facet_index.h"
#include "query/counting_weight.h"
#include "schema/schema.h"
#include "command_line.h"
#include "latencies.h"

#include <benchmark/benchmark.h>
#include <xapian.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 64;

constexpr int kPerPage = 10;
constexpr std::size_t kDefaultWords = 20;
constexpr std::size_t kDefaultPairs = 10;
constexpr int kDefaultPasses = 2;
constexpr int kDefaultBuildIterations = 3;
// Iterations of the single empty query: enough for a p99 to mean something.
constexpr int kEmptyQueryRuns = 30;
const std::vector<scatter::Facet> kFacets = {scatter::Facet::kCompany, scatter::Facet::kTopic, scatter::Facet::kYear};

constexpr const char* kUsage =
    "Usage: facet_bench --db PATH [--words N] [--pairs N] [--passes P] [--build-iterations B]\n"
    "                   [--print-queries | --check] [Google Benchmark flags]\n"
    "Times facet counts and trends of the engine on the index at PATH beside the plain\n"
    "search and beside bare Xapian's ValueCountMatchSpy, on its commonest body words\n"
    "(in at least half the stories; up to N, default 20) and N pairs of them (default 10).\n"
    "Each query runs P times per benchmark (default 2); the facet index is built B times\n"
    "(default 3). Defaults from the environment: FACET_BENCH_DB, FACET_BENCH_PASSES.\n"
    "--print-queries prints group, stories matched by the baseline, q; then exits.\n"
    "--check prints, per query, both totals and the facet values whose counts differ.\n";

struct Options {
  std::string db;
  std::size_t words = kDefaultWords;
  std::size_t pairs = kDefaultPairs;
  int passes = kDefaultPasses;
  int build_iterations = kDefaultBuildIterations;
  bool print_queries = false;
  bool check = false;
};

struct QueryCase {
  std::string group;               // "words" or "pairs"
  std::vector<std::string> words;  // none (the empty query), one or two
  std::string q() const {
    std::string text;
    for (const std::string& word : words) text += (text.empty() ? "" : " ") + word;
    return text;
  }
};

// ---------------------------------------------------------------------------
// The queries

// A term of a plain word: lower-case ASCII letters and digits, or UTF-8. An
// upper-case letter after a prefix starts another prefix, and punctuation is
// query syntax.
bool plain_word(std::string_view word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (static_cast<unsigned char>(c) & 0x80) != 0;
  });
}

// The body words held by at least half the stories, most frequent first.
std::vector<std::string> common_words(const Xapian::Database& db, std::size_t most) {
  const std::string prefix(scatter::schema::kBody.prefix);
  const Xapian::doccount half = (db.get_doccount() + 1) / 2;
  std::vector<std::pair<Xapian::doccount, std::string>> found;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    const std::string word = (*it).substr(prefix.size());
    if (it.get_termfreq() >= half && plain_word(word)) found.emplace_back(it.get_termfreq(), word);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::string> words;
  for (std::size_t i = 0; i < std::min(most, found.size()); ++i) words.push_back(found[i].second);
  return words;
}

// Each word alone, then pairs: the i-th word with the one half the list
// further down first (with 20 words every word once, a commoner with a rarer).
std::vector<QueryCase> make_queries(const std::vector<std::string>& words, std::size_t pairs) {
  std::vector<QueryCase> queries;
  for (const std::string& word : words) queries.push_back({"words", {word}});
  const long n = static_cast<long>(words.size());
  std::vector<std::pair<long, long>> candidates;
  for (long i = 0; i < n; ++i) {
    for (long j = i + 1; j < n; ++j) candidates.emplace_back(i, j);
  }
  std::stable_sort(candidates.begin(), candidates.end(), [n](const auto& a, const auto& b) {
    return std::abs(a.second - a.first - n / 2) < std::abs(b.second - b.first - n / 2);
  });
  for (std::size_t k = 0; k < std::min(pairs, candidates.size()); ++k) {
    const auto [i, j] = candidates[k];
    queries.push_back({"pairs", {words[static_cast<std::size_t>(i)], words[static_cast<std::size_t>(j)]}});
  }
  return queries;
}

// ---------------------------------------------------------------------------
// The sides

// Facet counts as a Xapian user makes them, set up once: one Enquire.
class XapianValueCount {
 public:
  // The spies' counts: per slot value (a joined list of names, a YYYYMMDD date).
  struct Counts {
    Xapian::doccount matches = 0;
    std::map<std::string, Xapian::doccount> companies{}, topics{}, dates{};
  };

  explicit XapianValueCount(const std::string& path) : db_(path), enquire_(db_) {
    enquire_.set_weighting_scheme(scatter::query::CountingWeight());
  }

  Counts count(const QueryCase& c) {
    Xapian::ValueCountMatchSpy companies(scatter::schema::kCompaniesSlot), topics(scatter::schema::kTopicsSlot),
        dates(scatter::schema::kDateSlot);
    enquire_.clear_matchspies();
    for (Xapian::ValueCountMatchSpy* spy : {&companies, &topics, &dates}) enquire_.add_matchspy(spy);
    enquire_.set_query(query_of(c));
    const Xapian::MSet mset = enquire_.get_mset(0, 0, db_.get_doccount());
    enquire_.clear_matchspies();
    Counts counts{.matches = mset.get_matches_estimated()};
    const auto read = [](const Xapian::ValueCountMatchSpy& spy, std::map<std::string, Xapian::doccount>& into) {
      for (auto it = spy.values_begin(); it != spy.values_end(); ++it) into[*it] = it.get_termfreq();
    };
    read(companies, counts.companies);
    read(topics, counts.topics);
    read(dates, counts.dates);
    return counts;
  }

  const Xapian::Database& db() const { return db_; }

 private:
  // Each word in the title, body or bullets; an empty query matches everything.
  static Xapian::Query query_of(const QueryCase& c) {
    if (c.words.empty()) return Xapian::Query::MatchAll;
    std::vector<Xapian::Query> terms;
    for (const std::string& word : c.words) {
      for (const auto* field : {&scatter::schema::kTitle, &scatter::schema::kBody, &scatter::schema::kWhy}) {
        terms.emplace_back(std::string(field->prefix) + word);
      }
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }

  Xapian::Database db_;
  Xapian::Enquire enquire_;
};

scatter::SearchRequest search_request(const QueryCase& c, bool facets) {
  return {.q = c.q(), .per_page = kPerPage,
          .facets = facets ? kFacets : std::vector<scatter::Facet>{}};
}

// A timed call: stories matched.
using Run = std::function<Xapian::doccount(const QueryCase&)>;

// ---------------------------------------------------------------------------
// Timing

// One query per iteration, cycling through `queries`. A query that throws is
// counted in "errors" and timed all the same.
void time_queries(benchmark::State& state, const Run& run, const std::vector<QueryCase>& queries, double stories) {
  scatter::bench::Latencies latencies(state);
  std::size_t next = 0, errors = 0;
  double matches = 0;
  for (auto _ : state) {
    const QueryCase& c = queries[next];
    next = next + 1 == queries.size() ? 0 : next + 1;
    try {
      matches += latencies.time([&] { return run(c); });
    } catch (const std::exception&) {
      ++errors;
    }
  }
  const auto n = static_cast<double>(state.iterations());
  latencies.report(state);
  state.counters["matches"] = n > 0 ? matches / n : 0;
  state.counters["share"] = n > 0 && stories > 0 ? matches / n / stories : 0;
  state.counters["errors"] = static_cast<double>(errors);
  state.counters["queries"] = static_cast<double>(queries.size());
}

void time_build(benchmark::State& state, const std::string& path) {
  const Xapian::Database db(path);
  scatter::bench::Latencies latencies(state);
  std::size_t bytes = 0;
  for (auto _ : state) {
    bytes = latencies.time([&] { return scatter::facets::FacetIndex::build(db).memory_bytes(); });
  }
  latencies.report(state);
  state.counters["memory_bytes"] = static_cast<double>(bytes);
  state.counters["memory_mib"] = static_cast<double>(bytes) / (1024.0 * 1024.0);
}

// The first day of the kMaxTrendPeriods-th month before the archive's last,
// or nullopt when the archive spans no more months than that.
std::optional<scatter::Date> month_window_start(const Xapian::Database& db) {
  const auto year_month = [](const std::string& value) -> std::optional<long> {
    int year = 0, month = 0;
    if (value.size() != 8 || std::from_chars(value.data(), value.data() + 4, year).ec != std::errc() ||
        std::from_chars(value.data() + 4, value.data() + 6, month).ec != std::errc()) {
      return std::nullopt;
    }
    return year * 12L + std::max(month, 1) - 1;
  };
  const auto first = year_month(db.get_value_lower_bound(scatter::schema::kDateSlot));
  const auto last = year_month(db.get_value_upper_bound(scatter::schema::kDateSlot));
  if (!first || !last || *last - *first + 1 <= scatter::kMaxTrendPeriods) return std::nullopt;
  const long start = *last - (scatter::kMaxTrendPeriods - 1);
  return scatter::Date{static_cast<int>(start / 12), static_cast<int>(start % 12) + 1, 1};
}

struct Sides {
  XapianValueCount& xapian;
  scatter::SearchEngine& engine;
  std::optional<scatter::Date> window;  // for BM_TrendsMonthWindow
};

std::vector<std::pair<std::string, Run>> kinds(const Sides& sides) {
  scatter::SearchEngine& engine = sides.engine;
  XapianValueCount& xapian = sides.xapian;
  std::vector<std::pair<std::string, Run>> out{
      {"BM_XapianValueCount", [&xapian](const QueryCase& c) { return xapian.count(c).matches; }},
      {"BM_Plain", [&engine](const QueryCase& c) { return engine.search(search_request(c, false)).total_estimate; }},
      {"BM_Facets", [&engine](const QueryCase& c) { return engine.search(search_request(c, true)).total_estimate; }},
      {"BM_TrendsMonth", [&engine](const QueryCase& c) {
         return engine.trends({.search = {.q = c.q()}, .interval = scatter::Interval::kMonth}).total;
       }}};
  if (sides.window) {
    out.emplace_back("BM_TrendsMonthWindow", [&engine, from = *sides.window](const QueryCase& c) {
      return engine.trends({.search = {.q = c.q(), .from = from}, .interval = scatter::Interval::kMonth}).total;
    });
  }
  return out;
}

// Runs every query once on every side before anything is timed, so that the
// index is in the page cache and the engine has built its facet index.
void warm_up(const std::vector<std::pair<std::string, Run>>& runs, const std::vector<QueryCase>& queries) {
  for (const auto& [name, run] : runs) {
    std::size_t refused = 0;
    for (const QueryCase& c : queries) {
      try {
        run(c);
      } catch (const std::exception& e) {
        if (++refused == 1) std::cerr << "facet_bench: " << name << " refused [" << c.q() << "]: " << e.what() << "\n";
      }
    }
    if (refused > 0) std::cerr << "facet_bench: " << name << ": " << refused << " of " << queries.size() << " refused\n";
  }
}

void register_benchmarks(const Sides& sides, const std::vector<QueryCase>& queries, const Options& options) {
  const auto stories = static_cast<double>(sides.xapian.db().get_doccount());
  std::vector<std::pair<std::string, std::vector<QueryCase>>> groups{{"all", queries}, {"words", {}}, {"pairs", {}}};
  for (const QueryCase& c : queries) (c.group == "words" ? groups[1] : groups[2]).second.push_back(c);
  const auto add = [&](const std::string& name, const Run& run, const std::vector<QueryCase>& group, long iterations) {
    benchmark::RegisterBenchmark(name.c_str(), [run, group, stories](benchmark::State& state) {
      time_queries(state, run, group, stories);
    })->Iterations(iterations)->UseRealTime()->Unit(benchmark::kMillisecond);
  };
  const auto runs = kinds(sides);
  for (const auto& [group, members] : groups) {
    if (members.empty()) continue;
    for (const auto& [kind, run] : runs) add(kind + "/" + group, run, members, static_cast<long>(members.size()) * options.passes);
  }
  const std::vector<QueryCase> empty{{"empty", {}}};
  scatter::SearchEngine& engine = sides.engine;
  add("BM_EmptyPlain", [&engine](const QueryCase& c) { return engine.search(search_request(c, false)).total_estimate; },
      empty, kEmptyQueryRuns * options.passes);
  add("BM_EmptyFacets", [&engine](const QueryCase& c) { return engine.search(search_request(c, true)).total_estimate; },
      empty, kEmptyQueryRuns * options.passes);
  benchmark::RegisterBenchmark("BM_FacetIndexBuild", [path = options.db](benchmark::State& state) { time_build(state, path); })
      ->Iterations(options.build_iterations)->Repetitions(1)->UseRealTime()->Unit(benchmark::kMillisecond);
}

// ---------------------------------------------------------------------------
// --check

// The spy's counts per name (its values are joined lists) and per year (its
// values are dates).
std::map<std::string, Xapian::doccount> by_name(const std::map<std::string, Xapian::doccount>& values) {
  std::map<std::string, Xapian::doccount> names;
  for (const auto& [value, count] : values) {
    for (const std::string_view name : scatter::schema::split_list(value)) names[std::string(name)] += count;
  }
  return names;
}

std::map<std::string, Xapian::doccount> by_year(const std::map<std::string, Xapian::doccount>& dates) {
  std::map<std::string, Xapian::doccount> years;
  for (const auto& [date, count] : dates) {
    int year = 0;
    if (date.size() == 8 && std::from_chars(date.data(), date.data() + 4, year).ec == std::errc()) {
      years[std::to_string(year)] += count;
    }
  }
  return years;
}

// Differences between the engine's values of one facet (the most counted,
// up to the limit) and the spy's: a value counted differently, or one the
// spy counts more often than the engine's least counted value but the engine left out.
std::vector<std::string> differences(const scatter::FacetCounts& engine, const std::map<std::string, Xapian::doccount>& spy) {
  std::vector<std::string> out;
  std::map<std::string, Xapian::doccount> listed;
  Xapian::doccount least = 0;
  for (const scatter::FacetValue& value : engine.values) {
    listed[value.value] = value.count;
    least = least == 0 ? value.count : std::min(least, value.count);
    const auto found = spy.find(value.value);
    const Xapian::doccount expected = found == spy.end() ? 0 : found->second;
    if (expected != value.count) {
      out.push_back(value.value + " " + std::to_string(value.count) + " (spy " + std::to_string(expected) + ")");
    }
  }
  const bool all_listed = engine.values.size() < static_cast<std::size_t>(scatter::kMaxFacetLimit);
  for (const auto& [name, count] : spy) {
    if (!listed.contains(name) && (all_listed || count > least)) out.push_back(name + " missing (spy " + std::to_string(count) + ")");
  }
  return out;
}

int check(XapianValueCount& xapian, scatter::SearchEngine& engine, std::vector<QueryCase> queries) {
  queries.push_back({"empty", {}});
  int differing = 0;
  std::cout << "group\tq\tengine_total\tspy_total\tdifferences\n";
  for (const QueryCase& c : queries) {
    scatter::SearchRequest request = search_request(c, true);
    request.facet_limit = scatter::kMaxFacetLimit;
    const scatter::SearchResult result = engine.search(request);
    const XapianValueCount::Counts spy = xapian.count(c);
    const std::map<std::string, Xapian::doccount> expected[] = {by_name(spy.companies), by_name(spy.topics), by_year(spy.dates)};
    std::string notes;
    for (std::size_t i = 0; i < result.facets.size() && i < std::size(expected); ++i) {
      for (const std::string& d : differences(result.facets[i], expected[i])) {
        notes += (notes.empty() ? "" : "; ") + std::string(scatter::facet_name(result.facets[i].facet)) + ":" + d;
      }
    }
    if (!notes.empty()) ++differing;
    std::cout << c.group << '\t' << c.q() << '\t' << result.total_estimate << '\t' << spy.matches << '\t'
              << (notes.empty() ? "-" : notes) << '\n';
  }
  std::cerr << "facet_bench: " << differing << " of " << queries.size() << " queries counted differently\n";
  return kExitOk;
}

// ---------------------------------------------------------------------------
// Command line

Options parse_options(int argc, char** argv) {
  using scatter::bench::whole_number;
  Options options;
  if (auto v = scatter::bench::environment("FACET_BENCH_DB")) options.db = *v;
  if (auto v = scatter::bench::environment("FACET_BENCH_PASSES")) options.passes = whole_number<int>("FACET_BENCH_PASSES", *v, 1);
  scatter::bench::Arguments args(argc, argv);
  while (args.next()) {
    const std::string& arg = args.name();
    if (arg == "--db") options.db = args.value();
    else if (arg == "--words") options.words = args.number<std::size_t>(1);
    else if (arg == "--pairs") options.pairs = args.number<std::size_t>(0);
    else if (arg == "--passes") options.passes = args.number<int>(1);
    else if (arg == "--build-iterations") options.build_iterations = args.number<int>(1);
    else if (arg == "--print-queries") options.print_queries = true;
    else if (arg == "--check") options.check = true;
    else args.unknown();
  }
  if (options.db.empty()) throw scatter::bench::UsageError("--db (or FACET_BENCH_DB) is required");
  return options;
}

void print_help() {
  std::cout << kUsage << "\n";
  benchmark::PrintDefaultHelp();
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv, print_help);  // takes its --benchmark_* flags out of argv
  Options options;
  try {
    options = parse_options(argc, argv);
  } catch (const scatter::bench::UsageError& e) {
    std::cerr << "facet_bench: " << e.what() << "\n" << kUsage;
    return kExitUsage;
  }
  try {
    XapianValueCount xapian(options.db);
    const std::vector<std::string> words = common_words(xapian.db(), options.words);
    if (words.empty()) throw std::runtime_error("no body word is in half the stories or more");
    const std::vector<QueryCase> queries = make_queries(words, options.pairs);
    if (options.print_queries) {
      for (const QueryCase& c : queries) std::cout << c.group << '\t' << xapian.count(c).matches << '\t' << c.q() << '\n';
      return kExitOk;
    }
    scatter::SearchEngine engine(options.db);
    if (options.check) return check(xapian, engine, queries);
    const Sides sides{xapian, engine, month_window_start(xapian.db())};
    benchmark::AddCustomContext("index", options.db);
    benchmark::AddCustomContext("stories", std::to_string(xapian.db().get_doccount()));
    benchmark::AddCustomContext("queries", std::to_string(words.size()) + " words, " +
                                               std::to_string(queries.size() - words.size()) + " pairs, " +
                                               std::to_string(options.passes) + " passes");
    if (sides.window) benchmark::AddCustomContext("trends_window_from", sides.window->iso());
    std::vector<QueryCase> warm = queries;
    warm.push_back({"empty", {}});
    warm_up(kinds(sides), warm);
    register_benchmarks(sides, queries, options);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return kExitOk;
  } catch (const Xapian::Error& e) {
    std::cerr << "facet_bench: " << options.db << ": " << e.get_description() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "facet_bench: " << options.db << ": " << e.what() << "\n";
  }
  return kExitFailed;
}
