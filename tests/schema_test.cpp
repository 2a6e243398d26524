// common/schema/schema.h: the list slots facets read (join_list / split_list),
// the numbers stored on disk, and what the indexer writes into the new slots of
// schema version 5 for each story of the seed archive.
#include "schema/schema.h"

#include "index/indexing.h"
#include "index/stored_story.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace scatter {
namespace {

using Names = std::vector<std::string>;

Names owned(const std::vector<std::string_view>& views) { return Names(views.begin(), views.end()); }

TEST(SchemaList, JoinThenSplitGivesTheNamesBack) {
  const std::vector<Names> rows = {
      {},
      {"OpenAI"},
      {"Google", "Microsoft"},
      {"Mistral AI", "Hugging Face", "xAI"},  // spaces are part of a name
      {"Governance and regulation", "On-device and edge"},
      {"Ünïcödé name", "名前"},
  };
  for (const Names& names : rows) {
    SCOPED_TRACE(::testing::PrintToString(names));
    const std::string joined = schema::join_list(names);
    EXPECT_EQ(owned(schema::split_list(joined)), names);
  }
  EXPECT_EQ(schema::join_list({}), "") << "no names, no value";
  EXPECT_EQ(schema::join_list({"Google", "Microsoft"}), std::string("Google\x1f") + "Microsoft");
}

TEST(SchemaList, SplitSkipsEmptyNames) {
  const std::string sep(1, schema::kListSeparator);
  const struct {
    std::string value;
    Names names;
  } rows[] = {
      {"", {}},
      {sep, {}},
      {sep + sep, {}},
      {"a" + sep, {"a"}},
      {sep + "a", {"a"}},
      {"a" + sep + sep + "b", {"a", "b"}},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(::testing::PrintToString(row.value));
    EXPECT_EQ(owned(schema::split_list(row.value)), row.names);
  }
}

TEST(SchemaSlots, StoredNumbersNeverChange) {
  // On disk: a renumbered slot reads another slot's values from existing indexes.
  EXPECT_EQ(schema::kSchemaVersion, 5);
  EXPECT_EQ(schema::kDateSlot, 0u);
  EXPECT_EQ(schema::kIssueSlot, 1u);
  EXPECT_EQ(schema::kStorySlot, 2u);
  EXPECT_EQ(schema::kHashSlot, 3u);
  EXPECT_EQ(schema::kOrderSlot, 4u);
  EXPECT_EQ(schema::kCompaniesSlot, 5u);
  EXPECT_EQ(schema::kTopicsSlot, 6u);
  EXPECT_EQ(schema::kListSeparator, '\x1f');
}

TEST(SchemaSlots, EachStoryOfTheSeedArchiveCarriesItsCompaniesAndTopics) {
  test::TempDir dir;
  const IndexSummary summary = index_archive({.archive = test::data_dir(), .db = dir / "index"});
  ASSERT_EQ(summary.stories, 5u);
  const Xapian::Database db((dir / "index").string());
  EXPECT_EQ(db.get_metadata(std::string(schema::kSchemaVersionKey)), "5");
  std::size_t checked = 0;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it, ++checked) {
    const Xapian::Document doc = db.get_document(*it);
    const StoryRecord record = decode_stored_story(doc.get_data());
    SCOPED_TRACE(record.story.id);
    EXPECT_EQ(owned(schema::split_list(doc.get_value(schema::kCompaniesSlot))), record.story.companies);
    Names topics;
    for (const TopicScore& topic : record.story.topics) topics.push_back(topic.name);
    EXPECT_EQ(owned(schema::split_list(doc.get_value(schema::kTopicsSlot))), topics);
  }
  EXPECT_EQ(checked, 5u);
  // Spot checks against tests/golden/issue-003.json.
  const auto value_of = [&](std::string_view id, Xapian::valueno slot) {
    const std::string term = schema::id_term(id);
    return db.get_document(*db.postlist_begin(term)).get_value(slot);
  };
  EXPECT_EQ(owned(schema::split_list(value_of("3-4", schema::kCompaniesSlot))), (Names{"Google", "Microsoft"}));
  EXPECT_EQ(owned(schema::split_list(value_of("3-5", schema::kCompaniesSlot))), (Names{"Mistral AI"}));
  EXPECT_EQ(value_of("3-3", schema::kCompaniesSlot), "") << "a story naming no company has no value";
}

}  // namespace
}  // namespace scatter
