// Facet and trend counts from the facet index (common/facets) equal a count
// made by hand over every matching story, for 200 queries over a SYNTHETIC
// archive of 750 stories: the stories are read back page by page through
// the engine, and their companies, topics, dates and issues tallied here.
// Also: two shards count as one database, and counts follow a new revision.
#include "synthetic_corpus.h"
#include "test_support.h"

#include "engine/search_engine.h"
#include "facets/facet_index_cache.h"
#include "index/indexing.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace scatter {
namespace {

using test::describe;
using test::kCompanies;
using test::kIssues;
using test::kStoriesPerIssue;
using test::kWords;
using test::probe_requests;
using test::write_synthetic_archive;
using test::write_synthetic_tables;

using Counts = std::map<std::string, Xapian::doccount>;

// Every story the request matches, read back a page at a time.
std::vector<StoryRecord> every_match(SearchEngine& engine, SearchRequest request) {
  std::vector<StoryRecord> stories;
  std::set<std::string> seen;
  request.per_page = kMaxPerPage;
  for (request.page = 1;; ++request.page) {
    const SearchResult page = engine.search(request);
    for (const SearchHit& hit : page.hits) {
      EXPECT_TRUE(seen.insert(hit.record.story.id).second) << request.q << ": " << hit.record.story.id << " twice";
      stories.push_back(hit.record);
    }
    if (page.hits.size() < static_cast<std::size_t>(kMaxPerPage)) break;
  }
  return stories;
}

std::map<Facet, Counts> count_by_hand(const std::vector<StoryRecord>& stories) {
  std::map<Facet, Counts> counts;
  for (const StoryRecord& record : stories) {
    for (const std::string& name : record.story.companies) ++counts[Facet::kCompany][name];
    for (const TopicScore& topic : record.story.topics) ++counts[Facet::kTopic][topic.name];
    if (record.date) ++counts[Facet::kYear][std::to_string(record.date->year)];
    if (record.date && record.date->has_month()) ++counts[Facet::kMonth][record.date->iso().substr(0, 7)];
    if (record.issue) ++counts[Facet::kIssue][std::to_string(*record.issue)];
  }
  return counts;
}

std::map<Facet, Counts> engine_counts(const SearchResult& result) {
  std::map<Facet, Counts> counts;
  for (const FacetCounts& facet : result.facets) {
    for (const FacetValue& value : facet.values) counts[facet.facet][value.value] = value.count;
  }
  return counts;
}

class FacetExactness : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    write_synthetic_tables(*dir_ / "archive");
    write_synthetic_archive(*dir_ / "archive", 7, kIssues);
    for (const auto& [name, shards] : {std::pair{"one", 1}, std::pair{"two", 2}}) {
      const IndexConfig config{.archive = *dir_ / "archive", .db = *dir_ / name, .shards = static_cast<std::size_t>(shards)};
      ASSERT_EQ(index_archive(config).stories, static_cast<std::size_t>(kIssues * kStoriesPerIssue));
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static inline test::TempDir* dir_ = nullptr;
  SearchEngine engine_{*dir_ / "one"};
};

TEST_F(FacetExactness, EveryFacetOfTwoHundredQueriesCountsWhatItsMatchesHave) {
  int with_matches = 0;
  for (SearchRequest request : probe_requests()) {
    const std::vector<StoryRecord> stories = every_match(engine_, request);
    with_matches += stories.empty() ? 0 : 1;
    request.facets = {std::begin(kAllFacets), std::end(kAllFacets)};
    request.facet_limit = kMaxFacetLimit;
    request.per_page = 1;
    const SearchResult result = engine_.search(request);
    EXPECT_EQ(result.total_estimate, stories.size()) << describe(request);
    EXPECT_EQ(result.total_lower, result.total_upper) << describe(request);
    std::map<Facet, Counts> expected = count_by_hand(stories);
    std::map<Facet, Counts> counted = engine_counts(result);
    // Issues outnumber the limit: compare the values kept, which must be the
    // ones with most stories.
    for (const auto& [value, count] : counted[Facet::kIssue]) {
      EXPECT_EQ(count, expected[Facet::kIssue][value]) << describe(request) << " issue " << value;
    }
    if (expected[Facet::kIssue].size() <= static_cast<std::size_t>(kMaxFacetLimit)) {
      EXPECT_EQ(counted[Facet::kIssue], expected[Facet::kIssue]) << describe(request);
    }
    counted.erase(Facet::kIssue);
    expected.erase(Facet::kIssue);
    std::erase_if(counted, [](const auto& facet) { return facet.second.empty(); });
    std::erase_if(expected, [](const auto& facet) { return facet.second.empty(); });
    EXPECT_EQ(counted, expected) << describe(request);
  }
  EXPECT_GT(with_matches, 150) << "the probes must mostly find stories";
}

TEST_F(FacetExactness, OnePerIssueCountsTheDistinctIssuesOfTheMatches) {
  std::vector<SearchRequest> requests = probe_requests();
  requests.resize(60);
  for (SearchRequest request : requests) {
    const std::vector<StoryRecord> stories = every_match(engine_, request);
    std::set<int> issues;
    Xapian::doccount without_issue = 0;
    for (const StoryRecord& record : stories) {
      if (record.issue) issues.insert(*record.issue);
      else ++without_issue;
    }
    request.collapse_by_issue = true;
    const SearchResult result = engine_.search(request);
    EXPECT_EQ(result.total_estimate, issues.size() + without_issue) << describe(request);
    EXPECT_EQ(result.total_lower, result.total_upper) << describe(request);
  }
}

TEST_F(FacetExactness, TheWholeArchiveByDateListsAsASortOfEveryStoryDoes) {
  // The empty query sorts only the first months' stories (the facet index says
  // which); a word every story has sorts them all. Both must list alike.
  for (const SortOrder sort : {SortOrder::kNewest, SortOrder::kOldest}) {
    for (const int per_page : {1, 7, 100}) {
      for (int page = 1; page <= 9; page += 4) {
        const SearchRequest listing{.q = "", .page = page, .per_page = per_page, .sort = sort};
        SearchRequest reference = listing;
        reference.q = "synthetic";
        const SearchResult a = engine_.search(listing), b = engine_.search(reference);
        ASSERT_EQ(a.hits.size(), b.hits.size()) << page << " " << per_page;
        for (std::size_t i = 0; i < a.hits.size(); ++i) {
          EXPECT_EQ(a.hits[i].record.story.id, b.hits[i].record.story.id) << "page " << page << " of " << per_page << " at " << i;
        }
        EXPECT_EQ(a.total_estimate, static_cast<Xapian::doccount>(kIssues * kStoriesPerIssue));
        EXPECT_EQ(a.total_lower, a.total_upper);
      }
    }
  }
}

TEST_F(FacetExactness, TrendsCountWhatTheMatchesHaveByMonthYearAndWeek) {
  std::vector<SearchRequest> requests = probe_requests();
  requests.resize(60);
  for (const SearchRequest& request : requests) {
    const std::vector<StoryRecord> stories = every_match(engine_, request);
    for (const Interval interval : {Interval::kMonth, Interval::kYear, Interval::kWeek}) {
      Counts expected;
      Xapian::doccount undated = 0;
      for (const StoryRecord& record : stories) {
        const auto& date = record.date;
        if (!date || (interval == Interval::kMonth && !date->has_month()) || (interval == Interval::kWeek && !date->has_day())) {
          ++undated;
        } else if (interval == Interval::kMonth) {
          ++expected[date->iso().substr(0, 7)];
        } else if (interval == Interval::kYear) {
          ++expected[std::to_string(date->year)];
        } else {
          ++expected[date->week_start().iso()];
        }
      }
      const TrendsResult trends = engine_.trends({.search = request, .interval = interval});
      Counts counted;
      for (const TrendPeriod& period : trends.periods) {
        if (period.count > 0) counted[period.period] = period.count;
      }
      EXPECT_EQ(trends.total, stories.size()) << describe(request) << " " << interval_name(interval);
      EXPECT_EQ(trends.undated, undated) << describe(request) << " " << interval_name(interval);
      EXPECT_EQ(counted, expected) << describe(request) << " " << interval_name(interval);
    }
  }
}

TEST_F(FacetExactness, ATrendSplitByCompanyCountsEachNameAndTheRestAsMentions) {
  for (const std::string q : {"", "robot", "forecast model", "-ledger"}) {
    const std::vector<StoryRecord> stories = every_match(engine_, {.q = q});
    // By year: the names with most dated stories, then the others' mentions.
    std::map<std::string, Xapian::doccount> totals;
    for (const StoryRecord& record : stories) {
      if (!record.date) continue;
      for (const std::string& name : record.story.companies) ++totals[name];
    }
    std::vector<std::pair<std::string, Xapian::doccount>> ranked(totals.begin(), totals.end());
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    constexpr int kSeries = 3;
    std::map<std::string, std::vector<Xapian::doccount>> expected;  // year -> series..., other
    for (const StoryRecord& record : stories) {
      if (!record.date) continue;
      std::vector<Xapian::doccount>& row = expected[std::to_string(record.date->year)];
      row.resize(kSeries + 1);
      for (const std::string& name : record.story.companies) {
        const auto at = std::find_if(ranked.begin(), ranked.begin() + kSeries, [&](const auto& r) { return r.first == name; });
        ++row[static_cast<std::size_t>(std::min<long>(at - ranked.begin(), kSeries))];
      }
    }
    const TrendsResult trends =
        engine_.trends({.search = {.q = q}, .interval = Interval::kYear, .by = TrendSplit::kCompany, .series = kSeries});
    ASSERT_EQ(trends.series.size(), static_cast<std::size_t>(kSeries + 1)) << q;
    for (int i = 0; i < kSeries; ++i) EXPECT_EQ(trends.series[static_cast<std::size_t>(i)], ranked[static_cast<std::size_t>(i)].first) << q;
    EXPECT_EQ(trends.series.back(), "other");
    for (const TrendPeriod& period : trends.periods) {
      std::vector<Xapian::doccount> row = expected[period.period];
      row.resize(kSeries + 1);
      EXPECT_EQ(period.by, row) << q << " " << period.period;
    }
  }
}

TEST_F(FacetExactness, TwoShardsCountAsOneDatabase) {
  SearchEngine sharded(*dir_ / "two");
  std::vector<SearchRequest> requests = probe_requests();
  for (std::size_t i = 0; i < requests.size(); i += 4) {
    SearchRequest request = requests[i];
    request.facets = {std::begin(kAllFacets), std::end(kAllFacets)};
    const SearchResult one = engine_.search(request), two = sharded.search(request);
    EXPECT_EQ(engine_counts(one), engine_counts(two)) << describe(request);
    EXPECT_EQ(one.total_estimate, two.total_estimate) << describe(request);
    const TrendsRequest trend{.search = request, .interval = Interval::kMonth, .by = TrendSplit::kTopic};
    const TrendsResult one_trends = engine_.trends(trend), two_trends = sharded.trends(trend);
    ASSERT_EQ(one_trends.periods.size(), two_trends.periods.size()) << describe(request);
    for (std::size_t p = 0; p < one_trends.periods.size(); ++p) {
      EXPECT_EQ(one_trends.periods[p].count, two_trends.periods[p].count) << describe(request);
      EXPECT_EQ(one_trends.periods[p].by, two_trends.periods[p].by) << describe(request);
    }
  }
}

// A SYNTHETIC archive of `issues` issues (seed `seed`) indexed in `dir`; more
// issues later are an in-place commit.
IndexConfig index_synthetic(const std::filesystem::path& dir, unsigned seed, int issues) {
  write_synthetic_tables(dir / "archive");
  write_synthetic_archive(dir / "archive", seed, issues);
  const IndexConfig config{.archive = dir / "archive", .db = dir / "index"};
  index_archive(config);
  return config;
}

const SearchRequest kEveryIssue{.q = "", .facets = {Facet::kIssue}, .facet_limit = kMaxFacetLimit};

TEST(FacetIndexRevisions, CountsFollowTheIndexersNextCommit) {
  test::TempDir dir;
  const IndexConfig config = index_synthetic(dir.path(), 11, 20);
  SearchEngine engine(dir / "index");
  const SearchRequest request = kEveryIssue;
  ASSERT_EQ(engine.search(request).facets.at(0).values.size(), 20u);
  // The archive grows by ten issues and loses none: an in-place commit.
  write_synthetic_archive(dir / "archive", 11, 30);
  index_archive(config);
  const SearchResult after = engine.search(request);
  EXPECT_EQ(after.facets.at(0).values.size(), 30u);
  EXPECT_EQ(after.total_estimate, 30u * kStoriesPerIssue);
  EXPECT_EQ(engine.trends({.search = {.q = ""}, .interval = Interval::kYear}).total, 30u * kStoriesPerIssue);
}

// searchd builds each new revision's facet index ahead, from its index watch:
// the first faceted search of that revision then finds it built.
TEST(FacetIndexRevisions, APreparedRevisionsFirstFacetedSearchBuildsNothing) {
  test::TempDir dir;
  const IndexConfig config = index_synthetic(dir.path(), 13, 12);
  SearchEngine preparing(dir / "index"), searching(dir / "index");
  const SearchRequest& request = kEveryIssue;
  facets::FacetIndexCache& cache = facets::FacetIndexCache::shared();

  const std::uint64_t before = cache.builds();
  preparing.prepare_counts();
  EXPECT_EQ(cache.builds(), before + 1);
  preparing.prepare_counts();
  EXPECT_EQ(cache.builds(), before + 1) << "a revision is built once";
  EXPECT_EQ(searching.search(request).facets.at(0).values.size(), 12u);
  EXPECT_EQ(cache.builds(), before + 1) << "the search found the prepared index";

  write_synthetic_archive(dir / "archive", 13, 15);
  index_archive(config);
  preparing.prepare_counts();
  EXPECT_EQ(cache.builds(), before + 2) << "a new revision is built anew";
  EXPECT_EQ(searching.search(request).facets.at(0).values.size(), 15u);
  EXPECT_EQ(cache.builds(), before + 2);
}

}  // namespace
}  // namespace scatter
