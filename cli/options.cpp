#include "cli/options.h"

#include "query/recency.h"

#include "cli/errors.h"
#include "story/date.h"

#include <charconv>
#include <cstdlib>
#include <iostream>

namespace scatter::cli {
namespace {

constexpr const char* kDefaultDb = "var/index";

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// Repeatable and comma lists alike, as searchd takes them: --company OpenAI,Google.
std::vector<std::string> list_option(const po::variables_map& vm, const char* name) {
  std::vector<std::string> out;
  if (!vm.count(name)) return out;
  for (const std::string& value : vm[name].as<std::vector<std::string>>()) {
    for (std::size_t start = 0; start <= value.size();) {
      const std::size_t comma = std::min(value.find(',', start), value.size());
      if (comma > start) out.push_back(value.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return out;
}

// As the query language's after:1990 and searchd's from=1990: a year or a
// month stands for its first day in --from, its last in --to.
std::optional<Date> date_option(const po::variables_map& vm, const char* name) {
  if (!vm.count(name)) return std::nullopt;
  const std::string value = vm[name].as<std::string>();
  if (auto date = std::string_view(name) == "to" ? last_day_of(value) : first_day_of(value)) return date;
  throw UsageError(std::string("--") + name + ": '" + value + "' is not a date YYYY, YYYY-MM or YYYY-MM-DD");
}

}  // namespace

std::optional<po::variables_map> parse_command(int argc, char** argv, po::options_description options,
                                                const char* positional, std::string_view synopsis) {
  options.add_options()("db", po::value<std::string>()->value_name("PATH"),
                        "index to read (default $SCATTER_DB, else var/index)")(
      "server", po::value<std::string>()->value_name("URL"),
      "ask the searchd at http://HOST:PORT instead (default $SCATTER_SERVER)")(
      "json", "print the API's JSON body instead of text")("help,h", "show this help");
  po::options_description hidden;
  hidden.add_options()(positional, po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positionals;
  positionals.add(positional, -1);
  po::variables_map vm;
  po::store(po::command_line_parser(argc, argv).options(all).positional(positionals).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "Usage: scatter " << synopsis << "\n\n" << options;
    return std::nullopt;
  }
  return vm;
}

CommonOptions common_options(const po::variables_map& vm) {
  CommonOptions common{.json = vm.count("json") > 0};
  if (vm.count("db") && vm.count("server")) throw UsageError("--db and --server: give one or the other");
  std::string server = vm.count("server") ? vm["server"].as<std::string>() : "";
  if (!vm.count("db") && server.empty()) server = environment("SCATTER_SERVER");
  if (!server.empty()) {
    common.source.server = parse_server_url(server);
    return common;
  }
  if (vm.count("db")) common.source.db = vm["db"].as<std::string>();
  else if (const std::string db = environment("SCATTER_DB"); !db.empty()) common.source.db = db;
  else common.source.db = kDefaultDb;
  return common;
}

std::string words(const po::variables_map& vm, const char* positional) {
  std::string out;
  if (!vm.count(positional)) return out;
  for (const std::string& word : vm[positional].as<std::vector<std::string>>()) out += (out.empty() ? "" : " ") + word;
  return out;
}

std::string one_word(const po::variables_map& vm, const char* positional, std::string_view label) {
  const std::size_t given = vm.count(positional) ? vm[positional].as<std::vector<std::string>>().size() : 0;
  if (given != 1) {
    throw UsageError(std::string(label) + ": give exactly one" + (given == 0 ? "" : ", not " + std::to_string(given)));
  }
  return vm[positional].as<std::vector<std::string>>().front();
}

int whole_number(std::string_view label, const std::string& text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw UsageError(std::string(label) + ": '" + text + "' is not a whole number");
  }
  return value;
}

po::options_description filter_options() {
  po::options_description filters("filters");
  filters.add_options()("company", po::value<std::vector<std::string>>()->value_name("NAME"),
                        "only stories about this company (repeatable, or NAME,NAME)")(
      "topic", po::value<std::vector<std::string>>()->value_name("NAME"), "only stories on this topic (likewise)")(
      "issue", po::value<std::vector<std::string>>()->value_name("N"), "only stories of this issue (likewise)")(
      "from", po::value<std::string>()->value_name("DATE"),
      "only stories on or after this day, or from the start of this month or year (YYYY[-MM[-DD]])")(
      "to", po::value<std::string>()->value_name("DATE"),
      "only stories on or before this day, or to the end of this month or year (YYYY[-MM[-DD]])")(
      "prefix", "the query's last word may be the start of a word (as a search box sends it)");
  return filters;
}

void read_filters(const po::variables_map& vm, SearchRequest& request) {
  request.companies = list_option(vm, "company");
  request.topics = list_option(vm, "topic");
  for (const std::string& issue : list_option(vm, "issue")) request.issues.push_back(whole_number("--issue", issue));
  request.from = date_option(vm, "from");
  request.to = date_option(vm, "to");
  request.prefix = vm.count("prefix") > 0;
}

po::options_description ranking_options() {
  po::options_description options("order");
  options.add_options()("sort", po::value<std::string>()->value_name("ORDER")->default_value("relevance"),
                        "relevance, newest, oldest, or a sortable field of fields.json: NAME ascending, -NAME descending")(
      "recency", po::value<std::string>()->value_name("HALF_LIFE"),
      "blend age into relevance: newer stories up, halving each HALF_LIFE (180d, 26w, 6m, 2y)");
  return options;
}

void read_ranking(const po::variables_map& vm, SearchRequest& request) {
  try {
    set_sort(request, vm["sort"].as<std::string>());
  } catch (const BadParameter& e) {
    throw UsageError("--sort: " + e.reason);
  }
  if (vm.count("recency")) {
    const std::string text = vm["recency"].as<std::string>();
    request.recency_half_life_days = query::parse_half_life(text);
    if (!request.recency_half_life_days) {
      throw UsageError("--recency: '" + text + "' is not a half-life such as 180d, 26w, 6m or 2y");
    }
  }
}

std::string option_for(const std::string& parameter, std::string_view query_label) {
  if (parameter == "q") return std::string(query_label);
  // /search pages by per_page, /related by per_page too (the engine's count),
  // /suggest by limit: on the command line each is --limit.
  if (parameter == "per_page" || parameter == "count" || parameter == "limit") return "--limit";
  std::string option = "--" + parameter;
  for (char& c : option) c = c == '_' ? '-' : c;  // facet_limit -> --facet-limit
  return option;
}

}  // namespace scatter::cli
