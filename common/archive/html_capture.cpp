#include "archive/html_capture.h"

#include "archive/html_nesting.h"
#include "archive/page_lines.h"
#include "text/ascii.h"
#include "text/utf8.h"

#include <gumbo.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace scatter {
namespace {

// Metadata lines ("February 9, 2026 · Issue #3") are short; a longer text is a
// paragraph, whatever it ends with, and is not read for the issue's number.
constexpr std::size_t kMaxMetadataLineLength = 160;
// A date line's element, markup and all, is a few hundred bytes, as are an <h1>
// headline's and a "Why it matters" label's; an element whose source spans more
// holds more than one line of the page, and its text is not read for them.
// Reading the text of every larger element would cost the page's size once per
// level of nesting.
constexpr unsigned int kMaxLineElementSource = 4096;
// As in the text reader: "1. Title" .. "999. Title"; longer numbers are not stories.
constexpr std::size_t kMaxStoryNumberDigits = 3;
// Chromium's HTML parser stops nesting elements at 512 levels; a page nested
// deeper is no newsletter issue. The walks below do not recurse, so the bound
// is not for them: gumbo's time grows with depth on every tag (html_nesting.h).
constexpr int kMaxNestingDepth = 512;

// ---- gumbo's tree, seen through C++ ----

// gumbo allocates the tree with its own allocator and must free it itself.
struct GumboOutputDeleter {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};
using GumboTree = std::unique_ptr<GumboOutput, GumboOutputDeleter>;

// <template> contents are a node type of their own; both carry a GumboElement.
bool is_element(const GumboNode& node) {
  return node.type == GUMBO_NODE_ELEMENT || node.type == GUMBO_NODE_TEMPLATE;
}

// nullptr for nodes that have none (text, comments).
const GumboVector* children_of(const GumboNode& node) {
  if (node.type == GUMBO_NODE_DOCUMENT) return &node.v.document.children;
  if (is_element(node)) return &node.v.element.children;
  return nullptr;
}

// gumbo's vectors hold void*; the children of a node are always GumboNodes.
const GumboNode& child_at(const GumboVector& children, unsigned int i) {
  return *static_cast<const GumboNode*>(children.data[i]);
}

template <typename Visit>
void for_each_child(const GumboNode& node, Visit&& visit) {
  const GumboVector* children = children_of(node);
  if (children == nullptr) return;
  for (unsigned int i = 0; i < children->length; ++i) visit(child_at(*children, i));
}

// Visits `root` and the nodes under it in document order with a stack of its
// own: a page's nesting is its author's choice, and must not become ours on the
// call stack. `enter(node, context)` returns the context for the node's
// children, or nullopt to skip them; `leave(node)` runs after the children of
// each node entered.
template <typename Context, typename Enter, typename Leave>
void walk(const GumboNode& root, const Context& context, Enter&& enter, Leave&& leave) {
  struct Open {
    const GumboNode* node;
    Context context;
    unsigned int next_child = 0;
  };
  std::vector<Open> open;
  if (std::optional<Context> inner = enter(root, context)) open.push_back(Open{&root, std::move(*inner)});
  while (!open.empty()) {
    Open& top = open.back();
    const GumboVector* children = children_of(*top.node);
    if (children == nullptr || top.next_child == children->length) {
      leave(*top.node);
      open.pop_back();
      continue;
    }
    const GumboNode& child = child_at(*children, top.next_child++);
    if (std::optional<Context> inner = enter(child, top.context)) open.push_back(Open{&child, std::move(*inner)});
  }
}

std::string_view attribute(const GumboNode& node, const char* name) {
  if (!is_element(node)) return {};
  const GumboAttribute* found = gumbo_get_attribute(&node.v.element.attributes, name);
  return found != nullptr ? std::string_view(found->value) : std::string_view();
}

bool has_attribute(const GumboNode& node, const char* name) {
  return is_element(node) && gumbo_get_attribute(&node.v.element.attributes, name) != nullptr;
}

// The page's own marks, after Pagefind's data-pagefind-body and -ignore: when any
// element carries data-scatter-body, stories are read only inside such elements;
// an element with data-scatter-ignore is left out wherever it is, text and all.
constexpr const char* kBodyMark = "data-scatter-body";
constexpr const char* kIgnoreMark = "data-scatter-ignore";

bool is_ignored(const GumboNode& node) { return has_attribute(node, kIgnoreMark); }

// 1-based source line; 0 for elements the parser inserted (an implied <p>).
int line_of(const GumboNode& node) { return static_cast<int>(node.v.element.start_pos.line); }

// Whether the element's source, from its start tag to its end (gumbo's offsets),
// is short enough to be one line of the page.
bool is_line_sized(const GumboNode& node) {
  const GumboElement& element = node.v.element;
  return element.end_pos.offset < element.start_pos.offset ||
         element.end_pos.offset - element.start_pos.offset <= kMaxLineElementSource;
}

// The first element nested deeper than kMaxNestingDepth, if any. Iterative, so
// that it is safe on any page.
const GumboNode* too_deep(const GumboNode& root) {
  std::vector<std::pair<const GumboNode*, int>> pending{{&root, 0}};
  while (!pending.empty()) {
    const auto [node, depth] = pending.back();
    pending.pop_back();
    if (depth > kMaxNestingDepth) return node;
    // An init-capture: Clang before 16 cannot capture a structured binding.
    for_each_child(*node, [&pending, child_depth = depth + 1](const GumboNode& child) {
      if (is_element(child)) pending.emplace_back(&child, child_depth);
    });
  }
  return nullptr;
}

// Code and embedded documents: nothing inside them is prose.
bool is_code(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT ||
         tag == GUMBO_TAG_TEMPLATE || tag == GUMBO_TAG_SVG || tag == GUMBO_TAG_IFRAME;
}

// Site chrome around the issue. A <header> inside <main>, <article> or <section>
// belongs to the content (it may wrap a story's heading); one outside is the
// site's masthead.
bool is_chrome(GumboTag tag, bool in_content) {
  if (tag == GUMBO_TAG_HEADER) return !in_content;
  return tag == GUMBO_TAG_HEAD || tag == GUMBO_TAG_NAV || tag == GUMBO_TAG_FOOTER || tag == GUMBO_TAG_ASIDE ||
         tag == GUMBO_TAG_FORM || tag == GUMBO_TAG_BUTTON;
}

bool is_content_root(GumboTag tag) {
  return tag == GUMBO_TAG_MAIN || tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_SECTION;
}

int heading_level(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_H1: return 1;
    case GUMBO_TAG_H2: return 2;
    case GUMBO_TAG_H3: return 3;
    case GUMBO_TAG_H4: return 4;
    case GUMBO_TAG_H5: return 5;
    case GUMBO_TAG_H6: return 6;
    default: return 0;
  }
}

// Elements a browser lays out as blocks: their edges separate words.
bool is_block(GumboTag tag) {
  return heading_level(tag) > 0 || tag == GUMBO_TAG_P || tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_LI ||
         tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL || tag == GUMBO_TAG_BLOCKQUOTE || tag == GUMBO_TAG_SECTION ||
         tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_TABLE || tag == GUMBO_TAG_TR || tag == GUMBO_TAG_TD ||
         tag == GUMBO_TAG_TH || tag == GUMBO_TAG_DT || tag == GUMBO_TAG_DD || tag == GUMBO_TAG_BR ||
         tag == GUMBO_TAG_FIGCAPTION || tag == GUMBO_TAG_PRE;
}

// ---- text ----

void append_text(const GumboNode& root, std::string& out) {
  const auto enter = [&out](const GumboNode& node, std::monostate) -> std::optional<std::monostate> {
    if (node.type == GUMBO_NODE_TEXT || node.type == GUMBO_NODE_WHITESPACE || node.type == GUMBO_NODE_CDATA) {
      out += node.v.text.text;  // entities already decoded by gumbo
      return std::nullopt;
    }
    if (!is_element(node) || is_code(node.v.element.tag) || is_ignored(node)) return std::nullopt;
    if (is_block(node.v.element.tag)) out += ' ';
    return std::monostate{};
  };
  const auto leave = [&out](const GumboNode& node) {
    if (is_element(node) && is_block(node.v.element.tag)) out += ' ';
  };
  walk(root, std::monostate{}, enter, leave);
}

// HTML's rule: runs of ASCII white space render as one space. U+00A0 is kept.
std::string collapse_whitespace(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

// Static-site builds leak module code into the page's text (SvelteKit's
// `export const prerender = true;`); it is no part of any story or title.
std::string strip_framework_residue(std::string text) {
  const std::string_view kept = without_leaked_code(text, LeakedCode::kStatements);
  return kept.size() == text.size() ? text : std::string(kept);
}

std::string text_of(const GumboNode& node) {
  std::string raw;
  append_text(node, raw);
  return strip_framework_residue(collapse_whitespace(raw));
}

// ---- the story grammar ----

struct NumberedHeading {
  int number;
  std::string title;
};

// "3. Title" or "3) Title".
std::optional<NumberedHeading> numbered_heading(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits > kMaxStoryNumberDigits || digits == text.size()) return std::nullopt;
  if (text[digits] != '.' && text[digits] != ')') return std::nullopt;
  const std::string_view rest = text.substr(digits + 1);
  const std::string_view title = trim(rest);
  if (title.empty() || title.data() == rest.data()) return std::nullopt;  // "3.5 billion" is no heading
  int number = 0;
  std::from_chars(text.data(), text.data() + digits, number);
  return NumberedHeading{number, std::string(title)};
}

// "Why it matters" opening a heading, paragraph or <strong>, and the text after
// its colon (a first bullet, when the list shares its line). Without a colon the
// label must stand alone, so that "Why it matters to Google is..." stays prose.
std::optional<std::string> why_it_matters(std::string_view text) {
  constexpr std::string_view kLabel = "why it matters";
  std::string_view rest = text;
  while (rest.starts_with('*')) rest.remove_prefix(1);  // Markdown emphasis that was not rendered
  if (!starts_with_ascii_icase(rest, kLabel)) return std::nullopt;
  rest = trim(rest.substr(kLabel.size()));
  while (rest.starts_with('*')) rest.remove_prefix(1);
  if (rest.empty()) return std::string();
  if (!rest.starts_with(':')) return std::nullopt;
  rest = trim(rest.substr(1));
  while (rest.starts_with('*')) rest.remove_prefix(1);
  return std::string(trim(rest));
}

// A list item as a paragraph sometimes carries its marker as text: "• item".
std::optional<std::string> without_bullet_marker(std::string_view text) {
  for (const std::string_view marker : {"- ", "* ", "+ ", "\xE2\x80\xA2 ", "\xE2\x80\x93 "}) {
    if (text.starts_with(marker)) return std::string(trim(text.substr(marker.size())));
  }
  return std::nullopt;
}

// id="story-3" (also "story_3", "story3").
std::optional<int> story_section_number(std::string_view id) {
  if (!starts_with_ascii_icase(id, "story")) return std::nullopt;
  id.remove_prefix(5);
  if (id.starts_with('-') || id.starts_with('_')) id.remove_prefix(1);
  if (id.empty() || id.size() > kMaxStoryNumberDigits) return std::nullopt;
  int number = 0;
  const auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), number);
  if (error != std::errc() || end != id.data() + id.size() || number <= 0) return std::nullopt;
  return number;
}

// ---- blocks: the page's text units in document order ----

enum class BlockKind { kHeading, kParagraph, kListItem, kLabel };

struct Block {
  BlockKind kind;
  int level = 0;  // 1..6 for a heading
  std::string text{};
  int line = 0;
  int section = 0;  // N of the nearest enclosing id="story-N"; 0 outside any
};

struct WalkContext {
  int section = 0;
  bool in_content = false;  // inside <main>, <article> or <section>, or a data-scatter-body element
  bool in_body = false;     // inside a data-scatter-body element
};

// Enters an element: updates the story section and content flags.
WalkContext entered(const GumboNode& node, WalkContext context) {
  if (auto number = story_section_number(attribute(node, "id"))) context.section = *number;
  if (is_content_root(node.v.element.tag)) context.in_content = true;
  if (has_attribute(node, kBodyMark)) context.in_body = context.in_content = true;
  return context;
}

bool has_marked_body(const GumboNode& document) {
  bool found = false;
  const auto enter = [&found](const GumboNode& node, std::monostate) -> std::optional<std::monostate> {
    if (found || (node.type != GUMBO_NODE_DOCUMENT && !is_element(node))) return std::nullopt;
    found = has_attribute(node, kBodyMark);
    return std::monostate{};
  };
  walk(document, std::monostate{}, enter, [](const GumboNode&) {});
  return found;
}

// Headings, paragraphs and list items are read whole; a bold "Why it matters"
// outside them is a block of its own. Returns whether `node` was consumed.
bool add_block(const GumboNode& node, const WalkContext& context, std::vector<Block>& blocks) {
  const GumboTag tag = node.v.element.tag;
  const int level = heading_level(tag);
  BlockKind kind = BlockKind::kLabel;
  if (level > 0) kind = BlockKind::kHeading;
  else if (tag == GUMBO_TAG_P) kind = BlockKind::kParagraph;
  else if (tag == GUMBO_TAG_LI) kind = BlockKind::kListItem;
  else if (tag != GUMBO_TAG_STRONG && tag != GUMBO_TAG_B) return false;
  if (kind == BlockKind::kLabel && !is_line_sized(node)) return false;
  std::string text = text_of(node);
  if (kind == BlockKind::kLabel && !why_it_matters(text)) return false;
  if (!text.empty()) blocks.push_back(Block{kind, level, std::move(text), line_of(node), context.section});
  return true;
}

std::vector<Block> collect_blocks(const GumboNode& document) {
  std::vector<Block> blocks;
  const bool marked = has_marked_body(document);
  const auto enter = [&blocks, marked](const GumboNode& node, WalkContext context) -> std::optional<WalkContext> {
    if (node.type == GUMBO_NODE_DOCUMENT) return context;
    if (!is_element(node)) return std::nullopt;  // loose text between blocks is layout residue, not a paragraph
    const GumboTag tag = node.v.element.tag;
    if (is_code(tag) || is_ignored(node)) return std::nullopt;
    if (is_chrome(tag, context.in_content) && !has_attribute(node, kBodyMark)) return std::nullopt;
    context = entered(node, context);
    // Outside a marked body the walk only looks for one.
    if ((!marked || context.in_body) && add_block(node, context, blocks)) return std::nullopt;
    return context;
  };
  walk(document, WalkContext{}, enter, [](const GumboNode&) {});
  return blocks;
}

// ---- stories from blocks ----

// Reads blocks in order, like the text reader reads lines: a story heading opens
// a story, paragraphs fill its body, "Why it matters" switches to bullets.
class StoryAssembler {
 public:
  explicit StoryAssembler(const std::filesystem::path& file) : file_(file) {}

  void add(const Block& block) {
    if (block.kind == BlockKind::kHeading && open_story(block)) return;
    if (stories_.empty()) return;  // the page's header: metadata, read elsewhere
    // A story opened by its section ends with that section.
    if (section_ != 0 && block.section != section_) part_ = Part::kOutside;
    if (block.kind == BlockKind::kHeading) other_heading(block);
    else if (part_ != Part::kOutside) add_to_story(block);
  }

  std::vector<Story> finish(std::vector<Warning>& warnings) {
    for (std::size_t s = 0; s < stories_.size(); ++s) {
      const std::string story = "story " + std::to_string(stories_[s].number);
      if (stories_[s].paragraphs.empty()) warnings.push_back({file_, heading_lines_[s], story + " has no body text"});
      if (why_lines_[s] != 0 && stories_[s].bullets.empty()) {
        warnings.push_back({file_, why_lines_[s], story + ": 'Why it matters' has no items"});
      }
    }
    warnings.insert(warnings.end(), warnings_.begin(), warnings_.end());
    return std::move(stories_);
  }

 private:
  enum class Part { kOutside, kBody, kBullets };

  bool open_story(const Block& block) {
    const int expected = static_cast<int>(stories_.size()) + 1;
    const auto numbered = numbered_heading(block.text);
    std::string title;
    if (block.section == expected && !why_it_matters(block.text)) {
      title = numbered ? numbered->title : block.text;  // the section gives the number
    } else if (numbered && numbered->number == expected && (block.section == 0 || block.section == expected)) {
      title = numbered->title;
    } else {
      if (numbered && block.section == 0 && (stories_.empty() || block.level <= heading_level_)) {
        warnings_.push_back({file_, block.line, "heading '" + block.text + "' is out of sequence (expected story " +
                                                    std::to_string(expected) + "); not read as a story"});
      }
      return false;
    }
    stories_.push_back(Story{.number = expected, .title = std::move(title)});
    heading_lines_.push_back(block.line);
    why_lines_.push_back(0);
    part_ = Part::kBody;
    heading_level_ = block.level;
    section_ = block.section;
    return true;
  }

  // "Why it matters" opens the bullets; a heading as high as the story's, outside
  // any story section, ends the story ("Sponsors", "From the archive").
  void other_heading(const Block& block) {
    if (part_ == Part::kOutside) return;
    if (why_it_matters(block.text)) {
      part_ = Part::kBullets;
      why_lines_.back() = block.line;
    } else if (section_ == 0 && block.level <= heading_level_) {
      part_ = Part::kOutside;
    }
  }

  void add_to_story(const Block& block) {
    Story& story = stories_.back();
    if (auto why = why_it_matters(block.text); why && block.kind != BlockKind::kListItem) {
      part_ = Part::kBullets;
      why_lines_.back() = block.line;
      if (!why->empty()) story.bullets.push_back(*why);
      return;
    }
    if (part_ == Part::kBullets) {
      if (block.kind == BlockKind::kListItem) {
        story.bullets.push_back(without_bullet_marker(block.text).value_or(block.text));
        return;
      }
      if (auto item = without_bullet_marker(block.text)) {
        story.bullets.push_back(*item);
        return;
      }
      part_ = Part::kBody;  // prose after the list belongs to the body again
    }
    story.paragraphs.push_back(block.text);  // a list outside "Why it matters" is body text
  }

  const std::filesystem::path& file_;
  std::vector<Story> stories_{};
  std::vector<int> heading_lines_{};
  std::vector<int> why_lines_{};  // 0 when the story has no "Why it matters"
  std::vector<Warning> warnings_{};
  Part part_ = Part::kOutside;
  int heading_level_ = 0;  // of the current story's heading
  int section_ = 0;        // the current story's id="story-N", 0 when opened by number alone
};

// ---- issue metadata ----

// Everything the page says about its issue, by source, so that precedence is
// decided in one place (apply_page_facts).
struct PageFacts {
  std::optional<Date> meta_date{}, time_date{}, line_date{};
  std::optional<int> issue{};
  std::string h1{}, og_title{}, title_headline{};
  std::string site_name{}, title_site{};
  std::string canonical{};  // the page's address, as Issue::page has it
};

// <link rel="canonical" href>: an absolute http(s) URL, or a path on the site.
// Other schemes and hrefs with spaces or control characters are no address of
// an issue page and are ignored.
std::string canonical_page(std::string_view href) {
  href = trim(href);
  if (href.empty() || std::any_of(href.begin(), href.end(), [](char c) { return static_cast<unsigned char>(c) <= ' '; })) {
    return {};
  }
  if (href.starts_with("https://") || href.starts_with("http://")) return std::string(href);
  if (href.starts_with("//")) return "https:" + std::string(href);
  if (href.starts_with('/')) return std::string(href);
  const std::size_t colon = href.find(':');
  if (colon != std::string_view::npos && colon < href.find('/')) return {};  // mailto:, javascript:, ...
  return "/" + std::string(href);
}

bool is_canonical_link(const GumboNode& node) {
  const std::string rel = " " + to_lower(attribute(node, "rel")) + " ";
  return rel.find(" canonical ") != std::string::npos;
}

// "2026-02-09", "February 9, 2026", or a timestamp "2026-02-09T08:00:00Z".
std::optional<Date> date_from(std::string_view text) {
  if (auto date = Date::parse(trim(text))) return date;
  return text.size() > 10 ? Date::from_iso(text.substr(0, 10)) : std::nullopt;
}

// "Headline — ScatterAI" (also "–" or "|"): the headline and the newsletter.
void read_title(const std::string& text, PageFacts& facts) {
  for (const std::string_view separator : {" \xE2\x80\x94 ", " \xE2\x80\x93 ", " | "}) {
    const std::size_t at = text.rfind(separator);
    if (at == std::string::npos || at == 0) continue;
    facts.title_headline = text.substr(0, at);
    facts.title_site = std::string(trim(std::string_view(text).substr(at + separator.size())));
    return;
  }
  facts.title_headline = text;
}

void read_meta(const GumboNode& node, PageFacts& facts) {
  const std::string_view name = attribute(node, "name");
  const std::string key = to_lower(name.empty() ? attribute(node, "property") : name);
  const std::string content = collapse_whitespace(attribute(node, "content"));
  if (content.empty()) return;
  if (key == "date" || key == "article:published_time" || key == "dc.date") {
    if (!facts.meta_date) facts.meta_date = date_from(content);
  } else if (key == "og:title" && facts.og_title.empty()) {
    facts.og_title = content;
  } else if ((key == "og:site_name" || key == "application-name") && facts.site_name.empty()) {
    facts.site_name = content;
  }
}

// "February 9, 2026 · Issue #3" or "Issue #3 · February 9, 2026", as the text
// reader's page header has them.
void read_date_issue_line(const std::string& text, PageFacts& facts) {
  if (facts.issue || text.size() > kMaxMetadataLineLength) return;
  std::optional<IssueLine> line = issue_then_date(text);
  if (!line) line = date_then_issue(text, kDateIssueSeparatorsOrComma);
  if (!line) return;
  facts.issue = line->issue;
  facts.line_date = line->date;
}

void read_facts(const GumboNode& node, const WalkContext& context, PageFacts& facts) {
  switch (node.v.element.tag) {
    case GUMBO_TAG_TITLE: read_title(text_of(node), facts); return;
    case GUMBO_TAG_META: read_meta(node, facts); return;
    case GUMBO_TAG_LINK:
      if (facts.canonical.empty() && is_canonical_link(node)) facts.canonical = canonical_page(attribute(node, "href"));
      return;
    case GUMBO_TAG_H1: {
      // The issue's headline, not a masthead's name nor a story's numbered title.
      if (!context.in_content || context.section != 0 || !facts.h1.empty() || !is_line_sized(node)) return;
      std::string text = text_of(node);
      if (!numbered_heading(text)) facts.h1 = std::move(text);
      return;
    }
    case GUMBO_TAG_TIME:
      if (!facts.time_date) facts.time_date = date_from(attribute(node, "datetime"));
      [[fallthrough]];
    case GUMBO_TAG_P:
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_DIV:
      if (!facts.issue && is_line_sized(node)) read_date_issue_line(text_of(node), facts);
      return;
    default: return;
  }
}

// Unlike stories, metadata may sit in <head> and the masthead; navigation,
// footers and asides are still skipped (they link to other issues and dates).
PageFacts collect_facts(const GumboNode& document) {
  PageFacts facts;
  const auto enter = [&facts](const GumboNode& node, WalkContext context) -> std::optional<WalkContext> {
    if (node.type == GUMBO_NODE_DOCUMENT) return context;
    if (!is_element(node)) return std::nullopt;
    const GumboTag tag = node.v.element.tag;
    if (is_code(tag) || tag == GUMBO_TAG_NAV || tag == GUMBO_TAG_FOOTER || tag == GUMBO_TAG_ASIDE || is_ignored(node)) {
      return std::nullopt;
    }
    context = entered(node, context);
    read_facts(node, context, facts);
    return context;
  };
  walk(document, WalkContext{}, enter, [](const GumboNode&) {});
  return facts;
}

void apply_page_facts(const std::filesystem::path& file, const PageFacts& facts, Capture& capture) {
  Issue& issue = capture.issue;
  issue.date = facts.meta_date ? facts.meta_date : facts.time_date ? facts.time_date : facts.line_date;
  issue.number = facts.issue;
  issue.headline = !facts.h1.empty() ? facts.h1 : !facts.og_title.empty() ? facts.og_title : facts.title_headline;
  issue.newsletter = !facts.site_name.empty() ? facts.site_name : facts.title_site;
  issue.page = facts.canonical;

  const FileNameFacts named = facts_from_file_name(file);
  if (named.issue && issue.number && *named.issue != *issue.number) {
    capture.warnings.push_back({file, 0, "file name says issue " + std::to_string(*named.issue) +
                                             " but the page says " + std::to_string(*issue.number) +
                                             "; using the page"});
  }
  if (named.date && issue.date && *named.date != *issue.date) {
    capture.warnings.push_back({file, 0, "file name says " + named.date->iso() + " but the page says " +
                                             issue.date->iso() + "; using the page"});
  }
  if (!issue.number) issue.number = named.issue;
  if (!issue.date) issue.date = named.date;
}

ParseError too_deep_error(const std::filesystem::path& file, int line) {
  return ParseError(file, line, "markup nested deeper than " + std::to_string(kMaxNestingDepth) + " elements");
}

}  // namespace

Capture parse_html_capture(const std::filesystem::path& file, std::string_view raw) {
  if (trim(raw).empty()) throw ParseError(file, 0, "empty file");
  if (looks_binary(raw)) throw ParseError(file, 0, "binary file, not an HTML page of an issue");

  Capture capture;
  // Repair before parsing, so that the warning counts the file's own bad bytes
  // and gumbo's source positions refer to the same lines.
  const CleanText clean = clean_text(raw);
  if (clean.invalid_bytes > 0) {
    capture.warnings.push_back({file, clean.first_invalid_line,
                                std::to_string(clean.invalid_bytes) + " bytes of invalid UTF-8 replaced with U+FFFD"});
  }
  if (const auto line = line_nested_deeper_than(clean.text, kMaxNestingDepth)) throw too_deep_error(file, *line);
  const GumboTree tree(gumbo_parse_with_options(&kGumboDefaultOptions, clean.text.data(), clean.text.size()));
  if (!tree) throw ParseError(file, 0, "the HTML parser gave up on this file");
  if (const GumboNode* deep = too_deep(*tree->document)) throw too_deep_error(file, line_of(*deep));

  const std::vector<Block> blocks = collect_blocks(*tree->document);
  StoryAssembler assembler(file);
  for (const Block& block : blocks) assembler.add(block);
  capture.issue.stories = assembler.finish(capture.warnings);
  if (capture.issue.stories.empty()) throw ParseError(file, 0, "no numbered story headings found");

  const PageFacts facts = collect_facts(*tree->document);
  apply_page_facts(file, facts, capture);
  capture.issue.sources = {file};
  return capture;
}

}  // namespace scatter
