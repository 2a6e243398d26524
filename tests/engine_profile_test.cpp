// A company's or topic's page (SearchEngine::profile): its stories per month,
// the companies and topics in the same stories, its latest stories and what
// stands out in them, over the SYNTHETIC archive of synthetic_archive.h.
#include "synthetic_archive.h"

#include <gtest/gtest.h>

#include <numeric>

namespace scatter {
namespace {

using Profile = test::SyntheticIndexTest;

std::vector<std::pair<std::string, Xapian::doccount>> values(const std::vector<FacetValue>& list) {
  std::vector<std::pair<std::string, Xapian::doccount>> out;
  for (const FacetValue& value : list) out.emplace_back(value.value, value.count);
  return out;
}

TEST_F(Profile, ACompanyByAnyOfItsNamesGivesItsStoriesMonthsCompanionsAndLatest) {
  const auto profile = engine_.profile({.kind = EntityKind::kCompany, .name = "inkwell", .latest = 3});
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->name, "Quillbyte");
  EXPECT_EQ(profile->aliases, std::vector<std::string>{"Quillbyte Labs"});
  EXPECT_EQ(profile->products, std::vector<std::string>{"Inkwell"});
  EXPECT_EQ(profile->stories, 4u);
  // Per month from the first to the last, empty months included; the undated story in none.
  EXPECT_EQ(profile->per_month.interval, Interval::kMonth);
  ASSERT_FALSE(profile->per_month.periods.empty());
  EXPECT_EQ(profile->per_month.periods.front().period, "2024-12");
  EXPECT_EQ(profile->per_month.periods.back().period, "2025-01");
  const auto counted = std::accumulate(profile->per_month.periods.begin(), profile->per_month.periods.end(), 0u,
                                       [](unsigned sum, const TrendPeriod& p) { return sum + p.count; });
  EXPECT_EQ(counted + profile->per_month.undated, 4u);
  // Itself is not its own companion.
  EXPECT_EQ(values(profile->companies), (std::vector<std::pair<std::string, Xapian::doccount>>{{"Marrowlabs", 1}}));
  EXPECT_EQ(values(profile->topics),
            (std::vector<std::pair<std::string, Xapian::doccount>>{{"Robots", 4}, {"Forecasts", 1}}));
  ASSERT_EQ(profile->latest.size(), 3u);
  EXPECT_EQ(profile->latest[0].record.story.id, "11-1") << "newest first";
  EXPECT_EQ(profile->latest[1].record.story.id, "10-1");
}

TEST_F(Profile, ATopicLeavesItselfOutOfItsTopics) {
  const auto profile = engine_.profile({.kind = EntityKind::kTopic, .name = "robots"});
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->name, "Robots");
  EXPECT_EQ(profile->stories, 6u);
  EXPECT_EQ(values(profile->topics), (std::vector<std::pair<std::string, Xapian::doccount>>{{"Forecasts", 1}}));
  EXPECT_EQ(profile->companies.front().value, "Quillbyte");
  EXPECT_TRUE(profile->aliases.empty());
  ASSERT_FALSE(profile->latest.empty());
  EXPECT_EQ(profile->latest[0].record.story.id, "13-1");
}

TEST_F(Profile, UnknownNamesAreNotFoundAndBadLimitsAreRefused) {
  EXPECT_FALSE(engine_.profile({.kind = EntityKind::kCompany, .name = "Nonesuch"}));
  EXPECT_FALSE(engine_.profile({.kind = EntityKind::kTopic, .name = "Quillbyte"})) << "a company is not a topic";
  try {
    engine_.profile({.kind = EntityKind::kCompany, .name = "Quillbyte", .latest = 0});
    FAIL() << "latest=0 was served";
  } catch (const BadParameter& e) {
    EXPECT_EQ(e.parameter, "latest");
  }
}

}  // namespace
}  // namespace scatter
