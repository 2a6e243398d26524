#include "cli/commands/commands.h"

#include "cli/errors.h"
#include "cli/options.h"
#include "cli/output/output.h"

namespace scatter::cli {
namespace {

constexpr int kDefaultRelated = 5;  // as searchd's /related without per_page

}  // namespace

int related_command(int argc, char** argv, std::string_view synopsis) {
  po::options_description options("related options");
  options.add_options()("limit", po::value<int>()->value_name("N")->default_value(kDefaultRelated), "how many stories");
  const auto vm = parse_command(argc, argv, options, "id", synopsis);
  if (!vm) return kExitOk;
  const CommonOptions common = common_options(*vm);
  const std::string id = one_word(*vm, "id", "STORY_ID");
  print(open_source(common.source)->related(id, (*vm)["limit"].as<int>()), common.json, related_text);
  return kExitOk;
}

}  // namespace scatter::cli
