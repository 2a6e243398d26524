// suggest_bench: time per /suggest completion of the engine beside the least a
// completion can do in plain Xapian, in one process, with Google Benchmark
// (bench/suggest-bench runs it on the seed archive and prints the table).
//
// The inputs are every start (1 to 6 letters) of every title word in the index,
// in a seeded shuffle: what a reader types into the box, one key at a time.
// BM_RawTermPrefix: the title terms starting with the input, the 8 held by most
// stories (Database::allterms_begin): no companies, no topics, no stories read.
// BM_Suggest: SearchEngine::suggest(input, 8): words (the spelling table) or
// phrases (positions in sampled stories), companies, topics, titles (an
// unranked search, stories decoded and marked).
#include "engine/search_engine.h"

#include <benchmark/benchmark.h>
#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace {

constexpr int kLimit = 8;
std::string db_path;  // NOLINT: set once in main before the benchmarks run

std::vector<std::string> typed_inputs(const Xapian::Database& db) {
  std::set<std::string> inputs;
  for (auto it = db.allterms_begin("S"); it != db.allterms_end("S"); ++it) {
    const std::string word = (*it).substr(1);
    if (word.empty() || !std::isalpha(static_cast<unsigned char>(word[0]))) continue;
    for (std::size_t length = 1; length <= std::min<std::size_t>(6, word.size()); ++length) {
      inputs.insert(word.substr(0, length));
    }
  }
  std::vector<std::string> shuffled(inputs.begin(), inputs.end());
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(42));
  return shuffled;
}

void BM_RawTermPrefix(benchmark::State& state) {
  const Xapian::Database db(db_path);
  const std::vector<std::string> inputs = typed_inputs(db);
  std::size_t next = 0;
  for (auto _ : state) {
    const std::string prefix = "S" + inputs[next++ % inputs.size()];
    std::vector<std::pair<Xapian::doccount, std::string>> terms;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      terms.emplace_back(it.get_termfreq(), *it);
    }
    std::partial_sort(terms.begin(), terms.begin() + std::min<std::ptrdiff_t>(kLimit, std::ssize(terms)), terms.end(),
                      std::greater<>());
    benchmark::DoNotOptimize(terms);
  }
  state.counters["inputs"] = static_cast<double>(inputs.size());
}

void BM_Suggest(benchmark::State& state) {
  scatter::SearchEngine engine(db_path);
  const std::vector<std::string> inputs = typed_inputs(Xapian::Database(db_path));
  std::size_t next = 0;
  std::size_t suggestions = 0;
  for (auto _ : state) {
    const auto found = engine.suggest(inputs[next++ % inputs.size()], kLimit);
    suggestions += found.size();
    benchmark::DoNotOptimize(found);
  }
  state.counters["inputs"] = static_cast<double>(inputs.size());
  state.counters["suggestions_per_input"] =
      benchmark::Counter(static_cast<double>(suggestions), benchmark::Counter::kAvgIterations);
}

BENCHMARK(BM_RawTermPrefix)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Suggest)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc != 3 || std::string(argv[1]) != "--db") {
    std::cerr << "Usage: suggest_bench [benchmark options] --db PATH\n";
    return 64;
  }
  db_path = argv[2];
  try {
    benchmark::RunSpecifiedBenchmarks();
  } catch (const std::exception& e) {
    std::cerr << "suggest_bench: " << e.what() << "\n";
    return 1;
  }
  benchmark::Shutdown();
  return 0;
}
