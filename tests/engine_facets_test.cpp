// Facet counts of SearchEngine::search (engine/search_request.h): each facet
// counts every matching story, not the page shown, in a fixed order, bounded by
// facet_limit. Over the seed archive (issue 3) and a synthetic archive of
// several issues and dates (synthetic_archive.h).
#include "seed_index.h"
#include "synthetic_archive.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace scatter {
namespace {

using Values = std::vector<std::pair<std::string, Xapian::doccount>>;

Values values_of(const FacetCounts& counts) {
  Values out;
  for (const FacetValue& value : counts.values) out.emplace_back(value.value, value.count);
  return out;
}

// The values of `facet` in `result`; fails the test when it was not returned.
Values facet_values(const SearchResult& result, Facet facet) {
  for (const FacetCounts& counts : result.facets) {
    if (counts.facet == facet) return values_of(counts);
  }
  ADD_FAILURE() << "no counts for facet " << facet_name(facet);
  return {};
}

// What each facet should say, counted by hand from every hit of a full listing.
std::map<std::string, Xapian::doccount> tally(const std::vector<SearchHit>& hits, Facet facet) {
  std::map<std::string, Xapian::doccount> counts;
  for (const SearchHit& hit : hits) {
    const StoryRecord& record = hit.record;
    switch (facet) {
      case Facet::kCompany:
        for (const std::string& name : record.story.companies) ++counts[name];
        break;
      case Facet::kTopic:
        for (const TopicScore& topic : record.story.topics) ++counts[topic.name];
        break;
      case Facet::kYear:
        if (record.date) ++counts[record.date->iso().substr(0, 4)];
        break;
      case Facet::kMonth:
        if (record.date) ++counts[record.date->iso().substr(0, 7)];
        break;
      case Facet::kIssue:
        if (record.issue) ++counts[std::to_string(*record.issue)];
        break;
    }
  }
  return counts;
}

std::vector<Facet> all_facets() { return {std::begin(kAllFacets), std::end(kAllFacets)}; }

TEST(FacetNames, RoundTripAndRejectUnknownNames) {
  const std::vector<std::pair<Facet, std::string>> rows = {
      {Facet::kCompany, "company"}, {Facet::kTopic, "topic"}, {Facet::kYear, "year"},
      {Facet::kMonth, "month"},     {Facet::kIssue, "issue"},
  };
  ASSERT_EQ(std::size(kAllFacets), rows.size());
  for (const auto& [facet, name] : rows) {
    SCOPED_TRACE(name);
    EXPECT_EQ(facet_name(facet), name);
    EXPECT_EQ(facet_from_name(name), facet);
  }
  for (const std::string unknown : {"", "Company", "companies", "date", "issue ", "day"}) {
    EXPECT_FALSE(facet_from_name(unknown).has_value()) << '"' << unknown << '"';
  }
}

class SeedFacets : public test::SeedIndexTest {};

TEST_F(SeedFacets, CountTheWholeResultSetNotThePage) {
  const SearchResult result = engine_.search({.per_page = 1, .facets = all_facets()});
  ASSERT_EQ(result.hits.size(), 1u);
  ASSERT_EQ(result.facets.size(), std::size(kAllFacets));
  // Five stories, one company each except 3-3 (none) and 3-4 (Google and Microsoft):
  // ties in count go by name.
  EXPECT_EQ(facet_values(result, Facet::kCompany),
            (Values{{"DeepSeek", 1}, {"Google", 1}, {"Microsoft", 1}, {"Mistral AI", 1}, {"OpenAI", 1}}));
  EXPECT_EQ(facet_values(result, Facet::kYear), (Values{{"2026", 5}}));
  EXPECT_EQ(facet_values(result, Facet::kMonth), (Values{{"2026-02", 5}}));
  EXPECT_EQ(facet_values(result, Facet::kIssue), (Values{{"3", 5}}));
  const Values topics = facet_values(result, Facet::kTopic);
  EXPECT_EQ(topics.size(), 14u) << "each story of issue 3 has three topics but 3-4, which has two";
  for (const auto& [name, count] : topics) EXPECT_EQ(count, 1u) << name;
}

TEST_F(SeedFacets, ComeInTheOrderAsked) {
  const SearchResult result = engine_.search({.facets = {Facet::kIssue, Facet::kCompany, Facet::kYear}});
  ASSERT_EQ(result.facets.size(), 3u);
  EXPECT_EQ(result.facets[0].facet, Facet::kIssue);
  EXPECT_EQ(result.facets[1].facet, Facet::kCompany);
  EXPECT_EQ(result.facets[2].facet, Facet::kYear);
  EXPECT_TRUE(engine_.search({.q = "sora"}).facets.empty()) << "no facets asked, none counted";
}

TEST_F(SeedFacets, OfACorrectedSearchCountTheCorrectedResults) {
  // "pixtrel" finds nothing; the engine shows "pixtral"'s story instead, and
  // the counts must describe what is shown.
  const SearchResult result = engine_.search({.q = "pixtrel", .facets = {Facet::kCompany, Facet::kIssue}});
  ASSERT_TRUE(result.corrected);
  EXPECT_EQ(test::story_ids(result), std::vector<std::string>{"3-5"});
  EXPECT_EQ(facet_values(result, Facet::kCompany), (Values{{"Mistral AI", 1}}));
  EXPECT_EQ(facet_values(result, Facet::kIssue), (Values{{"3", 1}}));
}

TEST_F(SeedFacets, OfASearchWithNoMatchAreEmpty) {
  const SearchResult result = engine_.search({.q = "xylophone", .facets = {Facet::kCompany, Facet::kYear}});
  ASSERT_TRUE(result.hits.empty());
  ASSERT_EQ(result.facets.size(), 2u) << "each facet asked is answered, if only with no values";
  EXPECT_TRUE(result.facets[0].values.empty());
  EXPECT_TRUE(result.facets[1].values.empty());
}

TEST_F(SeedFacets, BadFacetLimitNamesTheParameter) {
  for (const int limit : {0, -1, kMaxFacetLimit + 1}) {
    try {
      engine_.search({.facets = {Facet::kCompany}, .facet_limit = limit});
      ADD_FAILURE() << "accepted facet_limit " << limit;
    } catch (const BadParameter& e) {
      EXPECT_EQ(e.parameter, "facet_limit") << limit;
    }
  }
  EXPECT_NO_THROW(engine_.search({.facets = {Facet::kCompany}, .facet_limit = 1}));
  EXPECT_NO_THROW(engine_.search({.facets = {Facet::kCompany}, .facet_limit = kMaxFacetLimit}));
}

class SyntheticFacets : public test::SyntheticIndexTest {};

TEST_F(SyntheticFacets, CompaniesTopicsAndIssuesMostFirstDatesInTimeOrder) {
  const SearchResult result = engine_.search({.facets = all_facets()});
  EXPECT_EQ(facet_values(result, Facet::kCompany),
            (Values{{"Quillbyte", 4}, {"Marrowlabs", 2}, {"Tundrabit", 2}, {"Zephyrsynth", 2}}));
  EXPECT_EQ(facet_values(result, Facet::kTopic), (Values{{"Robots", 6}, {"Forecasts", 2}}));
  // The undated story 100-1 has no year or month.
  EXPECT_EQ(facet_values(result, Facet::kYear), (Values{{"2024", 2}, {"2025", 4}, {"2027", 1}}));
  EXPECT_EQ(facet_values(result, Facet::kMonth),
            (Values{{"2024-12", 2}, {"2025-01", 3}, {"2025-03", 1}, {"2027-06", 1}}));
  // Issue numbers compare as numbers among equal counts: 9 < 13 < 100, not "100" < "13" < "9".
  EXPECT_EQ(facet_values(result, Facet::kIssue),
            (Values{{"9", 2}, {"11", 2}, {"10", 1}, {"12", 1}, {"13", 1}, {"100", 1}}));
}

TEST_F(SyntheticFacets, EqualTheNumberOfMatchingStoriesWithEachValue) {
  const SearchRequest rows[] = {
      {},
      {.q = "robot"},
      {.q = "forecast"},
      {.q = "quillbyte OR tundrabit"},
      {.companies = {"Marrowlabs"}},
      {.topics = {"Forecasts"}},
      {.issues = {9, 11, 100}},
      {.from = Date{2025, 1, 1}, .to = Date{2025, 12, 31}},
      {.q = "robot", .companies = {"Quillbyte"}, .from = Date{2025, 1, 1}},
  };
  for (std::size_t row = 0; row < std::size(rows); ++row) {
    SCOPED_TRACE("row " + std::to_string(row));
    SearchRequest request = rows[row];
    request.per_page = kMaxPerPage;
    const SearchResult everything = engine_.search(request);
    ASSERT_LT(everything.hits.size(), static_cast<std::size_t>(kMaxPerPage));
    request.per_page = 1;
    request.facets = all_facets();
    const SearchResult counted = engine_.search(request);
    for (const Facet facet : kAllFacets) {
      SCOPED_TRACE(std::string(facet_name(facet)));
      const Values values = facet_values(counted, facet);
      const std::map<std::string, Xapian::doccount> got(values.begin(), values.end());
      EXPECT_EQ(got.size(), values.size()) << "a value listed twice";
      EXPECT_EQ(got, tally(everything.hits, facet));
    }
  }
}

TEST_F(SyntheticFacets, FollowTheFilter) {
  const SearchResult result =
      engine_.search({.companies = {"Tundrabit"}, .facets = {Facet::kCompany, Facet::kYear, Facet::kTopic}});
  EXPECT_EQ(result.hits.size(), 2u);
  EXPECT_EQ(facet_values(result, Facet::kCompany), (Values{{"Tundrabit", 2}, {"Marrowlabs", 1}}));
  EXPECT_EQ(facet_values(result, Facet::kYear), (Values{{"2025", 1}, {"2027", 1}}));
  EXPECT_EQ(facet_values(result, Facet::kTopic), (Values{{"Robots", 1}})) << "11-2 has no topic";
}

TEST_F(SyntheticFacets, FacetLimitKeepsTheFirstValues) {
  const std::vector<Facet> facets = {Facet::kCompany, Facet::kMonth, Facet::kIssue};
  const SearchResult one = engine_.search({.facets = facets, .facet_limit = 1});
  EXPECT_EQ(facet_values(one, Facet::kCompany), (Values{{"Quillbyte", 4}}));
  EXPECT_EQ(facet_values(one, Facet::kMonth), (Values{{"2025-01", 3}})) << "the month with most, not the newest";
  EXPECT_EQ(facet_values(one, Facet::kIssue), (Values{{"9", 2}}));
  const SearchResult two = engine_.search({.facets = facets, .facet_limit = 2});
  EXPECT_EQ(facet_values(two, Facet::kCompany), (Values{{"Quillbyte", 4}, {"Marrowlabs", 2}}));
  EXPECT_EQ(facet_values(two, Facet::kIssue), (Values{{"9", 2}, {"11", 2}}));
  const SearchResult all = engine_.search({.facets = facets, .facet_limit = kMaxFacetLimit});
  EXPECT_EQ(facet_values(all, Facet::kIssue).size(), 6u);
}

// Years were listed newest first and cut at the limit, so an old year's peak hid
// behind "Show more". By value, the years kept are those with most matches, in
// time order; facet_sort turns either order on for any facet.
TEST_F(SyntheticFacets, FacetSortOrdersByValueOrCountAndKeepsThePeaks) {
  const SearchResult two_years = engine_.search({.facets = {Facet::kYear}, .facet_limit = 2});
  EXPECT_EQ(facet_values(two_years, Facet::kYear), (Values{{"2024", 2}, {"2025", 4}})) << "not 2027, one story";
  const SearchResult by_count = engine_.search({.facets = {Facet::kYear}, .facet_sort = FacetSort::kCount});
  EXPECT_EQ(facet_values(by_count, Facet::kYear), (Values{{"2025", 4}, {"2024", 2}, {"2027", 1}}));
  const SearchResult by_value = engine_.search({.facets = {Facet::kCompany, Facet::kIssue}, .facet_sort = FacetSort::kValue});
  EXPECT_EQ(facet_values(by_value, Facet::kCompany),
            (Values{{"Marrowlabs", 2}, {"Quillbyte", 4}, {"Tundrabit", 2}, {"Zephyrsynth", 2}}));
  EXPECT_EQ(facet_values(by_value, Facet::kIssue),
            (Values{{"9", 2}, {"10", 1}, {"11", 2}, {"12", 1}, {"13", 1}, {"100", 1}}));
}

TEST_F(SyntheticFacets, AreTheSameOnEveryPage) {
  const std::vector<Facet> facets = all_facets();
  const SearchResult first = engine_.search({.q = "robot", .per_page = 2, .facets = facets});
  const SearchResult third = engine_.search({.q = "robot", .page = 3, .per_page = 2, .facets = facets});
  const SearchResult past_the_end = engine_.search({.q = "robot", .page = 9, .per_page = 2, .facets = facets});
  EXPECT_EQ(third.hits.size(), 2u);
  EXPECT_TRUE(past_the_end.hits.empty());
  for (const Facet facet : facets) {
    SCOPED_TRACE(std::string(facet_name(facet)));
    EXPECT_EQ(facet_values(third, facet), facet_values(first, facet));
    EXPECT_EQ(facet_values(past_the_end, facet), facet_values(first, facet));
  }
  EXPECT_EQ(facet_values(first, Facet::kTopic), (Values{{"Robots", 6}, {"Forecasts", 1}}));
}

// The same archive in three shards: the counts do not depend on the layout.
class ShardedSyntheticFacets : public test::SyntheticIndexTest {
 protected:
  static void SetUpTestSuite() { build(3); }
};

TEST_F(ShardedSyntheticFacets, CountAsOneDatabaseDoes) {
  const SearchResult result = engine_.search({.per_page = 1, .facets = all_facets()});
  EXPECT_EQ(facet_values(result, Facet::kCompany),
            (Values{{"Quillbyte", 4}, {"Marrowlabs", 2}, {"Tundrabit", 2}, {"Zephyrsynth", 2}}));
  EXPECT_EQ(facet_values(result, Facet::kTopic), (Values{{"Robots", 6}, {"Forecasts", 2}}));
  EXPECT_EQ(facet_values(result, Facet::kYear), (Values{{"2024", 2}, {"2025", 4}, {"2027", 1}}));
  EXPECT_EQ(facet_values(result, Facet::kIssue),
            (Values{{"9", 2}, {"11", 2}, {"10", 1}, {"12", 1}, {"13", 1}, {"100", 1}}));
  const SearchResult robots = engine_.search({.q = "robot", .per_page = 1, .facets = {Facet::kMonth}});
  EXPECT_EQ(facet_values(robots, Facet::kMonth),
            (Values{{"2024-12", 1}, {"2025-01", 2}, {"2025-03", 1}, {"2027-06", 1}}));
}

}  // namespace
}  // namespace scatter
