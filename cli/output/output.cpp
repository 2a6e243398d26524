#include "cli/output/output.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <iostream>
#include <string_view>

namespace scatter::cli {
namespace {

constexpr int kDefaultWidth = 80;

int terminal_width(bool is_terminal) {
  if (const char* env = std::getenv("COLUMNS"); env != nullptr) {
    const std::string_view text(env);
    int columns = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), columns);
    if (error == std::errc() && end == text.data() + text.size() && columns > 0) return columns;
  }
  // Shells set COLUMNS without exporting it, so a terminal is asked too.
  winsize size{};
  if (is_terminal && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return kDefaultWidth;
}

// no-color.org: NO_COLOR set to anything but "" turns escape sequences off;
// a terminal of TERM=dumb (Emacs' shell, some CI logs) cannot show them.
bool escapes_wanted() {
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  const bool refused = no_color != nullptr && *no_color != '\0';
  return !refused && !(term != nullptr && std::string_view(term) == "dumb");
}

}  // namespace

TextStyle terminal_style() {
  const bool is_terminal = isatty(STDOUT_FILENO) != 0;
  return {.bold = is_terminal && escapes_wanted(), .width = terminal_width(is_terminal)};
}

void print(const nlohmann::json& body, bool as_json, Renderer render) {
  if (as_json) {
    // As searchd dumps it: text that is not UTF-8 is replaced, not thrown on.
    std::cout << body.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::cout << render(body, terminal_style());
  }
}

void write_stdout(const std::string& document) { std::cout << document; }

}  // namespace scatter::cli
