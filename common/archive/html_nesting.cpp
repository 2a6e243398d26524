#include "archive/html_nesting.h"

#include "text/ascii.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

namespace scatter {
namespace {

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_void(std::string_view name) {
  return is_one_of(name, {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
                          "input", "keygen", "link", "meta", "param", "source", "track", "wbr"});
}

// The parser closes these when their next sibling starts, or never opens one in
// another of its kind: counted, a page of unclosed <p>s would seem deep.
bool is_uncounted(std::string_view name) {
  return is_one_of(name, {"html", "head", "body", "p", "li", "dt", "dd", "option", "optgroup", "rb", "rt", "rp", "rtc",
                          "tr", "td", "th", "tbody", "thead", "tfoot", "colgroup", "caption", "h1", "h2", "h3", "h4",
                          "h5", "h6", "a", "nobr", "button", "form", "select"});
}

// Their text runs to their own end tag, whatever it holds.
bool holds_raw_text(std::string_view name) {
  return is_one_of(name, {"script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes"});
}

bool ends_tag_name(char c) { return is_ascii_space(c) || c == '/' || c == '>'; }

struct Tag {
  std::string name;  // lower case
  std::size_t end = 0;  // just past its '>'; npos when the page ends inside it
  bool self_closing = false;
};

// The tag whose name starts at `at` (after "<" or "</"): its name, and where it
// ends, quoted attribute values skipped whole (they may hold '>').
Tag read_tag(std::string_view html, std::size_t at) {
  Tag tag;
  std::size_t i = at;
  while (i < html.size() && !ends_tag_name(html[i])) tag.name += ascii_lower(html[i++]);
  while (i < html.size()) {
    const char c = html[i];
    if (c == '>') {
      tag.end = i + 1;
      return tag;
    }
    if (c == '/') {
      tag.self_closing = i + 1 < html.size() && html[i + 1] == '>';
      ++i;
      continue;
    }
    if (is_ascii_space(c)) {
      ++i;
      continue;
    }
    while (i < html.size() && !ends_tag_name(html[i]) && html[i] != '=') ++i;  // attribute name
    i = skip_ascii_spaces(html, i);
    if (i == html.size() || html[i] != '=') continue;
    i = skip_ascii_spaces(html, i + 1);
    if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
      const std::size_t close = html.find(html[i], i + 1);
      i = close == std::string_view::npos ? html.size() : close + 1;
    } else {
      while (i < html.size() && !is_ascii_space(html[i]) && html[i] != '>') ++i;
    }
  }
  tag.end = std::string_view::npos;
  return tag;
}

// Where the end tag of raw-text element `name` starts, at or after `from`.
std::size_t raw_text_end(std::string_view html, std::size_t from, std::string_view name) {
  for (std::size_t at = html.find("</", from); at != std::string_view::npos; at = html.find("</", at + 2)) {
    const std::size_t after = at + 2 + name.size();
    if (has_ascii_icase_at(html, at + 2, name) && (after == html.size() || ends_tag_name(html[after]))) return at;
  }
  return std::string_view::npos;
}

// The elements open at a point of the page, innermost last.
class OpenElements {
 public:
  std::size_t depth() const { return stack_.size(); }

  void open(const Tag& tag) {
    if (is_void(tag.name) || is_uncounted(tag.name)) return;
    const bool foreign = count_of("svg") > 0 || count_of("math") > 0 || tag.name == "svg" || tag.name == "math";
    if (tag.self_closing && foreign) return;
    stack_.push_back(tag.name);
    ++counts_[tag.name];
  }

  // Every pop is of an element pushed once: linear over the page.
  void close(const std::string& name) {
    if (count_of(name) == 0) return;
    while (!stack_.empty()) {
      const std::string innermost = std::move(stack_.back());
      stack_.pop_back();
      if (--counts_[innermost] == 0) counts_.erase(innermost);
      if (innermost == name) return;
    }
  }

 private:
  int count_of(const std::string& name) const {
    const auto it = counts_.find(name);
    return it == counts_.end() ? 0 : it->second;
  }

  std::vector<std::string> stack_{};
  std::unordered_map<std::string, int> counts_{};
};

// Where the markup construct starting with the '<' at `at` ends, for constructs
// that open no element: comments, <!doctype>, <?...>, and "<" as text.
std::size_t skip_non_element(std::string_view html, std::size_t at) {
  const std::string_view rest = html.substr(at);
  if (rest.starts_with("<!--")) {
    const std::size_t end = html.find("-->", at + 4);
    return end == std::string_view::npos ? html.size() : end + 3;
  }
  if (rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</")) {
    const std::size_t end = html.find('>', at + 2);
    return end == std::string_view::npos ? html.size() : end + 1;
  }
  return at + 1;
}

int line_at(std::string_view html, std::size_t at) {
  return 1 + static_cast<int>(std::count(html.begin(), html.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

}  // namespace

std::optional<int> line_nested_deeper_than(std::string_view html, int max_depth) {
  OpenElements open;
  std::size_t at = 0;
  while ((at = html.find('<', at)) != std::string_view::npos) {
    const bool end_tag = at + 1 < html.size() && html[at + 1] == '/';
    const std::size_t name_at = at + (end_tag ? 2 : 1);
    if (name_at >= html.size() || !is_ascii_letter(html[name_at])) {
      at = skip_non_element(html, at);
      continue;
    }
    const Tag tag = read_tag(html, name_at);
    if (tag.end == std::string_view::npos) return std::nullopt;  // the page ends inside the tag: no element
    if (end_tag) {
      open.close(tag.name);
      at = tag.end;
      continue;
    }
    if (tag.name == "plaintext") return std::nullopt;  // all that follows is text
    if (holds_raw_text(tag.name)) {
      at = raw_text_end(html, tag.end, tag.name);
      if (at == std::string_view::npos) return std::nullopt;
      continue;
    }
    open.open(tag);
    if (open.depth() > static_cast<std::size_t>(max_depth)) return line_at(html, at);
    at = tag.end;
  }
  return std::nullopt;
}

}  // namespace scatter
