// indexer: reads an archive folder of newsletter captures into a Xapian index.
// Options -> scatter::index_archive -> one summary line.
#include "index/indexing.h"
#include "index/index_writer.h"

#include <boost/program_options.hpp>

#include <cstdio>
#include <iostream>

namespace po = boost::program_options;

namespace {

// Exit statuses, documented in --help.
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitSkipped = 2;
constexpr int kExitUsage = 64;

constexpr const char* kUsage =
    "Usage: indexer --archive DIR --db PATH [options]\n"
    "Reads every capture of the newsletter in DIR (recursively), merges captures\n"
    "of the same issue, tags companies and writes one Xapian document per story.\n"
    "Re-running replaces stories by id; the run commits all of its changes or none.\n";

constexpr const char* kExitStatuses =
    "Exit status: 0 indexed everything; 2 indexed, but some files were skipped\n"
    "(named on stderr); 1 nothing written (bad archive, companies or topics file,\n"
    "index locked, or a warning under --strict);\n"
    "64 bad command line.\n";

std::string count(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string summary_line(const scatter::IndexSummary& s, const scatter::IndexConfig& config) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f", s.seconds);
  return "indexed " + config.archive.string() + " into " + config.db.string() + ": " +
         count(s.files_read + s.files_skipped, "file", "files") + ", " + count(s.issues, "issue", "issues") + ", " +
         count(s.stories, "story", "stories") + ", " + count(s.warnings.size(), "warning", "warnings") + ", " +
         std::to_string(s.files_skipped) + " skipped, in " + seconds + " s";
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description options("Options");
  std::string archive, db, companies, topics, site_url, url_pattern;
  options.add_options()
      ("help,h", "show this help and exit")
      ("archive", po::value(&archive)->value_name("DIR"), "folder of captures to index (required)")
      ("db", po::value(&db)->value_name("PATH"), "Xapian database folder to create or update (required)")
      ("companies", po::value(&companies)->value_name("FILE"),
       "companies file (JSON); default: DIR/companies.json when present")
      ("topics", po::value(&topics)->value_name("FILE"),
       "topics taxonomy (JSON); default: DIR/topics.json when present")
      ("site-url", po::value(&site_url)->value_name("URL")->default_value(""),
       "base URL of the newsletter's site, prepended to story links")
      ("url-pattern", po::value(&url_pattern)->value_name("PATTERN")->default_value(scatter::UrlScheme{}.pattern),
       "story link path; may use {issue}, {story}, {date}, {id}")
      ("strict", "fail (exit 1) on any warning, leaving the index as it was")
      ("quiet,q", "print nothing but errors and warnings");
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

  scatter::IndexConfig config{.archive = archive, .db = db, .urls = {site_url, url_pattern}};
  if (!companies.empty()) config.companies = companies;
  if (!topics.empty()) config.topics = topics;
  config.strict = vm.count("strict") > 0;
  try {
    const scatter::IndexSummary summary = scatter::index_archive(config);
    for (const scatter::Warning& warning : summary.warnings) std::cerr << "warning: " << warning.text() << "\n";
    if (!summary.committed) {
      std::cerr << "indexer: --strict: " << summary.warnings.size() << " warning(s); " << db << " not changed\n";
      return kExitFailed;
    }
    if (summary.rebuilt) std::cerr << "note: " << db << " had an older schema and was rebuilt\n";
    if (!vm.count("quiet")) std::cout << summary_line(summary, config) << "\n";
    return summary.files_skipped > 0 ? kExitSkipped : kExitOk;
  } catch (const scatter::ParseError& e) {
    std::cerr << "indexer: " << e.what() << "\n";
  } catch (const scatter::ArchiveError& e) {
    std::cerr << "indexer: " << e.what() << "\n";
  } catch (const scatter::IndexError& e) {
    std::cerr << "indexer: " << e.what() << "\n";
  }
  return kExitFailed;
}
