// Writing a command's answer to stdout: searchd's body as JSON for scripts, or
// text for people in the style the terminal allows.
#pragma once

#include "cli/output/render.h"

#include <nlohmann/json.hpp>

namespace scatter::cli {

// Bold when stdout is a terminal, unless $NO_COLOR is set (not empty) or
// $TERM is dumb; width from $COLUMNS, else the terminal's,
// else 80 (a pipe).
TextStyle terminal_style();

using Renderer = std::string (*)(const nlohmann::json& body, const TextStyle& style);

// `body` indented by two, or `render`ed for the terminal.
void print(const nlohmann::json& body, bool as_json, Renderer render);

// A document that has one form only (an Atom feed), as it is.
void write_stdout(const std::string& document);

}  // namespace scatter::cli
