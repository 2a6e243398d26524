// searchd/request_params.h: query strings as a search form sends them ->
// engine requests; every refusal names its parameter.
#include "searchd/request_params.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace scatter::searchd {
namespace {

TEST(QueryParameters, DecodeAsABrowserFormEncodesThem) {
  const struct {
    std::string target;
    Parameters expected;
  } rows[] = {
      {"/search", {}},
      {"/search?", {}},
      {"/search?q=sora", {{"q", "sora"}}},
      {"/search?q=latent+attention", {{"q", "latent attention"}}},
      {"/search?q=latent%20attention", {{"q", "latent attention"}}},
      {"/search?q=C%2B%2B", {{"q", "C++"}}},
      {"/search?q=%22multi-head+latent%22", {{"q", "\"multi-head latent\""}}},
      {"/search?q=%e2%80%98Pixtral%E2%80%99", {{"q", "\xE2\x80\x98Pixtral\xE2\x80\x99"}}},
      {"/search?q=a%26b%3Dc", {{"q", "a&b=c"}}},
      {"/search?q=100%25", {{"q", "100%"}}},
      {"/search?q=100%", {{"q", "100%"}}},
      {"/search?q=%zz%4", {{"q", "%zz%4"}}},
      {"/search?per%5Fpage=2", {{"per_page", "2"}}},
      {"/search?q=a&&page=2&", {{"q", "a"}, {"page", "2"}}},
      {"/search?prefix", {{"prefix", ""}}},
      {"/search?q=a=b", {{"q", "a=b"}}},
      {"/search?q=sora#results", {{"q", "sora"}}},
      {"/search?company=OpenAI&company=Google", {{"company", "OpenAI"}, {"company", "Google"}}},
  };
  for (const auto& row : rows) EXPECT_EQ(query_parameters(row.target), row.expected) << row.target;
}

TEST(SearchRequestFrom, ReadsEveryParameter) {
  const SearchRequest request = search_request_from_target(
      "/search?q=latent+attention&company=OpenAI,Google&company=Mistral&topic=Video+generation&issue=3,4"
      "&from=2026-02-01&to=2026-02-28&sort=newest&page=2&per_page=5&prefix=1&collapse=issue"
      "&facets=company,year&facets=company&facet_limit=3");
  EXPECT_EQ(request.q, "latent attention");
  EXPECT_EQ(request.companies, (std::vector<std::string>{"OpenAI", "Google", "Mistral"}));
  EXPECT_EQ(request.topics, std::vector<std::string>{"Video generation"});
  EXPECT_EQ(request.issues, (std::vector<int>{3, 4}));
  ASSERT_TRUE(request.from && request.to);
  EXPECT_EQ(request.from->iso(), "2026-02-01");
  EXPECT_EQ(request.to->iso(), "2026-02-28");
  EXPECT_EQ(request.sort, SortOrder::kNewest);
  EXPECT_EQ(request.page, 2);
  EXPECT_EQ(request.per_page, 5);
  EXPECT_TRUE(request.prefix);
  EXPECT_TRUE(request.collapse_by_issue);
  EXPECT_EQ(request.facets, (std::vector<Facet>{Facet::kCompany, Facet::kYear})) << "each facet once, in order";
  EXPECT_EQ(request.facet_limit, 3);
}

TEST(SearchRequestFrom, EmptyFieldsOfAFormMeanNoFilter) {
  const SearchRequest request =
      search_request_from_target("/search?q=&company=&topic=&issue=&from=&to=&page=&per_page=&sort=&collapse=&prefix=");
  const SearchRequest defaults;
  EXPECT_EQ(request.q, "");
  EXPECT_TRUE(request.companies.empty());
  EXPECT_TRUE(request.topics.empty());
  EXPECT_TRUE(request.issues.empty());
  EXPECT_FALSE(request.from || request.to);
  EXPECT_EQ(request.page, defaults.page);
  EXPECT_EQ(request.per_page, defaults.per_page);
  EXPECT_EQ(request.sort, defaults.sort);
  EXPECT_FALSE(request.collapse_by_issue);
  EXPECT_FALSE(request.prefix);
  // Empty items of a list are dropped, not searched for.
  EXPECT_EQ(search_request_from_target("/search?company=,OpenAI,,Google,").companies,
            (std::vector<std::string>{"OpenAI", "Google"}));
}

// Each row: a target that must be refused, and the parameter the refusal names.
struct Refusal {
  std::string target;
  std::string parameter;
};

void expect_refusals(const std::vector<Refusal>& rows, const std::function<void(const std::string&)>& read) {
  for (const Refusal& row : rows) {
    try {
      read(row.target);
      ADD_FAILURE() << row.target << " was accepted";
    } catch (const BadParameter& e) {
      EXPECT_EQ(e.parameter, row.parameter) << row.target;
      EXPECT_FALSE(e.reason.empty()) << row.target;
      EXPECT_NE(std::string(e.what()).find(row.parameter), std::string::npos) << row.target << ": " << e.what();
    }
  }
}

TEST(SearchRequestFrom, RefusalsNameTheParameter) {
  expect_refusals(
      {
          {"/search?compnay=OpenAI", "compnay"},
          {"/search?q=sora&limit=3", "limit"},
          {"/search?interval=week", "interval"},
          {"/search?page=two", "page"},
          {"/search?page=2.5", "page"},
          {"/search?page=%2B2", "page"},
          {"/search?page=+2", "page"},
          {"/search?page=99999999999", "page"},
          {"/search?per_page=ten", "per_page"},
          {"/search?facet_limit=x", "facet_limit"},
          {"/search?issue=3,three", "issue"},
          {"/search?from=2026-02-30", "from"},
          {"/search?from=02/09/2026", "from"},
          {"/search?to=yesterday", "to"},
          // A lower-case name may be a field of fields.json: the engine judges it.
          {"/search?sort=Random", "sort"},
          {"/search?collapse=day", "collapse"},
          {"/search?prefix=yes", "prefix"},
          {"/search?facets=company,weather-map", "facets"},
          {"/search?facet_sort=alphabetical", "facet_sort"},
          {"/search?from=1990-1", "from"},
          {"/search?to=March+1990", "to"},
      },
      [](const std::string& target) { search_request_from_target(target); });
}

TEST(TrendsRequestFrom, ReadsTheFiltersOfSearchAndItsOwn) {
  const TrendsRequest request = trends_request_from(
      query_parameters("/trends?q=sora&company=OpenAI&interval=week&by=company&series=3&from=2026-01-01"));
  EXPECT_EQ(request.search.q, "sora");
  EXPECT_EQ(request.search.companies, std::vector<std::string>{"OpenAI"});
  ASSERT_TRUE(request.search.from);
  EXPECT_EQ(request.interval, Interval::kWeek);
  EXPECT_EQ(request.by, TrendSplit::kCompany);
  EXPECT_EQ(request.series, 3);

  const TrendsRequest defaults = trends_request_from(query_parameters("/trends?interval=&by=&series="));
  EXPECT_EQ(defaults.interval, Interval::kAuto) << "the engine picks from the span";
  EXPECT_EQ(trends_request_from(query_parameters("/trends")).interval, Interval::kAuto);
  EXPECT_EQ(trends_request_from(query_parameters("/trends?interval=decade")).interval, Interval::kDecade);
  EXPECT_EQ(trends_request_from(query_parameters("/trends?interval=auto")).interval, Interval::kAuto);
  EXPECT_EQ(defaults.by, TrendSplit::kNone);
  EXPECT_EQ(defaults.series, TrendsRequest{}.series);
  EXPECT_EQ(trends_request_from(query_parameters("/trends?interval=year&by=topic")).by, TrendSplit::kTopic);
}

TEST(TrendsRequestFrom, RefusalsNameTheParameter) {
  expect_refusals(
      {
          {"/trends?interval=day", "interval"},
          {"/trends?by=month", "by"},
          {"/trends?series=many", "series"},
          {"/trends?page=2", "page"},
          {"/trends?facets=company", "facets"},
          {"/trends?company=OpenAI&to=soon", "to"},
      },
      [](const std::string& target) { trends_request_from(query_parameters(target)); });
}

TEST(SuggestRequestFrom, ReadsQAndLimit) {
  const SuggestRequest request = suggest_request_from(query_parameters("/suggest?q=deep+se&limit=3"));
  EXPECT_EQ(request.q, "deep se");
  EXPECT_EQ(request.limit, 3);
  EXPECT_EQ(suggest_request_from(query_parameters("/suggest?q=x&limit=")).limit, SuggestRequest{}.limit);
  expect_refusals({{"/suggest?q=x&limit=lots", "limit"}, {"/suggest?q=x&per_page=3", "per_page"}},
                  [](const std::string& target) { suggest_request_from(query_parameters(target)); });
}

TEST(RelatedCountFrom, ReadsPerPageAndNothingElse) {
  EXPECT_EQ(related_count_from(query_parameters("/related/3-1")), 5);
  EXPECT_EQ(related_count_from(query_parameters("/related/3-1?per_page=3")), 3);
  expect_refusals({{"/related/3-1?per_page=x", "per_page"}, {"/related/3-1?q=sora", "q"}},
                  [](const std::string& target) { related_count_from(query_parameters(target)); });
}

// A year or a month stands for its first day in `from` and its last in `to`, as
// the query language's after: and before: read them.
TEST(SearchRequestFrom, FromAndToTakeAYearOrAMonth) {
  const SearchRequest years = search_request_from_target("/search?from=1990&to=1995");
  EXPECT_EQ(years.from, (Date{1990, 1, 1}));
  EXPECT_EQ(years.to, (Date{1995, 12, 31}));
  const SearchRequest months = search_request_from_target("/search?from=2024-02&to=2024-02");
  EXPECT_EQ(months.from, (Date{2024, 2, 1}));
  EXPECT_EQ(months.to, (Date{2024, 2, 29}));
  EXPECT_EQ(search_request_from_target("/search?facet_sort=value").facet_sort, FacetSort::kValue);
  EXPECT_EQ(search_request_from_target("/search?facet_sort=count").facet_sort, FacetSort::kCount);
  EXPECT_EQ(search_request_from_target("/search?facet_sort=").facet_sort, std::nullopt);
}

TEST(IntParameter, ANumberTooLargeIsOutOfRangeNotMalformed) {
  try {
    int_parameter("page", "99999999999");
    ADD_FAILURE() << "accepted";
  } catch (const BadParameter& e) {
    EXPECT_EQ(e.parameter, "page");
    EXPECT_NE(e.reason.find("out of range"), std::string::npos) << e.reason;
    EXPECT_EQ(e.reason.find("not a whole number"), std::string::npos) << e.reason;
  }
}

TEST(IntParameter, OnlyWholeNumbers) {
  EXPECT_EQ(int_parameter("page", "0"), 0);
  EXPECT_EQ(int_parameter("page", "-3"), -3) << "the range is the engine's to check";
  EXPECT_EQ(int_parameter("page", "2147483647"), 2147483647);
  for (const std::string bad : {"", " 1", "1 ", "1e3", "0x10", "2147483648", "１"}) {
    try {
      int_parameter("page", bad);
      ADD_FAILURE() << "'" << bad << "' was read as a number";
    } catch (const BadParameter& e) {
      EXPECT_EQ(e.parameter, "page");
      EXPECT_NE(e.reason.find("'" + bad + "'"), std::string::npos) << "the message quotes the value: " << e.reason;
    }
  }
}

}  // namespace
}  // namespace scatter::searchd
