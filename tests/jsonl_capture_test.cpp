// common/archive/jsonl_capture.h: JSON Lines, one story per line, grouped into
// one Capture per issue; bad lines are named and skipped, the rest read.
#include "archive/jsonl_capture.h"

#include "issue3_expected.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace scatter {
namespace {

namespace issue3 = test::issue3;
using test::all_warnings;
using test::data_dir;
using test::read_file;
using test::source_dir;

const std::filesystem::path kSynthetic = "synthetic.jsonl";

// A line of a synthetic story; `extra` goes inside the object, after the title.
std::string story_line(const std::string& extra) {
  return R"({"title": "Synthetic story", "date": "2001-01-01", "paragraphs": ["Placeholder text."])" +
         (extra.empty() ? "" : ", " + extra) + "}\n";
}

TEST(ParseJsonlCaptures, Issue3FixtureEqualsTheSourceText) {
  const auto fixture = source_dir() / "tests" / "fixtures" / "issue-003.jsonl";
  const std::vector<Capture> captures = parse_jsonl_captures(fixture, read_file(fixture));
  ASSERT_EQ(captures.size(), 1u) << "all five lines are issue 3";
  const Issue& issue = captures[0].issue;
  const auto source = data_dir() / "issues" / std::string(issue3::kSourceFile);
  const Issue expected = parse_text_capture(source, read_file(source)).issue;
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
  EXPECT_EQ(issue.sources, std::vector<std::filesystem::path>{fixture});
  ASSERT_EQ(captures[0].warnings.size(), 1u) << all_warnings(captures[0].warnings);
  EXPECT_NE(captures[0].warnings[0].message.find("'captured_from'"), std::string::npos)
      << "the fixture's one unknown field is named: " << captures[0].warnings[0].text();
}

// Each kind of bad line: {line, expected text in the warning}. Every bad line
// sits between good ones, which must still be read.
struct BadLine {
  std::string json;
  std::string expected;  // in the warning text, after "synthetic.jsonl:<line>: "
};

TEST(ParseJsonlCaptures, EachBadLineIsNamedAndSkippedWhileTheRestIsRead) {
  const std::vector<BadLine> rows = {
      {"this is not json\n", "not a JSON object"},
      {"[1, 2, 3]\n", "not a JSON object but array"},
      {R"({"date": "2001-01-01", "paragraphs": ["x"]})" "\n", "missing required field 'title'"},
      {R"({"title": "Synthetic", "paragraphs": ["x"]})" "\n", "missing required field 'date'"},
      {R"({"title": "Synthetic", "date": "2001-01-01"})" "\n", "'paragraphs' or 'body'"},
      {R"({"title": 7, "date": "2001-01-01", "body": "x"})" "\n", "field 'title' must be a string, got number"},
      {R"({"title": "Synthetic", "date": "someday", "body": "x"})" "\n", "field 'date': 'someday' is not a date"},
      {R"({"title": "Synthetic", "date": "2001-02-30", "body": "x"})" "\n", "field 'date'"},
      {R"({"title": "Synthetic", "date": "2001-01-01", "paragraphs": "x"})" "\n", "field 'paragraphs' must be an array"},
      {R"({"title": "Synthetic", "date": "2001-01-01", "paragraphs": ["x", 2]})" "\n", "field 'paragraphs[1]'"},
      {R"({"title": "Synthetic", "date": "2001-01-01", "body": ["x"]})" "\n", "field 'body' must be a string"},
      {story_line(R"("issue": "3")"), "field 'issue' must be an integer >= 1, got string"},
      {story_line(R"("issue": 0)"), "field 'issue' must be an integer >= 1, got 0"},
      {story_line(R"("issue": 2.5)"), "field 'issue'"},
      {story_line(R"("story": -1)"), "field 'story' must be an integer >= 1"},
      {story_line(R"("bullets": "one")"), "field 'bullets' must be an array of strings"},
      {story_line(R"("newsletter": 1)"), "field 'newsletter' must be a string"},
      {story_line(R"("url": false)"), "field 'url' must be a string"},
      // A number no double holds: the JSON parser's out_of_range once escaped
      // the reader and stopped the whole indexer run (found by the fuzzers).
      {story_line(R"("issue": 1e400)"), "number overflow parsing '1e400'"},
  };
  for (const BadLine& row : rows) {
    SCOPED_TRACE(row.json);
    const std::string raw = story_line(R"("story": 1)") + row.json + story_line(R"("story": 2)");
    const std::vector<Capture> captures = parse_jsonl_captures(kSynthetic, raw);
    ASSERT_EQ(captures.size(), 1u);
    EXPECT_EQ(captures[0].issue.stories.size(), 2u) << "the good lines around the bad one are read";
    ASSERT_EQ(captures[0].warnings.size(), 1u) << all_warnings(captures[0].warnings);
    const std::string warning = captures[0].warnings[0].text();
    EXPECT_TRUE(warning.starts_with("synthetic.jsonl:2: ")) << warning;
    EXPECT_NE(warning.find(row.expected), std::string::npos) << warning;
    EXPECT_NE(warning.find("line skipped"), std::string::npos) << warning;
  }
}

// A line is held whole while it is read: one over the limit is skipped unread.
TEST(ParseJsonlCaptures, ALineLongerThanTheLimitIsNamedAndSkipped) {
  const auto line_of_size = [](std::size_t size) {
    const std::string head = R"({"title": "Synthetic long", "date": "2001-01-01", "story": 3, "body": ")";
    const std::string tail = "\"}";
    return head + std::string(size - head.size() - tail.size(), 'x') + tail + "\n";
  };
  const std::string around = story_line(R"("story": 1)");
  for (const std::size_t size : {kMaxJsonlLineBytes, kMaxJsonlLineBytes + 1}) {
    SCOPED_TRACE(size);
    const std::vector<Capture> captures = parse_jsonl_captures(kSynthetic, around + line_of_size(size));
    ASSERT_EQ(captures.size(), 1u);
    const bool fits = size <= kMaxJsonlLineBytes;
    EXPECT_EQ(captures[0].issue.stories.size(), fits ? 2u : 1u);
    ASSERT_EQ(captures[0].warnings.size(), fits ? 0u : 1u) << all_warnings(captures[0].warnings);
    if (!fits) {
      EXPECT_EQ(captures[0].warnings[0].text(),
                "synthetic.jsonl:2: longer than 8 MiB, the most one story may hold; line skipped");
    }
  }
}

TEST(ParseJsonlCaptures, BlankLinesAreSkippedSilentlyAndLineNumbersStayTrue) {
  const std::string raw = "\n" + story_line("") + "   \n\n" + "{broken\n" + story_line("");
  const std::vector<Capture> captures = parse_jsonl_captures(kSynthetic, raw);
  ASSERT_EQ(captures.size(), 1u);
  EXPECT_EQ(captures[0].issue.stories.size(), 2u);
  ASSERT_EQ(captures[0].warnings.size(), 1u) << all_warnings(captures[0].warnings);
  EXPECT_EQ(captures[0].warnings[0].line, 5);
}

TEST(ParseJsonlCaptures, UnknownFieldsGiveOneWarningPerFileNamingThem) {
  const std::string raw = story_line(R"("zeta": 1, "alpha": true)") + story_line(R"("alpha": 2)") +
                          story_line(R"("mu": null)");
  const std::vector<Capture> captures = parse_jsonl_captures(kSynthetic, raw);
  ASSERT_EQ(captures.size(), 1u);
  EXPECT_EQ(captures[0].issue.stories.size(), 3u) << "unknown fields do not cost the story";
  ASSERT_EQ(captures[0].warnings.size(), 1u) << all_warnings(captures[0].warnings);
  const Warning& w = captures[0].warnings[0];
  EXPECT_EQ(w.line, 0) << "a whole-file warning";
  EXPECT_NE(w.message.find("'alpha', 'mu', 'zeta'"), std::string::npos) << w.text();
  EXPECT_NE(w.message.find("first on line 1"), std::string::npos) << w.text();
}

TEST(ParseJsonlCaptures, GroupsStoriesIntoOneCapturePerIssue) {
  const std::string raw = R"({"issue": 8, "date": "2001-03-01", "title": "Synthetic eight one", "body": "x"})" "\n"
                          R"({"issue": 7, "date": "2001-02-01", "title": "Synthetic seven one", "body": "x"})" "\n"
                          R"({"issue": 8, "date": "2001-03-01", "title": "Synthetic eight two", "body": "x"})" "\n"
                          R"({"date": "2001-04-01", "title": "Synthetic dated one", "body": "x"})" "\n"
                          R"({"date": "April 1, 2001", "title": "Synthetic dated two", "body": "x"})" "\n";
  const std::vector<Capture> captures = parse_jsonl_captures(kSynthetic, raw);
  ASSERT_EQ(captures.size(), 3u) << "issues 8 and 7, then the stories dated 2001-04-01";
  EXPECT_EQ(captures[0].issue.number, 8);
  EXPECT_EQ(captures[1].issue.number, 7);
  EXPECT_FALSE(captures[2].issue.number.has_value()) << "no line gave a number";
  ASSERT_TRUE(captures[2].issue.date.has_value());
  EXPECT_EQ(captures[2].issue.date->iso(), "2001-04-01") << "dates match whatever form they are written in";
  const std::vector<std::size_t> sizes = {2, 1, 2};
  for (std::size_t i = 0; i < captures.size(); ++i) {
    SCOPED_TRACE("capture " + std::to_string(i));
    EXPECT_EQ(captures[i].issue.stories.size(), sizes[i]);
    EXPECT_EQ(captures[i].issue.sources, std::vector<std::filesystem::path>{kSynthetic});
    EXPECT_TRUE(captures[i].warnings.empty()) << all_warnings(captures[i].warnings);
    for (std::size_t s = 0; s < captures[i].issue.stories.size(); ++s) {
      EXPECT_EQ(captures[i].issue.stories[s].number, static_cast<int>(s) + 1) << "numbered in order of appearance";
    }
  }
  EXPECT_EQ(captures[0].issue.stories[1].title, "Synthetic eight two");
}

TEST(ParseJsonlCaptures, ExplicitStoryNumbersSortAndDuplicatesAreSkipped) {
  const std::string raw = story_line(R"("issue": 4, "story": 2)") + story_line(R"("issue": 4, "story": 1)") +
                          story_line(R"("issue": 4, "story": 2)");
  const std::vector<Capture> captures = parse_jsonl_captures(kSynthetic, raw);
  ASSERT_EQ(captures.size(), 1u);
  ASSERT_EQ(captures[0].issue.stories.size(), 2u);
  EXPECT_EQ(captures[0].issue.stories[0].number, 1);
  EXPECT_EQ(captures[0].issue.stories[1].number, 2);
  ASSERT_EQ(captures[0].warnings.size(), 1u) << all_warnings(captures[0].warnings);
  const std::string warning = captures[0].warnings[0].text();
  EXPECT_TRUE(warning.starts_with("synthetic.jsonl:3: field 'story': story 2 already appears")) << warning;
}

TEST(ParseJsonlCaptures, ConflictingDateForAnIssueIsWarnedAndTheFirstKept) {
  const std::string raw = R"({"issue": 5, "date": "2001-05-01", "title": "Synthetic a", "body": "x"})" "\n"
                          R"({"issue": 5, "date": "2001-05-02", "title": "Synthetic b", "body": "x"})" "\n";
  const std::vector<Capture> captures = parse_jsonl_captures(kSynthetic, raw);
  ASSERT_EQ(captures.size(), 1u);
  EXPECT_EQ(captures[0].issue.stories.size(), 2u);
  EXPECT_EQ(captures[0].issue.date->iso(), "2001-05-01");
  ASSERT_EQ(captures[0].warnings.size(), 1u) << all_warnings(captures[0].warnings);
  EXPECT_TRUE(captures[0].warnings[0].text().starts_with("synthetic.jsonl:2: field 'date'"));
}

TEST(ParseJsonlCaptures, BodyIsSplitOnBlankLinesAndParagraphsAreTakenAsGiven) {
  const std::string raw =
      R"({"title": "Synthetic body", "date": "2001-01-01", "body": "First para\nwraps here.\n\n  \nSecond para.\r\n\r\nThird."})" "\n"
      R"({"title": "  Synthetic list  ", "date": "2001-01-01", "paragraphs": ["  One. ", "", "Two."], "bullets": ["b1", " b2 "]})" "\n";
  const std::vector<Capture> captures = parse_jsonl_captures(kSynthetic, raw);
  ASSERT_EQ(captures.size(), 1u);
  const std::vector<Story>& stories = captures[0].issue.stories;
  ASSERT_EQ(stories.size(), 2u);
  EXPECT_EQ(stories[0].paragraphs, (std::vector<std::string>{"First para wraps here.", "Second para.", "Third."}));
  EXPECT_EQ(stories[1].title, "Synthetic list");
  EXPECT_EQ(stories[1].paragraphs, (std::vector<std::string>{"One.", "Two."}));
  EXPECT_EQ(stories[1].bullets, (std::vector<std::string>{"b1", "b2"}));
}

TEST(ParseJsonlCaptures, OptionalFieldsAreKept) {
  const std::string raw = story_line(R"("newsletter": "Synthetic Weekly", "url": "https://example.invalid/1", "bullets": null)");
  const std::vector<Capture> captures = parse_jsonl_captures(kSynthetic, raw);
  ASSERT_EQ(captures.size(), 1u);
  EXPECT_EQ(captures[0].issue.newsletter, "Synthetic Weekly");
  EXPECT_EQ(captures[0].issue.stories[0].url, "https://example.invalid/1") << "kept until assign_ids_and_urls()";
  EXPECT_TRUE(captures[0].issue.stories[0].bullets.empty()) << "null is an absent optional field";
}

TEST(ParseJsonlCaptures, InvalidUtf8IsRepairedWithAWarningAtItsLine) {
  const std::string raw = story_line("") + R"({"title": "Synthetic )" "\xFF" R"( title", "date": "2001-01-01", "body": "x"})" "\n";
  const std::vector<Capture> captures = parse_jsonl_captures(kSynthetic, raw);
  ASSERT_EQ(captures.size(), 1u);
  ASSERT_EQ(captures[0].issue.stories.size(), 2u) << "the line is repaired, not skipped";
  EXPECT_EQ(captures[0].issue.stories[1].title, "Synthetic \xEF\xBF\xBD title");
  ASSERT_EQ(captures[0].warnings.size(), 1u) << all_warnings(captures[0].warnings);
  EXPECT_TRUE(captures[0].warnings[0].text().starts_with("synthetic.jsonl:2: 1 bytes of invalid UTF-8"));
}

TEST(ParseJsonlCaptures, EmptyBinaryOrStorylessFilesThrowParseErrorNamingTheFile) {
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"", "empty file"},
      {" \n\n  \n", "empty file"},
      {std::string("{\"title\": \"x\0\"}\n", 16), "binary"},
      {"not json\n[1]\n", "no line yields a story"},
  };
  for (const auto& [raw, expected] : rows) {
    SCOPED_TRACE(expected);
    try {
      parse_jsonl_captures(kSynthetic, raw);
      ADD_FAILURE() << "expected ParseError";
    } catch (const ParseError& e) {
      EXPECT_EQ(e.file, kSynthetic);
      EXPECT_EQ(e.line, 1);
      EXPECT_TRUE(std::string(e.what()).starts_with("synthetic.jsonl:1: ")) << e.what();
      EXPECT_NE(e.reason.find(expected), std::string::npos) << e.what();
    }
  }
}

// Declared fields (fields.json): each value checked against its type, a bad
// one named at its line and not kept; declared names are not "unknown".
TEST(ParseJsonlCaptures, DeclaredFieldsAreKeptByTypeAndBadValuesNamed) {
  const UserFields fields = UserFields::from_json(
      R"({"fields": [{"name": "author", "type": "keyword"}, {"name": "words", "type": "number"},
                     {"name": "published", "type": "date"}, {"name": "summary", "type": "text"}]})",
      "fields.json");
  const std::string raw =
      story_line(R"("author": " Ada Lovelace ", "words": 1200, "published": "March 1901", "summary": "An orrery.")") +
      story_line(R"("author": ["a", "b"], "words": "many", "published": "someday", "summary": null)") +
      story_line(R"("author": 7, "mood": "calm")") + story_line(R"("author": ")" + std::string(201, 'x') + "\"");
  const std::vector<Capture> captures = parse_jsonl_captures(kSynthetic, raw, fields);
  ASSERT_EQ(captures.size(), 1u);
  const std::vector<Story>& stories = captures[0].issue.stories;
  ASSERT_EQ(stories.size(), 4u) << "a bad value does not cost the story";
  EXPECT_EQ(stories[0].fields, (std::map<std::string, std::string>{
                                   {"author", "Ada Lovelace"}, {"words", "1200"}, {"published", "1901-03"},
                                   {"summary", "An orrery."}}));
  EXPECT_TRUE(stories[1].fields.empty());
  EXPECT_EQ(stories[2].fields, (std::map<std::string, std::string>{{"author", "7"}}));
  EXPECT_TRUE(stories[3].fields.empty());
  const std::string warnings = all_warnings(captures[0].warnings);
  for (const std::string_view expected :
       {"synthetic.jsonl:2: field 'author' must be a string, got array; not kept",
        "synthetic.jsonl:2: field 'words' must be a number, got string; not kept",
        "synthetic.jsonl:2: field 'published' must be a date (YYYY, YYYY-MM or YYYY-MM-DD), got \"someday\"; not kept",
        "synthetic.jsonl:4: field 'author' is longer than 200 bytes", "unknown fields ignored: 'mood' (first on line 3)"}) {
    EXPECT_NE(warnings.find(expected), std::string::npos) << expected << " in\n" << warnings;
  }
}

// A line's own id is kept when safe and new in the file; otherwise the story
// is read all the same, without it.
TEST(ParseJsonlCaptures, OwnIdsAreKeptWhenSafeAndUniqueInTheFile) {
  const std::string raw = story_line(R"("id": "doc-1.a:b_c")") + story_line(R"("id": 42)") +
                          story_line(R"("id": "doc-1.a:b_c")") + story_line(R"("id": "has space")") +
                          story_line(R"("id": ")" + std::string(101, 'x') + "\"") + story_line("");
  const std::vector<Capture> captures = parse_jsonl_captures(kSynthetic, raw);
  ASSERT_EQ(captures.size(), 1u);
  std::vector<std::string> ids;
  for (const Story& story : captures[0].issue.stories) ids.push_back(story.source_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"doc-1.a:b_c", "42", "", "", "", ""}));
  const std::string warnings = all_warnings(captures[0].warnings);
  EXPECT_NE(warnings.find("synthetic.jsonl:3: field 'id': 'doc-1.a:b_c' is already the id of line 1; the story gets a made id"),
            std::string::npos)
      << warnings;
  EXPECT_NE(warnings.find("synthetic.jsonl:4: field 'id': \"has space\" is not 1-100 letters"), std::string::npos) << warnings;
  EXPECT_NE(warnings.find("synthetic.jsonl:5: field 'id'"), std::string::npos) << warnings;
  EXPECT_EQ(warnings.find("unknown fields"), std::string::npos) << "id is a known field";
}

}  // namespace
}  // namespace scatter
