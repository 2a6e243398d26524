// engine_throughput: the engine's own throughput, in process, as the yardstick
// for searchd's cold throughput in bench/http-bench. T threads, each with its own
// scatter::SearchEngine on the same index (as searchd's query workers), run the
// request targets of a file (bench/http_mix.py's cold.txt) in turn for a bounded
// time. Each target is parsed into a SearchRequest once, before timing, the way
// searchd parses it; what is timed is SearchEngine::search() alone, or with
// --serialize also to_json(result).dump(), the body searchd would send.
//
// Prints one JSON object on stdout: threads, targets, seconds, requests,
// requests_per_second, p50_ms, p90_ms, p99_ms, max_ms, errors (searches that
// threw) and first_error. Exit status 0, 1 when the index or the file cannot be
// read or a target does not parse, 64 for a bad command line.
#include "engine/search_engine.h"
#include "engine/search_request.h"
#include "json/to_json.h"
#ifdef SCATTER_HAVE_SEARCHD_CORE
#include "searchd/request_params.h"
#endif

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
#include <string_view>
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
};

#ifdef SCATTER_HAVE_SEARCHD_CORE
scatter::SearchRequest request_from_target(const std::string& target) {
  return scatter::searchd::search_request_from_target(target);
}
#else
// searchd's parameter parsing is not yet a library (searchd_core): the few
// parameters bench/http_mix.py writes, decoded as searchd decodes them ('+' is a
// space, %XX a byte; lists comma-separated).
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string form_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<std::string> split_list(const std::string& value) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t comma = std::min(value.find(',', start), value.size());
    if (comma > start) items.push_back(value.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

scatter::Date date_parameter(const std::string& name, const std::string& value) {
  if (auto date = scatter::Date::from_iso(value)) return *date;
  throw scatter::BadParameter(name, "'" + value + "' is not a date in the form YYYY-MM-DD");
}

void apply_parameter(const std::string& name, const std::string& value, scatter::SearchRequest& request) {
  if (name == "q") {
    request.q = value;
  } else if (name == "company") {
    for (auto& item : split_list(value)) request.companies.push_back(item);
  } else if (name == "topic") {
    for (auto& item : split_list(value)) request.topics.push_back(item);
  } else if (name == "from") {
    request.from = date_parameter(name, value);
  } else if (name == "to") {
    request.to = date_parameter(name, value);
  } else if (name == "prefix") {
    request.prefix = value == "1" || value == "true";
  } else if (name == "per_page") {
    request.per_page = std::stoi(value);
  } else if (name == "facets") {
    for (const auto& item : split_list(value)) {
      const auto facet = scatter::facet_from_name(item);
      if (!facet) throw scatter::BadParameter(name, "'" + item + "' is not a facet");
      request.facets.push_back(*facet);
    }
  } else {
    throw scatter::BadParameter(name, "not a parameter engine_throughput reads (build with searchd_core)");
  }
}

scatter::SearchRequest request_from_target(const std::string& target) {
  scatter::SearchRequest request;
  const auto question = target.find('?');
  std::string_view query(target);
  query.remove_prefix(question == std::string::npos ? query.size() : question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    const auto equals = pair.find('=');
    if (pair.empty()) continue;
    apply_parameter(form_decode(pair.substr(0, equals)),
                    equals == std::string_view::npos ? "" : form_decode(pair.substr(equals + 1)), request);
  }
  return request;
}
#endif

std::vector<scatter::SearchRequest> read_requests(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read");
  std::vector<scatter::SearchRequest> requests;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    try {
      requests.push_back(request_from_target(line));
    } catch (const scatter::BadParameter& e) {
      throw std::runtime_error(path + ":" + std::to_string(number) + ": " + e.what());
    }
  }
  if (requests.empty()) throw std::runtime_error(path + ": no request targets");
  return requests;
}

// What one thread measured.
struct ThreadResult {
  std::vector<double> latencies_ms;
  std::size_t errors = 0;
  std::string first_error;
  Clock::time_point finished{};
};

// Runs requests from `first` on, in turn, until `until`; times each only when `record`.
void run_until(scatter::SearchEngine& engine, const std::vector<scatter::SearchRequest>& requests, std::size_t& next,
               Clock::time_point until, bool serialize, ThreadResult* record) {
  std::size_t sink = 0;
  while (Clock::now() < until) {
    const auto started = Clock::now();
    try {
      const scatter::SearchResult result = engine.search(requests[next]);
      sink += serialize ? scatter::to_json(result).dump().size() : result.hits.size();
    } catch (const std::exception& e) {
      if (record && record->errors++ == 0) record->first_error = e.what();
    }
    if (record) record->latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
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

nlohmann::json measure(const Options& options, const std::vector<scatter::SearchRequest>& requests) {
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

  std::vector<double> all;
  std::size_t errors = 0;
  std::string first_error;
  Clock::time_point finished = end;
  for (const ThreadResult& r : results) {
    all.insert(all.end(), r.latencies_ms.begin(), r.latencies_ms.end());
    errors += r.errors;
    if (first_error.empty()) first_error = r.first_error;
    finished = std::max(finished, r.finished);
  }
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
          {"first_error", first_error}};
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
      ("serialize", po::bool_switch(&options.serialize), "also build the JSON body searchd would send");
  try {
    po::variables_map vm;
    po::store(po::parse_command_line(argc, argv, description), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << "Usage: engine_throughput --db PATH --targets FILE [--threads N] [--duration S] [--warmup S]\n"
                   "                         [--serialize]\n"
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
    const auto requests = read_requests(options.targets);
    std::cout << measure(options, requests).dump() << std::endl;
  } catch (const std::exception& e) {  // EngineError names the index, runtime_error the file and line
    std::cerr << "engine_throughput: " << e.what() << "\n";
    return kExitFailed;
  }
  return kExitOk;
}
