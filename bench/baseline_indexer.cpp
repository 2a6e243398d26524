// baseline_indexer: the least work Xapian itself must do for a JSON Lines corpus,
// single-threaded, as the yardstick for the project's indexer (bench/index-bench).
// Per story: parse the line, index title, paragraphs and bullets with English
// stemming and positions, add the id term, store the line, add_document. No
// merging, no tagging, no replace-by-id: whatever the indexer spends beyond this
// is the project's own overhead.
#include <xapian.h>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 64;

// Fastest of 500, 1000, 2000 and 10000 on 10k and 100k synthetic stories; 250
// was no faster at 100k and 100 slower (bench/README.md). Xapian's own default
// is 10000, but inside a transaction a flush is cheap (no commit) and a small
// buffer of postlist changes merges faster.
constexpr int kDefaultFlushThreshold = 500;

constexpr const char* kUsage =
    "Usage: baseline_indexer --jsonl FILE --db DIR [--flush-threshold N]\n"
    "Indexes a JSON Lines corpus (docs/jsonl.md) with plain Xapian, one document per\n"
    "line, into a new database at DIR (an existing one is overwritten), and prints\n"
    "one line: stories, seconds, stories/s.\n";

constexpr const char* kExitStatuses =
    "Exit status: 0 indexed; 1 a bad line (named as FILE:LINE) or a Xapian error,\n"
    "nothing committed; 64 bad command line.\n";

struct BadLine : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Options {
  std::string jsonl;
  std::string db;
  int flush_threshold = kDefaultFlushThreshold;  // signed, so that "-3" is refused, not wrapped
};

// The fields docs/jsonl.md requires of a benchmark corpus; anything missing or of
// the wrong type throws nlohmann's exception, which the caller names by line.
Xapian::Document make_document(const std::string& line, Xapian::TermGenerator& terms) {
  const nlohmann::json story = nlohmann::json::parse(line);
  Xapian::Document document;
  terms.set_document(document);
  // A gap after each field keeps phrase matches inside one paragraph, as the
  // project's indexer does.
  terms.index_text(story.at("title").get_ref<const std::string&>());
  terms.increase_termpos();
  for (const auto& field : {"paragraphs", "bullets"}) {
    for (const auto& text : story.at(field)) {
      terms.index_text(text.get_ref<const std::string&>());
      terms.increase_termpos();
    }
  }
  document.add_boolean_term("Q" + std::to_string(story.at("issue").get<int>()) + "-" +
                            std::to_string(story.at("story").get<int>()));
  document.set_data(line);
  return document;
}

// Returns the number of stories indexed. Throws BadLine naming FILE:LINE, or
// Xapian::Error; either way nothing is committed.
std::size_t index_corpus(const Options& options) {
  std::ifstream in(options.jsonl);
  if (!in) throw BadLine(options.jsonl + ": cannot open");
  // Xapian reads the threshold once, when the database is opened.
  setenv("XAPIAN_FLUSH_THRESHOLD", std::to_string(options.flush_threshold).c_str(), 1);
  Xapian::WritableDatabase db(options.db, Xapian::DB_CREATE_OR_OVERWRITE);
  // One transaction, so the only commit is the last one: outside a transaction
  // Xapian also commits (and syncs) at every flush.
  db.begin_transaction();
  Xapian::TermGenerator terms;
  terms.set_stemmer(Xapian::Stem("english"));
  std::size_t stories = 0;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    try {
      db.add_document(make_document(line, terms));
    } catch (const nlohmann::json::exception& e) {
      throw BadLine(options.jsonl + ":" + std::to_string(number) + ": " + e.what());
    }
    ++stories;
  }
  if (in.bad()) throw BadLine(options.jsonl + ": read error");
  db.commit_transaction();
  return stories;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  po::options_description description("Options");
  description.add_options()
      ("help,h", "show this help and exit")
      ("jsonl", po::value(&options.jsonl)->value_name("FILE"), "JSON Lines corpus to index (required)")
      ("db", po::value(&options.db)->value_name("DIR"), "Xapian database to create or overwrite (required)")
      ("flush-threshold", po::value(&options.flush_threshold)->value_name("N")->default_value(kDefaultFlushThreshold),
       "documents buffered before Xapian flushes them to disk (sets XAPIAN_FLUSH_THRESHOLD)");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, description), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "baseline_indexer: " << e.what() << "\n" << kUsage << "Try 'baseline_indexer --help'.\n";
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << kUsage << "\n" << description << "\n" << kExitStatuses;
    return kExitOk;
  }
  for (const char* required : {"jsonl", "db"}) {
    if (!vm.count(required)) {
      std::cerr << "baseline_indexer: --" << required << " is required\n" << kUsage
                << "Try 'baseline_indexer --help'.\n";
      return kExitUsage;
    }
  }
  if (options.flush_threshold < 1) {
    std::cerr << "baseline_indexer: --flush-threshold must be at least 1\n";
    return kExitUsage;
  }

  try {
    const auto started = std::chrono::steady_clock::now();
    const std::size_t stories = index_corpus(options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("%zu stories, %.2f s, %.0f stories/s\n", stories, seconds,
                seconds > 0 ? static_cast<double>(stories) / seconds : 0.0);
    return kExitOk;
  } catch (const BadLine& e) {
    std::cerr << "baseline_indexer: " << e.what() << "\n";
  } catch (const Xapian::Error& e) {
    std::cerr << "baseline_indexer: " << options.db << ": " << e.get_description() << "\n";
  }
  return kExitFailed;
}
