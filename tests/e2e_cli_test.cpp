// End to end: the real `scatter` CLI against an index the real indexer wrote.
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using nlohmann::json;
using scatter::test::ProcessResult;
using scatter::test::TempDir;

namespace {

class Cli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    scatter::test::index_with_binary(scatter::test::data_dir(), db());
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::filesystem::path db() { return *dir_ / "index"; }

  static ProcessResult scatter_cli(std::vector<std::string> args) {
    args.push_back("--db");
    args.push_back(db().string());
    return scatter::test::run_program(SCATTER_CLI, args);
  }

  // The ids of a `--json` search, in rank order; fails the test if the CLI failed.
  static std::vector<std::string> ids(const ProcessResult& result) {
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::vector<std::string> out;
    if (result.exit_code != 0) return out;
    const json body = json::parse(result.out);
    for (const auto& hit : body.at("results")) out.push_back(hit.at("id"));
    return out;
  }

  static TempDir* dir_;
};
TempDir* Cli::dir_ = nullptr;

TEST_F(Cli, SearchPrintsAReadableListMatchingTheGoldenFile) {
  const ProcessResult result = scatter_cli({"search", "latent attention"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto golden = scatter::test::source_dir() / "tests" / "golden" / "cli-search-latent-attention.txt";
  if (std::getenv("SCATTER_UPDATE_GOLDEN") != nullptr) scatter::test::write_file(golden, result.out);
  EXPECT_EQ(result.out, scatter::test::read_file(golden));
  // Off a terminal there are no escape codes and no HTML.
  EXPECT_EQ(result.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(result.out.find("<mark>"), std::string::npos);
}

TEST_F(Cli, JsonOutputIsTheApiShape) {
  const ProcessResult result = scatter_cli({"search", "sora", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json body = json::parse(result.out);
  EXPECT_EQ(body.at("results").at(0).at("id"), "3-2");
  EXPECT_EQ(body.at("results").at(0).at("companies"), json::array({"OpenAI"}));
  EXPECT_TRUE(body.at("total").contains("estimate"));
}

TEST_F(Cli, FiltersByCompanyAndDate) {
  EXPECT_EQ(ids(scatter_cli({"search", "--company", "Microsoft", "--json"})), std::vector<std::string>{"3-4"});
  EXPECT_EQ(ids(scatter_cli({"search", "--company", "pixtral", "--json"})), std::vector<std::string>{"3-5"});
  EXPECT_TRUE(ids(scatter_cli({"search", "sora", "--from", "2026-03-01", "--json"})).empty());
  EXPECT_EQ(ids(scatter_cli({"search", "sora", "--to", "2026-02-09", "--json"})), std::vector<std::string>{"3-2"});
  EXPECT_EQ(ids(scatter_cli({"search", "--limit", "2", "--json"})), (std::vector<std::string>{"3-1", "3-2"}));
}

TEST_F(Cli, ShowPrintsTheWholeStory) {
  const ProcessResult result = scatter_cli({"show", "3-5"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Mistral Releases"), std::string::npos);
  EXPECT_NE(result.out.find("Why it matters:\n- Open-weight multimodal models"), std::string::npos) << result.out;
  const ProcessResult missing = scatter_cli({"show", "9-9"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("9-9"), std::string::npos);
}

TEST_F(Cli, BadInputNamesTheOptionAndExitsWithUsageStatus) {
  const struct {
    std::vector<std::string> args;
    std::string named;
  } rows[] = {
      {{"search", "x", "--from", "2026-02-30"}, "--from"},
      {{"search", "x", "--to", "soon"}, "--to"},
      {{"search", "x", "--limit", "0"}, "--limit"},
      {{"search", "x", "--limit", "many"}, "--limit"},
      {{"search", "x", "--company", "Initech"}, "--company"},
      {{"search", "x", "--sort", "random"}, "--sort"},
      {{"search", std::string(2000, 'a')}, "QUERY"},
      {{"frobnicate"}, "frobnicate"},
  };
  for (const auto& row : rows) {
    const ProcessResult result = scatter_cli(row.args);
    EXPECT_EQ(result.exit_code, 64) << row.named;
    EXPECT_NE(result.err.find(row.named), std::string::npos) << row.named << ": " << result.err;
  }
}

TEST_F(Cli, MissingIndexIsNamed) {
  TempDir empty;
  const ProcessResult result =
      scatter::test::run_program(SCATTER_CLI, {"search", "x", "--db", (empty / "nothing").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find((empty / "nothing").string()), std::string::npos) << result.err;
}

TEST_F(Cli, DatabaseFromTheEnvironment) {
  const ProcessResult result = scatter::test::run_program(SCATTER_CLI, {"search", "sora", "--json"},
                                                          {"SCATTER_DB=" + db().string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(ids(result), (std::vector<std::string>{"3-2"}));
}

}  // namespace

namespace {

TEST_F(Cli, SpeaksTheQueryLanguageAndSaysWhatItCorrected) {
  EXPECT_EQ(ids(scatter_cli({"search", "company:mistral after:2026-01 multimodal", "--json"})),
            std::vector<std::string>{"3-5"});
  EXPECT_EQ(ids(scatter_cli({"search", "deepse", "--prefix", "--json"})), std::vector<std::string>{"3-1"});
  EXPECT_EQ(ids(scatter_cli({"search", "model", "--collapse", "--json"})).size(), 1u);
  EXPECT_EQ(ids(scatter_cli({"search", "--issue", "3", "--limit", "100", "--json"})).size(), 5u);
  EXPECT_EQ(ids(scatter_cli({"search", "sora -openai", "--json"})).size(), 0u) << "the Sora story names OpenAI";

  const ProcessResult typo = scatter_cli({"search", "pixtrel"});
  ASSERT_EQ(typo.exit_code, 0) << typo.err;
  EXPECT_NE(typo.out.find("No stories for \"pixtrel\"; showing \"pixtral\""), std::string::npos) << typo.out;
  const ProcessResult unknown = scatter_cli({"search", "company:acme"});
  EXPECT_NE(unknown.out.find("Note: company:acme: no company of that name"), std::string::npos) << unknown.out;
}

TEST_F(Cli, RelatedListsOtherStories) {
  const ProcessResult related = scatter_cli({"related", "3-1", "--limit", "2", "--json"});
  ASSERT_EQ(related.exit_code, 0) << related.err;
  const json body = json::parse(related.out);
  ASSERT_EQ(body.at("results").size(), 2u);  // searchd's /related body
  for (const auto& hit : body.at("results")) EXPECT_NE(hit.at("id"), "3-1");
  const ProcessResult missing = scatter_cli({"related", "9-9"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no story with id '9-9'"), std::string::npos);
}

}  // namespace
