// A SYNTHETIC archive of many issues for the tests that compare counts and
// rankings across layouts (facet_exactness_test, shard_identity_test): 150
// weekly issues of five stories from 2019, some dated by a month or a year
// alone, a few undated; words drawn from an invented vocabulary with Zipf-like
// frequencies; invented companies and topics. Every story says it is synthetic
// test text; none is news. And 200 probe requests of every kind the query
// language has.
#pragma once

#include "test_support.h"

#include "engine/search_request.h"
#include "story/date.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace scatter::test {

inline constexpr int kIssues = 150, kStoriesPerIssue = 5;
inline const std::vector<std::string> kCompanies = {"Quillbyte", "Zephyrsynth", "Marrowlabs", "Tundrabit", "Glimmerforge",
                                             "Ploverkite", "Saffronetic", "Brindleworks", "Cobaltwhisk", "Dunmoreq"};
inline const std::vector<std::string> kWords = {"robot",  "forecast", "ledger", "parcel", "rainfall", "model",  "harbour",
                                         "lantern", "orchard", "copper", "signal", "glacier", "meadow", "circuit",
                                         "ferry",  "granite",  "willow", "beacon", "quarry",   "thimble", "saddle",
                                         "tangle", "velvet",   "walnut", "yonder", "zigzag",   "amber",  "bristle"};

// SYNTHETIC TEST DATA, not news. Issue i is dated weekly from 2019; some
// issues only by a month or a year, a few not at all.
inline std::string synthetic_date(int issue) {
  if (issue % 50 == 0) return "";
  const Date day = Date::from_day_number(Date{2019, 1, 7}.day_number() + 7L * issue);
  if (issue % 40 == 3) return std::to_string(day.year);
  if (issue % 37 == 5) return day.iso().substr(0, 7);
  return day.iso();
}

// JSON Lines for the dated issues; an undated issue is a text capture of its
// own (a JSON line must have a date).
inline void write_synthetic_archive(const std::filesystem::path& archive, unsigned seed, int issues) {
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
    if (!undated.empty()) write_file(archive / ("issue-" + std::to_string(issue) + ".txt"), undated);
  }
  write_file(archive / "synthetic.jsonl", lines);
}

inline void write_synthetic_tables(const std::filesystem::path& archive) {
  nlohmann::json companies{{"_about", "SYNTHETIC companies for tests: invented names, not real companies."}};
  for (const std::string& name : kCompanies) companies["companies"].push_back({{"name", name}, {"aliases", nlohmann::json::array()}, {"products", nlohmann::json::array()}});
  write_file(archive / "companies.json", companies.dump());
  write_file(archive / "topics.json", R"({"_about": "SYNTHETIC topics for tests.", "min_score": 2.0, "topics": [
    {"name": "Robots", "terms": {"circuit": 2, "signal": 2}},
    {"name": "Weather", "terms": {"rainfall": 2, "glacier": 2}},
    {"name": "Trade", "terms": {"harbour": 2, "ferry": 2, "quarry": 2}}]})");
}

// 200 queries of every kind the language has, some with filters.
inline std::vector<SearchRequest> probe_requests() {
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

inline std::string describe(const SearchRequest& request) {
  std::string text = "q='" + request.q + "'";
  for (const auto& c : request.companies) text += " company=" + c;
  for (const auto& t : request.topics) text += " topic=" + t;
  for (const int i : request.issues) text += " issue=" + std::to_string(i);
  if (request.from) text += " from=" + request.from->iso();
  if (request.to) text += " to=" + request.to->iso();
  return text;
}

}  // namespace scatter::test
