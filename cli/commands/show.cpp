#include "cli/commands/commands.h"

#include "cli/errors.h"
#include "cli/options.h"
#include "cli/output/output.h"

namespace scatter::cli {

int show_command(int argc, char** argv, std::string_view synopsis) {
  const auto vm = parse_command(argc, argv, po::options_description("show options"), "id", synopsis);
  if (!vm) return kExitOk;
  const CommonOptions common = common_options(*vm);
  const std::string id = one_word(*vm, "id", "STORY_ID");
  print(open_source(common.source)->story(id), common.json, story_text);
  return kExitOk;
}

}  // namespace scatter::cli
