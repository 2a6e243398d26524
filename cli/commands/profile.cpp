#include "cli/commands/commands.h"

#include "cli/errors.h"
#include "cli/options.h"
#include "cli/output/output.h"

namespace scatter::cli {
namespace {

// `scatter company NAME` and `scatter topic NAME`: the page /companies/{name}
// or /topics/{name} serves, as text.
int profile_command(EntityKind kind, int argc, char** argv, std::string_view synopsis) {
  po::options_description options(std::string(entity_kind_name(kind)) + " options");
  options.add_options()("limit", po::value<int>()->value_name("N")->default_value(ProfileRequest{}.latest),
                        "latest stories to list");
  const auto vm = parse_command(argc, argv, options, "name", synopsis);
  if (!vm) return kExitOk;
  const CommonOptions common = common_options(*vm);
  const std::string name = words(*vm, "name");
  if (name.empty()) throw UsageError("give the " + std::string(entity_kind_name(kind)) + "'s name");
  print(open_source(common.source)->profile({.kind = kind, .name = name, .latest = (*vm)["limit"].as<int>()}),
        common.json, profile_text);
  return kExitOk;
}

}  // namespace

int company_command(int argc, char** argv, std::string_view synopsis) {
  return profile_command(EntityKind::kCompany, argc, argv, synopsis);
}

int topic_command(int argc, char** argv, std::string_view synopsis) {
  return profile_command(EntityKind::kTopic, argc, argv, synopsis);
}

}  // namespace scatter::cli
