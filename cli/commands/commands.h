// One function per command (notmuch's one file per command): options -> a
// request -> the source's body -> JSON or text on stdout. argv[0] is the
// command's name; `synopsis` is its usage line, printed by --help. Each returns
// the exit status and throws for main to report (cli/errors.h, BadParameter,
// EngineError, program_options' errors).
#pragma once

#include <string_view>

namespace scatter::cli {

int search_command(int argc, char** argv, std::string_view synopsis);
int count_command(int argc, char** argv, std::string_view synopsis);
int company_command(int argc, char** argv, std::string_view synopsis);
int topic_command(int argc, char** argv, std::string_view synopsis);
int export_command(int argc, char** argv, std::string_view synopsis);
int feed_command(int argc, char** argv, std::string_view synopsis);
int significant_command(int argc, char** argv, std::string_view synopsis);
int show_command(int argc, char** argv, std::string_view synopsis);
int issue_command(int argc, char** argv, std::string_view synopsis);
int related_command(int argc, char** argv, std::string_view synopsis);
int trends_command(int argc, char** argv, std::string_view synopsis);
int suggest_command(int argc, char** argv, std::string_view synopsis);
int backup_command(int argc, char** argv, std::string_view synopsis);
int restore_command(int argc, char** argv, std::string_view synopsis);

}  // namespace scatter::cli
