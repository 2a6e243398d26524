#include "cli/commands/commands.h"

#include "cli/errors.h"
#include "cli/options.h"
#include "cli/output/chart.h"
#include "cli/output/output.h"

namespace scatter::cli {
namespace {

Interval interval(const std::string& value) {
  if (const std::optional<Interval> known = interval_from_name(value)) return *known;
  throw UsageError("--interval: '" + value + "' is not one of auto, week, month, year, decade");
}

TrendSplit split(const po::variables_map& vm) {
  if (!vm.count("by")) return TrendSplit::kNone;
  const std::string value = vm["by"].as<std::string>();
  for (const TrendSplit known : {TrendSplit::kCompany, TrendSplit::kTopic, TrendSplit::kNone}) {
    if (value == split_name(known)) return known;
  }
  throw UsageError("--by: '" + value + "' is not one of company, topic");
}

}  // namespace

int trends_command(int argc, char** argv, std::string_view synopsis) {
  const TrendsRequest defaults;
  po::options_description options("trends options");
  options.add_options()("interval", po::value<std::string>()->value_name("PERIOD")->default_value(
                                        std::string(interval_name(defaults.interval))),
                        "one bar per week, month or year")(
      "by", po::value<std::string>()->value_name("SPLIT"), "under each period, a bar per company or topic")(
      "series", po::value<int>()->value_name("N")->default_value(defaults.series),
      "with --by: the companies or topics with most matches; the rest are summed as \"other\"");
  options.add(filter_options());
  const auto vm = parse_command(argc, argv, options, "query", synopsis);
  if (!vm) return kExitOk;
  const CommonOptions common = common_options(*vm);
  TrendsRequest request{.search = {.q = words(*vm, "query")},
                        .interval = interval((*vm)["interval"].as<std::string>()),
                        .by = split(*vm),
                        .series = (*vm)["series"].as<int>()};
  read_filters(*vm, request.search);
  print(open_source(common.source)->trends(request), common.json, trends_chart);
  return kExitOk;
}

}  // namespace scatter::cli
