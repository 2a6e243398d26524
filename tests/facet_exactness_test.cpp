// Facet and trend counts from the facet index (common/facets) equal a count
// made by hand over every matching story, for 200 queries over a SYNTHETIC
// archive of 1,500 stories: the stories are read back page by page through
// the engine, and their companies, topics, dates and issues tallied here.
// Also: two shards count as one database, and counts follow a new revision.
#include "test_support.h"

#include "engine/search_engine.h"
#include "index/indexing.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace scatter {
namespace {

constexpr int kIssues = 300, kStoriesPerIssue = 5;
const std::vector<std::string> kCompanies = {"Quillbyte", "Zephyrsynth", "Marrowlabs", "Tundrabit", "Glimmerforge",
                                             "Ploverkite", "Saffronetic", "Brindleworks", "Cobaltwhisk", "Dunmoreq"};
const std::vector<std::string> kWords = {"robot",  "forecast", "ledger", "parcel", "rainfall", "model",  "harbour",
                                         "lantern", "orchard", "copper", "signal", "glacier", "meadow", "circuit",
                                         "ferry",  "granite",  "willow", "beacon", "quarry",   "thimble", "saddle",
                                         "tangle", "velvet",   "walnut", "yonder", "zigzag",   "amber",  "bristle"};

// SYNTHETIC TEST DATA, not news. Issue i is dated weekly from 2019; some
// issues only by a month or a year, a few not at all.
std::string synthetic_date(int issue) {
  if (issue % 50 == 0) return "";
  const Date day = Date::from_day_number(Date{2019, 1, 7}.day_number() + 7L * issue);
  if (issue % 40 == 3) return std::to_string(day.year);
  if (issue % 37 == 5) return day.iso().substr(0, 7);
  return day.iso();
}

// JSON Lines for the dated issues; an undated issue is a text capture of its
// own (a JSON line must have a date).
void write_synthetic_archive(const std::filesystem::path& archive, unsigned seed, int issues) {
  std::mt19937 random(seed);
  // Zipf-like: the first words are far more common than the last.
  std::vector<double> weights;
  for (std::size_t i = 0; i < kWords.size(); ++i) weights.push_back(1.0 / static_cast<double>(i + 1));
  std::discrete_distribution<std::size_t> word(weights.begin(), weights.end());
  std::uniform_int_distribution<std::size_t> company(0, kCompanies.size() - 1);
  std::uniform_int_distribution<int> mentions(0, 3);
  const auto words = [&](int n) {
    std::string text;
    for (int i = 0; i < n; ++i) text += (i ? " " : "") + kWords[word(random)];
    return text;
  };
  std::string lines;
  for (int issue = 1; issue <= issues; ++issue) {
    const std::string date = synthetic_date(issue);
    std::string undated;
    for (int story = 1; story <= kStoriesPerIssue; ++story) {
      std::string paragraph = "Synthetic test text, not news: " + words(14) + ".";
      for (int m = mentions(random); m > 0; --m) paragraph += " " + kCompanies[company(random)] + " " + words(3) + ".";
      nlohmann::json line{{"issue", issue},
                          {"story", story},
                          {"newsletter", "SYNTHETIC TEST ARCHIVE (not news)"},
                          {"title", "Synthetic " + words(4)},
                          {"paragraphs", {paragraph}}};
      if (date.empty()) {
        undated += std::to_string(story) + ". " + line["title"].get<std::string>() + "\n" + paragraph + "\n";
        continue;
      }
      line["date"] = date;
      lines += line.dump() + "\n";
    }
    if (!undated.empty()) test::write_file(archive / ("issue-" + std::to_string(issue) + ".txt"), undated);
  }
  test::write_file(archive / "synthetic.jsonl", lines);
}

void write_synthetic_tables(const std::filesystem::path& archive) {
  nlohmann::json companies{{"_about", "SYNTHETIC companies for tests: invented names, not real companies."}};
  for (const std::string& name : kCompanies) companies["companies"].push_back({{"name", name}, {"aliases", nlohmann::json::array()}, {"products", nlohmann::json::array()}});
  test::write_file(archive / "companies.json", companies.dump());
  test::write_file(archive / "topics.json", R"({"_about": "SYNTHETIC topics for tests.", "min_score": 2.0, "topics": [
    {"name": "Robots", "terms": {"circuit": 2, "signal": 2}},
    {"name": "Weather", "terms": {"rainfall": 2, "glacier": 2}},
    {"name": "Trade", "terms": {"harbour": 2, "ferry": 2, "quarry": 2}}]})");
}

// 200 queries of every kind the language has, some with filters.
std::vector<SearchRequest> probe_requests() {
  std::vector<SearchRequest> requests;
  for (std::size_t i = 0; i < kWords.size(); ++i) requests.push_back({.q = kWords[i]});
  for (std::size_t i = 0; i + 1 < kWords.size(); ++i) requests.push_back({.q = kWords[i] + " " + kWords[i + 1]});
  for (std::size_t i = 0; i + 2 < kWords.size(); i += 2) requests.push_back({.q = kWords[i] + " " + kWords[i + 2] + " synthetic"});
  for (std::size_t i = 0; i + 1 < kWords.size(); i += 2) requests.push_back({.q = "\"" + kWords[i] + " " + kWords[i + 1] + "\""});
  for (std::size_t i = 0; i + 3 < kWords.size(); i += 2) requests.push_back({.q = kWords[i] + " -" + kWords[i + 3]});
  for (std::size_t i = 0; i + 5 < kWords.size(); i += 2) requests.push_back({.q = kWords[i] + " OR " + kWords[i + 5]});
  for (const std::string& name : kCompanies) requests.push_back({.q = "company:" + name});
  for (const std::string& name : kCompanies) requests.push_back({.q = "robot", .companies = {name}});
  for (const std::string name : {"Robots", "Weather", "Trade"}) {
    requests.push_back({.q = "", .topics = {name}});
    requests.push_back({.q = "model", .topics = {name}});
  }
  for (int year = 2019; year <= 2024; ++year) {
    requests.push_back({.q = "", .from = Date{year, 1, 1}, .to = Date{year, 12, 31}});
    requests.push_back({.q = "forecast", .from = Date{year, 3, 1}, .to = Date{year, 9, 30}});
  }
  for (int issue = 1; issue <= 40; issue += 3) requests.push_back({.q = "", .issues = {issue, issue + 1}});
  requests.push_back({.q = ""});
  requests.push_back({.q = "synthetic"});
  requests.push_back({.q = "year:2020"});
  requests.push_back({.q = "robot*"});
  requests.push_back({.q = "-robot"});
  requests.push_back({.q = "nothingmatchesthis"});
  while (requests.size() < 200) requests.push_back({.q = kWords[requests.size() % kWords.size()] + " company:Quillbyte"});
  requests.resize(200);
  return requests;
}

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

std::string describe(const SearchRequest& request) {
  std::string text = "q='" + request.q + "'";
  for (const auto& c : request.companies) text += " company=" + c;
  for (const auto& t : request.topics) text += " topic=" + t;
  for (const int i : request.issues) text += " issue=" + std::to_string(i);
  if (request.from) text += " from=" + request.from->iso();
  if (request.to) text += " to=" + request.to->iso();
  return text;
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

TEST(FacetIndexRevisions, CountsFollowTheIndexersNextCommit) {
  test::TempDir dir;
  write_synthetic_tables(dir / "archive");
  write_synthetic_archive(dir / "archive", 11, 20);
  const IndexConfig config{.archive = dir / "archive", .db = dir / "index"};
  index_archive(config);
  SearchEngine engine(dir / "index");
  const SearchRequest request{.q = "", .facets = {Facet::kIssue}, .facet_limit = kMaxFacetLimit};
  ASSERT_EQ(engine.search(request).facets.at(0).values.size(), 20u);
  // The archive grows by ten issues and loses none: an in-place commit.
  write_synthetic_archive(dir / "archive", 11, 30);
  index_archive(config);
  const SearchResult after = engine.search(request);
  EXPECT_EQ(after.facets.at(0).values.size(), 30u);
  EXPECT_EQ(after.total_estimate, 30u * kStoriesPerIssue);
  EXPECT_EQ(engine.trends({.search = {.q = ""}, .interval = Interval::kYear}).total, 30u * kStoriesPerIssue);
}

}  // namespace
}  // namespace scatter
