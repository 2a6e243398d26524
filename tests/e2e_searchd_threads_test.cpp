// End to end: story threads over the SYNTHETIC fixture of tests/fixtures/threads,
// indexed by the real indexer. GET /stories/{id} carries "earlier" and "later";
// `scatter show` prints them, from the index and from searchd, and --json
// carries them as searchd does.
#include "searchd_client.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using nlohmann::json;
using scatter::test::ProcessResult;
using scatter::test::RunningSearchd;
using scatter::test::TempDir;

namespace {

class ThreadsEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    const auto archive = *dir_ / "archive";
    std::filesystem::copy(scatter::test::source_dir() / "tests" / "fixtures" / "threads", archive);
    std::filesystem::remove(archive / "labels.json");
    std::filesystem::copy_file(scatter::test::data_dir() / "companies.json", archive / "companies.json");
    scatter::test::index_with_binary(archive, db());
    server_ = new RunningSearchd(db());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static std::filesystem::path db() { return *dir_ / "index"; }
  static json story(const std::string& id) {
    const scatter::test::Answer answer = scatter::test::http_get(server_->port(), "/stories/" + id);
    EXPECT_EQ(answer.status, 200) << id << ": " << answer.body;
    return answer.json();
  }
  static ProcessResult cli(std::vector<std::string> args) { return scatter::test::run_program(SCATTER_CLI, args); }

  static inline TempDir* dir_ = nullptr;
  static inline RunningSearchd* server_ = nullptr;
};

std::vector<std::string> ids(const json& links) {
  std::vector<std::string> out;
  for (const json& link : links) out.push_back(link.at("id"));
  return out;
}

TEST_F(ThreadsEndToEnd, StoryCarriesEarlierAndLaterLinksBestFirstWithReasons) {
  const json body = story("205-1");  // Blackwell export controls: 201-3 before, 208-1 after
  EXPECT_EQ(body.at("title"), "SYNTHETIC: Blackwell export licences granted for some buyers");
  EXPECT_EQ(ids(body.at("earlier")), std::vector<std::string>{"201-3"});
  EXPECT_EQ(ids(body.at("later")), std::vector<std::string>{"208-1"});
  for (const char* side : {"earlier", "later"}) {
    const json& links = body.at(side);
    EXPECT_LE(links.size(), 5u);
    for (std::size_t i = 0; i < links.size(); ++i) {
      const json& link = links[i];
      EXPECT_TRUE(link.at("reason").get<std::string>().starts_with("also about Nvidia")) << link;
      EXPECT_FALSE(link.at("title").get<std::string>().empty());
      EXPECT_TRUE(link.at("url").get<std::string>().starts_with("/issues/")) << link;
      EXPECT_TRUE(link.at("issue").is_number());
      EXPECT_TRUE(link.at("date").is_string());
      EXPECT_GT(link.at("score").get<double>(), 0);
      if (i > 0) {
        EXPECT_GE(links[i - 1].at("score").get<double>(), link.at("score").get<double>());
      }
    }
  }
  EXPECT_LT(body.at("earlier").at(0).at("date").get<std::string>(), "2025-07-14");
  EXPECT_GT(body.at("later").at(0).at("date").get<std::string>(), "2025-07-14");
}

TEST_F(ThreadsEndToEnd, StoryWithoutAThreadHasEmptyLists) {
  const json body = story("205-4");  // Perplexity ads: no other story on it
  EXPECT_EQ(body.at("earlier"), json::array());
  EXPECT_EQ(body.at("later"), json::array());
}

TEST_F(ThreadsEndToEnd, ShowPrintsTheThreadAndJsonCarriesIt) {
  const ProcessResult local = cli({"show", "204-2", "--db", db().string()});
  ASSERT_EQ(local.exit_code, 0) << local.err;
  const std::string expected_earlier =
      "\nEarlier coverage:\n- SYNTHETIC: Mistral AI ships Pixtral, an open multimodal model\n"
      "  201-1 \xC2\xB7 2025-01-06 \xC2\xB7 /issues/201#story-1\n  also about Mistral AI, Pixtral";
  EXPECT_NE(local.out.find(expected_earlier), std::string::npos) << local.out;
  EXPECT_NE(local.out.find("\nLater coverage:\n- SYNTHETIC: Pixtral runs on-device in a compact version\n"),
            std::string::npos)
      << local.out;

  const std::string server = "http://127.0.0.1:" + std::to_string(server_->port());
  EXPECT_EQ(cli({"show", "204-2", "--server", server}).out, local.out) << "the same text from searchd";
  const ProcessResult as_json = cli({"show", "204-2", "--json", "--db", db().string()});
  ASSERT_EQ(as_json.exit_code, 0) << as_json.err;
  EXPECT_EQ(json::parse(as_json.out), story("204-2"));
}

}  // namespace
