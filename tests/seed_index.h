// Test suites over one index of the seed archive (data/, issue #3), built once
// per suite: with index_archive() and a SearchEngine on it for each test, or
// with the indexer binary and a running searchd.
#pragma once

#include "test_support.h"

#include "engine/search_engine.h"
#include "index/indexing.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace scatter::test {

class SeedIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    const IndexSummary summary = index_archive({.archive = data_dir(), .db = *dir_ / "index"});
    ASSERT_EQ(summary.stories, 5u) << all_warnings(summary.warnings);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static inline TempDir* dir_ = nullptr;
  SearchEngine engine_{*dir_ / "index"};
};

// A suite of end-to-end tests against one real searchd over the seed archive,
// indexed once by the indexer binary and started once per suite.
class SeedSearchdTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    index_with_binary(data_dir(), *dir_ / "index");
    server_ = new RunningSearchd(*dir_ / "index");
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
    server_ = nullptr;
    dir_ = nullptr;
  }
  static int port() { return server_->port(); }

  static inline TempDir* dir_ = nullptr;
  static inline RunningSearchd* server_ = nullptr;
};

// The story ids of the hits, best first.
inline std::vector<std::string> story_ids(const SearchResult& result) {
  std::vector<std::string> ids;
  for (const SearchHit& hit : result.hits) ids.push_back(hit.record.story.id);
  return ids;
}

}  // namespace scatter::test
