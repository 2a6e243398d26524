// common/feeds/atom.h: a search as an Atom 1.0 feed (RFC 4287): the required
// elements, ids that stay the same for the same search and story, dates from
// the issue, and text that cannot break the XML.
#include "feeds/atom.h"

#include <gtest/gtest.h>

#include <string>

namespace scatter::feeds {
namespace {

SearchHit hit(const std::string& id, const std::string& title, std::optional<Date> date, const std::string& url) {
  SearchHit out;
  out.record.story.id = id;
  out.record.story.title = title;
  out.record.story.url = url;
  out.record.date = date;
  out.snippet_html = "a <mark>match</mark> &amp; more";
  return out;
}

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(AtomFeed, HasTheElementsRfc4287RequiresAndOneEntryPerHit) {
  SearchResult result;
  result.hits = {hit("3-1", "DeepSeek ships a model", Date{2026, 2, 9}, "/issues/3#story-1"),
                 hit("2-4", "Older", Date{2026, 2, 2}, "https://scatterai.news/issues/2#story-4")};
  const std::string xml = atom_feed(result, {.title = "ScatterAI archive: model",
                                             .feed_id = "tag:scatter-archive,2026:search?q=model",
                                             .self_url = "http://search.local/feed.atom?q=model",
                                             .page_url = "http://search.local/?q=model",
                                             .base_url = "http://search.local"});
  EXPECT_TRUE(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  EXPECT_NE(xml.find("<id>tag:scatter-archive,2026:search?q=model</id>"), std::string::npos);
  EXPECT_NE(xml.find("<updated>2026-02-09T00:00:00Z</updated>"), std::string::npos) << "the newest entry's date";
  EXPECT_NE(xml.find("<author><name>"), std::string::npos);
  EXPECT_NE(xml.find("rel=\"self\""), std::string::npos);
  EXPECT_EQ(occurrences(xml, "<entry>"), 2u);
  EXPECT_NE(xml.find("<id>tag:scatter-archive,2026:story/3-1</id>"), std::string::npos);
  EXPECT_NE(xml.find("href=\"http://search.local/issues/3#story-1\""), std::string::npos) << "a relative link made absolute";
  EXPECT_NE(xml.find("href=\"https://scatterai.news/issues/2#story-4\""), std::string::npos) << "an absolute link kept";
  EXPECT_NE(xml.find("<summary type=\"html\">a &lt;mark&gt;match&lt;/mark&gt; &amp;amp; more</summary>"), std::string::npos);
  EXPECT_TRUE(xml.ends_with("</feed>\n"));
}

TEST(AtomFeed, TextThatWouldBreakTheXmlIsEscapedOrDropped) {
  SearchResult result;
  result.hits = {hit("9-1", "A <b> & \"quoted\" title\x01\x1f with a bell\x07", std::nullopt, "")};
  const std::string xml = atom_feed(result, {.title = "t <&>", .feed_id = "x"});
  EXPECT_NE(xml.find("<title>A &lt;b&gt; &amp; &quot;quoted&quot; title with a bell</title>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<title>t &lt;&amp;&gt;</title>"), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_NE(xml.find("<updated>1970-01-01T00:00:00Z</updated>"), std::string::npos) << "an undated story";
  EXPECT_EQ(xml.find("rel=\"self\""), std::string::npos) << "no address: no self link";
}

TEST(AtomFeed, IdsAndDatesDependOnTheSearchAndTheStoryAlone) {
  EXPECT_EQ(entry_id_for("3-1"), "tag:scatter-archive,2026:story/3-1");
  const SearchRequest a{.q = "sora video", .companies = {"OpenAI"}, .from = Date{2026, 1, 1}};
  SearchRequest b = a;
  b.page = 3;
  b.sort = SortOrder::kOldest;
  EXPECT_EQ(feed_id_for(a), feed_id_for(b)) << "order and page are not the search";
  EXPECT_EQ(feed_id_for(a), "tag:scatter-archive,2026:search?q=sora%20video&company=OpenAI&from=2026-01-01");
  EXPECT_NE(feed_id_for(a), feed_id_for({.q = "sora video"}));
  StoryRecord record;
  record.date = Date{1901, 3, 0};
  EXPECT_EQ(entry_updated(record), "1901-03-01T00:00:00Z") << "a month alone: its first day";
  EXPECT_EQ(feed_title(a), "ScatterAI archive: sora video; company OpenAI; from 2026-01-01");
  const SearchRequest run = feed_request(b);
  EXPECT_EQ(run.sort, SortOrder::kNewest);
  EXPECT_EQ(run.per_page, kFeedEntries);
  EXPECT_EQ(run.page, 1);
}

}  // namespace
}  // namespace scatter::feeds
