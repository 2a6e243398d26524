#include "cli/commands/commands.h"

#include "cli/errors.h"
#include "cli/options.h"
#include "cli/output/output.h"

namespace scatter::cli {

int issue_command(int argc, char** argv, std::string_view synopsis) {
  const auto vm = parse_command(argc, argv, po::options_description("issue options"), "number", synopsis);
  if (!vm) return kExitOk;
  const CommonOptions common = common_options(*vm);
  const int number = whole_number("NUMBER", one_word(*vm, "number", "NUMBER"));
  print(open_source(common.source)->issue(number), common.json, issue_text);
  return kExitOk;
}

}  // namespace scatter::cli
