// indexer: reads an archive folder of newsletter captures into a Xapian index.
// Options -> scatter::index_archive -> a progress bar on a terminal, then one
// summary line (or JSON).
#include "index/index_writer.h"
#include "index/indexing.h"
#include "indexer/archive_watch.h"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <optional>
#include <cstdio>
#include <iostream>
#include <optional>
#include <system_error>
#include <thread>

namespace po = boost::program_options;

namespace {

// Exit statuses, documented in --help.
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitSkipped = 2;
constexpr int kExitUsage = 64;

// --settle-ms: long enough for a deploy that copies a few files one by one to
// land whole, short enough that a new issue is searchable within a second.
constexpr unsigned kDefaultSettleMs = 500;
constexpr unsigned kMaxSettleMs = 600'000;

constexpr const char* kUsage =
    "Usage: indexer --archive DIR --db PATH [options]\n"
    "Reads every capture of the newsletter in DIR (recursively), merges captures\n"
    "of the same issue, tags companies and topics and writes one Xapian document\n"
    "per story. Incremental: only new and changed stories are written, stories\n"
    "whose files are gone are deleted, and an unchanged archive changes nothing.\n"
    "A run commits all of its changes or none, even if killed. With --watch it\n"
    "stays running and repeats the update whenever files under DIR change.\n";

constexpr const char* kExitStatuses =
    "Exit status: 0 indexed everything; 2 indexed, but some files were skipped\n"
    "(named on stderr); 1 nothing written (bad archive, companies, topics, synonyms or fields file,\n"
    "index locked by another indexer, a full disk, a damaged index: run --rebuild,\n"
    "or a warning under --strict);\n"
    "64 bad command line. --watch exits 0 when stopped by SIGINT or SIGTERM (after\n"
    "the run in progress), 1 when the archive cannot be watched.\n"
    "The installed companies, topics and synonyms files are in " SCATTER_DATA_FROM_BIN " from the\n"
    "program's folder (/usr/share/scatter for /usr/bin/indexer).\n";

std::string count(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

double stories_per_second(const scatter::IndexSummary& s) {
  return s.seconds > 0 ? static_cast<double>(s.stories) / s.seconds : 0.0;
}

// Pages of a site's build that are no issue are many and expected: counted, not named.
std::string unselected(const scatter::IndexSummary& s) {
  if (s.files_unselected == 0) return "";
  return std::to_string(s.files_unselected) + " left out by --include/--exclude, ";
}

std::string summary_line(const scatter::IndexSummary& s, const scatter::IndexConfig& config) {
  std::string line = "indexed " + config.archive.string() + " into " + config.db.string();
  if (s.shards > 1) line += " (" + std::to_string(s.shards) + " shards)";
  line += ": " + count(s.files_read + s.files_skipped, "file", "files") + ", ";
  if (s.nothing_changed) {
    return line + count(s.stories, "story", "stories") + ", nothing changed since the last run, " + unselected(s) +
           "in " + fixed(s.seconds, 2) + " s";
  }
  line += count(s.issues, "issue", "issues") + ", " + count(s.stories, "story", "stories") + " (" +
          std::to_string(s.added) + " added, " + std::to_string(s.replaced) + " replaced, " +
          std::to_string(s.deleted) + " deleted, " + std::to_string(s.unchanged) + " unchanged";
  if (s.kept > 0) line += ", " + std::to_string(s.kept) + " kept from skipped files";
  line += "), " + count(s.warnings.size(), "warning", "warnings") + ", " + std::to_string(s.files_skipped) +
          " skipped, " + unselected(s) + "in " + fixed(s.seconds, 2) + " s";
  if (s.compacted) line += ", compacted";
  return line;
}

nlohmann::json summary_json(const scatter::IndexSummary& s, const scatter::IndexConfig& config) {
  return {{"archive", config.archive.string()},
          {"db", config.db.string()},
          {"shards", s.shards},
          {"files", s.files_read + s.files_skipped},
          {"files_skipped", s.files_skipped},
          {"files_unselected", s.files_unselected},
          {"issues", s.issues},
          {"stories", s.stories},
          {"added", s.added},
          {"replaced", s.replaced},
          {"deleted", s.deleted},
          {"unchanged", s.unchanged},
          {"kept_from_skipped_files", s.kept},
          {"nothing_changed", s.nothing_changed},
          {"rebuilt", s.rebuilt},
          {"compacted", s.compacted},
          {"committed", s.committed},
          {"warnings", s.warnings.size()},
          {"seconds", std::round(s.seconds * 1000) / 1000},
          {"stories_per_second", std::round(stories_per_second(s) * 10) / 10}};
}

std::string duration(double seconds) {
  const auto total = static_cast<long>(seconds + 0.5);
  char text[32];
  if (total >= 3600) std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
  else std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
  return text;
}

// Redraws one line of stderr: "indexing [#####.....] 45% 45000/100000 stories 1234/s 0:45 left".
class ProgressBar {
 public:
  void update(const scatter::IndexProgress& p) {
    std::string line = p.stage;
    if (p.total > 0 && p.stage == std::string("indexing")) {
      constexpr int kWidth = 30;
      const double fraction = std::min(1.0, static_cast<double>(p.done) / static_cast<double>(p.total));
      const int filled = static_cast<int>(fraction * kWidth);
      const double indexing_seconds = p.seconds - started_indexing_at(p.seconds);
      const double rate = indexing_seconds > 0 ? static_cast<double>(p.done) / indexing_seconds : 0;
      line += " [" + std::string(static_cast<std::size_t>(filled), '#') +
              std::string(static_cast<std::size_t>(kWidth - filled), '.') + "] " +
              std::to_string(static_cast<int>(fraction * 100)) + "% " + std::to_string(p.done) + "/" +
              std::to_string(p.total) + " stories " + std::to_string(static_cast<long>(rate)) + "/s";
      if (rate > 0) line += " " + duration(static_cast<double>(p.total - p.done) / rate) + " left";
    } else {
      line += " ... " + duration(p.seconds);
    }
    std::fprintf(stderr, "\r%-100s", line.c_str());
    std::fflush(stderr);
    drawn_ = true;
  }

  void clear() {
    if (drawn_) std::fprintf(stderr, "\r%-100s\r", "");
  }

 private:
  double started_indexing_at(double now) {
    if (indexing_since_ < 0) indexing_since_ = now;
    return indexing_since_;
  }
  double indexing_since_ = -1;
  bool drawn_ = false;
};

// A table the archive lacks comes from the copy installed with the program
// (the .deb's /usr/share/scatter), found from this program's own path, so an
// installation anywhere finds its own; a build tree has none, and an archive
// without the file then gets an empty table, as before.
std::optional<std::filesystem::path> installed_default(const std::string& archive, const char* name) {
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::path(archive) / name, ec)) return std::nullopt;  // the archive's own
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  const std::filesystem::path installed = (self.parent_path() / SCATTER_DATA_FROM_BIN / name).lexically_normal();
  if (!std::filesystem::exists(installed, ec)) return std::nullopt;
  return installed;
}

struct Output {
  bool quiet = false;
  bool stats_json = false;
};

// One run: the summary (or JSON) on stdout, warnings and errors on stderr.
// Returns the exit status.
int index_once(scatter::IndexConfig config, const Output& output) {
  const std::string db = config.db.string();
  ProgressBar bar;
  if (!output.quiet && ::isatty(STDERR_FILENO)) config.on_progress = [&](const scatter::IndexProgress& p) { bar.update(p); };
  try {
    const scatter::IndexSummary summary = scatter::index_archive(config);
    bar.clear();
    for (const scatter::Warning& warning : summary.warnings) std::cerr << "warning: " << warning.text() << "\n";
    if (!summary.committed) {
      std::cerr << "indexer: --strict: " << summary.warnings.size() << " warning(s); " << db << " not changed\n";
      if (output.stats_json) std::cout << summary_json(summary, config).dump() << std::endl;
      return kExitFailed;
    }
    if (!summary.rebuilt_because.empty()) {
      std::cerr << "note: rebuilt " << db << " from scratch: " << summary.rebuilt_because << "\n";
    }
    // Flushed: under --watch the line is the news that the run is over.
    if (output.stats_json) std::cout << summary_json(summary, config).dump() << std::endl;
    else if (!output.quiet) std::cout << summary_line(summary, config) << std::endl;
    return summary.files_skipped > 0 ? kExitSkipped : kExitOk;
  } catch (const scatter::ParseError& e) {
    bar.clear();
    std::cerr << "indexer: " << e.what() << "\n";
  } catch (const scatter::ArchiveError& e) {
    bar.clear();
    std::cerr << "indexer: " << e.what() << "\n";
  } catch (const scatter::IndexError& e) {
    bar.clear();
    std::cerr << "indexer: " << e.what() << "\n";
  } catch (const Xapian::Error& e) {
    bar.clear();
    std::cerr << "indexer: " << db << ": " << e.get_description() << "; the index is as it was\n";
  } catch (const std::exception& e) {
    bar.clear();
    std::cerr << "indexer: " << e.what() << "; the index is as it was\n";
  }
  return kExitFailed;
}

// --watch: one run now, then one after each settled change, until SIGINT or
// SIGTERM. A failed run (a bad file, a file changing under it) is reported and
// the watch goes on: the next change runs again.
int watch(const scatter::IndexConfig& config, const Output& output, std::chrono::milliseconds settle) {
  std::optional<scatter::indexer::ArchiveWatch> watcher;
  try {
    watcher.emplace(config.archive);  // before index_once starts any thread
  } catch (const std::system_error& e) {
    std::cerr << "indexer: --watch: " << e.what() << "\n";
    return kExitFailed;
  }
  index_once(config, output);
  scatter::IndexConfig update = config;
  update.rebuild = false;  // --rebuild asks for one fresh build, not one per change
  if (!output.quiet) std::cerr << "indexer: watching " << config.archive.string() << " (Ctrl-C to stop)\n";
  try {
    while (watcher->wait(settle) == scatter::indexer::ArchiveWatch::Outcome::kChanged) index_once(update, output);
  } catch (const std::system_error& e) {
    std::cerr << "indexer: --watch: " << e.what() << "\n";
    return kExitFailed;
  }
  if (!output.quiet) std::cerr << "indexer: stopped watching\n";
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description options("Options");
  std::string archive, db, companies, topics, synonyms, fields, site_url, url_pattern;
  std::size_t jobs = 0, shards = 0;
  std::vector<std::string> includes, excludes;
  unsigned settle_ms = kDefaultSettleMs;
  options.add_options()
      ("help,h", "show this help and exit")
      ("archive", po::value(&archive)->value_name("DIR"), "folder of captures to index (required)")
      ("db", po::value(&db)->value_name("PATH"), "index to create or update (required)")
      ("companies", po::value(&companies)->value_name("FILE"),
       "companies file (JSON); default: DIR/companies.json when present, else the installed one")
      ("topics", po::value(&topics)->value_name("FILE"),
       "topics taxonomy (JSON); default: DIR/topics.json when present, else the installed one")
      ("synonyms", po::value(&synonyms)->value_name("FILE"),
       "synonyms applied to queries (text, one group a line); default: DIR/synonyms.conf when present, "
       "else the installed one")
      ("fields", po::value(&fields)->value_name("FILE"),
       "the corpus's own fields (JSON, docs/jsonl.md); default: DIR/fields.json when present")
      ("site-url", po::value(&site_url)->value_name("URL")->default_value(""),
       "base URL of the newsletter's site, prepended to story links")
      ("url-pattern", po::value(&url_pattern)->value_name("PATTERN")->default_value(scatter::UrlScheme{}.pattern),
       "story link path; may use {issue}, {story}, {date}, {id}")
      ("include", po::value(&includes)->value_name("GLOB")->composing(),
       "index only captures whose path under DIR matches GLOB (repeatable; * within a folder name, "
       "** across folders, ?, [a-z]); others are left out silently and counted")
      ("exclude", po::value(&excludes)->value_name("GLOB")->composing(),
       "leave out captures whose path under DIR matches GLOB (repeatable; wins over --include)")
      ("watch", "stay running: update the index whenever files under DIR change (inotify); "
                "SIGINT or SIGTERM finishes the run in progress and exits 0")
      ("settle-ms", po::value(&settle_ms)->value_name("MS")->default_value(kDefaultSettleMs),
       "with --watch, wait until no file has changed for MS milliseconds before updating")
      ("rebuild", "build the index afresh instead of updating it")
      ("jobs,j", po::value(&jobs)->value_name("N"), "threads that parse and analyse stories (default: one per core)")
      ("shards", po::value(&shards)->value_name("N"),
       "write N shard databases in parallel, listed by a stub at PATH (default: as the existing index, else 1); "
       "changing it rebuilds")
      ("compact", "compact the index after the run (smaller, faster to search)")
      ("strict", "fail (exit 1) on any warning, leaving the index as it was")
      ("quiet,q", "print nothing but errors and warnings")
      ("stats-json", "print the summary as one JSON object on stdout instead of a line");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, options), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "indexer: " << e.what() << "\n" << kUsage << "Try 'indexer --help'.\n";
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << kUsage << "\n" << options << "\n" << kExitStatuses;
    return kExitOk;
  }
  for (const char* required : {"archive", "db"}) {
    if (!vm.count(required)) {
      std::cerr << "indexer: --" << required << " is required\n" << kUsage << "Try 'indexer --help'.\n";
      return kExitUsage;
    }
  }
  for (const auto& [name, value] : {std::pair{"jobs", jobs}, std::pair{"shards", shards}}) {
    if (vm.count(name) && (value < 1 || value > 256)) {
      std::cerr << "indexer: --" << name << " must be between 1 and 256\nTry 'indexer --help'.\n";
      return kExitUsage;
    }
  }

  if (settle_ms > kMaxSettleMs) {
    std::cerr << "indexer: --settle-ms must be at most " << kMaxSettleMs << "\nTry 'indexer --help'.\n";
    return kExitUsage;
  }
  if (vm.count("settle-ms") && !vm["settle-ms"].defaulted() && !vm.count("watch")) {
    std::cerr << "indexer: --settle-ms needs --watch\nTry 'indexer --help'.\n";
    return kExitUsage;
  }

  const Output output{.quiet = vm.count("quiet") > 0, .stats_json = vm.count("stats-json") > 0};
  scatter::IndexConfig config{.archive = archive, .db = db, .urls = {site_url, url_pattern}};
  try {
    for (const std::string& glob : includes) config.selection.include.emplace_back(glob);
    for (const std::string& glob : excludes) config.selection.exclude.emplace_back(glob);
  } catch (const scatter::BadGlob& e) {
    std::cerr << "indexer: --" << (config.selection.include.size() < includes.size() ? "include" : "exclude") << " "
              << e.what() << "\nTry 'indexer --help'.\n";
    return kExitUsage;
  }
  if (!companies.empty()) config.companies = companies;
  if (!topics.empty()) config.topics = topics;
  if (!synonyms.empty()) config.synonyms = synonyms;
  if (!fields.empty()) config.fields = fields;
  config.companies = config.companies ? config.companies : installed_default(archive, "companies.json");
  config.topics = config.topics ? config.topics : installed_default(archive, "topics.json");
  config.synonyms = config.synonyms ? config.synonyms : installed_default(archive, "synonyms.conf");
  config.strict = vm.count("strict") > 0;
  config.rebuild = vm.count("rebuild") > 0;
  config.compact = vm.count("compact") > 0;
  config.jobs = jobs;
  if (vm.count("shards")) config.shards = shards;
  if (!vm.count("watch")) return index_once(config, output);
  return watch(config, output, std::chrono::milliseconds(settle_ms));
}
