// Text from a JSON body made fit for a terminal. The body may come from a
// server, and an archive may hold any character: control characters (an ESC
// could restyle or retitle the reader's terminal) never reach the screen.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace scatter::cli {

// `value` (a JSON string) without C0/C1 control characters; a line break or
// tab becomes a space, so that one field stays on its line.
std::string printable(const nlohmann::json& value);

// A query in a sentence: in double quotes, unless it has double quotes of its
// own (a phrase), when it reads as typed: never ""civil rights"".
std::string in_quotes(std::string_view query);

// The engine's HTML (escaped, matches in <mark>) as printable text, matches in
// ANSI bold when `bold`, unmarked otherwise.
std::string terminal_text(const nlohmann::json& html, bool bold);

// The line under an answer the server or engine cut short at its time limit.
inline constexpr std::string_view kTimedOutNote =
    "Note: stopped at the time limit; this answer covers only the stories matched by then";

}  // namespace scatter::cli
