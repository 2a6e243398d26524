// End to end: the real indexer over the seed archive plus one capture that is
// huge or deep in the way a hostile or broken file is. Each run must finish
// (no crash: std::regex once recursed per character and a 60,000-character line
// killed the indexer), exit 0 or 2, name the file and line of anything it cut
// or skipped, keep the seed's five stories, and stay within a memory bound.
#include "test_support.h"

#include "index/stored_story.h"
#include "schema/schema.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <fstream>

using scatter::test::ProcessResult;
using scatter::test::TempDir;

namespace {

constexpr std::size_t kMiB = 1 << 20;

// The indexer's peak memory on the seed archive is some 30 MiB, and 30 to 80
// MiB with any one capture below beside it. A reader that copied the input per
// line, per level of nesting or into a JSON tree goes far past this bound: the 64 MB
// JSON Lines line took 674 MiB that way. The sanitizer build keeps up to 256 MiB
// of freed memory in quarantine, and its shadow memory on top.
// GCC says ASan is on with __SANITIZE_ADDRESS__, Clang 14 with __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define SCATTER_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SCATTER_UNDER_ASAN 1
#endif
#endif
#if defined(SCATTER_UNDER_ASAN)
constexpr long kMaxRssKiB = 768 * 1024;
#else
constexpr long kMaxRssKiB = 256 * 1024;
#endif

// `pattern` repeated to `bytes` bytes, the last copy cut.
std::string repeated(std::string_view pattern, std::size_t bytes) {
  std::string out;
  out.reserve(bytes);
  while (out.size() + pattern.size() <= bytes) out += pattern;
  out.append(pattern.substr(0, bytes - out.size()));
  return out;
}

// A file of text parts and long runs of a pattern, written a megabyte at a
// time: the test itself must stay small, because the peak memory wait4()
// reports for the indexer starts from the test's own (the spawned child shares
// its parent's memory until it execs).
class BigFile {
 public:
  explicit BigFile(const std::filesystem::path& file) : out_(file, std::ios::binary), file_(file) {}
  ~BigFile() {
    out_.close();
    EXPECT_FALSE(out_.fail()) << "cannot write " << file_;
  }

  BigFile& text(std::string_view bytes) {
    out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return *this;
  }

  BigFile& repeat(std::string_view pattern, std::size_t bytes) {
    const std::string block = repeated(pattern, kMiB - kMiB % pattern.size());
    for (; bytes >= block.size(); bytes -= block.size()) text(block);
    return text(repeated(pattern, bytes));
  }

 private:
  std::ofstream out_;
  std::filesystem::path file_;
};

// The archive of issue #3, copied so that a test may add one capture to it.
class IndexerHugeInput : public ::testing::Test {
 protected:
  std::filesystem::path archive() const { return dir_ / "archive"; }
  std::filesystem::path db() const { return dir_ / "index"; }

  void SetUp() override {
    std::filesystem::copy(scatter::test::data_dir(), archive(), std::filesystem::copy_options::recursive);
  }

  ProcessResult index() const {
    return scatter::test::run_program(SCATTER_INDEXER, {"--archive", archive().string(), "--db", db().string()});
  }

  // What every run must show, whatever the capture: it ended by itself with
  // a status that says "indexed" or "indexed, files skipped", the seed's
  // stories are there, and memory stayed bounded.
  void expect_survived(const ProcessResult& result) const {
    EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 2)
        << "exit status " << result.exit_code << " (139 is a crash)\n" << result.err;
    EXPECT_LT(result.max_rss_kib, kMaxRssKiB) << "peak memory in KiB";
    RecordProperty("max_rss_kib", std::to_string(result.max_rss_kib));
    ASSERT_TRUE(std::filesystem::exists(db())) << result.err;
    const Xapian::Database index(db().string());
    for (const std::string id : {"3-1", "3-2", "3-3", "3-4", "3-5"}) {
      EXPECT_TRUE(has_story(index, id)) << "seed story " << id << " is missing\n" << result.err;
    }
  }

  static bool has_story(const Xapian::Database& index, const std::string& id) {
    const std::string term = scatter::schema::id_term(id);
    return index.postlist_begin(term) != index.postlist_end(term);
  }

  bool indexed(const std::string& id) const { return has_story(Xapian::Database(db().string()), id); }

  // The story as the index stores it; fails the test when it is not there.
  scatter::Story stored(const std::string& id) const {
    const Xapian::Database index(db().string());
    const std::string term = scatter::schema::id_term(id);
    const auto posting = index.postlist_begin(term);
    if (posting == index.postlist_end(term)) {
      ADD_FAILURE() << "story " << id << " is not indexed";
      return {};
    }
    return scatter::decode_stored_story(index.get_document(*posting).get_data()).story;
  }

 private:
  TempDir dir_;
};

TEST_F(IndexerHugeInput, TextCaptureWithATitleLineOfOneMegabyte) {
  // Before: SIGSEGV (exit 139) from 60,000 characters on; no story indexed.
  BigFile(archive() / "2026-03-02-issue-091.synthetic.txt")
      .text("1. ")
      .repeat("SYNTHETIC long title ", kMiB)
      .text("\nA SYNTHETIC paragraph.\n");
  const ProcessResult result = index();
  expect_survived(result);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const scatter::Story story = stored("91-1");
  EXPECT_EQ(story.title.size(), kMiB) << "the title is read whole";
  EXPECT_EQ(story.paragraphs, std::vector<std::string>{"A SYNTHETIC paragraph."});
}

TEST_F(IndexerHugeInput, HtmlPageOfTenMegabytesOnOneLine) {
  // A minified page: no line break, a big inline script, a leaked statement of
  // 1 MB before a story's text (before: SIGSEGV in the regex that strips it),
  // and a paragraph of 1 MB.
  BigFile(archive() / "synthetic-minified.html")
      .text("<!doctype html><html><head><title>SYNTHETIC page \xE2\x80\x94 Synthetic Letter</title><script>")
      .repeat("var synthetic=[1,2,3];", 8 * kMiB)
      .text("</script></head><body><main><p>March 2, 2026 \xC2\xB7 Issue #92</p><h2>1. SYNTHETIC story one</h2>")
      .text("<p>export const synthetic = ")
      .repeat("[1,2,3],", kMiB)
      .text("; A SYNTHETIC paragraph after leaked code.</p><h2>2. SYNTHETIC story two</h2><p>")
      .repeat("SYNTHETIC words of one long paragraph ", kMiB)
      .text("</p></main></body></html>");
  const ProcessResult result = index();
  expect_survived(result);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(stored("92-1").paragraphs, std::vector<std::string>{"A SYNTHETIC paragraph after leaked code."});
  const scatter::Story second = stored("92-2");
  ASSERT_EQ(second.paragraphs.size(), 1u);
  EXPECT_GT(second.paragraphs[0].size(), kMiB - 64) << "the long paragraph is read whole";
}

TEST_F(IndexerHugeInput, JsonLinesLineOf64MegabytesIsSkippedNamingItsLine) {
  const auto story = [](int number) {
    return R"({"issue": 93, "date": "2026-03-03", "title": "SYNTHETIC story", "body": "SYNTHETIC.", "story": )" +
           std::to_string(number) + "}\n";
  };
  BigFile(archive() / "synthetic-huge-line.jsonl")
      .text(story(1))
      .text(R"({"issue": 93, "date": "2026-03-03", "title": "SYNTHETIC huge", "story": 2, "body": ")")
      .repeat("SYNTHETIC words ", 64 * kMiB)
      .text("\"}\n" + story(3));
  const ProcessResult result = index();
  expect_survived(result);
  EXPECT_NE(result.err.find("synthetic-huge-line.jsonl:2: longer than 8 MiB"), std::string::npos) << result.err;
  EXPECT_TRUE(indexed("93-1") && indexed("93-3")) << "the lines around it are read\n" << result.err;
  EXPECT_FALSE(indexed("93-2"));
}

TEST_F(IndexerHugeInput, HtmlPageNested100000ElementsDeepIsSkippedNamingItsLine) {
  // Before: refused too, but only after gumbo had spent a minute parsing it.
  BigFile(archive() / "synthetic-deep.html")
      .text("<!doctype html>\n<html><body>\n")
      .repeat("<div>", 100000 * 5)
      .text("SYNTHETIC")
      .repeat("</div>", 100000 * 6)
      .text("\n</body></html>\n");
  const ProcessResult result = index();
  expect_survived(result);
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("synthetic-deep.html:3: markup nested deeper than 512 elements; file skipped"),
            std::string::npos)
      << result.err;
}

TEST_F(IndexerHugeInput, MarkdownHeadingOf100000NestedLinks) {
  // Before: SIGSEGV (exit 139): the inline reader recursed once per link.
  BigFile(archive() / "2026-03-04-issue-094.synthetic.md")
      .text("## 1. SYNTHETIC ")
      .repeat("[", 100000)
      .text("x")
      .repeat("](u)", 100000 * 4)
      .text("\n\nA SYNTHETIC paragraph.\n");
  const ProcessResult result = index();
  expect_survived(result);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(stored("94-1").paragraphs, std::vector<std::string>{"A SYNTHETIC paragraph."});
}

}  // namespace
