// scatter-shardd end to end: two shards of a SYNTHETIC archive, each served by
// a real scatter-shardd on loopback, searched through Xapian's remote backend
// with the engine's own weighting schemes (which xapian-tcpsrv refuses), give
// the stories and scores of the same shards opened locally. And the program's
// refusals of a bad command line or shard.
#include "synthetic_corpus.h"
#include "test_support.h"

#include "index/database_layout.h"
#include "index/indexing.h"
#include "query/archive_weight.h"
#include "query/counting_weight.h"
#include "schema/schema.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace scatter {
namespace {

constexpr int kIssues = 40;


// A shard server, and the remote database that reaches it once it listens.
struct ServedShard {
  int port = test::free_loopback_port();
  std::unique_ptr<test::BackgroundProgram> server;
};

class ShardServers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    test::write_synthetic_tables(*dir_ / "archive");
    test::write_synthetic_archive(*dir_ / "archive", 5, kIssues);
    const IndexConfig config{.archive = *dir_ / "archive", .db = *dir_ / "index", .shards = 2};
    ASSERT_EQ(index_archive(config).stories, static_cast<std::size_t>(kIssues * test::kStoriesPerIssue));
    served_ = new std::vector<ServedShard>(2);
    const std::vector<std::filesystem::path> shards = shard_paths(*dir_ / "index", 2);
    for (std::size_t i = 0; i < shards.size(); ++i) {
      ServedShard& shard = (*served_)[i];
      shard.server = std::make_unique<test::BackgroundProgram>(
          SCATTER_SHARDD, std::vector<std::string>{"--db", shards[i].string(), "--listen",
                                                   "127.0.0.1:" + std::to_string(shard.port)});
    }
  }
  static void TearDownTestSuite() {
    delete served_;
    delete dir_;
    served_ = nullptr;
    dir_ = nullptr;
  }

  // Both served shards as one database, waiting (up to 10 s) for each to listen.
  static Xapian::Database remote() {
    Xapian::Database combined;
    for (const ServedShard& shard : *served_) {
      for (int attempt = 0;; ++attempt) {
        try {
          combined.add_database(Xapian::Remote::open("127.0.0.1", static_cast<unsigned>(shard.port), 10000, 10000));
          break;
        } catch (const Xapian::NetworkError&) {
          if (attempt == 200) throw;
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
      }
    }
    return combined;
  }

  static inline test::TempDir* dir_ = nullptr;
  static inline std::vector<ServedShard>* served_ = nullptr;
};

struct Ranked {
  std::vector<std::string> ids{};
  std::vector<double> weights{};
  Xapian::doccount matches = 0;
};

Ranked ranked(const Xapian::Database& db, const Xapian::Query& query, const Xapian::Weight& weight) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(weight);
  const Xapian::MSet mset = enquire.get_mset(0, 20, db.get_doccount());
  Ranked out{.matches = mset.get_matches_estimated()};
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    out.ids.push_back(it.get_document().get_value(schema::kOrderSlot));
    out.weights.push_back(it.get_weight());
  }
  return out;
}

TEST_F(ShardServers, RankLikeTheSameShardsOpenedLocallyWithTheEnginesWeights) {
  const Xapian::Database local((*dir_ / "index").string());
  const Xapian::Database served = remote();
  EXPECT_EQ(served.get_doccount(), local.get_doccount());
  const std::vector<Xapian::Query> queries{
      Xapian::Query("Zrobot"),
      Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("Zrobot"), Xapian::Query("Zforecast")),
      Xapian::Query(Xapian::Query::OP_AND_MAYBE, Xapian::Query("Zrobot"), Xapian::Query("robots")),
  };
  for (const Xapian::Query& query : queries) {
    const Ranked here = ranked(local, query, query::ArchiveWeight());
    const Ranked there = ranked(served, query, query::ArchiveWeight());
    ASSERT_FALSE(here.ids.empty()) << query.get_description();
    EXPECT_EQ(there.ids, here.ids) << query.get_description();
    EXPECT_EQ(there.weights, here.weights) << query.get_description();
    EXPECT_EQ(there.matches, here.matches) << query.get_description();
    EXPECT_EQ(ranked(served, query, query::CountingWeight()).matches, here.matches) << query.get_description();
  }
}

TEST(ShardServer, RefusesABadAddressAndAShardThatIsNotThere) {
  const test::ProcessResult address = test::run_program(SCATTER_SHARDD, {"--db", "/nowhere", "--listen", "host:port"});
  EXPECT_EQ(address.exit_code, 64);
  EXPECT_NE(address.err.find("--listen"), std::string::npos) << address.err;

  const test::ProcessResult missing = test::run_program(SCATTER_SHARDD, {"--db", "/nowhere/shard-0", "--listen", "1"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("/nowhere/shard-0"), std::string::npos) << missing.err;

  const test::ProcessResult nothing = test::run_program(SCATTER_SHARDD, {});
  EXPECT_EQ(nothing.exit_code, 64);
  EXPECT_NE(nothing.err.find("--db"), std::string::npos) << nothing.err;
}

}  // namespace
}  // namespace scatter
