// common/schema/schema.h: the list slots facets read (join_list / split_list),
// the numbers stored on disk, and what the indexer writes into the new slots of
// schema version 5 for each story of the seed archive.
#include "schema/schema.h"

#include "index/indexing.h"
#include "index/stored_story.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <map>
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
  EXPECT_EQ(schema::kSchemaVersion, 9);
  EXPECT_EQ(schema::kDateSlot, 0u);
  EXPECT_EQ(schema::kIssueSlot, 1u);
  EXPECT_EQ(schema::kStorySlot, 2u);
  EXPECT_EQ(schema::kHashSlot, 3u);
  EXPECT_EQ(schema::kOrderSlot, 4u);
  EXPECT_EQ(schema::kNewestSlot, 7u);
  EXPECT_EQ(schema::kCompaniesSlot, 5u);
  EXPECT_EQ(schema::kTopicsSlot, 6u);
  EXPECT_EQ(schema::kListSeparator, '\x1f');
}

TEST(SchemaAllFields, TheTermOfATextFieldNamesItsWordOrStemWithoutTheField) {
  EXPECT_EQ(schema::all_fields_term("Smodel"), "model");
  EXPECT_EQ(schema::all_fields_term("XBmodels"), "models");
  EXPECT_EQ(schema::all_fields_term("XW12b"), "12b");
  EXPECT_EQ(schema::all_fields_term("ZSmodel"), "Zmodel");
  EXPECT_EQ(schema::all_fields_term("ZXBsynthet"), "Zsynthet");
  for (const std::string other : {"Q3-1", "XCmistral ai", "XTagents", "XI3", "D20260209", "M202602", "Y2026", "XF1234",
                                  "model", "Zmodel", "S", "XB", "Z", ""}) {
    EXPECT_EQ(schema::all_fields_term(other), std::nullopt) << other;
  }
}

TEST(SchemaAllFields, EachWordOfAStoryIsIndexedOnceMoreWithItsFieldsWdfAdded) {
  test::TempDir dir;
  ASSERT_EQ(index_archive({.archive = test::data_dir(), .db = dir / "index"}).stories, 5u);
  const Xapian::Database db((dir / "index").string());
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    std::map<std::string, Xapian::termcount> summed, indexed;
    for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
      if (const auto word = schema::all_fields_term(*term)) summed[*word] += term.get_wdf();
    }
    for (const auto& [word, wdf] : summed) {
      Xapian::TermIterator term = doc.termlist_begin();
      term.skip_to(word);
      ASSERT_TRUE(term != doc.termlist_end() && *term == word) << word;
      EXPECT_EQ(term.get_wdf(), wdf) << word;
      EXPECT_EQ(term.positionlist_count(), 0u) << word << ": no positions";
    }
    EXPECT_GT(summed.size(), 20u);
  }
  // The first story's title word, found in any field by the all-fields term.
  EXPECT_GT(db.get_termfreq("deepseek"), 0u);
  EXPECT_EQ(db.get_termfreq("Zmodel"), 5u) << "every story of issue 3 says model or models";
}

TEST(SchemaWordPairs, APairIsTwoWordsInTheirOrderAfterThePrefix) {
  EXPECT_EQ(schema::word_pair_term("large", "language"), "XPlarge language");
  EXPECT_EQ(schema::all_fields_term(schema::word_pair_term("model", "development")), std::nullopt)
      << "a pair is no text field's word";
}

TEST(SchemaWordPairs, EachStoryHasThePairsOfNeighbouringWordsOfOneFieldAndNoOthers) {
  test::TempDir dir;
  ASSERT_EQ(index_archive({.archive = test::data_dir(), .db = dir / "index"}).stories, 5u);
  const Xapian::Database db((dir / "index").string());
  // Story 1: title "The DeepSeek Aftermath: Industry-Wide Pivot to Training
  // Efficiency"; body "One week after the DeepSeek-R1 release".
  EXPECT_EQ(db.get_termfreq(schema::word_pair_term("training", "efficiency")), 1u);
  EXPECT_GE(db.get_termfreq(schema::word_pair_term("deepseek", "r1")), 1u) << "a hyphenated token's two words";
  EXPECT_GE(db.get_termfreq(schema::word_pair_term("one", "week")), 1u);
  // The title's last word and the body's first are not neighbours.
  EXPECT_EQ(db.get_termfreq(schema::word_pair_term("efficiency", "one")), 0u);
  EXPECT_EQ(db.get_termfreq(schema::word_pair_term("efficiency", "training")), 0u) << "order counts";
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    const std::string prefix(schema::kWordPairPrefix);
    Xapian::TermIterator term = doc.termlist_begin();
    std::size_t pairs = 0;
    for (term.skip_to(prefix); term != doc.termlist_end() && (*term).starts_with(prefix); ++term, ++pairs) {
      EXPECT_EQ(term.get_wdf(), 0u) << *term << ": a pair adds nothing to the story's length";
    }
    EXPECT_GT(pairs, 50u) << "story " << *it;
  }
}

TEST(SchemaSlots, EachStoryOfTheSeedArchiveCarriesItsCompaniesAndTopics) {
  test::TempDir dir;
  const IndexSummary summary = index_archive({.archive = test::data_dir(), .db = dir / "index"});
  ASSERT_EQ(summary.stories, 5u);
  const Xapian::Database db((dir / "index").string());
  EXPECT_EQ(db.get_metadata(std::string(schema::kSchemaVersionKey)), "9");
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
