// scatter: the archive's read API from the command line, against the index on
// this machine (--db) or a running searchd (--server), printing text for people
// or the API's JSON (--json). One table of commands; each command's options and
// output live in commands/, where answers come from in source/, text in output/.
// Here failures become messages and exit statuses (cli/errors.h).
#include "cli/commands/commands.h"
#include "cli/errors.h"
#include "cli/options.h"

#include "engine/search_engine.h"
#include "index/index_writer.h"

#include <iostream>

namespace {

using namespace scatter::cli;

struct Command {
  std::string_view name;
  int (*run)(int argc, char** argv, std::string_view synopsis);
  std::string_view synopsis;     // after "scatter "
  std::string_view query_label;  // what the request's q was typed as, for errors
};

constexpr std::string_view kFilters =
    "filters: [--company NAME]... [--topic NAME]... [--issue N]... [--from DATE] [--to DATE] [--prefix]\n"
    "         DATE is YYYY, YYYY-MM or YYYY-MM-DD: --from 1990 starts on 1990-01-01, --to 1990 ends on 1990-12-31\n";

const Command kCommands[] = {
    {"search", search_command,
     "search QUERY [filters] [--sort relevance|newest|oldest|FIELD|-FIELD] [--page N] [--limit N]\n"
     "                      [--collapse] [--facets company,topic,year,month,issue,FIELD|all] [--facet-limit N]\n"
     "                      [--recency HALF_LIFE] [--after CURSOR]",
     "QUERY"},
    {"count", count_command, "count QUERY [filters] [--collapse]   (the number of matching stories, exact)", "QUERY"},
    {"significant", significant_command,
     "significant QUERY [filters] [--field words|company|topic] [--limit N]   (what stands out against the archive)",
     "QUERY"},
    {"export", export_command,
     "export QUERY [filters] [--sort relevance|newest|oldest] [--recency HALF_LIFE] [--format csv|jsonl]\n"
     "                      [--out FILE]   (every match, in order, as CSV or JSON Lines)",
     "QUERY"},
    {"feed", feed_command, "feed QUERY [filters]   (an Atom feed of its 20 newest stories)", "QUERY"},
    {"show", show_command, "show STORY_ID", "STORY_ID"},
    {"company", company_command, "company NAME [--limit N]   (its stories per month, companions, telling words, latest)",
     "NAME"},
    {"topic", topic_command, "topic NAME [--limit N]   (the same for a topic)", "NAME"},
    {"issue", issue_command, "issue ISSUE   (its number, or the date of an issue without one)", "ISSUE"},
    {"related", related_command, "related STORY_ID [--limit N]", "STORY_ID"},
    {"trends", trends_command,
     "trends QUERY [--interval auto|week|month|year|decade] [--by company|topic] [--series N]\n"
     "                      [--share] [filters]",
     "QUERY"},
    {"suggest", suggest_command, "suggest TEXT [--limit N]", "TEXT"},
    {"backup", backup_command, "backup DIR   (a compacted copy of the index, taken while it is served and written)",
     "DIR"},
    {"restore", restore_command, "restore BACKUP   (puts a backup in place of the index --db, atomically)", "BACKUP"},
};

std::string usage() {
  std::string text = "Usage:";
  for (const Command& command : kCommands) {
    text += std::string(text == "Usage:" ? " " : "       ") + "scatter " + std::string(command.synopsis) + "\n";
  }
  text += "       scatter --version\n" + std::string(kFilters) +
          "Every command: [--db PATH | --server http://HOST:PORT] [--json] [--help]\n"
          "  --db defaults to $SCATTER_DB, else var/index; --server to $SCATTER_SERVER.\n"
          "  --json prints the body searchd's API serves for the same request.\n"
          "QUERY is the query language of docs/query-language.md: words, \"phrases\", AND/OR/NOT,\n"
          "+must, -exclude (after --: scatter search -- -openai sora), prefix*, and fields\n"
          "title: body: why: company: topic: issue: date: after: before: year:.\n"
          "Terminal: matches in bold, unless $NO_COLOR is set or $TERM is dumb.\n"
          "Exit status: 0 ok, 1 failed (no index, server unreachable, a backup's DIR not empty),\n"
          "2 not found, 64 usage.\n";
  return text;
}

// "-openai" is an option to the parser but an exclusion to the reader: for a
// command that takes a query, say how to pass it as one.
void explain_unknown_option(const std::string& name, const Command& command, const std::string& option) {
  const bool takes_query = command.query_label == "QUERY" || command.query_label == "TEXT";
  if (takes_query && option.size() > 1 && option[0] == '-' && option[1] != '-') {
    std::cerr << "scatter " << name << ": unknown option " << option << "; to search for an exclusion, put -- before "
              << "the " << command.query_label << ": scatter " << name << " -- " << option << "\n";
    return;
  }
  std::cerr << "scatter " << name << ": unknown option " << option << "\nTry 'scatter " << name << " --help'.\n";
}

// Runs `command`, turning what it throws into a message on stderr and a status.
int run(const Command& command, int argc, char** argv) {
  const std::string name(command.name);
  try {
    return command.run(argc, argv, command.synopsis);
  } catch (const UsageError& e) {
    std::cerr << "scatter " << name << ": " << e.what() << "\nTry 'scatter " << name << " --help'.\n";
  } catch (const boost::program_options::unknown_option& e) {
    explain_unknown_option(name, command, e.get_option_name());
  } catch (const boost::program_options::error& e) {
    std::cerr << "scatter " << name << ": " << e.what() << "\nTry 'scatter " << name << " --help'.\n";
  } catch (const scatter::BadParameter& e) {
    // Locally the engine names its request field; a server names its URL
    // parameter. Both are told as the option the user typed.
    std::cerr << "scatter " << name << ": " << option_for(e.parameter, command.query_label) << ": " << e.reason << "\n";
  } catch (const NotFound& e) {
    std::cerr << "scatter " << name << ": " << e.what() << "\n";
    return kExitNotFound;
  } catch (const Unavailable& e) {
    std::cerr << "scatter " << name << ": " << e.what() << "\n";
    return kExitFailed;
  } catch (const scatter::EngineError& e) {
    std::cerr << "scatter " << name << ": " << e.what() << "\n";
    return kExitFailed;
  } catch (const scatter::IndexError& e) {
    // backup and restore: a path that cannot take a copy, an index that cannot be read.
    std::cerr << "scatter " << name << ": " << e.what() << "\n";
    return kExitFailed;
  } catch (const std::exception& e) {
    // A body not shaped as documented (an older or newer searchd), or a bug.
    std::cerr << "scatter " << name << ": unexpected error: " << e.what() << "\n";
    return kExitFailed;
  }
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view name = argc > 1 ? argv[1] : "";
  if (name == "--help" || name == "-h" || name == "help") {
    std::cout << usage();
    return kExitOk;
  }
  if (name == "--version") {
    std::cout << "scatter " << SCATTER_VERSION << "\n";
    return kExitOk;
  }
  for (const Command& command : kCommands) {
    if (command.name == name) return run(command, argc - 1, argv + 1);
  }
  std::cerr << "scatter: " << (name.empty() ? "no command given" : "unknown command '" + std::string(name) + "'")
            << "\n"
            << usage();
  return kExitUsage;
}
