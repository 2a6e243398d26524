// common/text/utf8.h: what every parser and the highlighter rely on.
#include "text/uri.h"
#include "text/utf8.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace scatter {
namespace {

constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD

std::string repeat(std::string_view piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

struct CleanRow {
  std::string name;
  std::string raw;
  std::string text;  // expected clean text
  std::size_t invalid_bytes;
  int first_invalid_line;
};

TEST(CleanText, RepairsBytesAndLineEndsAsReadersSeeThem) {
  const std::string fffd(kReplacementChar);
  const std::vector<CleanRow> rows = {
      {"plain ASCII is untouched", "Synthetic story one\nBody.\n", "Synthetic story one\nBody.\n", 0, 0},
      {"leading BOM removed", "\xEF\xBB\xBFSynthetic story one", "Synthetic story one", 0, 0},
      {"CRLF becomes LF", "one\r\ntwo\r\n", "one\ntwo\n", 0, 0},
      {"lone CR becomes LF", "one\rtwo\rthree", "one\ntwo\nthree", 0, 0},
      {"blank CRLF lines keep their count", "one\r\n\r\ntwo", "one\n\ntwo", 0, 0},
      {"CR then CRLF is two line ends", "one\r\r\ntwo", "one\n\ntwo", 0, 0},
      {"valid two-, three- and four-byte sequences kept",
       "caf\xC3\xA9 \xE2\x80\x94 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80",
       "caf\xC3\xA9 \xE2\x80\x94 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80", 0, 0},
      {"stray 0xFF on line 2", "ok\nbad \xFF here\n", "ok\nbad " + fffd + " here\n", 1, 2},
      {"Latin-1 e-acute (0xE9) on line 1", "caf\xE9", "caf" + fffd, 1, 1},
      {"line counted after CRLF repair", "one\r\ntwo\r\nthree \xFE", "one\ntwo\nthree " + fffd, 1, 3},
      {"line counted after lone CR repair", "one\rtwo \xFE", "one\ntwo " + fffd, 1, 2},
      {"first of several invalid bytes gives the line", "a\n\xFF\n\xFE\n", "a\n" + fffd + "\n" + fffd + "\n", 2, 2},
      {"overlong two-byte '/' (C0 AF) rejected", "x\xC0\xAFy", "x" + fffd + fffd + "y", 2, 1},
      {"overlong three-byte '/' (E0 80 AF) rejected", "x\xE0\x80\xAFy", "x" + repeat(fffd, 3) + "y", 3, 1},
      {"overlong four-byte (F0 80 80 AF) rejected", "x\xF0\x80\x80\xAFy", "x" + repeat(fffd, 4) + "y", 4, 1},
      {"UTF-16 surrogate U+D800 (ED A0 80) rejected", "x\xED\xA0\x80y", "x" + repeat(fffd, 3) + "y", 3, 1},
      {"code point past U+10FFFF (F4 90 80 80) rejected", "x\xF4\x90\x80\x80y", "x" + repeat(fffd, 4) + "y", 4,
       1},
      {"lone continuation byte rejected", "x\x80y", "x" + fffd + "y", 1, 1},
      {"sequence cut by end of text", "end \xE2\x80", "end " + fffd + fffd, 2, 1},
      {"sequence cut by a newline", "a\xE2\x80\nb", "a" + fffd + fffd + "\nb", 2, 1},
  };
  for (const CleanRow& row : rows) {
    SCOPED_TRACE(row.name);
    const CleanText clean = clean_text(row.raw);
    EXPECT_EQ(clean.text, row.text) << "cleaned text differs";
    EXPECT_EQ(clean.invalid_bytes, row.invalid_bytes) << "count of repaired bytes";
    EXPECT_EQ(clean.first_invalid_line, row.first_invalid_line) << "line of the first repaired byte";
  }
}

TEST(CleanText, OutputNeverHoldsCarriageReturnOrInvalidUtf8) {
  const std::string raw = "\xEF\xBB\xBF" "a\r\nb\rc\xFF\xC0\xAF\xED\xA0\x80\xF5\x80\x80\x80";
  const CleanText once = clean_text(raw);
  EXPECT_EQ(once.text.find('\r'), std::string::npos) << "a CR survived cleaning";
  const CleanText twice = clean_text(once.text);
  EXPECT_EQ(twice.text, once.text) << "cleaning clean text changed it";
  EXPECT_EQ(twice.invalid_bytes, 0u) << "cleaned text still holds invalid UTF-8";
  EXPECT_EQ(twice.first_invalid_line, 0);
}

TEST(LooksBinary, TellsFilesDroppedByMistakeFromText) {
  struct Row {
    std::string name;
    std::string raw;
    bool binary;
  };
  const std::vector<Row> rows = {
      {"one NUL byte", std::string("Synthetic story one\0 more", 25), true},
      {"PNG signature", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16), true},
      {"mostly control bytes", "\x01\x02\x03\x04\x05\x06\x07\x08\x0E\x0F", true},
      {"plain text", "1. Synthetic story one\nA paragraph.\n", false},
      {"UTF-8 text with curly quotes", "Mistral\xE2\x80\x99s \xE2\x80\x9Cmodel\xE2\x80\x9D\n", false},
      {"CRLF text with a tab and a form feed", "one\r\n\ttwo\f\r\n", false},
      {"text with invalid UTF-8 is still text", "caf\xE9 au lait\n", false},
      {"empty input", "", false},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(looks_binary(row.raw), row.binary);
  }
}

TEST(PercentEncode, KeepsTheUnreservedAndEncodesEveryOtherByte) {
  EXPECT_EQ(scatter::percent_encode("Az09-_.~"), "Az09-_.~");
  EXPECT_EQ(scatter::percent_encode("sora video&company=x/y"), "sora%20video%26company%3Dx%2Fy");
  EXPECT_EQ(scatter::percent_encode("caf\xC3\xA9"), "caf%C3%A9");
  EXPECT_EQ(scatter::percent_encode(""), "");
}

TEST(HtmlEscape, EscapesTheFiveCharactersThatMatterInHtml) {
  struct Row {
    std::string input;
    std::vector<std::string> accepted;  // equivalent entity spellings
  };
  const std::vector<Row> rows = {
      {"&", {"&amp;"}},
      {"<", {"&lt;"}},
      {">", {"&gt;"}},
      {"\"", {"&quot;", "&#34;", "&#x22;"}},
      {"'", {"&#39;", "&#x27;", "&apos;"}},
      {"plain words", {"plain words"}},
      {"caf\xC3\xA9 \xE2\x80\x94 ok", {"caf\xC3\xA9 \xE2\x80\x94 ok"}},
      {"", {""}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("input: [" + row.input + "]");
    const std::string escaped = html_escape(row.input);
    EXPECT_NE(std::find(row.accepted.begin(), row.accepted.end(), escaped), row.accepted.end())
        << "got [" << escaped << "]";
  }
}

TEST(HtmlEscape, MarkupInAStoryComesBackInert) {
  const std::string escaped = html_escape("<script>alert(\"x\" & 'y')</script>");
  EXPECT_EQ(escaped.find('<'), std::string::npos) << escaped;
  EXPECT_EQ(escaped.find('>'), std::string::npos) << escaped;
  EXPECT_EQ(escaped.find('"'), std::string::npos) << escaped;
  EXPECT_EQ(escaped.find('\''), std::string::npos) << escaped;
  EXPECT_NE(escaped.find("&lt;script&gt;"), std::string::npos) << escaped;
  EXPECT_NE(escaped.find(" &amp; "), std::string::npos) << escaped;
}

TEST(FoldTypography, TwoTypesettingsOfOneTitleFoldAlike) {
  struct Row {
    std::string name;
    std::string input;
    std::string folded;
  };
  const std::vector<Row> rows = {
      {"left and right single quotes", "\xE2\x80\x98Pixtral\xE2\x80\x99", "'Pixtral'"},
      {"apostrophe in a possessive", "Google\xE2\x80\x99s Gemini", "Google's Gemini"},
      {"left and right double quotes", "\xE2\x80\x9C" "DeepSeek Shock\xE2\x80\x9D", "\"DeepSeek Shock\""},
      {"en dash", "2025\xE2\x80\x93" "2026", "2025-2026"},
      {"em dash", "Title \xE2\x80\x94 ScatterAI", "Title - ScatterAI"},
      {"non-breaking space", "Issue\xC2\xA0#3", "Issue #3"},
      {"straight punctuation unchanged", "Google's \"Gemini\" - 1.5", "Google's \"Gemini\" - 1.5"},
      {"other non-ASCII unchanged", "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC", "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(fold_typography(row.input), row.folded);
  }
}

TEST(Trim, RemovesAsciiAndUnicodeSpaceAtBothEnds) {
  struct Row {
    std::string name;
    std::string input;
    std::string trimmed;
  };
  const std::vector<Row> rows = {
      {"spaces", "  Synthetic story one  ", "Synthetic story one"},
      {"tabs and line ends", "\t\r\nSynthetic story one\r\n\t", "Synthetic story one"},
      {"inner space kept", " a  b ", "a  b"},
      {"non-breaking spaces", "\xC2\xA0Synthetic\xC2\xA0", "Synthetic"},
      {"mixed ASCII and non-breaking", " \xC2\xA0 x \xC2\xA0 ", "x"},
      {"em space U+2003", "\xE2\x80\x83Synthetic\xE2\x80\x83", "Synthetic"},
      {"ideographic space U+3000", "\xE3\x80\x80Synthetic\xE3\x80\x80", "Synthetic"},
      {"only white space", " \t\xC2\xA0\n", ""},
      {"empty", "", ""},
      {"non-space non-ASCII at the ends kept", "\xC3\xA9t\xC3\xA9", "\xC3\xA9t\xC3\xA9"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(std::string(trim(row.input)), row.trimmed);
  }
}

TEST(ToLower, FoldsCaseBeyondAscii) {
  struct Row {
    std::string input;
    std::string lower;
  };
  const std::vector<Row> rows = {
      {"Mistral AI", "mistral ai"},
      {"\xC3\x89" "COLE", "\xC3\xA9" "cole"},                                 // ÉCOLE -> école
      {"\xC3\x80\xC3\x89\xC3\x8E\xC3\x95\xC3\x9C", "\xC3\xA0\xC3\xA9\xC3\xAE\xC3\xB5\xC3\xBC"},  // ÀÉÎÕÜ
      {"\xD0\x94\xD0\x95\xD0\x9D\xD0\xAC", "\xD0\xB4\xD0\xB5\xD0\xBD\xD1\x8C"},  // ДЕНЬ -> день
      {"\xCE\x91\xCE\x98\xCE\x97\xCE\x9D\xCE\x91", "\xCE\xB1\xCE\xB8\xCE\xB7\xCE\xBD\xCE\xB1"},  // ΑΘΗΝΑ
      {"already lower 12b", "already lower 12b"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("input: " + row.input);
    EXPECT_EQ(to_lower(row.input), row.lower);
  }
}

}  // namespace
}  // namespace scatter
