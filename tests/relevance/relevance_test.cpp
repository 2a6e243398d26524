// The relevance judgments (tests/relevance/judgments.json) run through the
// engine over the seed archive: each judged query must rank its story first and
// must not show the stories it rules out. Prints a table of every query and the
// totals (MRR, success@1), so a ranking change shows what it won and lost.
#include "test_support.h"

#include "engine/search_engine.h"
#include "index/indexing.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using scatter::SearchRequest;
using scatter::SortOrder;

// The kinds a judgment may have; each names what the query exercises.
const std::set<std::string, std::less<>> kKinds = {"exact",   "paraphrase", "synonym", "product",
                                                   "typo",    "company",    "date",    "phrase",
                                                   "boolean", "field",      "prefix",  "partial"};
// Below this many judgments the totals say little about the engine.
constexpr std::size_t kMinJudgments = 45;
// Wide enough for most judged queries; longer ones are cut with "…".
constexpr std::size_t kQueryColumn = 46;

struct Judgment {
  std::size_t row = 0;  // 1-based position in the file: what messages cite
  std::string kind{};
  std::string first{};
  std::vector<std::string> absent{};
  std::optional<bool> corrected{};            // when set, SearchResult::corrected must equal it
  std::optional<std::string> did_you_mean{};  // when set, the correction offered (any case)
  std::string why{};
  SearchRequest request{};
  std::string shown{};  // q and the request fields, as the table prints them
};

std::string judgments_file() { return (scatter::test::source_dir() / "tests" / "relevance" / "judgments.json").string(); }

// Every error names the judgment and the field, so that a typo in the file is
// found at once rather than silently ignored.
[[noreturn]] void bad_judgment(std::size_t row, const std::string& why) {
  throw std::runtime_error(judgments_file() + ": judgment " + std::to_string(row) + ": " + why);
}

std::vector<std::string> strings(const nlohmann::json& value, std::size_t row, const char* field) {
  if (!value.is_array()) bad_judgment(row, std::string("'") + field + "' must be an array of strings");
  std::vector<std::string> out;
  for (const auto& item : value) {
    if (!item.is_string()) bad_judgment(row, std::string("'") + field + "' must be an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

scatter::Date date_field(const nlohmann::json& value, std::size_t row, const char* field) {
  const auto date = value.is_string() ? scatter::Date::from_iso(value.get<std::string>()) : std::nullopt;
  if (!date) bad_judgment(row, std::string("'") + field + "' must be a date YYYY-MM-DD");
  return *date;
}

SortOrder sort_field(const nlohmann::json& value, std::size_t row) {
  static const std::map<std::string, SortOrder, std::less<>> orders = {
      {"relevance", SortOrder::kRelevance}, {"newest", SortOrder::kNewest}, {"oldest", SortOrder::kOldest}};
  const auto found = value.is_string() ? orders.find(value.get<std::string>()) : orders.end();
  if (found == orders.end()) bad_judgment(row, "'sort' must be relevance, newest or oldest");
  return found->second;
}

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

void read_request_field(const std::string& key, const nlohmann::json& value, Judgment& j) {
  SearchRequest& r = j.request;
  if (key == "q") {
    if (!value.is_string()) bad_judgment(j.row, "'q' must be a string");
    r.q = value.get<std::string>();
  } else if (key == "companies") {
    r.companies = strings(value, j.row, "companies");
    j.shown += " [companies " + joined(r.companies, ", ") + "]";
  } else if (key == "topics") {
    r.topics = strings(value, j.row, "topics");
    j.shown += " [topics " + joined(r.topics, ", ") + "]";
  } else if (key == "issues") {
    if (!value.is_array()) bad_judgment(j.row, "'issues' must be an array of numbers");
    for (const auto& issue : value) {
      if (!issue.is_number_integer()) bad_judgment(j.row, "'issues' must be an array of numbers");
      r.issues.push_back(issue.get<int>());
      j.shown += " [issue " + std::to_string(r.issues.back()) + "]";
    }
  } else if (key == "from") {
    r.from = date_field(value, j.row, "from");
    j.shown += " [from " + r.from->iso() + "]";
  } else if (key == "to") {
    r.to = date_field(value, j.row, "to");
    j.shown += " [to " + r.to->iso() + "]";
  } else if (key == "prefix") {
    if (!value.is_boolean()) bad_judgment(j.row, "'prefix' must be true or false");
    r.prefix = value.get<bool>();
    if (r.prefix) j.shown += " [as typed]";
  } else if (key == "sort") {
    r.sort = sort_field(value, j.row);
    j.shown += " [sort " + value.get<std::string>() + "]";
  } else {
    bad_judgment(j.row, "unknown field '" + key + "'");
  }
}

Judgment read_judgment(const nlohmann::json& item, std::size_t row) {
  if (!item.is_object()) bad_judgment(row, "not an object");
  Judgment j{.row = row};
  for (const auto& [key, value] : item.items()) {
    if (key == "first") {
      if (!value.is_string()) bad_judgment(row, "'first' must be a story id");
      j.first = value.get<std::string>();
    } else if (key == "absent") {
      j.absent = strings(value, row, "absent");
    } else if (key == "kind") {
      if (!value.is_string() || !kKinds.contains(value.get<std::string>())) {
        bad_judgment(row, "'kind' must be one of " + joined({kKinds.begin(), kKinds.end()}, "|"));
      }
      j.kind = value.get<std::string>();
    } else if (key == "why") {
      if (!value.is_string() || value.get<std::string>().empty()) bad_judgment(row, "'why' must say why");
      j.why = value.get<std::string>();
    } else if (key == "corrected") {
      if (!value.is_boolean()) bad_judgment(row, "'corrected' must be true or false");
      j.corrected = value.get<bool>();
    } else if (key == "did_you_mean") {
      if (!value.is_string() || value.get<std::string>().empty()) bad_judgment(row, "'did_you_mean' must be text");
      j.did_you_mean = value.get<std::string>();
    } else {
      read_request_field(key, value, j);
    }
  }
  // Request fields were appended as they came; the query leads the row.
  j.shown = (j.request.q.empty() ? std::string("(no words)") : j.request.q) + j.shown;
  if (!item.contains("q")) bad_judgment(row, "no 'q' (use \"\" to list by filters alone)");
  if (j.first.empty()) bad_judgment(row, "no 'first'");
  if (j.kind.empty()) bad_judgment(row, "no 'kind'");
  if (j.why.empty()) bad_judgment(row, "no 'why'");
  if (std::find(j.absent.begin(), j.absent.end(), j.first) != j.absent.end()) {
    bad_judgment(row, "'" + j.first + "' is both first and absent");
  }
  // Every judgment sees the whole archive at once, so "absent" means absent.
  j.request.per_page = scatter::kMaxPerPage;
  return j;
}

std::vector<Judgment> load_judgments() {
  const nlohmann::json file = nlohmann::json::parse(scatter::test::read_file(judgments_file()));
  if (!file.contains("judgments") || !file["judgments"].is_array()) {
    throw std::runtime_error(judgments_file() + ": no \"judgments\" array");
  }
  std::vector<Judgment> out;
  for (const auto& item : file["judgments"]) out.push_back(read_judgment(item, out.size() + 1));
  return out;
}

struct Outcome {
  std::vector<std::string> ids{};       // every story returned, best first
  std::size_t rank = 0;                 // of Judgment::first, 1-based; 0 when not returned
  std::vector<std::string> unwanted{};  // absent stories that were returned
  std::optional<std::string> did_you_mean{};
  bool corrected = false;
  std::string error{};                  // what the engine threw, if it did
};

Outcome run(scatter::SearchEngine& engine, const Judgment& j) {
  Outcome out;
  try {
    const auto result = engine.search(j.request);
    for (const auto& hit : result.hits) out.ids.push_back(hit.record.story.id);
    out.did_you_mean = result.did_you_mean;
    out.corrected = result.corrected;
  } catch (const std::exception& e) {
    out.error = e.what();
    return out;
  }
  const auto found = std::find(out.ids.begin(), out.ids.end(), j.first);
  out.rank = found == out.ids.end() ? 0 : static_cast<std::size_t>(found - out.ids.begin()) + 1;
  for (const auto& id : j.absent) {
    if (std::find(out.ids.begin(), out.ids.end(), id) != out.ids.end()) out.unwanted.push_back(id);
  }
  return out;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return text;
}

// What went wrong with one judgment, or "" when it holds.
std::string failure(const Judgment& j, const Outcome& o) {
  std::ostringstream why;
  const auto place = [&] {
    return "judgment " + std::to_string(j.row) + " [" + j.kind + "] " + j.shown + ": ";
  };
  if (!o.error.empty()) return place() + "the engine threw: " + o.error + "\n";
  if (o.rank != 1) {
    const std::string where = o.rank == 0 ? " not returned" : " at rank " + std::to_string(o.rank);
    const std::string got =
        o.ids.empty() ? "no results" : o.ids.front() + " first (" + j.first + where + "; order " + joined(o.ids, " ") + ")";
    why << place() << "wanted " << j.first << " first, got " << got << "\n    why " << j.first << ": " << j.why << "\n";
  }
  if (!o.unwanted.empty()) {
    why << place() << "returned " << joined(o.unwanted, ", ") << ", which the query rules out (order "
        << joined(o.ids, " ") << ")\n";
  }
  if (j.corrected && *j.corrected != o.corrected) {
    why << place() << (*j.corrected ? "no word is in the archive, yet the result is not marked corrected"
                                    : "marked corrected, yet its own words find stories")
        << " (did_you_mean: " << o.did_you_mean.value_or("none") << ")\n";
  } else if (o.corrected && !o.did_you_mean) {
    why << place() << "corrected without saying what it searched for (did_you_mean is empty)\n";
  }
  if (j.did_you_mean && lower(o.did_you_mean.value_or("")) != lower(*j.did_you_mean)) {
    why << place() << "wanted did_you_mean \"" << *j.did_you_mean << "\", got "
        << (o.did_you_mean ? "\"" + *o.did_you_mean + "\"" : std::string("none")) << "\n";
  }
  return why.str();
}

std::string cut(const std::string& text, std::size_t width) {
  if (text.size() <= width) return text;
  std::size_t end = width - 1;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // not inside a UTF-8 character
  return text.substr(0, end) + "…";
}

void print_row(const Judgment& j, const Outcome& o) {
  const std::string rank = !o.error.empty() ? "err" : o.rank == 0 ? "-" : std::to_string(o.rank);
  const std::vector<std::string> top(o.ids.begin(), o.ids.begin() + static_cast<long>(std::min<std::size_t>(3, o.ids.size())));
  const std::string note = o.corrected ? "  (corrected to: " + o.did_you_mean.value_or("?") + ")"
                     : o.did_you_mean ? "  (did you mean: " + *o.did_you_mean + ")"
                                      : "";
  std::printf("%4zu  %-10s  %-*s  %4s  %-12s%s\n", j.row, j.kind.c_str(), static_cast<int>(kQueryColumn),
              cut(j.shown, kQueryColumn).c_str(), rank.c_str(), joined(top, " ").c_str(), note.c_str());
}

struct Totals {
  std::size_t queries = 0, at_one = 0;
  double reciprocal_ranks = 0;
  void add(const Outcome& o) {
    ++queries;
    at_one += o.rank == 1 ? 1 : 0;
    reciprocal_ranks += o.rank == 0 ? 0.0 : 1.0 / static_cast<double>(o.rank);
  }
  double mrr() const { return queries == 0 ? 0 : reciprocal_ranks / static_cast<double>(queries); }
  double success() const { return queries == 0 ? 0 : static_cast<double>(at_one) / static_cast<double>(queries); }
};

void print_totals(const std::string& label, const Totals& t) {
  std::printf("  %-12s  queries %3zu   MRR %.3f   success@1 %3zu/%zu (%.1f%%)\n", label.c_str(), t.queries, t.mrr(),
              t.at_one, t.queries, 100.0 * t.success());
}

class Relevance : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new scatter::test::TempDir;
    scatter::index_archive({.archive = scatter::test::data_dir(), .db = *dir_ / "index"});
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static scatter::test::TempDir* dir_;
  scatter::SearchEngine engine_{*dir_ / "index"};
};
scatter::test::TempDir* Relevance::dir_ = nullptr;

TEST_F(Relevance, JudgmentsAreWellFormedAndCoverEveryKind) {
  const std::vector<Judgment> judgments = load_judgments();
  EXPECT_GE(judgments.size(), kMinJudgments);
  std::map<std::string, std::size_t, std::less<>> per_kind;
  for (const Judgment& j : judgments) {
    ++per_kind[j.kind];
    // A judgment naming a story the archive lacks could never pass, or would
    // pass for the wrong reason.
    std::vector<std::string> named = j.absent;
    named.push_back(j.first);
    for (const std::string& id : named) {
      EXPECT_TRUE(engine_.story(id).has_value()) << "judgment " << j.row << " names story " << id
                                                 << ", which the seed archive does not have";
    }
  }
  for (const std::string& kind : kKinds) EXPECT_GT(per_kind[kind], 0u) << "no judgment of kind " << kind;
}

TEST_F(Relevance, EveryJudgedStoryRanksFirst) {
  const std::vector<Judgment> judgments = load_judgments();
  std::printf("%4s  %-10s  %-*s  %4s  %s\n", "#", "kind", static_cast<int>(kQueryColumn), "query", "rank", "top 3");
  Totals all;
  std::map<std::string, Totals, std::less<>> per_kind;
  std::string failures;
  for (const Judgment& j : judgments) {
    const Outcome o = run(engine_, j);
    print_row(j, o);
    all.add(o);
    per_kind[j.kind].add(o);
    failures += failure(j, o);
  }
  std::printf("\n");
  for (const auto& [kind, totals] : per_kind) print_totals(kind, totals);
  print_totals("all", all);
  std::fflush(stdout);
  if (!failures.empty()) {
    char mrr[16];
    std::snprintf(mrr, sizeof mrr, "%.3f", all.mrr());
    ADD_FAILURE() << "success@1 " << all.at_one << "/" << all.queries << ", MRR " << mrr
                  << "; every judged story must come first and no ruled-out story may appear:\n"
                  << failures;
  }
}

}  // namespace
