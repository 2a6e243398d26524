#include "cli/commands/commands.h"

#include "cli/errors.h"
#include "cli/options.h"
#include "cli/output/output.h"

namespace scatter::cli {
namespace {

constexpr int kDefaultSuggestions = 8;  // as searchd's /suggest without limit

}  // namespace

int suggest_command(int argc, char** argv, std::string_view synopsis) {
  po::options_description options("suggest options");
  options.add_options()("limit", po::value<int>()->value_name("N")->default_value(kDefaultSuggestions),
                        "how many completions");
  const auto vm = parse_command(argc, argv, options, "text", synopsis);
  if (!vm) return kExitOk;
  const CommonOptions common = common_options(*vm);
  // Words joined by one space; quote the text to keep a trailing space, which
  // says the last word is finished.
  const std::string typed = words(*vm, "text");
  print(open_source(common.source)->suggest(typed, (*vm)["limit"].as<int>()), common.json, suggestions_text);
  return kExitOk;
}

}  // namespace scatter::cli
