// feed.xml: a well-formed Atom 1.0 feed with one entry per link, escaped, and dated only by
// the list itself.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "output_checks.hpp"
#include "readinglist/model/names.hpp"
#include "readinglist/render/files.hpp"
#include "sample_lists.hpp"

namespace rl::render {
namespace {

using page_testing::xml_problem;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::sample_list;

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

void expect_xmllint_accepts(const std::string& xml) {
  EXPECT_EQ(page_testing::xmllint_problem(xml), "") << xml;
}

TEST(FeedXml, XmlCheckerFindsBrokenDocuments) {
  EXPECT_EQ(xml_problem("<?xml version=\"1.0\"?>\n<a><b x=\"1\"/>t &amp; u</a>\n"), "");
  EXPECT_NE(xml_problem("<a><b></a></b>"), "");
  EXPECT_NE(xml_problem("<a>x & y</a>"), "");
  EXPECT_NE(xml_problem("<a><b></a>"), "");
  EXPECT_NE(xml_problem("<a></a><a></a>"), "");
}

TEST(FeedXml, IsWellFormedAtomWithFeedLevelMetadata) {
  const model::ReadingList list = sample_list();
  const std::string feed = render_feed_xml(list);
  EXPECT_EQ(xml_problem(feed), "") << feed;
  expect_xmllint_accepts(feed);

  const std::string site = model::site_url(list);
  const std::string base = site.ends_with('/') ? site : site + "/";
  EXPECT_TRUE(
      feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                       "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n"));
  EXPECT_THAT(feed, HasSubstr("  <id>" + site + "</id>\n"));
  EXPECT_THAT(feed, HasSubstr("<title>Five Years of Cloud-Native Rust: A Reading List</title>"));
  EXPECT_THAT(feed, HasSubstr("<subtitle>Sources for the talk</subtitle>"));
  EXPECT_THAT(feed, HasSubstr("<link rel=\"alternate\" type=\"text/html\" href=\"" + site));
  EXPECT_THAT(feed, HasSubstr("<link rel=\"self\" type=\"application/atom+xml\" href=\"" + base +
                              "feed.xml\"/>"));
  EXPECT_THAT(feed, HasSubstr("  <author>\n    <name>Eliza Weisman</name>\n"
                              "    <uri>https://example.com/eliza</uri>\n  </author>\n"));
}

TEST(FeedXml, HasOneEntryPerLinkIncludingEachItem) {
  const std::string feed = render_feed_xml(sample_list());
  // Three entries with a url and two items of the collection (which has no url of its own).
  EXPECT_EQ(count(feed, "<entry>"), 5U);
  EXPECT_EQ(count(feed, "</entry>"), 5U);
  EXPECT_THAT(feed, HasSubstr("<id>https://tokio.rs/</id>"));
  EXPECT_THAT(feed,
              HasSubstr("<summary>Open Source Projects · Rust&#39;s async runtime</summary>"));
}

TEST(FeedXml, EntryCarriesDatesAuthorsCategoryAndPlainTextSummary) {
  const std::string feed = render_feed_xml(sample_list());
  EXPECT_THAT(feed, HasSubstr("  <entry>\n"
                              "    <id>https://security.googleblog.com/2019/05/queue.html</id>\n"
                              "    <title>Queue the Hardening Enhancements</title>\n"
                              "    <link rel=\"alternate\" href=\"https://security.googleblog.com/"
                              "2019/05/queue.html\"/>\n"
                              "    <updated>2019-05-09T00:00:00Z</updated>\n"
                              "    <published>2019-05-09T00:00:00Z</published>\n"
                              "    <author>\n      <name>Jeff Vander Stoep</name>\n    </author>\n"
                              "    <author>\n      <name>Chong Zhang</name>\n    </author>\n"
                              "    <category term=\"BlogPost\" label=\"Blog post\"/>\n"
                              "    <summary>Blog post · Google Security Blog · Read this first, "
                              "then the docs.</summary>\n"
                              "  </entry>\n"));
}

TEST(FeedXml, FeedUpdatedIsTheLatestDateInTheList) {
  model::ReadingList list = sample_list();
  // The talk (2023-11) is the latest date of the sample.
  EXPECT_THAT(render_feed_xml(list), HasSubstr("  <updated>2023-11-01T00:00:00Z</updated>\n"));
  list.spec.sections[1].entries[0].published = "2024-02-29";
  EXPECT_THAT(render_feed_xml(list), HasSubstr("  <updated>2024-02-29T00:00:00Z</updated>\n"));
}

TEST(FeedXml, ListWithoutDatesIsDatedAtTheEpochAndAuthoredByItsTitle) {
  model::ReadingList list = sample_list();
  list.spec.talk.reset();
  for (auto& section : list.spec.sections) {
    for (auto& entry : section.entries)
      entry.published.reset();
  }
  const std::string feed = render_feed_xml(list);
  EXPECT_THAT(feed, Not(HasSubstr("<published>")));
  EXPECT_EQ(count(feed, "<updated>1970-01-01T00:00:00Z</updated>"), 1U + 5U);
  EXPECT_THAT(feed, HasSubstr("  <author>\n    <name>Five Years of Cloud-Native Rust: A Reading "
                              "List</name>\n  </author>\n"));
  EXPECT_EQ(xml_problem(feed), "");
}

TEST(FeedXml, DuplicateLinksGetUniqueIds) {
  model::ReadingList list = sample_list();
  auto& entries = list.spec.sections[0].entries;
  entries.push_back(testing::link_entry("Again", "https://www.rust-lang.org/"));
  entries.push_back(testing::link_entry("And again", "https://www.rust-lang.org/"));
  entries.push_back(testing::link_entry("Fragment", "https://example.com/a#b"));
  entries.push_back(testing::link_entry("Fragment again", "https://example.com/a#b"));
  const std::string feed = render_feed_xml(list);
  EXPECT_EQ(count(feed, "<id>https://www.rust-lang.org/</id>"), 1U);
  EXPECT_EQ(count(feed, "<id>https://www.rust-lang.org/#2</id>"), 1U);
  EXPECT_EQ(count(feed, "<id>https://www.rust-lang.org/#3</id>"), 1U);
  EXPECT_EQ(count(feed, "<id>https://example.com/a#b-2</id>"), 1U);
  EXPECT_EQ(count(feed, "href=\"https://www.rust-lang.org/\""), 3U);
}

TEST(FeedXml, EscapesMarkupInEveryUserString) {
  const std::string xss = "<script>alert(\"x\")</script> & 'q'";
  model::ReadingList list = sample_list();
  list.spec.title = xss;
  list.spec.subtitle = xss;
  list.spec.language = "en\"><x";
  auto& entry = list.spec.sections[0].entries[0];
  entry.title = xss;
  entry.authors[0].name = xss;
  entry.source->name = xss;
  entry.note = "<img src=x onerror=alert(1)> **bold** & more";
  entry.url = "https://example.com/?a=1&b=\"2\"<x>";
  list.spec.sections[1].entries[1].items[0].description = xss;

  const std::string feed = render_feed_xml(list);
  EXPECT_EQ(xml_problem(feed), "") << feed;
  expect_xmllint_accepts(feed);
  EXPECT_THAT(feed, Not(HasSubstr("<script")));
  EXPECT_THAT(feed, Not(HasSubstr("<img")));
  EXPECT_THAT(feed, Not(HasSubstr("<x")));
  EXPECT_THAT(feed, HasSubstr("<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
                              "&#39;q&#39;</title>"));
  EXPECT_THAT(feed, HasSubstr("bold &amp; more</summary>"));
}

TEST(FeedXml, NeverLinksToUnsafeSchemes) {
  model::ReadingList list = sample_list();
  list.spec.sections[0].entries[0].url = "javascript:alert(1)";
  list.spec.sections[0].entries[0].authors[0].url = "data:text/html,<b>x</b>";
  list.spec.sections[1].entries[1].items[0].url = "vbscript:msgbox";
  list.spec.talk->speakers[0].url = "javascript:alert(2)";
  const std::string feed = render_feed_xml(list);
  EXPECT_THAT(feed, Not(HasSubstr("javascript")));
  EXPECT_THAT(feed, Not(HasSubstr("data:")));
  EXPECT_THAT(feed, Not(HasSubstr("vbscript")));
  EXPECT_EQ(count(feed, "<entry>"), 3U);
  EXPECT_EQ(xml_problem(feed), "");
}

TEST(FeedXml, IsDeterministic) {
  EXPECT_EQ(render_feed_xml(sample_list()), render_feed_xml(sample_list()));
}

}  // namespace
}  // namespace rl::render
