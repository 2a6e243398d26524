// End to end: the real indexer indexes data/, the real searchd serves it on a
// free loopback port, and we ask it what a user of the site would ask.
#include "searchd_client.h"
#include "seed_index.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using nlohmann::json;
using scatter::test::RunningSearchd;
using scatter::test::TempDir;

namespace {

struct Reply {
  int status = 0;
  json body;
  std::string content_type;
};

Reply get(int port, const std::string& path) {
  const scatter::test::Answer answer = scatter::test::http_get(port, path);
  return {answer.status, json::parse(answer.body), answer.header("Content-Type")};
}

std::vector<std::string> ids(const json& body) {
  std::vector<std::string> out;
  for (const auto& hit : body.at("results")) out.push_back(hit.at("id").get<std::string>());
  return out;
}

class SearchdOverSeedArchive : public scatter::test::SeedSearchdTest {};

TEST_F(SearchdOverSeedArchive, HealthzAnswers) {
  const Reply reply = get(port(), "/healthz");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body.at("status"), "ok");
  EXPECT_EQ(reply.content_type, "application/json; charset=utf-8");
}

TEST_F(SearchdOverSeedArchive, LatentAttentionFindsStoryOneFirstWithEverythingToRenderIt) {
  const Reply reply = get(port(), "/search?q=latent+attention");
  ASSERT_EQ(reply.status, 200);
  const json& first = reply.body.at("results").at(0);
  EXPECT_EQ(first.at("id"), "3-1");
  EXPECT_EQ(first.at("issue"), 3);
  EXPECT_EQ(first.at("story"), 1);
  EXPECT_EQ(first.at("date"), "2026-02-09");
  EXPECT_EQ(first.at("title"), "The DeepSeek Aftermath: Industry-Wide Pivot to Training Efficiency");
  EXPECT_EQ(first.at("url"), "/issues/3#story-1");
  EXPECT_EQ(first.at("companies"), json::array({"DeepSeek"}));
  EXPECT_NE(first.at("snippet").get<std::string>().find("<mark>latent</mark> <mark>attention</mark>"),
            std::string::npos)
      << first.at("snippet");
  EXPECT_GT(first.at("score").get<double>(), 0.0);
  EXPECT_EQ(reply.body.at("query"), "latent attention");
  EXPECT_GE(reply.body.at("total").at("estimate").get<int>(), 1);
  EXPECT_TRUE(reply.body.at("took_ms").is_number());
}

TEST_F(SearchdOverSeedArchive, AcceptanceQueriesRankTheRightStoryFirst) {
  const struct {
    std::string path;
    std::string first;
  } rows[] = {
      {"/search?q=sora", "3-2"},
      {"/search?q=open-weight", "3-5"},
      {"/search?q=governance", "3-3"},
      {"/search?q=Gemini+workspace", "3-4"},
      {"/search?q=%22multi-head+latent+attention%22", "3-1"},
  };
  for (const auto& row : rows) {
    const Reply reply = get(port(), row.path);
    ASSERT_EQ(reply.status, 200) << row.path;
    ASSERT_FALSE(reply.body.at("results").empty()) << row.path;
    EXPECT_EQ(reply.body.at("results").at(0).at("id"), row.first) << row.path;
  }
}

TEST_F(SearchdOverSeedArchive, CompanyFilterReturnsOnlyThatCompanysStories) {
  EXPECT_EQ(ids(get(port(), "/search?company=Microsoft").body), std::vector<std::string>{"3-4"});
  // Aliases, products and any case name the same company.
  EXPECT_EQ(ids(get(port(), "/search?company=mistral").body), std::vector<std::string>{"3-5"});
  EXPECT_EQ(ids(get(port(), "/search?company=OpenAI,DeepSeek").body), (std::vector<std::string>{"3-1", "3-2"}));
  EXPECT_EQ(ids(get(port(), "/search?q=model&company=Google").body), std::vector<std::string>{"3-4"});
}

TEST_F(SearchdOverSeedArchive, TopicFilterAndTopicsInResults) {
  const Reply reply = get(port(), "/search?topic=Video+generation");
  EXPECT_EQ(ids(reply.body), std::vector<std::string>{"3-2"});
  EXPECT_EQ(reply.body.at("results").at(0).at("topics").at(0).at("name"), "Video generation");
  const Reply unknown = get(port(), "/search?topic=astrology");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.body.at("error").at("parameter"), "topic");
}

TEST_F(SearchdOverSeedArchive, DateFiltersAreInclusiveAndExcludeOtherDates) {
  const Reply after = get(port(), "/search?from=2026-03-01");
  EXPECT_EQ(after.status, 200);
  EXPECT_TRUE(after.body.at("results").empty());
  EXPECT_EQ(after.body.at("total").at("estimate"), 0);
  EXPECT_EQ(ids(get(port(), "/search?q=sora&from=2026-02-09&to=2026-02-09").body), std::vector<std::string>{"3-2"});
  EXPECT_TRUE(get(port(), "/search?q=sora&to=2026-02-08").body.at("results").empty());
}

TEST_F(SearchdOverSeedArchive, EmptyQueryListsStoriesNewestFirstInReadingOrder) {
  EXPECT_EQ(ids(get(port(), "/search").body), (std::vector<std::string>{"3-1", "3-2", "3-3", "3-4", "3-5"}));
  EXPECT_EQ(ids(get(port(), "/search?q=&per_page=2&page=2").body), (std::vector<std::string>{"3-3", "3-4"}));
}

TEST_F(SearchdOverSeedArchive, OverlongQueryIsRefusedWithJsonAndTheServerKeepsAnswering) {
  const Reply reply = get(port(), "/search?q=" + std::string(2000, 'a'));
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.body.at("error").at("code"), "bad_parameter");
  EXPECT_EQ(reply.body.at("error").at("parameter"), "q");
  EXPECT_NE(reply.body.at("error").at("message").get<std::string>().find("1000"), std::string::npos);
  EXPECT_EQ(get(port(), "/healthz").status, 200);
  EXPECT_EQ(get(port(), "/search?q=sora").body.at("results").at(0).at("id"), "3-2");
}

TEST_F(SearchdOverSeedArchive, BadParametersGet400NamingTheParameter) {
  const struct {
    std::string path;
    std::string parameter;
  } rows[] = {
      {"/search?from=2026-02-30", "from"},   {"/search?to=yesterday", "to"},
      {"/search?page=0", "page"},            {"/search?page=two", "page"},
      {"/search?per_page=1000", "per_page"}, {"/search?per_page=-1", "per_page"},
      {"/search?sort=random", "sort"},       {"/search?company=Initech", "company"},
      {"/search?compnay=OpenAI", "compnay"}, {"/search?from=2026-03-01&to=2026-02-01", "from"},
  };
  for (const auto& row : rows) {
    const Reply reply = get(port(), row.path);
    EXPECT_EQ(reply.status, 400) << row.path;
    EXPECT_EQ(reply.body.at("error").at("parameter"), row.parameter) << row.path;
    EXPECT_FALSE(reply.body.at("error").at("message").get<std::string>().empty()) << row.path;
  }
}

TEST_F(SearchdOverSeedArchive, MalformedQuerySyntaxStillAnswers) {
  for (const std::string q : {"%22unbalanced+quote", "sora+AND", "(sora", "NOT"}) {
    const Reply reply = get(port(), "/search?q=" + q);
    EXPECT_EQ(reply.status, 200) << q;
  }
  EXPECT_EQ(get(port(), "/search?q=%22unbalanced+sora").body.at("results").at(0).at("id"), "3-2");
}

TEST_F(SearchdOverSeedArchive, StoriesById) {
  const Reply story = get(port(), "/stories/3-5");
  ASSERT_EQ(story.status, 200);
  EXPECT_EQ(story.body.at("title"), "Mistral Releases \xE2\x80\x98Pixtral\xE2\x80\x99 12B Multimodal Model");
  EXPECT_EQ(story.body.at("bullets").size(), 3u);
  EXPECT_EQ(story.body.at("paragraphs").size(), 2u);
  const Reply missing = get(port(), "/stories/9-9");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body.at("error").at("code"), "not_found");
}

TEST_F(SearchdOverSeedArchive, UnknownRouteIsJson404) {
  const Reply reply = get(port(), "/nowhere");
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.body.at("error").at("code"), "not_found");
}

TEST(Searchd, MarkupInStoriesComesBackAsInertText) {
  TempDir dir;
  // Synthetic capture, not archive content: a story whose text carries markup.
  scatter::test::write_file(dir / "archive" / "2026-03-02-issue-004.txt",
                            "1. Synthetic <script>alert(1)</script> title\n"
                            "A synthetic paragraph with <img src=x onerror=alert(1)> and Sora & friends.\n");
  scatter::test::index_with_binary(dir / "archive", dir / "index");
  RunningSearchd server(dir / "index");
  const Reply reply = get(server.port(), "/search?q=sora+alert");
  ASSERT_EQ(reply.status, 200);
  const json& hit = reply.body.at("results").at(0);
  const std::string snippet = hit.at("snippet");
  const std::string title_html = hit.at("title_html");
  EXPECT_EQ(snippet.find("<img"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("&lt;img src=x onerror=<mark>alert</mark>(1)&gt;"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("<mark>Sora</mark> &amp; friends"), std::string::npos) << snippet;
  EXPECT_EQ(title_html.find("<script"), std::string::npos) << title_html;
  EXPECT_NE(title_html.find("&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;"), std::string::npos) << title_html;

  // Suggestions carry html for a search box to insert as it is: escaped too.
  for (const std::string typed : {"synthetic", "synthetic+scr", "%3Cscript%3Eale", "synthetic+%3Cimg"}) {
    const Reply suggest = get(server.port(), "/suggest?q=" + typed);
    ASSERT_EQ(suggest.status, 200) << typed;
    for (const json& suggestion : suggest.body.at("suggestions")) {
      const std::string html = suggestion.at("html");
      EXPECT_EQ(html.find("<script"), std::string::npos) << typed << ": " << html;
      EXPECT_EQ(html.find("<img"), std::string::npos) << typed << ": " << html;
      std::string unmarked = html;
      for (const std::string tag : {"<mark>", "</mark>"}) {
        for (auto at = unmarked.find(tag); at != std::string::npos; at = unmarked.find(tag)) unmarked.erase(at, tag.size());
      }
      EXPECT_EQ(unmarked.find('<'), std::string::npos) << typed << ": only <mark> may be markup: " << html;
    }
  }
  const Reply title = get(server.port(), "/suggest?q=synthetic");
  ASSERT_FALSE(title.body.at("suggestions").empty());
  EXPECT_NE(title.body.at("suggestions").dump().find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos)
      << title.body;
}

TEST(Searchd, ShutsDownCleanlyOnSigterm) {
  TempDir dir;
  scatter::test::index_with_binary(scatter::test::data_dir(), dir / "index");
  RunningSearchd server(dir / "index");
  EXPECT_EQ(get(server.port(), "/healthz").status, 200);
  EXPECT_EQ(server.stop(), 0);
}

TEST(Searchd, StartsWithoutAnIndexAndBecomesReadyWhenTheIndexerWritesOne) {
  using namespace std::chrono_literals;
  TempDir dir;
  RunningSearchd server(dir / "index");  // nothing at that path yet
  const scatter::test::Answer health = scatter::test::http_get(server.port(), "/healthz");
  EXPECT_EQ(health.status, 200) << "alive, if not ready";
  for (const std::string path : {"/search?q=sora", "/readyz", "/stories/3-1", "/suggest?q=so"}) {
    const scatter::test::Answer answer = scatter::test::http_get(server.port(), path);
    EXPECT_EQ(answer.status, 503) << path;
    EXPECT_EQ(answer.header("Content-Type"), "application/json; charset=utf-8") << path;
    EXPECT_EQ(answer.json().at("error").at("code"), "no_database") << path << ": " << answer.body;
    EXPECT_EQ(answer.body.find((dir / "index").string()), std::string::npos) << "the server's paths are not the public's: " << answer.body;
  }

  const std::string metrics = scatter::test::http_get(server.port(), "/metrics").body;
  EXPECT_NE(metrics.find("\nsearchd_ready 0\n"), std::string::npos) << metrics;

  scatter::test::index_with_binary(scatter::test::data_dir(), dir / "index");
  const auto ready = scatter::test::wait_until(2s, [&] {
    return scatter::test::http_get(server.port(), "/readyz").status == 200;
  });
  ASSERT_TRUE(ready) << "not ready 2 s after the indexer wrote the index";
  const Reply found = get(server.port(), "/search?q=sora");
  EXPECT_EQ(found.status, 200);
  EXPECT_EQ(ids(found.body), std::vector<std::string>{"3-2"});
}

TEST(Searchd, HelpListsTheOptionsAndExits) {
  const auto result = scatter::test::run_program(SCATTER_SEARCHD, {"--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("--db PATH"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("--cors-origin"), std::string::npos) << result.out;
  EXPECT_TRUE(result.err.empty()) << result.err;
}

TEST(Searchd, RefusesAPortAlreadyInUse) {
  TempDir dir;
  scatter::test::index_with_binary(scatter::test::data_dir(), dir / "index");
  RunningSearchd first(dir / "index");
  // Were the port shared (SO_REUSEPORT), this second server would run on and
  // the test would hit ctest's timeout instead of reading exit status 1.
  const auto second = scatter::test::run_program(
      SCATTER_SEARCHD, {"--db", (dir / "index").string(), "--listen", "127.0.0.1:" + std::to_string(first.port())});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.err.find("cannot listen"), std::string::npos) << second.err;
}

TEST(Searchd, RejectsABadListenAddress) {
  const auto result = scatter::test::run_program(SCATTER_SEARCHD, {"--db", "x", "--listen", "localhost"});
  EXPECT_EQ(result.exit_code, 64);
  EXPECT_NE(result.err.find("--listen"), std::string::npos) << result.err;
}

}  // namespace

namespace {

TEST_F(SearchdOverSeedArchive, PassesTheQueryLanguageThroughAndSaysHowItWasRead) {
  const Reply fields = get(port(), "/search?q=company%3Amistral+after%3A2026-01+multimodal");
  ASSERT_EQ(fields.status, 200);
  EXPECT_EQ(ids(fields.body), std::vector<std::string>{"3-5"});
  EXPECT_EQ(fields.body.at("interpreted_as"), "company:\"Mistral AI\" after:2026-01 multimodal");

  const Reply unknown = get(port(), "/search?q=company%3Aacme+sora");
  ASSERT_EQ(unknown.status, 200) << "an unknown name in q is reported, not an error";
  EXPECT_TRUE(ids(unknown.body).empty());
  ASSERT_EQ(unknown.body.at("notes").size(), 1u);
  EXPECT_NE(unknown.body.at("notes").at(0).get<std::string>().find("company:acme"), std::string::npos);

  const Reply typo = get(port(), "/search?q=pixtrel");
  ASSERT_EQ(typo.status, 200);
  EXPECT_EQ(ids(typo.body), std::vector<std::string>{"3-5"});
  EXPECT_EQ(typo.body.at("corrected"), true);
  EXPECT_EQ(typo.body.at("did_you_mean"), "pixtral");
}

TEST_F(SearchdOverSeedArchive, PrefixCollapseAndIssueParameters) {
  EXPECT_EQ(ids(get(port(), "/search?q=deepse&prefix=1").body), std::vector<std::string>{"3-1"});
  // Without prefix, "deepse" is a whole word, which the archive lacks: what is
  // found is its correction (two edits in a word of six letters), and says so.
  for (const std::string target : {"/search?q=deepse&prefix=0", "/search?q=deepse"}) {
    const Reply whole_word = get(port(), target);
    EXPECT_EQ(whole_word.body.at("corrected"), true) << target;
    EXPECT_EQ(whole_word.body.at("did_you_mean"), "deepseek") << target;
  }
  EXPECT_EQ(ids(get(port(), "/search?q=model&collapse=issue").body).size(), 1u) << "issue #3 is one issue";
  EXPECT_EQ(ids(get(port(), "/search?issue=3&per_page=100").body).size(), 5u);
  EXPECT_TRUE(ids(get(port(), "/search?issue=4").body).empty());

  const Reply bad_prefix = get(port(), "/search?q=x&prefix=yes");
  EXPECT_EQ(bad_prefix.status, 400);
  EXPECT_EQ(bad_prefix.body.at("error").at("parameter"), "prefix");
  const Reply bad_collapse = get(port(), "/search?q=x&collapse=day");
  EXPECT_EQ(bad_collapse.status, 400);
  EXPECT_EQ(bad_collapse.body.at("error").at("parameter"), "collapse");
  EXPECT_EQ(get(port(), "/search?issue=three").status, 400);
}

TEST_F(SearchdOverSeedArchive, RelatedStoriesNeverIncludeTheStoryItself) {
  const Reply related = get(port(), "/related/3-2?per_page=3");
  ASSERT_EQ(related.status, 200);
  const std::vector<std::string> found = ids(related.body);
  EXPECT_EQ(found.size(), 3u);
  EXPECT_EQ(std::count(found.begin(), found.end(), "3-2"), 0);
  EXPECT_EQ(get(port(), "/related/9-9").status, 404);
  EXPECT_EQ(get(port(), "/related/3-2?per_page=0").status, 400);
  EXPECT_EQ(get(port(), "/related/3-2?sort=newest").status, 400);
}

}  // namespace
