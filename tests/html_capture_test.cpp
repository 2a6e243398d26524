// common/archive/html_capture.h: the reader for the site's prerendered pages.
// The fixture tests/fixtures/2026-02-09-issue-003.html is issue 3 rendered from
// data/issues/ by scripts/render-html-fixture.py; the small pages below are
// synthetic, one behaviour each.
#include "archive/html_capture.h"

#include "archive/text_capture.h"
#include "issue3_expected.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace scatter {
namespace {

namespace issue3 = test::issue3;
using test::all_warnings;
using test::text_fields;
using test::data_dir;
using test::read_file;
using test::source_dir;

const std::filesystem::path kFixture = "tests/fixtures/2026-02-09-issue-003.html";

Capture parse_fixture() {
  const auto file = source_dir() / kFixture;
  return parse_html_capture(file, read_file(file));
}

std::string times(std::string_view part, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += part;
  return out;
}

// A synthetic page: `body` inside a minimal document.
Capture parse_page(const std::string& body, const std::filesystem::path& file = "synthetic-page.html") {
  return parse_html_capture(file, "<!doctype html><html><head><title>Synthetic</title></head><body>" + body +
                                      "</body></html>");
}

TEST(ParseHtmlCapture, FixtureGivesTheStoriesOfTheSourceText) {
  const Capture html = parse_fixture();
  const auto source_file = data_dir() / "issues" / std::string(issue3::kSourceFile);
  const Capture text = parse_text_capture(source_file, read_file(source_file));
  EXPECT_TRUE(html.warnings.empty()) << all_warnings(html.warnings);

  ASSERT_EQ(html.issue.stories.size(), issue3::kStories.size()) << "issue 3 has five stories";
  ASSERT_EQ(text.issue.stories.size(), issue3::kStories.size());
  for (std::size_t i = 0; i < issue3::kStories.size(); ++i) {
    const Story& got = html.issue.stories[i];
    const Story& want = text.issue.stories[i];
    SCOPED_TRACE("story " + std::to_string(i + 1) + " '" + std::string(issue3::kStories[i].title) + "'");
    EXPECT_EQ(got.number, static_cast<int>(i) + 1);
    EXPECT_EQ(got.title, issue3::kStories[i].title);
    EXPECT_EQ(got.title, want.title);
    EXPECT_EQ(got.paragraphs.size(), issue3::kParagraphsPerStory);
    EXPECT_EQ(got.paragraphs, want.paragraphs);
    ASSERT_EQ(got.bullets.size(), issue3::kBulletsPerStory);
    EXPECT_EQ(got.bullets, want.bullets);
    for (std::size_t b = 0; b < issue3::kBulletsPerStory; ++b) EXPECT_EQ(got.bullets[b], issue3::kStories[i].bullets[b]);
    EXPECT_TRUE(got.companies.empty() && got.id.empty() && got.url.empty()) << "set later, not by the parser";
  }
}

TEST(ParseHtmlCapture, FixtureGivesTheIssueMetadata) {
  const Capture capture = parse_fixture();
  ASSERT_TRUE(capture.issue.number.has_value());
  EXPECT_EQ(*capture.issue.number, issue3::kNumber) << "from 'February 9, 2026 · Issue #3', not the nav's Issue #2";
  ASSERT_TRUE(capture.issue.date.has_value());
  EXPECT_EQ(capture.issue.date->iso(), issue3::kDate);
  EXPECT_EQ(capture.issue.newsletter, issue3::kNewsletter);
  EXPECT_EQ(capture.issue.headline, issue3::kHeadline) << "from <h1>, &#39; decoded";
  ASSERT_EQ(capture.issue.sources.size(), 1u);
  EXPECT_EQ(capture.issue.sources[0].filename(), kFixture.filename());
}

TEST(ParseHtmlCapture, FixtureChromeAndCodeStayOutOfStories) {
  const std::string page = read_file(source_dir() / kFixture);
  const Capture capture = parse_fixture();
  // Each needle is on the page, outside the article; none may reach the issue.
  for (const std::string needle : {"prerender", "export const", "__sveltekit", "font-size", "All issues",
                                    "About the newsletter", "Subscribe by email", "Previous:", "Unsubscribe",
                                    "Terms", "Enable JavaScript", "Rendered from"}) {
    ASSERT_NE(page.find(needle), std::string::npos) << "the fixture should hold '" << needle << "'";
    for (const auto& [where, text] : text_fields(capture.issue)) {
      EXPECT_EQ(text.find(needle), std::string::npos) << where << " holds '" << needle << "': " << text;
    }
  }
}

TEST(ParseHtmlCapture, FixtureEntitiesAreDecoded) {
  const std::string page = read_file(source_dir() / kFixture);
  for (const std::string entity : {"&rsquo;", "&ldquo;", "&#39;", "&middot;"}) {
    ASSERT_NE(page.find(entity), std::string::npos) << "the fixture should spell " << entity;
  }
  const Capture capture = parse_fixture();
  for (const auto& [where, text] : text_fields(capture.issue)) {
    EXPECT_EQ(text.find('&'), std::string::npos) << where << " holds an undecoded entity: " << text;
    EXPECT_EQ(text.find('<'), std::string::npos) << where << " holds markup: " << text;
  }
  const std::vector<Story>& stories = capture.issue.stories;
  ASSERT_EQ(stories.size(), issue3::kStories.size());
  EXPECT_NE(stories[3].title.find("Google\u2019s"), std::string::npos) << "&rsquo; -> U+2019";
  EXPECT_NE(stories[0].paragraphs[0].find("\u201cDeepSeek Shock\u201d"), std::string::npos) << "&ldquo; -> U+201C";
}

// The fixture must be what the script renders from data/ today.
TEST(ParseHtmlCapture, FixtureIsReproducibleFromData) {
  const std::filesystem::path python = "/usr/bin/python3";
  if (!std::filesystem::exists(python)) GTEST_SKIP() << "no " << python;
  const test::TempDir dir;
  const auto rendered = dir / "issue-3.html";
  const auto result =
      test::run_program(python.string(), {(source_dir() / "scripts/render-html-fixture.py").string(), rendered.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(read_file(rendered), read_file(source_dir() / kFixture))
      << "re-run scripts/render-html-fixture.py and review the diff";
}

TEST(ParseHtmlCapture, UnnumberedHeadingsInsideStorySections) {
  const Capture capture = parse_page(
      "<main><h1>Synthetic headline</h1>"
      "<section id=\"story-1\"><header><h2>Synthetic first title</h2></header><p>Synthetic body one.</p></section>"
      "<section id=\"story-2\"><h3>Synthetic second title</h3><p>Synthetic body two.</p>"
      "<h4>Synthetic subheading</h4><p>Synthetic body two, continued.</p></section>"
      "<p>Synthetic text after the last section.</p></main>");
  ASSERT_EQ(capture.issue.stories.size(), 2u) << all_warnings(capture.warnings);
  EXPECT_EQ(capture.issue.stories[0].number, 1);
  EXPECT_EQ(capture.issue.stories[0].title, "Synthetic first title") << "a <header> inside a section is content";
  EXPECT_EQ(capture.issue.stories[1].number, 2);
  EXPECT_EQ(capture.issue.stories[1].title, "Synthetic second title");
  EXPECT_EQ(capture.issue.stories[1].paragraphs,
            (std::vector<std::string>{"Synthetic body two.", "Synthetic body two, continued."}))
      << "the story ends with its section";
  EXPECT_EQ(capture.issue.headline, "Synthetic headline");
}

TEST(ParseHtmlCapture, NumberedHeadingsWithoutSectionsEndAtTheNextSameLevelHeading) {
  const Capture capture = parse_page(
      "<h2>1) Synthetic alpha</h2><p>Synthetic alpha body.</p>"
      "<h2>2. Synthetic beta</h2><p>Synthetic beta body.</p>"
      "<h2>Synthetic sponsors</h2><p>Synthetic advertisement.</p>");
  ASSERT_EQ(capture.issue.stories.size(), 2u);
  EXPECT_EQ(capture.issue.stories[0].title, "Synthetic alpha");
  EXPECT_EQ(capture.issue.stories[1].paragraphs, std::vector<std::string>{"Synthetic beta body."});
}

TEST(ParseHtmlCapture, WhyItMattersAsParagraphOrStrongLabel) {
  const Capture capture = parse_page(
      "<h2>1. Synthetic one</h2><p>Synthetic prose.</p><p><strong>Why it matters:</strong></p>"
      "<ol><li>Synthetic point A</li><li>\xE2\x80\xA2 Synthetic point B</li></ol><p>Synthetic closing prose.</p>"
      "<h2>2. Synthetic two</h2><p>Synthetic prose two.</p><div><b>Why it matters</b><ul><li>Synthetic point C</li></ul></div>"
      "<h2>3. Synthetic three</h2><p>Why it matters to nobody is a synthetic sentence.</p><ul><li>Synthetic list</li></ul>");
  ASSERT_EQ(capture.issue.stories.size(), 3u);
  const auto& stories = capture.issue.stories;
  EXPECT_EQ(stories[0].bullets, (std::vector<std::string>{"Synthetic point A", "Synthetic point B"}));
  EXPECT_EQ(stories[0].paragraphs, (std::vector<std::string>{"Synthetic prose.", "Synthetic closing prose."}));
  EXPECT_EQ(stories[1].bullets, std::vector<std::string>{"Synthetic point C"});
  EXPECT_TRUE(stories[2].bullets.empty()) << "no colon: prose, not a label";
  EXPECT_EQ(stories[2].paragraphs.size(), 2u) << "a list outside 'Why it matters' is body text";
}

TEST(ParseHtmlCapture, InlineMarkupKeepsItsTextAndSpacing) {
  const Capture capture = parse_page(
      "<h2>1. Synthetic <em>styled</em> title</h2>\n"
      "<p>Synthetic   <em>emphasised</em> words,\n    a <a href=\"#x\">link with <strong>bold</strong></a>, "
      "and<br>a break; <em>glued</em><strong>together</strong>.</p>"
      "<p>R&amp;D &ldquo;quoted&rdquo; &rsquo;n&#8217; &lt;tag&gt; &#x2014; done</p>");
  ASSERT_EQ(capture.issue.stories.size(), 1u);
  const Story& story = capture.issue.stories[0];
  EXPECT_EQ(story.title, "Synthetic styled title");
  ASSERT_EQ(story.paragraphs.size(), 2u);
  EXPECT_EQ(story.paragraphs[0], "Synthetic emphasised words, a link with bold, and a break; gluedtogether.");
  EXPECT_EQ(story.paragraphs[1], "R&D \u201cquoted\u201d \u2019n\u2019 <tag> \u2014 done");
}

TEST(ParseHtmlCapture, FrameworkResidueInTextIsDropped) {
  const Capture capture = parse_page(
      "<h2>1. Synthetic title</h2><p>export const prerender = true; Synthetic paragraph.</p>"
      "<script>export const prerender = true;</script><style>p { color: red }</style>"
      "<template><p>Synthetic template text.</p></template>");
  ASSERT_EQ(capture.issue.stories.size(), 1u);
  EXPECT_EQ(capture.issue.stories[0].paragraphs, std::vector<std::string>{"Synthetic paragraph."});
}

TEST(ParseHtmlCapture, MetadataFallsBackToTitleAndFileName) {
  const Capture capture = parse_html_capture(
      "2030-01-02-issue-007.html",
      "<html><head><title>Synthetic Headline \xE2\x80\x94 Synthetic Weekly</title></head>"
      "<body><h2>1. Synthetic title</h2><p>Synthetic paragraph.</p></body></html>");
  ASSERT_TRUE(capture.issue.number && capture.issue.date);
  EXPECT_EQ(*capture.issue.number, 7);
  EXPECT_EQ(capture.issue.date->iso(), "2030-01-02");
  EXPECT_EQ(capture.issue.newsletter, "Synthetic Weekly");
  EXPECT_EQ(capture.issue.headline, "Synthetic Headline");
  EXPECT_TRUE(capture.warnings.empty()) << all_warnings(capture.warnings);
}

TEST(ParseHtmlCapture, PageMetadataWinsOverFileNameWithAWarning) {
  const Capture capture = parse_html_capture(
      "2030-01-02-issue-007.html",
      "<html><head><meta name=\"date\" content=\"2030-03-04T08:00:00Z\"></head><body><main>"
      "<p>Issue #8 \xC2\xB7 March 4, 2030</p><h2>1. Synthetic title</h2><p>Synthetic paragraph.</p></main></body></html>");
  ASSERT_TRUE(capture.issue.number && capture.issue.date);
  EXPECT_EQ(*capture.issue.number, 8);
  EXPECT_EQ(capture.issue.date->iso(), "2030-03-04");
  EXPECT_EQ(capture.warnings.size(), 2u) << all_warnings(capture.warnings);
}

TEST(ParseHtmlCapture, StoryWarningsNameTheSourceLine) {
  const Capture capture = parse_page(
      "\n<h2>1. Synthetic title</h2>\n"
      "<h2>3. Synthetic skipped number</h2>\n"
      "<h2>2. Synthetic second</h2>\n<p>Synthetic body.</p>\n");
  ASSERT_EQ(capture.issue.stories.size(), 2u);
  std::vector<std::string> texts;
  for (const Warning& w : capture.warnings) texts.push_back(w.text());
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "synthetic-page.html:2: story 1 has no body text",
                       "synthetic-page.html:3: heading '3. Synthetic skipped number' is out of sequence (expected story "
                       "2); not read as a story"}));
}

TEST(ParseHtmlCapture, InvalidUtf8IsRepairedWithAWarning) {
  const Capture capture = parse_page("<h2>1. Synthetic title</h2>\n<p>Synthetic \xFF byte.</p>");
  ASSERT_EQ(capture.warnings.size(), 1u) << all_warnings(capture.warnings);
  EXPECT_EQ(capture.warnings[0].line, 2);
  EXPECT_NE(capture.warnings[0].message.find("invalid UTF-8"), std::string::npos) << capture.warnings[0].message;
  ASSERT_EQ(capture.issue.stories.size(), 1u);
  EXPECT_EQ(capture.issue.stories[0].paragraphs, std::vector<std::string>{"Synthetic \xEF\xBF\xBD byte."});
}

struct BadPage {
  std::string name;
  std::string bytes;
  std::string reason;
};

TEST(ParseHtmlCapture, UnreadablePagesThrowParseErrorNamingTheFile) {
  const std::vector<BadPage> rows = {
      {"empty", "", "empty file"},
      {"blank", " \n\t\n", "empty file"},
      {"binary", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "binary file, not an HTML page of an issue"},
      {"no stories", "<html><body><nav><h2>1. Synthetic nav heading</h2></nav><h2>Synthetic</h2><p>Synthetic.</p>"
                     "<script>1. Synthetic script</script></body></html>",
       "no numbered story headings found"},
      {"plain text", "1. Synthetic title\nSynthetic paragraph.\n", "no numbered story headings found"},
  };
  for (const BadPage& row : rows) {
    const std::filesystem::path file = "pages/" + row.name + ".html";
    try {
      parse_html_capture(file, row.bytes);
      ADD_FAILURE() << row.name << ": no ParseError";
    } catch (const ParseError& error) {
      EXPECT_EQ(error.file, file) << row.name;
      EXPECT_EQ(error.line, 0) << row.name;
      EXPECT_EQ(error.reason, row.reason) << row.name;
      EXPECT_NE(std::string(error.what()).find(file.string()), std::string::npos) << row.name << ": " << error.what();
    }
  }
}

TEST(ParseHtmlCapture, MarkupNestedTooDeepIsAParseErrorNotACrash) {
  std::string page = "<h2>1. Synthetic title</h2>\n";
  for (int i = 0; i < 1000; ++i) page += "<div>";
  try {
    parse_html_capture("deep.html", page);
    ADD_FAILURE() << "no ParseError";
  } catch (const ParseError& error) {
    EXPECT_EQ(error.line, 2) << error.what();
    EXPECT_NE(error.reason.find("nested deeper than"), std::string::npos) << error.what();
  }
}

// Every text the reader matches, a megabyte long: leaked code before a story's
// text crashed the reader's std::regex (it recursed once per character).
TEST(ParseHtmlCapture, TextsOfAMegabyteParseInEveryPlace) {
  const std::string big(1 << 20, 'x');
  // Compared whole but not printed: a failure must not show a megabyte.
  const auto only_big = [&](const std::vector<std::string>& texts) { return texts.size() == 1 && texts[0] == big; };
  const std::string story = "<h2>1. Synthetic title</h2><p>Synthetic paragraph.</p>";
  struct Row {
    std::string name, body;
    std::function<void(const Capture&)> check;
  };
  const std::vector<Row> rows = {
      {"story title", "<h2>1. " + big + "</h2><p>Synthetic paragraph.</p>",
       [&](const Capture& c) { EXPECT_TRUE(c.issue.stories[0].title == big); }},
      {"paragraph", "<h2>1. Synthetic title</h2><p>" + big + "</p>",
       [&](const Capture& c) { EXPECT_TRUE(only_big(c.issue.stories[0].paragraphs)); }},
      {"leaked statement", "<h2>1. Synthetic title</h2><p>export const data = " + big + "; Synthetic paragraph.</p>",
       [&](const Capture& c) {
         EXPECT_EQ(c.issue.stories[0].paragraphs, std::vector<std::string>{"Synthetic paragraph."});
       }},
      {"leaked statement without its end", "<h2>1. Synthetic title</h2><p>export const data = " + big + "</p>",
       [&](const Capture& c) { EXPECT_EQ(c.issue.stories[0].paragraphs[0].size(), big.size() + 20); }},
      {"date line", "<p>" + big + " \xC2\xB7 Issue #4</p>" + story,
       [&](const Capture& c) { EXPECT_EQ(c.issue.number, std::nullopt) << "a paragraph, not a date line"; }},
      {"headline", "<main><h1>" + big + "</h1>" + story + "</main>",
       [&](const Capture& c) {
         EXPECT_EQ(c.issue.headline, "Synthetic") << "an <h1> of a megabyte is no headline: <title> gives it";
       }},
      {"why it matters", story + "<p><strong>Why it matters:</strong> " + big + "</p>",
       [&](const Capture& c) { EXPECT_TRUE(only_big(c.issue.stories[0].bullets)); }},
      {"bullet", story + "<h3>Why it matters</h3><ul><li>" + big + "</li></ul>",
       [&](const Capture& c) { EXPECT_TRUE(only_big(c.issue.stories[0].bullets)); }},
      {"500 nested elements around it", "<h2>1. Synthetic title</h2><p>" + times("<span><b>", 250) + big + "</p>",
       [&](const Capture& c) { EXPECT_TRUE(only_big(c.issue.stories[0].paragraphs)); }},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const Capture capture = parse_page(row.body);
    ASSERT_EQ(capture.issue.stories.size(), 1u);
    row.check(capture);
  }
}

TEST(ParseHtmlCapture, ScatterBodyLimitsStoriesToTheMarkedElements) {
  const Capture capture = parse_page(
      "<div class='promo'><h2>1. Subscribe today</h2><p>Promotion, not a story.</p></div>"
      "<article data-scatter-body><h2>1. First</h2><p>Body one.</p><h2>2. Second</h2><p>Body two.</p></article>");
  ASSERT_EQ(capture.issue.stories.size(), 2u);
  EXPECT_EQ(capture.issue.stories[0].title, "First");
  EXPECT_EQ(capture.issue.stories[0].paragraphs, std::vector<std::string>{"Body one."});
  EXPECT_EQ(capture.issue.stories[1].title, "Second");
}

TEST(ParseHtmlCapture, ScatterIgnoreLeavesAPartOutWhereverItIs) {
  const Capture capture = parse_page(
      "<main><h2>1. First</h2><p>Kept.</p><p data-scatter-ignore>Share this story.</p>"
      "<p>Also kept<span data-scatter-ignore> (sponsored)</span>.</p>"
      "<div data-scatter-ignore><h2>2. Ad heading</h2><p>Advert.</p></div>"
      "<h2>2. Second</h2><p>Body two.</p></main>");
  ASSERT_EQ(capture.issue.stories.size(), 2u) << all_warnings(capture.warnings);
  EXPECT_EQ(capture.issue.stories[0].paragraphs, (std::vector<std::string>{"Kept.", "Also kept."}));
  EXPECT_EQ(capture.issue.stories[1].title, "Second");
  EXPECT_TRUE(capture.warnings.empty()) << all_warnings(capture.warnings);
}

TEST(ParseHtmlCapture, CanonicalLinkGivesThePageAddress) {
  struct Row {
    std::string href;
    std::string page;  // Issue::page
  };
  const std::vector<Row> rows = {
      {"https://scatter.example/issues/3/", "https://scatter.example/issues/3/"},
      {"/issues/3", "/issues/3"},
      {"issues/3", "/issues/3"},
      {"//scatter.example/issues/3", "https://scatter.example/issues/3"},
      {"javascript:alert(1)", ""},
      {"/issues/3 onclick", ""},
      {"", ""},
  };
  for (const Row& row : rows) {
    const Capture capture = parse_html_capture(
        "page.html", "<html><head><link rel='Canonical' href='" + row.href + "'></head><body><main><h2>1. Title</h2>"
                     "<p>Body.</p></main></body></html>");
    EXPECT_EQ(capture.issue.page, row.page) << "href " << row.href;
  }
  EXPECT_EQ(parse_page("<main><h2>1. Title</h2><p>Body.</p></main>").issue.page, "") << "no canonical link";
}

}  // namespace
}  // namespace scatter
