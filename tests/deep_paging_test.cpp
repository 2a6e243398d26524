// Deep paging and whole-result listing (engine/ordered_matches.h): following
// next_after page by page, and SearchEngine::stream(), give exactly the
// stories, order and scores that paging by number gives, for each sort order,
// over one database and over three shards of a SYNTHETIC archive of 750
// stories (synthetic_corpus.h). Bad cursors are refused naming `after`.
#include "synthetic_corpus.h"
#include "test_support.h"

#include "engine/search_engine.h"
#include "index/indexing.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace scatter {
namespace {

struct Listed {
  std::vector<std::string> ids;
  std::vector<double> scores;
};

class DeepPaging : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    test::write_synthetic_tables(*dir_ / "synthetic");
    test::write_synthetic_archive(*dir_ / "synthetic", 7, test::kIssues);
    for (const std::size_t shards : {1, 3}) {
      const auto stories = index_archive({.archive = *dir_ / "synthetic", .db = db(shards), .shards = shards}).stories;
      ASSERT_EQ(stories, static_cast<std::size_t>(test::kIssues * test::kStoriesPerIssue));
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::filesystem::path db(std::size_t shards) { return *dir_ / ("synthetic-" + std::to_string(shards)); }
  static inline test::TempDir* dir_ = nullptr;
};

void add(Listed& listed, const std::vector<SearchHit>& hits) {
  for (const SearchHit& hit : hits) {
    listed.ids.push_back(hit.record.story.id);
    listed.scores.push_back(hit.score);
  }
}

// Every match, by page number (the archive is small enough to page through).
Listed by_page(SearchEngine& engine, SearchRequest request) {
  Listed listed;
  request.per_page = 100;
  for (request.page = 1;; ++request.page) {
    const SearchResult result = engine.search(request);
    add(listed, result.hits);
    if (result.hits.size() < 100) break;
  }
  return listed;
}

Listed by_cursor(SearchEngine& engine, SearchRequest request, int per_page) {
  Listed listed;
  request.per_page = per_page;
  for (int pages = 0; pages < 1000; ++pages) {
    const SearchResult result = engine.search(request);
    add(listed, result.hits);
    if (result.next_after.empty()) break;
    request.after = result.next_after;
  }
  return listed;
}

Listed by_stream(SearchEngine& engine, const SearchRequest& request, Xapian::doccount* total) {
  Listed listed;
  ResultStream stream = engine.stream(request);
  *total = stream.total();
  while (true) {
    const std::vector<SearchHit> hits = stream.next(64);
    if (hits.empty()) break;
    add(listed, hits);
  }
  return listed;
}

TEST_F(DeepPaging, CursorsAndStreamsListWhatPagesList) {
  std::vector<SearchRequest> requests;
  const std::vector<SearchRequest> probes = test::probe_requests();
  for (std::size_t i = 0; i < probes.size(); i += 20) {
    if (probes[i].collapse_by_issue) continue;
    for (const SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest}) {
      SearchRequest request = probes[i];
      request.facets.clear();
      request.sort = sort;
      requests.push_back(request);
    }
  }
  requests.push_back({.q = ""});
  requests.push_back({.q = "robot", .recency_half_life_days = 180});
  ASSERT_GT(requests.size(), 25u);
  for (const std::size_t shards : {1, 3}) {
    SearchEngine engine(db(shards));
    for (const SearchRequest& request : requests) {
      SCOPED_TRACE(test::describe(request) + " sort " + std::to_string(static_cast<int>(request.sort)) + " on " +
                   std::to_string(shards) + " shard(s)");
      const Listed pages = by_page(engine, request);
      const Listed cursor = by_cursor(engine, request, 37);
      EXPECT_EQ(cursor.ids, pages.ids);
      EXPECT_EQ(cursor.scores, pages.scores);
      Xapian::doccount total = 0;
      const Listed streamed = by_stream(engine, request, &total);
      EXPECT_EQ(streamed.ids, pages.ids);
      EXPECT_EQ(streamed.scores, pages.scores);
      EXPECT_EQ(total, pages.ids.size());
    }
  }
}

TEST_F(DeepPaging, ACursorPageCountsEveryMatchAndTheLastPageHasNoCursor) {
  SearchEngine engine(db(1));
  const SearchResult first = engine.search({.q = "robot", .per_page = 10});
  ASSERT_FALSE(first.next_after.empty());
  const SearchResult second = engine.search({.q = "robot", .per_page = 10, .after = first.next_after});
  const SearchResult by_number = engine.search({.q = "robot", .page = 2, .per_page = 10});
  ASSERT_EQ(second.hits.size(), 10u);
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(second.hits[i].record.story.id, by_number.hits[i].record.story.id);
  EXPECT_EQ(second.total_lower, by_number.total_lower);
  EXPECT_TRUE(second.total_is_exact());
  // Highlighting is the same on a cursor's page.
  EXPECT_EQ(second.hits[0].snippet_html, by_number.hits[0].snippet_html);

  const SearchResult everything = engine.search({.q = "synthetic", .issues = {5}, .per_page = 100});
  ASSERT_EQ(everything.hits.size(), 5u);
  EXPECT_TRUE(everything.next_after.empty()) << "a page that is not full is the last";
  const SearchResult count_only = engine.search({.q = "robot", .per_page = 0});
  EXPECT_TRUE(count_only.next_after.empty());
}

TEST_F(DeepPaging, PagesPastTenThousandResultsPointToTheCursor) {
  SearchEngine engine(db(1));
  try {
    engine.search({.q = "robot", .page = 102, .per_page = 100});
    FAIL() << "page 102 of 100 was served";
  } catch (const BadParameter& e) {
    EXPECT_EQ(e.parameter, "page");
    EXPECT_NE(e.reason.find("after="), std::string::npos) << e.reason;
    EXPECT_NE(e.reason.find("next_after"), std::string::npos) << e.reason;
  }
}

TEST_F(DeepPaging, BadCursorsAreRefusedNamingAfter) {
  SearchEngine engine(db(1));
  const SearchResult newest = engine.search({.q = "robot", .per_page = 5, .sort = SortOrder::kNewest});
  ASSERT_FALSE(newest.next_after.empty());
  const auto refused = [&](const SearchRequest& request, const std::string& why) {
    try {
      engine.search(request);
      ADD_FAILURE() << "served with after=" << request.after;
    } catch (const BadParameter& e) {
      EXPECT_EQ(e.parameter, "after");
      EXPECT_NE(e.reason.find(why), std::string::npos) << e.reason;
    }
  };
  refused({.q = "robot", .after = "not-a-cursor"}, "not a cursor");
  refused({.q = "robot", .after = newest.next_after.substr(0, newest.next_after.size() - 1)}, "not a cursor");
  refused({.q = "robot", .after = "r" + newest.next_after.substr(1) + "zz"}, "not a cursor");
  refused({.q = "robot", .after = newest.next_after}, "another sort order");
  refused({.q = "robot", .page = 2, .after = newest.next_after}, "page");
  refused({.q = "robot", .sort = SortOrder::kNewest, .collapse_by_issue = true, .after = newest.next_after}, "collapse");
  // A cursor from another query is a position all the same: the page after it.
  const SearchResult elsewhere = engine.search({.q = "forecast", .per_page = 5, .sort = SortOrder::kNewest,
                                                .after = newest.next_after});
  for (const SearchHit& hit : elsewhere.hits) EXPECT_GT(hit.record.story.id.size(), 0u);
}

}  // namespace
}  // namespace scatter
