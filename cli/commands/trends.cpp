#include "cli/commands/commands.h"

#include "cli/errors.h"
#include "cli/options.h"
#include "cli/output/chart.h"
#include "cli/output/output.h"

namespace scatter::cli {
namespace {

// Without --interval the engine picks one from the span of the matches (a
// corpus of two centuries by decade), and the header names it.
Interval interval(const po::variables_map& vm) {
  if (!vm.count("interval")) return Interval::kAuto;
  const std::string value = vm["interval"].as<std::string>();
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
  options.add_options()("interval", po::value<std::string>()->value_name("PERIOD"),
                        "one bar per week, month, year or decade (default: auto, the finest with at most "
                        "120 bars over the matches' span)")(
      "by", po::value<std::string>()->value_name("SPLIT"), "under each period, a bar per company or topic")(
      "series", po::value<int>()->value_name("N")->default_value(defaults.series),
      "with --by: the companies or topics with most matches; the rest are summed as \"other\"")(
      "share", "bars and numbers are each period's share of the archive's stories (matches / all)");
  options.add(filter_options());
  const auto vm = parse_command(argc, argv, options, "query", synopsis);
  if (!vm) return kExitOk;
  const CommonOptions common = common_options(*vm);
  TrendsRequest request{.search = {.q = words(*vm, "query")},
                        .interval = interval(*vm),
                        .by = split(*vm),
                        .series = (*vm)["series"].as<int>()};
  read_filters(*vm, request.search);
  print(open_source(common.source)->trends(request), common.json,
        vm->count("share") ? trends_share_chart : trends_chart);
  return kExitOk;
}

}  // namespace scatter::cli
