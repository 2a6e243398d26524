// common/archive/markdown_capture.h: an issue in Markdown with front matter,
// numbered story headings and "Why it matters" lists, read as the reader sees it.
#include "archive/markdown_capture.h"

#include "issue3_expected.h"
#include "text/utf8.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace scatter {
namespace {

namespace issue3 = test::issue3;
using test::all_warnings;
using test::data_dir;
using test::read_file;
using test::source_dir;

const std::filesystem::path kSynthetic = "synthetic.md";

// One synthetic story around `body`, under a plain front matter.
Capture parse_story(const std::string& body) {
  return parse_markdown_capture(kSynthetic, "---\nissue: 1\ndate: 2001-01-01\n---\n## 1. Synthetic story\n\n" + body);
}

TEST(ParseMarkdownCapture, Issue3FixtureEqualsTheSourceText) {
  const auto fixture = source_dir() / "tests" / "fixtures" / "2026-02-09-issue-003.md";
  const Capture capture = parse_markdown_capture(fixture, read_file(fixture));
  const auto source = data_dir() / "issues" / std::string(issue3::kSourceFile);
  const Issue expected = parse_text_capture(source, read_file(source)).issue;
  const Issue& issue = capture.issue;
  ASSERT_EQ(issue.stories.size(), 5u);
  for (std::size_t i = 0; i < expected.stories.size(); ++i) {
    SCOPED_TRACE("story " + std::to_string(i + 1));
    EXPECT_EQ(issue.stories[i].number, expected.stories[i].number);
    EXPECT_EQ(issue.stories[i].title, expected.stories[i].title);
    EXPECT_EQ(issue.stories[i].title, issue3::kStories[i].title);
    EXPECT_EQ(issue.stories[i].paragraphs, expected.stories[i].paragraphs);
    EXPECT_EQ(issue.stories[i].bullets, expected.stories[i].bullets);
  }
  EXPECT_EQ(issue.number, issue3::kNumber);
  ASSERT_TRUE(issue.date.has_value());
  EXPECT_EQ(issue.date->iso(), issue3::kDate);
  EXPECT_EQ(issue.newsletter, issue3::kNewsletter);
  EXPECT_EQ(issue.headline, issue3::kHeadline);
  EXPECT_EQ(issue.sources, std::vector<std::filesystem::path>{fixture});
  EXPECT_TRUE(capture.warnings.empty()) << all_warnings(capture.warnings);
}

// Inline markup: {markdown paragraph, what the reader sees}.
TEST(ParseMarkdownCapture, InlineMarkupIsStrippedToTheVisibleText) {
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"A **bold** word.", "A bold word."},
      {"A __bold__ word.", "A bold word."},
      {"An *emphasised* and _emphasised_ word.", "An emphasised and emphasised word."},
      {"***Both*** at once.", "Both at once."},
      {"**Bold with *em* inside**.", "Bold with em inside."},
      {"Some ~~struck~~ text.", "Some struck text."},
      {"Run `code --flag` here.", "Run code --flag here."},
      {"Literal ``a ` tick``.", "Literal a ` tick."},
      {"A [link text](https://example.invalid/a_(b)) here.", "A link text here."},
      {"A [reference][1] link.", "A reference link."},
      {"A [**bold link**](https://example.invalid) here.", "A bold link here."},
      {"Before ![an image](https://example.invalid/x.png) after.", "Before after."},
      {"Tags <span class=\"x\">gone</span><br/> here.", "Tags gone here."},
      {"A comment<!-- hidden --> gone.", "A comment gone."},
      {"An autolink <https://example.invalid/x>.", "An autolink https://example.invalid/x."},
      {"Plain 5 * 3 and a < b and <5 ms stay.", "Plain 5 * 3 and a < b and <5 ms stay."},
      {"snake_case_name and file_name stay.", "snake_case_name and file_name stay."},
      {"Escaped \\*stars\\* stay.", "Escaped *stars* stay."},
      {"A [bracket] alone stays.", "A [bracket] alone stays."},
      {"Unclosed **bold stays.", "Unclosed **bold stays."},
  };
  for (const auto& [markdown, visible] : rows) {
    SCOPED_TRACE(markdown);
    const Capture capture = parse_story(markdown + "\n");
    ASSERT_EQ(capture.issue.stories.size(), 1u);
    ASSERT_EQ(capture.issue.stories[0].paragraphs.size(), 1u);
    EXPECT_EQ(capture.issue.stories[0].paragraphs[0], visible);
  }
}

TEST(ParseMarkdownCapture, ParagraphsJoinTheirLinesAndMarkupMaySpanThem) {
  const Capture capture = parse_story("First line of a\n**synthetic\nparagraph**.\n\n\nSecond one.\n");
  EXPECT_EQ(capture.issue.stories[0].paragraphs,
            (std::vector<std::string>{"First line of a synthetic paragraph.", "Second one."}));
}

// Every form of "Why it matters", each list marker: {markdown after the body}.
TEST(ParseMarkdownCapture, EveryWhyItMattersFormGivesTheBullets) {
  const std::vector<std::string> rows = {
      "**Why it matters:**\n- Alpha\n- Beta\n",
      "**Why it matters**:\n\n* Alpha\n* Beta\n",
      "*Why it matters:*\n+ Alpha\n+ Beta\n",
      "### Why it matters\n\n1. Alpha\n2. Beta\n",
      "#### Why it matters:\n1) Alpha\n2) Beta\n",
      "Why it matters:\n- Alpha\n\n- Beta\n",
      "WHY IT MATTERS:\n  - Alpha\n  - Beta\n",
      "**Why it matters:** Alpha\n- Beta\n",
  };
  for (const std::string& why : rows) {
    SCOPED_TRACE(why);
    const Capture capture = parse_story("Synthetic body text.\n\n" + why);
    ASSERT_EQ(capture.issue.stories.size(), 1u);
    const Story& story = capture.issue.stories[0];
    EXPECT_EQ(story.paragraphs, std::vector<std::string>{"Synthetic body text."});
    EXPECT_EQ(story.bullets, (std::vector<std::string>{"Alpha", "Beta"}));
    EXPECT_TRUE(capture.warnings.empty()) << all_warnings(capture.warnings);
  }
}

TEST(ParseMarkdownCapture, ListItemsWrapOntoContinuationLines) {
  const Capture capture = parse_story(
      "Synthetic body.\n\n**Why it matters:**\n- Alpha wraps\n  onto an indented line\n- Beta wraps\nlazily too\n"
      "- Gamma\n\n  continues after a blank line\n\nAfter the list, a paragraph again.\n");
  const Story& story = capture.issue.stories[0];
  EXPECT_EQ(story.bullets, (std::vector<std::string>{"Alpha wraps onto an indented line", "Beta wraps lazily too",
                                                     "Gamma continues after a blank line"}));
  EXPECT_EQ(story.paragraphs, (std::vector<std::string>{"Synthetic body.", "After the list, a paragraph again."}));
}

TEST(ParseMarkdownCapture, WhyItMattersInProseIsNoMarker) {
  const Capture capture = parse_story("Why it matters is a synthetic question.\n");
  EXPECT_EQ(capture.issue.stories[0].paragraphs, std::vector<std::string>{"Why it matters is a synthetic question."});
  EXPECT_TRUE(capture.issue.stories[0].bullets.empty());
}

TEST(ParseMarkdownCapture, StoryHeadingsAnyLevelOneToFourNumberedInSequence) {
  const Capture capture = parse_markdown_capture(kSynthetic,
                                                 "# Synthetic Headline\n\nIntro text, no story's.\n\n"
                                                 "# 1. Level one\nBody one.\n"
                                                 "### 2) Level **three**\nBody two.\n"
                                                 "#### 3. Level four ####\nBody three.\n"
                                                 "##### 4. Level five is text\n"
                                                 "## 5. Out of sequence\nStill story three.\n"
                                                 "## A subheading\nMore of story three.\n"
                                                 "## 4. Back in sequence\n");
  const std::vector<Story>& stories = capture.issue.stories;
  ASSERT_EQ(stories.size(), 4u);
  EXPECT_EQ(capture.issue.headline, "Synthetic Headline");
  EXPECT_EQ(stories[0].title, "Level one");
  EXPECT_EQ(stories[1].title, "Level three");
  EXPECT_EQ(stories[2].title, "Level four");
  EXPECT_EQ(stories[3].title, "Back in sequence");
  EXPECT_EQ(stories[0].paragraphs, std::vector<std::string>{"Body one."});
  EXPECT_EQ(stories[2].paragraphs,
            (std::vector<std::string>{"Body three.", "4. Level five is text", "5. Out of sequence",
                                      "Still story three.", "A subheading", "More of story three."}));
  const std::string warnings = all_warnings(capture.warnings);
  EXPECT_NE(warnings.find("synthetic.md:12: heading numbered 5 where story 4 was expected"), std::string::npos)
      << warnings;
  EXPECT_NE(warnings.find("synthetic.md:16: story 4 has no body text"), std::string::npos) << warnings;
}

TEST(ParseMarkdownCapture, FrontMatterValuesQuotedOrBare) {
  const Capture capture = parse_markdown_capture(kSynthetic,
                                                 "---\n"
                                                 "title: 'Synthetic: a \"quoted\" headline'\n"
                                                 "date: \"March 4, 2001\"\n"
                                                 "issue: \"#12\"\n"
                                                 "newsletter: Synthetic Weekly\n"
                                                 "url: https://example.invalid/12\n"
                                                 "# a YAML comment\n"
                                                 "---\n"
                                                 "# Heading loses to the title\n## 1. Synthetic\nBody.\n");
  EXPECT_EQ(capture.issue.headline, "Synthetic: a \"quoted\" headline");
  ASSERT_TRUE(capture.issue.date.has_value());
  EXPECT_EQ(capture.issue.date->iso(), "2001-03-04");
  EXPECT_EQ(capture.issue.number, 12);
  EXPECT_EQ(capture.issue.newsletter, "Synthetic Weekly");
  EXPECT_TRUE(capture.warnings.empty()) << all_warnings(capture.warnings);
}

TEST(ParseMarkdownCapture, MalformedFrontMatterLinesAreWarnedWithTheirLine) {
  const Capture capture = parse_markdown_capture(kSynthetic,
                                                 "---\n"
                                                 "just words\n"
                                                 "issue: three\n"
                                                 "date: soon\n"
                                                 "colour: blue\n"
                                                 "---\n## 1. Synthetic\nBody.\n");
  ASSERT_EQ(capture.warnings.size(), 4u) << all_warnings(capture.warnings);
  EXPECT_EQ(capture.warnings[0].text(), "synthetic.md:2: front matter line is not 'key: value'");
  EXPECT_EQ(capture.warnings[1].text(), "synthetic.md:3: front matter issue 'three' is not a number >= 1");
  EXPECT_EQ(capture.warnings[2].text(), "synthetic.md:4: front matter date 'soon' is not a date");
  EXPECT_EQ(capture.warnings[3].text(), "synthetic.md:5: front matter key 'colour' is not known; ignored");
  EXPECT_EQ(capture.issue.stories.size(), 1u) << "the stories are still read";
}

TEST(ParseMarkdownCapture, MetadataFallsBackToTheFileName) {
  const Capture capture =
      parse_markdown_capture("2001-06-07-issue-042.md", "---\nnewsletter: Synthetic\n---\n## 1. Synthetic\nBody.\n");
  EXPECT_EQ(capture.issue.number, 42);
  ASSERT_TRUE(capture.issue.date.has_value());
  EXPECT_EQ(capture.issue.date->iso(), "2001-06-07");
  const Capture without_front_matter = parse_markdown_capture("2001-06-07-issue-042.md", "## 1. Synthetic\nBody.\n");
  EXPECT_EQ(without_front_matter.issue.number, 42);
}

TEST(ParseMarkdownCapture, InvalidUtf8IsRepairedWithAWarningAtItsLine) {
  const Capture capture = parse_story("Synthetic \xFF text.\n");
  EXPECT_EQ(capture.issue.stories[0].paragraphs, std::vector<std::string>{"Synthetic \xEF\xBF\xBD text."});
  ASSERT_EQ(capture.warnings.size(), 1u) << all_warnings(capture.warnings);
  EXPECT_EQ(capture.warnings[0].line, 7);
}

TEST(ParseMarkdownCapture, UnreadableFilesThrowParseErrorNamingTheFile) {
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"", "empty file"},
      {"\n  \n", "empty file"},
      {std::string("## 1. x\0\n", 9), "binary"},
      {"---\ntitle: Synthetic\n## 1. Synthetic\nBody.\n", "front matter opened with '---' is never closed"},
      {"# Synthetic headline\n\nText without numbered headings.\n1. A list item is no story\n", "no numbered stories"},
  };
  for (const auto& [raw, expected] : rows) {
    SCOPED_TRACE(expected);
    try {
      parse_markdown_capture(kSynthetic, raw);
      ADD_FAILURE() << "expected ParseError";
    } catch (const ParseError& e) {
      EXPECT_EQ(e.file, kSynthetic);
      EXPECT_TRUE(std::string(e.what()).starts_with("synthetic.md:1: ")) << e.what();
      EXPECT_NE(e.reason.find(expected), std::string::npos) << e.what();
    }
  }
}

std::string times(std::string_view part, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += part;
  return out;
}

// Inline markup a megabyte long, or nested 100,000 deep: each opener once
// scanned the rest of the text for its closer, and each span recursed (100,000
// nested links overflowed the stack).
TEST(ParseMarkdownCapture, InlineMarkupOfAMegabyteParses) {
  constexpr std::size_t kDeep = 100000;
  const std::string big(1 << 20, 'x');
  const struct {
    std::string name, markdown, visible;
  } rows[] = {
      {"unclosed emphasis", times("*a ", 350000), std::string(trim(times("*a ", 350000)))},
      {"unclosed brackets", times("[", 1 << 20) + "x", times("[", 1 << 20) + "x"},
      {"unclosed code", "``" + big, "``" + big},
      {"unclosed tags", times("<a", 500000), times("<a", 500000)},
      {"a long link", "[" + big + "](https://example.invalid)", big},
      {"a long code span", "`" + big + "`", big},
      {"links nested 100,000 deep: 16 levels read, the rest kept as typed",
       times("[", kDeep) + "x" + times("](u)", kDeep), times("[", kDeep - 17) + "x" + times("](u)", kDeep - 17)},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    const Capture capture = parse_story(row.markdown + "\n");
    ASSERT_EQ(capture.issue.stories.size(), 1u);
    ASSERT_EQ(capture.issue.stories[0].paragraphs.size(), 1u);
    const std::string& paragraph = capture.issue.stories[0].paragraphs[0];
    const auto differ = std::mismatch(paragraph.begin(), paragraph.end(), row.visible.begin(), row.visible.end());
    EXPECT_TRUE(paragraph == row.visible) << "sizes " << paragraph.size() << " and " << row.visible.size()
                                          << ", first difference at " << differ.first - paragraph.begin();
  }
}

TEST(ParseMarkdownCapture, SpansNestedPastSixteenLevelsKeepTheirMarkup) {
  const std::vector<std::pair<std::size_t, std::string>> rows = {
      {16, "x"}, {17, "x"}, {18, "[x](u)"}, {20, "[[[x](u)](u)](u)"}};
  for (const auto& [levels, visible] : rows) {
    SCOPED_TRACE(std::to_string(levels) + " levels");
    const Capture capture = parse_story(times("[", levels) + "x" + times("](u)", levels) + "\n");
    ASSERT_EQ(capture.issue.stories.size(), 1u);
    EXPECT_EQ(capture.issue.stories[0].paragraphs, std::vector<std::string>{visible});
  }
}

}  // namespace
}  // namespace scatter
