// The command line shared by every command: parsing with Boost.ProgramOptions,
// where to read (--db / --server), --json, the search filters, and the option
// a request field was typed as. Everything here throws UsageError (or
// program_options' own errors, which name the option) for bad input.
#pragma once

#include "engine/search_request.h"
#include "cli/source/source.h"

#include <boost/program_options.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scatter::cli {

namespace po = boost::program_options;

// What every command takes besides its own options.
struct CommonOptions {
  SourceConfig source{};
  bool json = false;  // print searchd's body instead of text
};

// Parses a command's arguments (argv[0] is the command's name) against its
// `options` plus --db, --server, --json and --help; bare words are collected
// under `positional`. Returns nullopt once --help has been printed.
std::optional<po::variables_map> parse_command(int argc, char** argv, po::options_description options,
                                                const char* positional, std::string_view synopsis);

// --server (else $SCATTER_SERVER) or --db (else $SCATTER_DB, else var/index);
// an explicit option beats the environment, and both options at once is an error.
CommonOptions common_options(const po::variables_map& vm);

// The bare words, joined by spaces ("" when none).
std::string words(const po::variables_map& vm, const char* positional);
// The one bare word a command needs; `label` names it in errors ("STORY_ID").
std::string one_word(const po::variables_map& vm, const char* positional, std::string_view label);

// A whole number, or UsageError naming `label`.
int whole_number(std::string_view label, const std::string& text);

// --company --topic --issue (repeatable, or comma lists) --from --to --prefix:
// what narrows a search and a trend alike.
po::options_description filter_options();
void read_filters(const po::variables_map& vm, SearchRequest& request);

// --sort (relevance, newest, oldest) and --recency HALF_LIFE: how a listing is ordered.
po::options_description ranking_options();
void read_ranking(const po::variables_map& vm, SearchRequest& request);

// The option or argument a user typed for an engine's request field or
// searchd's URL parameter ("per_page" -> "--limit", "q" -> `query_label`).
std::string option_for(const std::string& parameter, std::string_view query_label);

}  // namespace scatter::cli
