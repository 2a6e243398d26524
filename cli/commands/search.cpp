#include "cli/commands/commands.h"

#include "cli/errors.h"
#include "cli/options.h"
#include "cli/output/output.h"

#include <algorithm>

namespace scatter::cli {
namespace {

// --facets company,topic (repeatable), or all the built-in ones; each once, in
// the order given. A declared field's name (fields.json) counts that field.
void read_facets(const po::variables_map& vm, SearchRequest& request) {
  if (!vm.count("facets")) return;
  for (const std::string& list : vm["facets"].as<std::vector<std::string>>()) {
    for (std::size_t start = 0; start <= list.size();) {
      const std::size_t comma = std::min(list.find(',', start), list.size());
      const std::string name = list.substr(start, comma - start);
      start = comma + 1;
      if (name.empty()) continue;
      if (name == "all") {
        for (const Facet facet : kAllFacets) add_facet(request, facet_name(facet));
        continue;
      }
      try {
        add_facet(request, name);
      } catch (const BadParameter& e) {
        throw UsageError("--facets: " + e.reason + ", or all");
      }
    }
  }
}

}  // namespace

int search_command(int argc, char** argv, std::string_view synopsis) {
  const SearchRequest defaults;
  po::options_description options("search options");
  options.add_options()("limit", po::value<int>()->value_name("N")->default_value(defaults.per_page),
                        "results per page")(
      "page", po::value<int>()->value_name("N")->default_value(defaults.page), "page of results")(
      "after", po::value<std::string>()->value_name("CURSOR"),
      "the page after this cursor (the next_after of the page before; pages past 10,000 results go by cursor)")(
      "collapse", "only the best story of each issue")(
      "facets", po::value<std::vector<std::string>>()->value_name("NAMES"),
      "after the results, count every match by company, topic, year, month, issue, or a facetable field of "
      "fields.json (a comma list, or all the built-in ones)")(
      "facet-limit", po::value<int>()->value_name("N")->default_value(defaults.facet_limit), "values per facet");
  options.add(ranking_options());
  options.add(filter_options());
  const auto vm = parse_command(argc, argv, options, "query", synopsis);
  if (!vm) return kExitOk;
  const CommonOptions common = common_options(*vm);
  SearchRequest request{.q = words(*vm, "query"),
                        .page = (*vm)["page"].as<int>(),
                        .per_page = (*vm)["limit"].as<int>(),
                        .collapse_by_issue = vm->count("collapse") > 0,
                        .facet_limit = (*vm)["facet-limit"].as<int>()};
  read_facets(*vm, request);
  read_ranking(*vm, request);
  if (vm->count("after")) request.after = (*vm)["after"].as<std::string>();
  // A page of none is `scatter count`'s: a search lists at least one story.
  if (request.per_page < 1 || request.per_page > kMaxPerPage) {
    throw BadParameter("per_page", "must be between 1 and " + std::to_string(kMaxPerPage));
  }
  read_filters(*vm, request);
  print(open_source(common.source)->search(request), common.json, search_text);
  return kExitOk;
}

}  // namespace scatter::cli

namespace scatter::cli {
namespace {

// A command of a query and the filters alone (and `extra` options): its
// parsed options, source and request; nullopt after --help.
struct FilteredSearch {
  po::variables_map vm;
  CommonOptions common;
  SearchRequest request;
};
std::optional<FilteredSearch> parse_filtered(int argc, char** argv, std::string_view synopsis, po::options_description extra) {
  extra.add(filter_options());
  auto vm = parse_command(argc, argv, extra, "query", synopsis);
  if (!vm) return std::nullopt;
  FilteredSearch out{.vm = *vm, .common = common_options(*vm), .request = {.q = words(*vm, "query")}};
  read_filters(*vm, out.request);
  return out;
}

}  // namespace

// notmuch count: the number of matching stories alone, counted exactly (every
// match, not an estimate), for scripts: `scatter count "sora" --company openai`.
int count_command(int argc, char** argv, std::string_view synopsis) {
  po::options_description options("count options");
  options.add_options()("collapse", "count issues with a matching story, not stories");
  auto parsed = parse_filtered(argc, argv, synopsis, options);
  if (!parsed) return kExitOk;
  parsed->request.per_page = 0;
  parsed->request.collapse_by_issue = parsed->vm.count("collapse") > 0;
  print(open_source(parsed->common.source)->search(parsed->request), parsed->common.json, count_text);
  return kExitOk;
}

// The Atom feed of a search: its 20 newest stories, as searchd's /feed.atom
// serves it (XML on stdout, whatever --json says), for a feed reader or a cron job.
int feed_command(int argc, char** argv, std::string_view synopsis) {
  const auto parsed = parse_filtered(argc, argv, synopsis, po::options_description("feed options"));
  if (!parsed) return kExitOk;
  write_stdout(open_source(parsed->common.source)->feed(parsed->request));
  return kExitOk;
}

}  // namespace scatter::cli

namespace scatter::cli {

// What stands out in a search's stories against the whole archive: words,
// companies or topics (as Elasticsearch's significant_terms, scored by JLH).
int significant_command(int argc, char** argv, std::string_view synopsis) {
  po::options_description options("significant options");
  options.add_options()("field", po::value<std::string>()->value_name("FIELD")->default_value("words"),
                        "words, company or topic")(
      "limit", po::value<int>()->value_name("N")->default_value(SignificantRequest{}.limit), "terms to list");
  const auto parsed = parse_filtered(argc, argv, synopsis, options);
  if (!parsed) return kExitOk;
  SignificantRequest request{.search = parsed->request, .limit = parsed->vm["limit"].as<int>()};
  const std::string field = parsed->vm["field"].as<std::string>();
  const std::optional<SignificantField> chosen = significant_field_from_name(field);
  if (!chosen) throw UsageError("--field: '" + field + "' is not one of words, company, topic");
  request.field = *chosen;
  print(open_source(parsed->common.source)->significant(request), parsed->common.json, significant_text);
  return kExitOk;
}

}  // namespace scatter::cli
