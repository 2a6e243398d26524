// End to end, taking a whole result set away and paging past the first
// results: GET /export (CSV and JSON Lines, streamed), `scatter export`, and
// cursors (after=, next_after) through the API and the CLI, over a SYNTHETIC
// archive of 1,200 stories (test_support's write_synthetic_jsonl: pseudo-words,
// marked as test data) beside the seed issue.
#include "searchd_client.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace scatter::test {
namespace {

using nlohmann::json;

constexpr std::size_t kSyntheticStories = 1200;

// RFC 4180 as a spreadsheet reads it: fields split by commas, quoted fields
// may hold commas, line breaks and doubled quotes, records end with CRLF.
// Fails the test on anything else.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, at_field_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && at_field_start) {
      quoted = true;
      at_field_start = false;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      at_field_start = true;
    } else if (c == '\r') {
      EXPECT_TRUE(i + 1 < text.size() && text[i + 1] == '\n') << "a CR not followed by LF at byte " << i;
      ++i;
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
      at_field_start = true;
    } else {
      EXPECT_NE(c, '\n') << "a bare LF ends a record at byte " << i;
      EXPECT_NE(c, '"') << "a quote inside an unquoted field at byte " << i;
      field += c;
      at_field_start = false;
    }
  }
  EXPECT_FALSE(quoted) << "the last quoted field is not closed";
  EXPECT_TRUE(record.empty() && field.empty()) << "the last record does not end with CRLF";
  return records;
}

class Export : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    const std::filesystem::path archive = *dir_ / "archive";
    std::filesystem::create_directories(archive);
    std::filesystem::copy(data_dir(), archive, std::filesystem::copy_options::recursive);
    write_synthetic_jsonl(archive / "synthetic.jsonl", {.stories = kSyntheticStories, .seed = 21});
    index_with_binary(archive, db());
    server_ = new RunningSearchd(db(), {"--access-log", "off"});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static std::filesystem::path db() { return *dir_ / "index"; }
  static Answer get(const std::string& path) { return http_get(server_->port(), path); }

  // Every story /search lists for `query` (a URL query string), by page number.
  static std::vector<std::string> listed_by_page(const std::string& query) {
    std::vector<std::string> ids;
    for (int page = 1;; ++page) {
      const Answer answer = get("/search?" + query + "&per_page=100&page=" + std::to_string(page));
      EXPECT_EQ(answer.status, 200) << answer.body;
      if (answer.status != 200) return ids;
      const json body = answer.json();
      for (const json& hit : body["results"]) ids.push_back(hit["id"]);
      if (body["results"].size() < 100) return ids;
    }
  }

  static inline TempDir* dir_ = nullptr;
  static inline RunningSearchd* server_ = nullptr;
};

TEST_F(Export, CsvStreamsEveryMatchInTheSearchsOrderWithAHeaderRow) {
  const Answer answer = get("/export?q=plumvar&format=csv");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.header("Content-Type"), "text/csv; charset=utf-8; header=present");
  EXPECT_EQ(answer.header("Content-Disposition"), "attachment; filename=\"scatter-export-plumvar.csv\"");
  EXPECT_EQ(answer.header("Transfer-Encoding"), "chunked") << "streamed, not built whole";
  const std::vector<std::vector<std::string>> records = parse_csv(answer.body);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records[0], (std::vector<std::string>{"id", "issue", "date", "title", "url", "companies", "topics", "score"}));
  ASSERT_EQ(records.size() - 1, kSyntheticStories) << "every match, not a page";
  EXPECT_EQ(answer.header("X-Total-Count"), std::to_string(kSyntheticStories));
  const json total = json::parse(get("/search?q=plumvar&per_page=0").body)["total"];
  EXPECT_EQ(total["estimate"], kSyntheticStories);

  std::vector<std::string> exported;
  for (std::size_t i = 1; i < records.size(); ++i) {
    ASSERT_EQ(records[i].size(), 8u) << "record " << i;
    exported.push_back(records[i][0]);
    EXPECT_FALSE(records[i][3].empty()) << "a title";
    EXPECT_GT(std::stod(records[i][7]), 0) << "ranked by relevance: scored";
  }
  EXPECT_EQ(exported, listed_by_page("q=plumvar"));

  // A search by date, filtered: the same order as its pages, unscored.
  const Answer newest = get("/export?q=plumvar&sort=newest&from=2001&format=csv");
  ASSERT_EQ(newest.status, 200) << newest.body;
  std::vector<std::string> by_date;
  for (const auto& record : parse_csv(newest.body)) by_date.push_back(record[0]);
  by_date.erase(by_date.begin());
  EXPECT_EQ(by_date, listed_by_page("q=plumvar&sort=newest&from=2001"));
}

TEST_F(Export, CsvQuotesFieldsWithCommasAndQuotes) {
  // The seed issue's companies and topics are lists joined by "; ", and one
  // of its titles has a comma-free quote: each field reads back as written.
  const Answer answer = get("/export?q=pixtral&company=Mistral+AI&format=csv");
  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto records = parse_csv(answer.body);
  ASSERT_EQ(records.size(), 2u) << answer.body;
  EXPECT_EQ(records[1][0], "3-5");
  EXPECT_EQ(records[1][5], "Mistral AI");
  EXPECT_EQ(records[1][2], "2026-02-09");
}

TEST_F(Export, JsonLinesCarryTheTextOneStoryPerLine) {
  const Answer answer = get("/export?q=&issue=3&sort=oldest&format=jsonl");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.header("Content-Type"), "application/x-ndjson; charset=utf-8");
  EXPECT_EQ(answer.header("Content-Disposition"), "attachment; filename=\"scatter-export.jsonl\"");
  std::istringstream lines(answer.body);
  std::vector<std::string> ids;
  for (std::string line; std::getline(lines, line);) {
    const json story = json::parse(line);
    ids.push_back(story["id"]);
    EXPECT_EQ(story["issue"], 3);
    EXPECT_EQ(story["date"], "2026-02-09");
    EXPECT_FALSE(story["text"].get<std::string>().empty());
    EXPECT_TRUE(story["companies"].is_array());
    EXPECT_TRUE(story["topics"].is_array());
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"3-1", "3-2", "3-3", "3-4", "3-5"}));
}

TEST_F(Export, BadParametersAreRefusedBeforeAnyRow) {
  for (const auto& [path, parameter] : std::vector<std::pair<std::string, std::string>>{
           {"/export?format=xml", "format"},
           {"/export?q=x&page=2", "page"},
           {"/export?facets=company", "facets"},
           {"/export?company=Nonesuch", "company"},
           {"/export?from=yesterday", "from"}}) {
    const Answer answer = get(path);
    EXPECT_EQ(answer.status, 400) << path << ": " << answer.body;
    ASSERT_NO_THROW(answer.json()) << path << ": " << answer.body;
    EXPECT_EQ(answer.json()["error"]["parameter"], parameter) << path;
  }
}

TEST_F(Export, PagesPastTheLimitPointToACursorThatPagesOn) {
  const Answer too_deep = get("/search?q=plumvar&per_page=100&page=102");
  ASSERT_EQ(too_deep.status, 400);
  EXPECT_EQ(too_deep.json()["error"]["parameter"], "page");
  EXPECT_NE(too_deep.json()["error"]["message"].get<std::string>().find("after="), std::string::npos);

  // Following next_after lists what paging by number lists.
  std::vector<std::string> by_cursor;
  std::string after;
  for (int pages = 0; pages < 100; ++pages) {
    const Answer answer = get("/search?q=plumvar+robot&per_page=50" + (after.empty() ? "" : "&after=" + after));
    ASSERT_EQ(answer.status, 200) << answer.body;
    const json body = answer.json();
    for (const json& hit : body["results"]) by_cursor.push_back(hit["id"]);
    if (body["next_after"].is_null()) break;
    after = body["next_after"];
  }
  EXPECT_EQ(by_cursor, listed_by_page("q=plumvar+robot"));

  const Answer bad = get("/search?q=plumvar&after=zzz");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["parameter"], "after");
}

TEST_F(Export, TheCliExportsTheSameBytesFromTheIndexAndFromSearchd) {
  const ProcessResult local = run_program(SCATTER_CLI, {"export", "plumvar", "--sort", "oldest", "--db", db().string()});
  ASSERT_EQ(local.exit_code, 0) << local.err;
  const std::string server_url = "http://127.0.0.1:" + std::to_string(server_->port());
  const ProcessResult remote = run_program(SCATTER_CLI, {"export", "plumvar", "--sort", "oldest", "--server", server_url});
  ASSERT_EQ(remote.exit_code, 0) << remote.err;
  EXPECT_EQ(local.out, remote.out);
  EXPECT_EQ(local.out, get("/export?q=plumvar&sort=oldest").body);

  // --out writes the file whole, and says so; --json means JSON Lines.
  const std::filesystem::path out = *dir_ / "export.jsonl";
  const ProcessResult to_file =
      run_program(SCATTER_CLI, {"export", "plumvar", "--json", "--out", out.string(), "--db", db().string()});
  ASSERT_EQ(to_file.exit_code, 0) << to_file.err;
  EXPECT_NE(to_file.err.find("exported 1200 stories to"), std::string::npos) << to_file.err;
  std::istringstream lines(read_file(out));
  std::size_t count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    EXPECT_FALSE(json::parse(line, nullptr, false).is_discarded()) << line;
  }
  EXPECT_EQ(count, kSyntheticStories);

  const ProcessResult bad = run_program(SCATTER_CLI, {"export", "x", "--format", "xml", "--db", db().string()});
  EXPECT_EQ(bad.exit_code, 64);
  EXPECT_NE(bad.err.find("--format"), std::string::npos) << bad.err;
}

TEST_F(Export, TheCliShowsProgressOnATerminal) {
  const ProcessResult result =
      run_program_on_terminal(SCATTER_CLI, {"export", "plumvar", "--out", (*dir_ / "p.csv").string(), "--db", db().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("100%  1200 of 1200 stories"), std::string::npos) << result.err;
}

TEST_F(Export, TheCliPagesOnByCursor) {
  const ProcessResult first = run_program(SCATTER_CLI, {"search", "plumvar", "--limit", "3", "--db", db().string()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::string marker = "More: the same search with --after ";
  const auto at = first.out.find(marker);
  ASSERT_NE(at, std::string::npos) << first.out;
  const std::string cursor = first.out.substr(at + marker.size(), first.out.find('\n', at) - at - marker.size());
  const ProcessResult second = run_program(
      SCATTER_CLI, {"search", "plumvar", "--limit", "3", "--after", cursor, "--json", "--db", db().string()});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const json by_number = get("/search?q=plumvar&per_page=3&page=2").json();
  EXPECT_EQ(json::parse(second.out)["results"][0]["id"], by_number["results"][0]["id"]);
  const ProcessResult bad =
      run_program(SCATTER_CLI, {"search", "plumvar", "--after", "nonsense", "--db", db().string()});
  EXPECT_EQ(bad.exit_code, 64);
  EXPECT_NE(bad.err.find("--after"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace scatter::test
