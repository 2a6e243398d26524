// The researcher's own fields end to end: the SYNTHETIC corpus of
// tests/fixtures/fields indexed by the real indexer, then asked through
// searchd's API (/search, /stories/{id}, /export) and the scatter CLI.
#include "searchd_client.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace scatter::test {
namespace {

using nlohmann::json;

class FieldsApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    index_with_binary(source_dir() / "tests" / "fixtures" / "fields", *dir_ / "index");
    server_ = new RunningSearchd(*dir_ / "index");
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static json get_json(const std::string& path, int status = 200) {
    const Answer answer = http_get(server_->port(), path);
    EXPECT_EQ(answer.status, status) << path << ": " << answer.body;
    return json::parse(answer.body);
  }
  static ProcessResult cli(std::vector<std::string> args) {
    args.push_back("--db");
    args.push_back((*dir_ / "index").string());
    return run_program(SCATTER_CLI, args);
  }
  static inline TempDir* dir_ = nullptr;
  static inline RunningSearchd* server_ = nullptr;
};

TEST_F(FieldsApiTest, SearchFiltersCountsAndSortsByDeclaredFields) {
  const json body = get_json("/search?q=author:%22Ada+Lovelace%22&facets=author,section&per_page=100&sort=-words");
  EXPECT_EQ(body["total"]["estimate"], 8);
  ASSERT_EQ(body["results"].size(), 8u);
  EXPECT_EQ(body["results"][0]["id"], "syn-016") << "Ada's longest story";
  EXPECT_EQ(body["results"][0]["fields"]["author"], "Ada Lovelace");
  EXPECT_EQ(body["results"][0]["fields"]["words"], "998");
  EXPECT_EQ(body["results"][7]["id"], "syn-025") << "her story without a word count comes last";
  EXPECT_EQ(body["facets"]["author"], json::parse(R"([{"value": "Ada Lovelace", "count": 8}])"));
  EXPECT_EQ(body["facets"]["section"].size(), 3u);

  const json everything = get_json("/search?facets=author&per_page=0");
  EXPECT_EQ(everything["facets"]["author"][4], json::parse(R"({"value": "Mary Somerville", "count": 4})"));
}

TEST_F(FieldsApiTest, StoriesAreFoundByTheCorpusIds) {
  const json story = get_json("/stories/syn-017");
  EXPECT_EQ(story["id"], "syn-017");
  EXPECT_EQ(story["fields"]["summary"], "SYNTHETIC summary of an orrery");
  EXPECT_EQ(story["fields"]["published"], "2020-06-18");
  EXPECT_EQ(get_json("/stories/2-2")["title"], "SYNTHETIC fields story 12");
  EXPECT_EQ(http_get(server_->port(), "/stories/syn-012").status, 404);
}

TEST_F(FieldsApiTest, RefusalsNameTheParameter) {
  for (const auto& [path, parameter] : std::vector<std::pair<std::string, std::string>>{
           {"/search?sort=author", "sort"},
           {"/search?sort=-nosuch", "sort"},
           {"/search?sort=bad%20name", "sort"},
           {"/search?facets=region", "facets"},
           {"/search?sort=words&after=abc", "after"},
           {"/export?q=synthetic&sort=words", "sort"}}) {
    const json body = get_json(path, 400);
    EXPECT_EQ(body["error"]["parameter"], parameter) << path << ": " << body.dump();
  }
}

TEST_F(FieldsApiTest, ExportsCarryTheDeclaredFieldsAsColumns) {
  const Answer csv = http_get(server_->port(), "/export?q=words:200..260&sort=oldest");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.body.substr(0, csv.body.find("\r\n")),
            "id,issue,date,title,url,companies,topics,score,author,section,region,words,published,summary");
  const std::size_t row = csv.body.find("\r\nsyn-001,1,2021-01-01,SYNTHETIC fields story 1,/issues/1#story-1,");
  ASSERT_NE(row, std::string::npos) << csv.body;
  const std::string line = csv.body.substr(row + 2, csv.body.find("\r\n", row + 2) - row - 2);
  EXPECT_TRUE(line.ends_with(",0.0000,Ada Lovelace,letters,north,203,2020-02-02,SYNTHETIC summary number 1")) << line;
  const Answer jsonl = http_get(server_->port(), "/export?q=synthetic&format=jsonl&sort=newest");
  ASSERT_EQ(jsonl.status, 200);
  const json last = json::parse(jsonl.body.substr(jsonl.body.rfind('\n', jsonl.body.size() - 2) + 1));
  EXPECT_TRUE(last["fields"].contains("summary"));
  std::size_t rows = 0;
  for (char c : jsonl.body) rows += c == '\n';
  EXPECT_EQ(rows, 30u);
}

TEST_F(FieldsApiTest, CliSearchesCountsAndShowsTheFields) {
  const ProcessResult search = cli({"search", "author:\"Ada Lovelace\"", "--facets", "author,section", "--sort", "words",
                                    "--limit", "2"});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  EXPECT_NE(search.out.find("8 stories"), std::string::npos) << search.out;
  EXPECT_NE(search.out.find("syn-001"), std::string::npos) << search.out;
  EXPECT_NE(search.out.find("author: Ada Lovelace · published: 2020-02-02"), std::string::npos) << search.out;
  EXPECT_NE(search.out.find("\nauthor: Ada Lovelace 8\n"), std::string::npos) << search.out;

  const ProcessResult show = cli({"show", "syn-005"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("summary: SYNTHETIC summary of an orrery"), std::string::npos) << show.out;

  const ProcessResult bad = cli({"search", "x", "--sort", "author"});
  EXPECT_EQ(bad.exit_code, 64) << bad.err;
  EXPECT_NE(bad.err.find("--sort"), std::string::npos) << bad.err;
  const ProcessResult bad_facet = cli({"search", "x", "--facets", "region"});
  EXPECT_EQ(bad_facet.exit_code, 64) << bad_facet.err;
  EXPECT_NE(bad_facet.err.find("--facets"), std::string::npos) << bad_facet.err;
}

}  // namespace
}  // namespace scatter::test
