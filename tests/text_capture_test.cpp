// common/archive/text_capture.h: one reader for the editor's source text and the
// text capture of the published page.
#include "archive/text_capture.h"

#include "issue3_expected.h"
#include "test_support.h"
#include "text/utf8.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace scatter {
namespace {

namespace issue3 = test::issue3;
using test::all_warnings;
using test::data_dir;
using test::read_file;

std::filesystem::path issue_file(std::string_view name) { return data_dir() / "issues" / std::string(name); }

Capture parse_data_file(std::string_view name) {
  const auto file = issue_file(name);
  return parse_text_capture(file, read_file(file));
}

std::string shown(const std::optional<Date>& date) { return date ? date->iso() : "nullopt"; }
std::string shown(const std::optional<int>& number) { return number ? std::to_string(*number) : "nullopt"; }

// Checks the five stories of issue 3; `with_bullets` for the source text only.
void expect_issue3_stories(const Issue& issue, bool with_bullets) {
  ASSERT_EQ(issue.stories.size(), issue3::kStories.size()) << "issue 3 has five stories";
  for (std::size_t i = 0; i < issue3::kStories.size(); ++i) {
    const auto& expected = issue3::kStories[i];
    const Story& story = issue.stories[i];
    SCOPED_TRACE("story " + std::to_string(i + 1) + " '" + std::string(expected.title) + "'");
    EXPECT_EQ(story.number, static_cast<int>(i) + 1) << "stories numbered 1..5 in order";
    EXPECT_EQ(story.title, expected.title);
    ASSERT_EQ(story.paragraphs.size(), issue3::kParagraphsPerStory) << "paragraph count";
    EXPECT_TRUE(story.paragraphs[0].starts_with(expected.first_paragraph_opening))
        << "first paragraph is: " << story.paragraphs[0];
    if (with_bullets) {
      ASSERT_EQ(story.bullets.size(), issue3::kBulletsPerStory) << "'Why it matters' bullets";
      for (std::size_t b = 0; b < issue3::kBulletsPerStory; ++b) {
        EXPECT_EQ(story.bullets[b], expected.bullets[b]) << "bullet " << b + 1 << " (marker removed, text exact)";
      }
    } else {
      EXPECT_TRUE(story.bullets.empty()) << "the page capture lost its bullet lists; got " << story.bullets.size();
    }
    EXPECT_TRUE(story.companies.empty()) << "companies are the gazetteer's job, not the parser's";
    EXPECT_TRUE(story.id.empty() && story.url.empty()) << "ids and urls are assigned after merging";
  }
}

void expect_no_residue(const Issue& issue) {
  for (const auto& [where, text] : test::text_fields(issue)) {
    EXPECT_EQ(text.find("prerender"), std::string::npos) << where << " holds framework residue: " << text;
    EXPECT_EQ(text.find("export const"), std::string::npos) << where << " holds framework residue: " << text;
  }
}

TEST(ParseTextCapture, SourceTextGivesFiveStoriesWithTheirBullets) {
  const Capture capture = parse_data_file(issue3::kSourceFile);
  expect_issue3_stories(capture.issue, /*with_bullets=*/true);
  EXPECT_EQ(shown(capture.issue.number), "3") << "the file name carries the issue number";
  EXPECT_EQ(shown(capture.issue.date), issue3::kDate) << "the file name carries the date";
  EXPECT_TRUE(capture.issue.newsletter.empty()) << "the source text has no header naming the newsletter";
  ASSERT_EQ(capture.issue.sources.size(), 1u);
  EXPECT_EQ(capture.issue.sources[0], issue_file(issue3::kSourceFile));
  EXPECT_TRUE(capture.warnings.empty()) << "a clean file raised warnings:" << all_warnings(capture.warnings);
  expect_no_residue(capture.issue);
}

TEST(ParseTextCapture, PageCaptureGivesHeaderAndFiveStoriesWithoutBullets) {
  const Capture capture = parse_data_file(issue3::kPageCaptureFile);
  expect_issue3_stories(capture.issue, /*with_bullets=*/false);
  EXPECT_EQ(capture.issue.newsletter, issue3::kNewsletter);
  EXPECT_EQ(shown(capture.issue.number), "3");
  EXPECT_EQ(shown(capture.issue.date), issue3::kDate);
  EXPECT_EQ(capture.issue.headline, issue3::kHeadline);
  ASSERT_EQ(capture.issue.sources.size(), 1u);
  EXPECT_EQ(capture.issue.sources[0], issue_file(issue3::kPageCaptureFile));
  EXPECT_TRUE(capture.warnings.empty()) << "a clean file raised warnings:" << all_warnings(capture.warnings);
  expect_no_residue(capture.issue);
}

TEST(ParseTextCapture, PageHeaderGivesIssueAndDateWithoutHelpFromTheFileName) {
  const std::string raw = read_file(issue_file(issue3::kPageCaptureFile));
  const Capture capture = parse_text_capture("page.txt", raw);
  EXPECT_EQ(shown(capture.issue.number), "3") << "from 'February 9, 2026 · Issue #3'";
  EXPECT_EQ(shown(capture.issue.date), issue3::kDate) << "from 'February 9, 2026 · Issue #3'";
  EXPECT_EQ(capture.issue.newsletter, issue3::kNewsletter);
  EXPECT_EQ(capture.issue.headline, issue3::kHeadline);
}

TEST(ParseTextCapture, SourceTextUnderANeutralNameHasNoIssueOrDate) {
  const std::string raw = read_file(issue_file(issue3::kSourceFile));
  const Capture capture = parse_text_capture("a.txt", raw);
  EXPECT_EQ(shown(capture.issue.number), "nullopt");
  EXPECT_EQ(shown(capture.issue.date), "nullopt");
  expect_issue3_stories(capture.issue, /*with_bullets=*/true);
}

TEST(ParseTextCapture, BothCapturesAgreeOnEveryTitleAndParagraph) {
  const Capture source = parse_data_file(issue3::kSourceFile);
  const Capture page = parse_data_file(issue3::kPageCaptureFile);
  ASSERT_EQ(source.issue.stories.size(), page.issue.stories.size());
  for (std::size_t i = 0; i < source.issue.stories.size(); ++i) {
    SCOPED_TRACE("story " + std::to_string(i + 1));
    EXPECT_EQ(source.issue.stories[i].title, page.issue.stories[i].title);
    EXPECT_EQ(source.issue.stories[i].paragraphs, page.issue.stories[i].paragraphs);
  }
}

std::string with_crlf(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

TEST(ParseTextCapture, BomAndCrlfParseTheSameAsLf) {
  for (const auto name : {issue3::kSourceFile, issue3::kPageCaptureFile}) {
    SCOPED_TRACE(std::string(name));
    const auto file = issue_file(name);
    const std::string lf = read_file(file);
    const Capture plain = parse_text_capture(file, lf);
    const Capture windows = parse_text_capture(file, "\xEF\xBB\xBF" + with_crlf(lf));
    EXPECT_EQ(windows.issue.newsletter, plain.issue.newsletter);
    EXPECT_EQ(windows.issue.headline, plain.issue.headline);
    EXPECT_EQ(shown(windows.issue.number), shown(plain.issue.number));
    EXPECT_EQ(shown(windows.issue.date), shown(plain.issue.date));
    ASSERT_EQ(windows.issue.stories.size(), plain.issue.stories.size());
    for (std::size_t i = 0; i < plain.issue.stories.size(); ++i) {
      SCOPED_TRACE("story " + std::to_string(i + 1));
      const Story& a = windows.issue.stories[i];
      const Story& b = plain.issue.stories[i];
      EXPECT_EQ(a.number, b.number);
      EXPECT_EQ(a.title, b.title) << "a BOM or CR leaked into the title";
      EXPECT_EQ(a.paragraphs, b.paragraphs);
      EXPECT_EQ(a.bullets, b.bullets);
    }
    EXPECT_TRUE(windows.warnings.empty()) << all_warnings(windows.warnings);
  }
}

TEST(ParseTextCapture, FrontMatterSetsIssueAndDate) {
  struct Row {
    std::string name;
    std::filesystem::path file;
    std::string raw;
    std::string number, date;
  };
  const std::string stories = "1. Synthetic story one\nA synthetic paragraph about OpenAI.\n";
  const std::vector<Row> rows = {
      {"front matter alone", "synthetic.txt", "---\nissue: 7\ndate: 2026-03-02\n---\n" + stories, "7", "2026-03-02"},
      {"front matter beats the file name", "2026-02-09-issue-003.txt",
       "---\nissue: 7\ndate: 2026-03-02\n---\n" + stories, "7", "2026-03-02"},
      {"front matter beats the page header", "synthetic.txt",
       "---\nissue: 7\ndate: 2026-03-02\n---\nSynthetic Letter\nFebruary 9, 2026 \xC2\xB7 Issue #3\n\n" + stories, "7",
       "2026-03-02"},
      {"CRLF front matter", "synthetic.txt", with_crlf("---\nissue: 7\ndate: 2026-03-02\n---\n" + stories), "7",
       "2026-03-02"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const Capture capture = parse_text_capture(row.file, row.raw);
    EXPECT_EQ(shown(capture.issue.number), row.number);
    EXPECT_EQ(shown(capture.issue.date), row.date);
    ASSERT_EQ(capture.issue.stories.size(), 1u) << "front matter lines must not become stories";
    EXPECT_EQ(capture.issue.stories[0].title, "Synthetic story one");
    EXPECT_EQ(capture.issue.stories[0].paragraphs,
              std::vector<std::string>{"A synthetic paragraph about OpenAI."});
    for (const Story& story : capture.issue.stories) {
      for (const auto& p : story.paragraphs) EXPECT_EQ(p.find("---"), std::string::npos) << p;
    }
  }
}

TEST(FactsFromFileName, IssueAndDateFromTheNameOnly) {
  struct Row {
    std::filesystem::path file;
    std::string number, date;
  };
  const std::vector<Row> rows = {
      {"2026-02-09-issue-003.txt", "3", "2026-02-09"},
      {"2026-02-09-issue-003.source.txt", "3", "2026-02-09"},
      {"/some/folder/2026-02-09-issue-003.page-capture.txt", "3", "2026-02-09"},
      {"issue_12.txt", "12", "nullopt"},
      {"2026-03-02-notes.txt", "nullopt", "2026-03-02"},
      {"a.txt", "nullopt", "nullopt"},
      {"synthetic-capture.txt", "nullopt", "nullopt"},
      {"tissue-12.txt", "nullopt", "nullopt"},       // "issue" inside a word is not an issue number
      {"2026-02-30-issue-4.txt", "4", "nullopt"},    // no such date
      {"/2026-02-09-issue-003/notes.txt", "nullopt", "nullopt"},  // the file's name, not its folder
      {"ISSUE 12.txt", "12", "nullopt"},
      {"Issue-0000007.txt", "7", "nullopt"},          // leading zeros do not count as digits
      {"issue-1234567-issue-8.txt", "8", "nullopt"},  // seven digits are no issue number: the next one is
      {"reissue-3.txt", "nullopt", "nullopt"},
      {"scan2026-02-09b.txt", "nullopt", "2026-02-09"},
      {"issue-" + std::string(100, '0') + "5.txt", "5", "nullopt"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.file.string());
    const FileNameFacts facts = facts_from_file_name(row.file);
    EXPECT_EQ(shown(facts.issue), row.number);
    EXPECT_EQ(shown(facts.date), row.date);
  }
}

TEST(ParseTextCapture, UnreadableFilesThrowParseErrorNamingTheFile) {
  struct Row {
    std::string name;
    std::filesystem::path file;
    std::string raw;
  };
  const std::vector<Row> rows = {
      {"empty file", "synthetic-empty.txt", ""},
      {"white space only", "synthetic-blank.txt", " \n\t\r\n   \n"},
      {"only a BOM and blank lines", "synthetic-bom.txt", "\xEF\xBB\xBF\n\n"},
      {"binary (PNG bytes with NULs)", "synthetic-image.txt", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0", 18)},
      {"binary (NUL inside text)", "synthetic-nul.txt", std::string("1. Synthetic story one\n\0\0\0\0", 27)},
      {"text with no numbered stories", "synthetic-prose.txt",
       "Synthetic Letter\nJust a paragraph of synthetic prose.\nWhy it matters:\n- nothing\n"},
      {"unclosed front matter", "synthetic-front.txt", "---\nissue: 7\ndate: 2026-03-02\n1. Synthetic story one\nBody.\n"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    try {
      const Capture capture = parse_text_capture(row.file, row.raw);
      ADD_FAILURE() << "parsed without error into " << capture.issue.stories.size() << " stories";
    } catch (const ParseError& e) {
      EXPECT_NE(std::string(e.what()).find(row.file.string()), std::string::npos)
          << "the error does not name the file: " << e.what();
      EXPECT_EQ(e.file, row.file);
      EXPECT_FALSE(e.reason.empty()) << "the error does not say what is wrong";
    }
  }
}

TEST(ParseTextCapture, InvalidUtf8IsRepairedAndWarnedAboutWithFileAndLine) {
  const std::filesystem::path file = "synthetic-latin1.txt";
  // Line 4 holds a Latin-1 byte (0xE9); CRLF before it must not shift the count.
  const std::string raw = "1. Synthetic story one\r\nA synthetic paragraph.\r\n\r\nA caf\xE9 paragraph.\r\n";
  const Capture capture = parse_text_capture(file, raw);
  ASSERT_EQ(capture.issue.stories.size(), 1u);
  const Story& story = capture.issue.stories[0];
  ASSERT_EQ(story.paragraphs.size(), 2u);
  EXPECT_EQ(story.paragraphs[1], "A caf\xEF\xBF\xBD paragraph.") << "the bad byte becomes U+FFFD";
  EXPECT_EQ(clean_text(story.paragraphs[1]).invalid_bytes, 0u) << "invalid UTF-8 reached the story";

  ASSERT_EQ(capture.warnings.size(), 1u) << all_warnings(capture.warnings);
  const Warning& warning = capture.warnings[0];
  EXPECT_EQ(warning.file, file);
  EXPECT_EQ(warning.line, 4) << warning.text();
  EXPECT_NE(warning.text().find("synthetic-latin1.txt:4"), std::string::npos) << warning.text();
}

TEST(ParseTextCapture, WhyItMattersBulletsWithAnyMarker) {
  struct Row {
    std::string name;
    std::string marker;
  };
  const std::vector<Row> rows = {
      {"bullet sign", "\xE2\x80\xA2 "},
      {"asterisk", "* "},
      {"hyphen", "- "},
      {"plus", "+ "},
      {"indented bullet sign", "  \xE2\x80\xA2 "},
      {"no marker (list markup lost, items kept)", ""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name + ": marker [" + row.marker + "]");
    const std::string raw = "1. Synthetic story one\nA synthetic paragraph.\nWhy it matters:\n" + row.marker +
                            "First synthetic bullet\n" + row.marker + "Second synthetic bullet\n\n" +
                            "2. Synthetic story two\nAnother synthetic paragraph.\n";
    const Capture capture = parse_text_capture("synthetic.txt", raw);
    ASSERT_EQ(capture.issue.stories.size(), 2u);
    const Story& first = capture.issue.stories[0];
    EXPECT_EQ(first.paragraphs, std::vector<std::string>{"A synthetic paragraph."})
        << "'Why it matters:' or a bullet became body text";
    EXPECT_EQ(first.bullets, (std::vector<std::string>{"First synthetic bullet", "Second synthetic bullet"}));
    EXPECT_TRUE(capture.issue.stories[1].bullets.empty()) << "bullets ran on into the next story";
    EXPECT_EQ(capture.issue.stories[1].paragraphs, std::vector<std::string>{"Another synthetic paragraph."});
  }
}

TEST(ParseTextCapture, WhyItMattersHeadingForms) {
  struct Row {
    std::string name;
    std::string heading;
  };
  const std::vector<Row> rows = {
      {"plain", "Why it matters:"},
      {"bold markdown", "**Why it matters:**"},
      {"lower case", "why it matters:"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name + ": " + row.heading);
    const std::string raw =
        "1. Synthetic story one\nA synthetic paragraph.\n" + row.heading + "\n- Only synthetic bullet\n";
    const Capture capture = parse_text_capture("synthetic.txt", raw);
    ASSERT_EQ(capture.issue.stories.size(), 1u);
    EXPECT_EQ(capture.issue.stories[0].paragraphs, std::vector<std::string>{"A synthetic paragraph."});
    EXPECT_EQ(capture.issue.stories[0].bullets, std::vector<std::string>{"Only synthetic bullet"});
  }
}

TEST(ParseTextCapture, HeaderLinesInEitherOrder) {
  const struct {
    std::string header;
  } rows[] = {{"March 2, 2026 \xC2\xB7 Issue #4"}, {"Issue 4 \xE2\x80\x94 March 2, 2026"}, {"Issue #4, 2 March 2026"}};
  for (const auto& row : rows) {
    SCOPED_TRACE(row.header);
    const Capture capture = parse_text_capture(
        "synthetic.txt", "Synthetic Newsletter\n" + row.header + "\nSynthetic headline\n\n1. Synthetic story one\nA paragraph.\n");
    EXPECT_EQ(capture.issue.number, 4);
    EXPECT_EQ(capture.issue.date, (Date{2026, 3, 2}));
    EXPECT_EQ(capture.issue.headline, "Synthetic headline");
  }
}

// Every line form read with a line of a megabyte in it: a std::regex recursed
// once per character and overflowed the stack from some 60,000 characters on.
TEST(ParseTextCapture, LinesOfAMegabyteParseInEveryPlace) {
  const std::string big(1 << 20, 'x');
  // Compared whole but not printed: a failure must not show a megabyte.
  const auto only_big = [&](const std::vector<std::string>& texts) { return texts.size() == 1 && texts[0] == big; };
  const std::string story = "1. Synthetic story one\nA synthetic paragraph.\n";
  struct Row {
    std::string name, raw;
    std::function<void(const Capture&)> check;
  };
  const std::vector<Row> rows = {
      {"story title", "1. " + big + "\nA synthetic paragraph.\n",
       [&](const Capture& c) { EXPECT_TRUE(c.issue.stories[0].title == big); }},
      {"paragraph", "1. Synthetic story one\n" + big + "\n",
       [&](const Capture& c) { EXPECT_TRUE(only_big(c.issue.stories[0].paragraphs)); }},
      {"page title", big + " \xE2\x80\x94 Synthetic Letter\n\n" + story,
       [&](const Capture& c) {
         EXPECT_EQ(c.issue.newsletter, "Synthetic Letter");
         EXPECT_TRUE(c.issue.headline == big);
       }},
      {"date and issue", big + " \xC2\xB7 Issue #4\n" + story,
       [&](const Capture& c) {
         EXPECT_EQ(shown(c.issue.number), "4");
         EXPECT_EQ(shown(c.issue.date), "nullopt");
       }},
      {"issue and date", "Issue #4 \xC2\xB7 " + big + "\n" + story,
       [&](const Capture& c) { EXPECT_EQ(shown(c.issue.number), "nullopt") << "what follows is no date"; }},
      {"why it matters", story + "Why it matters: " + big + "\n",
       [&](const Capture& c) { EXPECT_TRUE(only_big(c.issue.stories[0].bullets)); }},
      {"bullet", story + "Why it matters:\n- " + big + "\n",
       [&](const Capture& c) { EXPECT_TRUE(only_big(c.issue.stories[0].bullets)); }},
      {"leaked statement", "export const data = " + big + "; Synthetic headline\n" + story,
       [&](const Capture& c) { EXPECT_EQ(c.issue.headline, "Synthetic headline"); }},
      {"leaked script", "<script>" + big + "</script> Synthetic headline\n" + story,
       [&](const Capture& c) { EXPECT_EQ(c.issue.headline, "Synthetic headline"); }},
      {"front matter", "---\ntitle: " + big + "\nissue: #" + std::string(1 << 20, '7') + "\n---\n" + story,
       [&](const Capture& c) {
         EXPECT_TRUE(c.issue.headline == big);
         ASSERT_EQ(c.warnings.size(), 1u) << all_warnings(c.warnings);
         EXPECT_EQ(c.warnings[0].line, 3) << "a million digits are no issue number";
       }},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const Capture capture = parse_text_capture("synthetic.txt", row.raw);
    ASSERT_EQ(capture.issue.stories.size(), 1u);
    row.check(capture);
  }
}

// The forms each hand-written matcher reads, as the patterns before them did.
TEST(ParseTextCapture, HeaderAndStoryLineForms) {
  const struct {
    std::string header, newsletter, headline, number, date;
  } rows[] = {
      {"Synthetic Headline | Synthetic Letter", "Synthetic Letter", "Synthetic Headline", "nullopt", "nullopt"},
      {"Synthetic \xE2\x80\x94 Headline \xE2\x80\x93 The Synthetic Letter", "The Synthetic Letter",
       "Synthetic \xE2\x80\x94 Headline", "nullopt", "nullopt"},
      // Four words after the separator are a headline, not a newsletter's name.
      {"Synthetic Headline | Four Words Of Title", "", "Synthetic Headline | Four Words Of Title", "nullopt",
       "nullopt"},
      {"Issue No. 4 \xE2\x80\x94 March 2, 2026", "", "", "4", "2026-03-02"},
      {"March 2, 2026 | ISSUE 0004", "", "", "4", "2026-03-02"},
      {"Mon, 02 Mar 2026 10:00:00 +0000", "", "", "nullopt", "2026-03-02"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.header);
    const Capture capture =
        parse_text_capture("synthetic.txt", row.header + "\n\n1) Synthetic story one\nA paragraph.\n");
    ASSERT_EQ(capture.issue.stories.size(), 1u) << "'1)' opens a story too";
    EXPECT_EQ(capture.issue.newsletter, row.newsletter);
    EXPECT_EQ(capture.issue.headline, row.headline);
    EXPECT_EQ(shown(capture.issue.number), row.number);
    EXPECT_EQ(shown(capture.issue.date), row.date);
  }
  // Four digits are no story number ("2026. A year in review"), nor is "3.5 billion".
  const Capture capture = parse_text_capture(
      "synthetic.txt",
      "1. Synthetic story one\n2026. A synthetic year\n3.5 synthetic billion\n2.\tSynthetic two\nBody.\n");
  ASSERT_EQ(capture.issue.stories.size(), 2u);
  EXPECT_EQ(capture.issue.stories[0].paragraphs,
            (std::vector<std::string>{"2026. A synthetic year", "3.5 synthetic billion"}));
  EXPECT_EQ(capture.issue.stories[1].title, "Synthetic two");
}

}  // namespace
}  // namespace scatter
