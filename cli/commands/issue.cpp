#include "cli/commands/commands.h"

#include "cli/errors.h"
#include "cli/options.h"
#include "cli/output/output.h"

namespace scatter::cli {

int issue_command(int argc, char** argv, std::string_view synopsis) {
  const auto vm = parse_command(argc, argv, po::options_description("issue options"), "issue", synopsis);
  if (!vm) return kExitOk;
  const CommonOptions common = common_options(*vm);
  // A number ("3"), or the date an issue without one is known by ("1901-03-05"):
  // whatever its story ids start with. The archive decides which exist.
  const std::string key = one_word(*vm, "issue", "ISSUE");
  print(open_source(common.source)->issue(key), common.json, issue_text);
  return kExitOk;
}

}  // namespace scatter::cli
