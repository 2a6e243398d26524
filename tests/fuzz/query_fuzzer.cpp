// The query language on arbitrary text, as the engine reads a query: parsed
// (query_syntax), built against an index of the seed archive (query_builder:
// vocabulary, companies, topics and synonyms as the index stores them), then
// matched. The index is built once, by the library, in a temporary folder.
#include "fuzz_support.h"

#include "engine/search_request.h"
#include "gazetteer/gazetteer.h"
#include "gazetteer/topics.h"
#include "index/indexing.h"
#include "query/archive_weight.h"
#include "query/query_builder.h"
#include "query/query_syntax.h"
#include "query/synonyms.h"
#include "schema/schema.h"

#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace {

// What the engine holds for one open index, as SearchEngine keeps it.
struct SeedIndex {
  Xapian::Database db;
  scatter::Gazetteer companies;
  scatter::TopicTagger topics;
  scatter::query::Synonyms synonyms;
};

std::string metadata(const Xapian::Database& db, std::string_view key) { return db.get_metadata(std::string(key)); }

// Indexes data/ into a fresh temporary folder and opens it. The folder is
// removed as soon as the database is open: Xapian keeps its files open, and
// nothing is left behind however the run ends (a crash or a timeout ends it
// without running exit handlers).
std::unique_ptr<SeedIndex> open_seed_index() {
  std::string pattern = (std::filesystem::temp_directory_path() / "scatter-query-fuzzer-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    std::perror("query_fuzzer: cannot make a temporary folder");
    std::exit(1);
  }
  const std::filesystem::path dir = pattern;
  auto index = std::make_unique<SeedIndex>();
  try {
    const scatter::IndexSummary summary =
        scatter::index_archive({.archive = std::filesystem::path(SCATTER_SOURCE_DIR) / "data", .db = dir / "index", .jobs = 1});
    scatter::fuzz::require(summary.stories > 0, "the seed archive indexes");
    index->db = Xapian::Database((dir / "index").string());
    index->companies = scatter::Gazetteer::from_json(metadata(index->db, scatter::schema::kCompaniesKey), "index");
    index->topics = scatter::TopicTagger::from_json(metadata(index->db, scatter::schema::kTopicsKey), "index");
    index->synonyms = scatter::query::Synonyms::parse(metadata(index->db, scatter::schema::kSynonymsKey), "index");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "query_fuzzer: cannot index the seed archive: %s\n", e.what());
    std::filesystem::remove_all(dir);
    std::exit(1);
  }
  std::filesystem::remove_all(dir);
  return index;
}

SeedIndex* seed = nullptr;

// Unicode characters: the engine refuses a longer q before reading it.
std::size_t characters(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

void read_and_match(std::string_view text, bool last_word_is_prefix) {
  namespace query = scatter::query;
  const query::ParseOutcome parsed = query::parse(text, {.last_word_is_prefix = last_word_is_prefix});
  const query::BuiltQuery built =
      query::build_query(parsed.root, {seed->db, seed->companies, seed->topics, seed->synonyms, true});
  Xapian::Enquire enquire(seed->db);
  enquire.set_query(built.query);
  enquire.set_weighting_scheme(query::ArchiveWeight());
  const Xapian::MSet matches = enquire.get_mset(0, 10, seed->db.get_doccount());
  scatter::fuzz::require(matches.size() <= seed->db.get_doccount(), "no more matches than stories");
  // A query read without a problem is shown back to the user (interpreted_as)
  // in the language itself: running that reading must mean the same.
  if (!parsed.problem.empty()) return;  // the plain words, as documented
  const query::ParseOutcome reread = query::parse(built.reading);
  scatter::fuzz::require(reread.problem.empty(), "the reading of a query is well formed", built.reading);
  const query::BuiltQuery rebuilt =
      query::build_query(reread.root, {seed->db, seed->companies, seed->topics, seed->synonyms, true});
  scatter::fuzz::require(rebuilt.reading == built.reading, "a reading reads the same again",
                         built.reading + " -> " + rebuilt.reading);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  static std::unique_ptr<SeedIndex> index = open_seed_index();
  seed = index.get();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = scatter::fuzz::text_of(data, size);
  if (characters(text) > scatter::kMaxQueryChars) return 0;
  read_and_match(text, false);
  read_and_match(text, true);  // as the search box asks while the reader types
  return 0;
}
