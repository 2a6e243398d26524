// scatter: look stories up from the command line.
//   scatter search "QUERY" [--company X] [--from D] [--to D] [--limit N] [--json]
//   scatter show ID [--json]
// Reads the index directly (--db, or $SCATTER_DB, or ./var/index).
#include "engine/search_engine.h"
#include "json/to_json.h"

#include <boost/program_options.hpp>

#include <cstdlib>
#include <iostream>
#include <regex>
#include <unistd.h>

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitNotFound = 2;
constexpr int kExitUsage = 64;

constexpr const char* kUsage =
    "Usage: scatter search QUERY [--company NAME]... [--topic NAME]... [--issue N]... [--from YYYY-MM-DD]\n"
    "                            [--to YYYY-MM-DD] [--limit N] [--page N] [--sort relevance|newest|oldest]\n"
    "                            [--prefix] [--collapse] [--json]\n"
    "       scatter show STORY_ID [--json]\n"
    "       scatter related STORY_ID [--limit N] [--json]\n"
    "QUERY is the query language of docs/query-language.md: words, \"phrases\", AND/OR/NOT,\n"
    "+must, -exclude (after --: scatter search -- -openai sora), prefix*, and fields\n"
    "title: body: why: company: topic: issue: date: after: before: year:.\n"
    "Options common to all: --db PATH (default $SCATTER_DB, else var/index).\n";

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string default_db() {
  const char* env = std::getenv("SCATTER_DB");
  return env != nullptr && *env != '\0' ? env : "var/index";
}

// The engine's snippets are HTML; a terminal gets the text, with matches in bold
// when it is a terminal and unmarked when it is a pipe.
std::string terminal_text(const std::string& html, bool bold) {
  std::string text = std::regex_replace(html, std::regex("<mark>"), bold ? "\x1b[1m" : "");
  text = std::regex_replace(text, std::regex("</mark>"), bold ? "\x1b[0m" : "");
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [entity, character] : kEntities) text = std::regex_replace(text, std::regex(entity), character);
  return text;
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

std::string where(const scatter::StoryRecord& record) {
  std::vector<std::string> parts;
  if (record.issue) parts.push_back("#" + std::to_string(*record.issue) + "." + std::to_string(record.story.number));
  if (record.date) parts.push_back(record.date->iso());
  if (!record.story.companies.empty()) parts.push_back(join(record.story.companies, ", "));
  if (!record.story.topics.empty()) parts.push_back(record.story.topics.front().name);
  parts.push_back(record.story.url);
  return join(parts, " \xC2\xB7 ");
}

void print_results(const scatter::SearchResult& result, bool bold) {
  const auto shown = result.hits.size();
  std::cout << result.total_estimate << (result.total_estimate == 1 ? " story" : " stories");
  if (!result.query.empty()) std::cout << " for \"" << result.query << "\"";
  if (shown > 0 && shown < result.total_estimate) {
    const auto first = static_cast<std::size_t>((result.page - 1) * result.per_page) + 1;
    std::cout << ", showing " << first << "-" << first + shown - 1;
  }
  std::cout << "\n";
  if (result.corrected) std::cout << "No stories for \"" << result.query << "\"; showing \"" << *result.did_you_mean << "\"\n";
  else if (result.did_you_mean) std::cout << "Did you mean: " << *result.did_you_mean << "\n";
  for (const std::string& note : result.notes) std::cout << "Note: " << note << "\n";
  int rank = (result.page - 1) * result.per_page;
  for (const scatter::SearchHit& hit : result.hits) {
    std::cout << "\n" << ++rank << ". " << terminal_text(hit.title_html, bold) << "\n"
              << "   " << where(hit.record) << "\n"
              << "   " << terminal_text(hit.snippet_html, bold) << "\n";
  }
}

void print_story(const scatter::StoryRecord& record) {
  std::cout << record.story.title << "\n" << where(record) << "\n";
  for (const auto& paragraph : record.story.paragraphs) std::cout << "\n" << paragraph << "\n";
  if (!record.story.bullets.empty()) {
    std::cout << "\nWhy it matters:\n";
    for (const auto& bullet : record.story.bullets) std::cout << "- " << bullet << "\n";
  }
}

scatter::SortOrder sort_order(const std::string& value) {
  if (value == "relevance") return scatter::SortOrder::kRelevance;
  if (value == "newest") return scatter::SortOrder::kNewest;
  if (value == "oldest") return scatter::SortOrder::kOldest;
  throw UsageError("--sort must be relevance, newest or oldest, not '" + value + "'");
}

std::optional<scatter::Date> date_option(const po::variables_map& vm, const char* name) {
  if (!vm.count(name)) return std::nullopt;
  const std::string value = vm[name].as<std::string>();
  if (auto date = scatter::Date::from_iso(value)) return date;
  throw UsageError(std::string("--") + name + " must be a date YYYY-MM-DD, not '" + value + "'");
}

po::variables_map parse(int argc, char** argv, po::options_description& options, const char* positional) {
  options.add_options()("db", po::value<std::string>()->default_value(default_db()), "index to read")(
      "json", "print JSON for scripts")("help,h", "show help");
  po::positional_options_description positionals;
  positionals.add(positional, -1);
  po::variables_map vm;
  po::store(po::command_line_parser(argc, argv).options(options).positional(positionals).run(), vm);
  po::notify(vm);
  return vm;
}

int search_command(int argc, char** argv) {
  po::options_description options("search options");
  options.add_options()("query", po::value<std::vector<std::string>>(), "words to find")(
      "company", po::value<std::vector<std::string>>(), "only stories about this company (repeatable)")(
      "topic", po::value<std::vector<std::string>>(), "only stories on this topic (repeatable)")(
      "from", po::value<std::string>(), "only stories on or after this date")(
      "to", po::value<std::string>(), "only stories on or before this date")(
      "limit", po::value<int>()->default_value(10), "results per page")(
      "page", po::value<int>()->default_value(1), "page of results")(
      "sort", po::value<std::string>()->default_value("relevance"), "relevance, newest or oldest")(
      "issue", po::value<std::vector<int>>(), "only stories of this issue number (repeatable)")(
      "prefix", "the last word may be the start of a word (as a search box sends it)")(
      "collapse", "only the best story of each issue");
  const po::variables_map vm = parse(argc, argv, options, "query");
  if (vm.count("help")) {
    std::cout << kUsage << "\n" << options;
    return kExitOk;
  }
  scatter::SearchRequest request{
      .q = vm.count("query") ? join(vm["query"].as<std::vector<std::string>>(), " ") : "",
      .companies = vm.count("company") ? vm["company"].as<std::vector<std::string>>() : std::vector<std::string>{},
      .topics = vm.count("topic") ? vm["topic"].as<std::vector<std::string>>() : std::vector<std::string>{},
      .issues = vm.count("issue") ? vm["issue"].as<std::vector<int>>() : std::vector<int>{},
      .from = date_option(vm, "from"),
      .to = date_option(vm, "to"),
      .page = vm["page"].as<int>(),
      .per_page = vm["limit"].as<int>(),
      .sort = sort_order(vm["sort"].as<std::string>()),
      .prefix = vm.count("prefix") > 0,
      .collapse_by_issue = vm.count("collapse") > 0};
  scatter::SearchEngine engine(vm["db"].as<std::string>());
  const scatter::SearchResult result = engine.search(request);
  if (vm.count("json")) std::cout << scatter::to_json(result).dump(2) << "\n";
  else print_results(result, isatty(STDOUT_FILENO) != 0);
  return kExitOk;
}

int show_command(int argc, char** argv) {
  po::options_description options("show options");
  options.add_options()("id", po::value<std::string>(), "story id, as in search results (e.g. 3-1)");
  const po::variables_map vm = parse(argc, argv, options, "id");
  if (vm.count("help")) {
    std::cout << kUsage << "\n" << options;
    return kExitOk;
  }
  if (!vm.count("id")) throw UsageError("show needs a story id");
  scatter::SearchEngine engine(vm["db"].as<std::string>());
  const auto record = engine.story(vm["id"].as<std::string>());
  if (!record) {
    std::cerr << "scatter: no story with id '" << vm["id"].as<std::string>() << "'\n";
    return kExitNotFound;
  }
  if (vm.count("json")) std::cout << scatter::to_json(*record).dump(2) << "\n";
  else print_story(*record);
  return kExitOk;
}

int related_command(int argc, char** argv) {
  po::options_description options("related options");
  options.add_options()("id", po::value<std::string>(), "story id, as in search results (e.g. 3-1)")(
      "limit", po::value<int>()->default_value(5), "how many stories");
  const po::variables_map vm = parse(argc, argv, options, "id");
  if (vm.count("help")) {
    std::cout << kUsage << "\n" << options;
    return kExitOk;
  }
  if (!vm.count("id")) throw UsageError("related needs a story id");
  scatter::SearchEngine engine(vm["db"].as<std::string>());
  const std::string id = vm["id"].as<std::string>();
  const auto hits = engine.related(id, vm["limit"].as<int>());
  if (!hits) {
    std::cerr << "scatter: no story with id '" << id << "'\n";
    return kExitNotFound;
  }
  if (vm.count("json")) {
    nlohmann::json list = nlohmann::json::array();
    for (const scatter::SearchHit& hit : *hits) list.push_back(scatter::to_json(hit));
    std::cout << nlohmann::json{{"id", id}, {"related", list}}.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << hits->size() << (hits->size() == 1 ? " story" : " stories") << " like " << id << "\n";
  int rank = 0;
  for (const scatter::SearchHit& hit : *hits) {
    std::cout << "\n" << ++rank << ". " << terminal_text(hit.title_html, false) << "\n   " << where(hit.record) << "\n";
  }
  return kExitOk;
}

// The engine names request fields; the user typed options.
std::string option_for(const std::string& parameter) {
  if (parameter == "per_page") return "--limit";
  if (parameter == "q") return "QUERY";
  return "--" + parameter;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string command = argc > 1 ? argv[1] : "";
  try {
    if (command == "search") return search_command(argc - 1, argv + 1);
    if (command == "show") return show_command(argc - 1, argv + 1);
    if (command == "related") return related_command(argc - 1, argv + 1);
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << kUsage;
      return kExitOk;
    }
    throw UsageError(command.empty() ? "no command given" : "unknown command '" + command + "'");
  } catch (const UsageError& e) {
    std::cerr << "scatter: " << e.what() << "\n" << kUsage;
  } catch (const po::error& e) {
    std::cerr << "scatter: " << e.what() << "\n" << kUsage;
  } catch (const scatter::BadParameter& e) {
    std::cerr << "scatter: " << option_for(e.parameter) << ": " << e.reason << "\n";
  } catch (const scatter::EngineError& e) {
    std::cerr << "scatter: " << e.what() << "\n";
    return kExitFailed;
  }
  return kExitUsage;
}
