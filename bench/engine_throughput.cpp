// engine_throughput: the engine's own throughput, in process, as the yardstick
// for searchd's cold throughput in bench/http-bench. T threads, each with its own
// scatter::SearchEngine on the same index (as searchd's query workers), run the
// request targets of a file (bench/http_mix.py's cold.txt) in turn for a bounded
// time. Each target is parsed into a SearchRequest once, before timing, by
// searchd's own parser (searchd_core's search_request_from_target); what is
// timed is SearchEngine::search() alone, or with --serialize also
// to_json(result).dump(), the body searchd would send.
//
// Prints one JSON object on stdout: threads, targets, seconds, requests,
// requests_per_second, p50_ms, p90_ms, p99_ms, max_ms, errors (searches that
// threw), first_error, and slowest: the --slowest targets that took longest
// (their slowest time), which name the queries behind a high p99. Exit status 0, 1 when the index or the file cannot be
// read or a target does not parse, 64 for a bad command line.
#include "engine/search_engine.h"
#include "engine/search_request.h"
#include "json/to_json.h"
#include "searchd/request_params.h"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <fstream>
#include <memory>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 64;

using Clock = std::chrono::steady_clock;

struct Options {
  std::string db;
  std::string targets;
  unsigned threads = 2;
  double duration = 15;  // seconds timed
  double warmup = 3;     // seconds run first, not timed
  bool serialize = false;
  std::size_t slowest = 5;
};

struct Target {
  std::string text;  // as in the file
  scatter::SearchRequest request;
};


std::vector<Target> read_targets(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read");
  std::vector<Target> requests;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    try {
      requests.push_back({line, scatter::searchd::search_request_from_target(line)});
    } catch (const scatter::BadParameter& e) {
      throw std::runtime_error(path + ":" + std::to_string(number) + ": " + e.what());
    }
  }
  if (requests.empty()) throw std::runtime_error(path + ": no request targets");
  return requests;
}

// What one thread measured.
struct ThreadResult {
  std::vector<std::pair<double, std::size_t>> latencies_ms;  // and the target's index
  std::size_t errors = 0;
  std::string first_error;
  Clock::time_point finished{};
};

// Runs requests from `first` on, in turn, until `until`; times each only when `record`.
void run_until(scatter::SearchEngine& engine, const std::vector<Target>& requests, std::size_t& next,
               Clock::time_point until, bool serialize, ThreadResult* record) {
  std::size_t sink = 0;
  while (Clock::now() < until) {
    const auto started = Clock::now();
    try {
      const scatter::SearchResult result = engine.search(requests[next].request);
      sink += serialize ? scatter::to_json(result).dump().size() : result.hits.size();
    } catch (const std::exception& e) {
      if (record && record->errors++ == 0) record->first_error = e.what();
    }
    if (record) {
      record->latencies_ms.emplace_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count(), next);
    }
    next = (next + 1) % requests.size();
  }
  if (record) record->finished = Clock::now();
  if (sink == static_cast<std::size_t>(-1)) std::cerr << "";  // keeps the work from being optimised away
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto at = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(at, sorted.size() - 1)];
}

nlohmann::json slowest_targets(const std::vector<std::pair<double, std::size_t>>& timed,
                               const std::vector<Target>& requests, std::size_t count) {
  std::vector<double> worst(requests.size(), -1);
  for (const auto& [ms, index] : timed) worst[index] = std::max(worst[index], ms);
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < worst.size(); ++i) {
    if (worst[i] >= 0) order.push_back(i);
  }
  count = std::min(count, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count), order.end(),
                    [&](std::size_t a, std::size_t b) { return worst[a] > worst[b]; });
  nlohmann::json list = nlohmann::json::array();
  for (std::size_t i = 0; i < count; ++i) list.push_back({{"target", requests[order[i]].text}, {"ms", worst[order[i]]}});
  return list;
}

nlohmann::json measure(const Options& options, const std::vector<Target>& requests) {
  // Engines are opened before the clock starts, as searchd opens them once per worker.
  std::vector<std::unique_ptr<scatter::SearchEngine>> engines;
  for (unsigned i = 0; i < options.threads; ++i) engines.push_back(std::make_unique<scatter::SearchEngine>(options.db));
  std::vector<ThreadResult> results(options.threads);
  std::atomic<unsigned> ready = 0;
  std::atomic<bool> go = false;
  Clock::time_point start{}, end{};
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < options.threads; ++i) {
    threads.emplace_back([&, i] {
      std::size_t next = requests.size() * i / options.threads;  // threads start apart in the mix
      ++ready;
      while (!go) std::this_thread::yield();
      run_until(*engines[i], requests, next, start, options.serialize, nullptr);
      run_until(*engines[i], requests, next, end, options.serialize, &results[i]);
    });
  }
  while (ready < options.threads) std::this_thread::yield();
  const auto now = Clock::now();
  start = now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.warmup));
  end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.duration));
  go = true;
  for (auto& thread : threads) thread.join();

  std::vector<std::pair<double, std::size_t>> timed;
  std::size_t errors = 0;
  std::string first_error;
  Clock::time_point finished = end;
  for (const ThreadResult& r : results) {
    timed.insert(timed.end(), r.latencies_ms.begin(), r.latencies_ms.end());
    errors += r.errors;
    if (first_error.empty()) first_error = r.first_error;
    finished = std::max(finished, r.finished);
  }
  std::vector<double> all;
  for (const auto& entry : timed) all.push_back(entry.first);
  std::sort(all.begin(), all.end());
  // The last search of each thread ends after `end`: count the time until the last one did.
  const double seconds = std::chrono::duration<double>(finished - start).count();
  return {{"threads", options.threads},
          {"targets", requests.size()},
          {"serialize", options.serialize},
          {"warmup_seconds", options.warmup},
          {"seconds", seconds},
          {"requests", all.size()},
          {"requests_per_second", static_cast<double>(all.size()) / seconds},
          {"p50_ms", percentile(all, 50)},
          {"p90_ms", percentile(all, 90)},
          {"p99_ms", percentile(all, 99)},
          {"max_ms", all.empty() ? 0.0 : all.back()},
          {"errors", errors},
          {"first_error", first_error},
          {"slowest", slowest_targets(timed, requests, options.slowest)}};
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  po::options_description description("Options");
  description.add_options()
      ("help,h", "show this help and exit")
      ("db", po::value(&options.db)->value_name("PATH"), "index written by the indexer (required)")
      ("targets", po::value(&options.targets)->value_name("FILE"),
       "request targets, one a line (/search?q=...), as bench/http_mix.py writes them (required)")
      ("threads", po::value(&options.threads)->value_name("N")->default_value(2),
       "threads, each with its own SearchEngine")
      ("duration", po::value(&options.duration)->value_name("S")->default_value(15), "seconds timed")
      ("warmup", po::value(&options.warmup)->value_name("S")->default_value(3), "seconds run first, untimed")
      ("serialize", po::bool_switch(&options.serialize), "also build the JSON body searchd would send")
      ("slowest", po::value(&options.slowest)->value_name("K")->default_value(5),
       "list the K targets that took longest");
  try {
    po::variables_map vm;
    po::store(po::parse_command_line(argc, argv, description), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << "Usage: engine_throughput --db PATH --targets FILE [--threads N] [--duration S] [--warmup S]\n"
                   "                         [--serialize] [--slowest K]\n"
                   "Runs the targets through SearchEngine::search on N threads for S seconds; prints JSON.\n\n"
                << description;
      return kExitOk;
    }
    if (options.db.empty()) throw po::error("--db is required");
    if (options.targets.empty()) throw po::error("--targets is required");
    if (options.threads == 0) throw po::error("--threads must be at least 1");
    if (!(options.duration > 0) || !(options.warmup >= 0)) throw po::error("--duration must be > 0, --warmup >= 0");
  } catch (const po::error& e) {
    std::cerr << "engine_throughput: " << e.what() << "\nTry 'engine_throughput --help'.\n";
    return kExitUsage;
  }
  try {
    const auto requests = read_targets(options.targets);
    std::cout << measure(options, requests).dump() << std::endl;
  } catch (const std::exception& e) {  // EngineError names the index, runtime_error the file and line
    std::cerr << "engine_throughput: " << e.what() << "\n";
    return kExitFailed;
  }
  return kExitOk;
}
