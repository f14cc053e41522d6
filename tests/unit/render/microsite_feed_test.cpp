// A microsite's feed.xml: every list's entries merged in index order, each naming its list and
// talk, ids unique across lists, well-formed with hostile text, and dated only by the lists.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "microsite_fixtures.hpp"
#include "output_checks.hpp"
#include "readinglist/render/files.hpp"
#include "readinglist/render/microsite.hpp"

namespace rl::render {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace microsite_testing;
using page_testing::xml_problem;
using page_testing::xmllint_problem;

std::string feed_of(const model::Microsite& microsite,
                    const std::vector<const model::ReadingList*>& lists) {
  return render_microsite(microsite, lists).find("feed.xml")->data;
}

// The text of every <TAG> directly inside an <entry>, in order (the feed's own <id> and
// <title> come before the first entry, a <source>'s are indented deeper).
std::vector<std::string> entry_values(const std::string& feed, const std::string& tag) {
  const std::regex element("\n    <" + tag + ">([^<]*)</" + tag + ">");
  std::vector<std::string> values;
  for (std::sregex_iterator it(feed.begin(), feed.end(), element), end; it != end; ++it)
    values.push_back((*it)[1]);
  return values;
}

TEST(MicrositeFeed, MergesEveryListsEntriesListByListInTheGivenOrder) {
  const auto lists = sample_lists();
  std::vector<std::string> expected;
  for (const model::ReadingList* list : {&lists[1], &lists[0]}) {
    for (const auto& id : entry_values(render_feed_xml(*list), "id"))
      expected.push_back(id);
  }
  const std::string feed = feed_of(sample_microsite(), {&lists[1], &lists[0]});
  const auto ids = entry_values(feed, "id");
  // The links both lists share are listed twice: the second time with a fragment.
  ASSERT_EQ(ids.size(), expected.size());
  EXPECT_EQ(ids.front(), "https://security.googleblog.com/2019/05/queue.html");
  EXPECT_EQ(ids[expected.size() / 2], "https://security.googleblog.com/2019/05/queue.html#2");
  EXPECT_THAT(entry_values(feed, "title"),
              ElementsAreArray(
                  entry_values(render_feed_xml(lists[1]) + render_feed_xml(lists[0]), "title")));
  EXPECT_LT(feed.find("https://example.com/only-b"), feed.find("https://example.com/only-a"));
}

TEST(MicrositeFeed, IdsAreUniqueAcrossTheWholeFeed) {
  const auto lists = sample_lists();
  const auto ids = entry_values(feed_of(sample_microsite(), pointers(lists)), "id");
  const std::set<std::string> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size());
}

TEST(MicrositeFeed, EachEntryNamesItsListAndTalk) {
  const auto lists = sample_lists();
  const std::string feed = feed_of(sample_microsite(), pointers(lists));
  EXPECT_THAT(feed, HasSubstr("    <source>\n"
                              "      <id>http://a-site.talks.svc</id>\n"
                              "      <title>Reading list a</title>\n"
                              "      <subtitle>Talk a</subtitle>\n"
                              "      <link rel=\"alternate\" type=\"text/html\" "
                              "href=\"http://kubecon-microsite.talks.svc/a/\"/>\n"
                              "    </source>\n"
                              "    <summary>Reading list a · Blog post · Google Security Blog"));
  const std::size_t entries = entry_values(feed, "id").size();
  EXPECT_EQ(entry_values(feed, "summary").size(), entries);
  std::size_t sources = 0;
  for (auto at = feed.find("<source>"); at != std::string::npos; at = feed.find("<source>", at + 1))
    ++sources;
  EXPECT_EQ(sources, entries);
}

TEST(MicrositeFeed, TheFeedIsTheMicrositesAndDatedOnlyByItsLists) {
  const auto lists = sample_lists();
  const std::string feed = feed_of(sample_microsite(), pointers(lists));
  EXPECT_TRUE(
      feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                       "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n"
                       "  <id>http://kubecon-microsite.talks.svc</id>\n"
                       "  <title>Our talks at KubeCon</title>\n"
                       "  <subtitle>KubeCon + CloudNativeCon North America 2023</subtitle>\n"
                       "  <link rel=\"alternate\" type=\"text/html\" "
                       "href=\"http://kubecon-microsite.talks.svc\"/>\n"
                       "  <link rel=\"self\" type=\"application/atom+xml\" "
                       "href=\"http://kubecon-microsite.talks.svc/feed.xml\"/>\n"
                       "  <updated>2023-11-01T00:00:00Z</updated>\n"
                       "  <author>\n"
                       "    <name>KubeCon + CloudNativeCon North America 2023</name>\n"
                       "  </author>\n"))
      << feed;
  // The same input, the same bytes: nothing from the clock.
  const auto copies = sample_lists();
  EXPECT_EQ(feed_of(sample_microsite(), pointers(copies)), feed);
}

TEST(MicrositeFeed, AnEmptySelectionIsAValidFeedWithoutEntries) {
  const std::string feed = feed_of(sample_microsite(), {});
  EXPECT_THAT(feed, HasSubstr("<updated>1970-01-01T00:00:00Z</updated>"));
  EXPECT_THAT(feed, Not(HasSubstr("<entry>")));
  EXPECT_EQ(xml_problem(feed), "");
  EXPECT_EQ(xmllint_problem(feed), "");
}

TEST(MicrositeFeed, HostileTextStaysWellFormed) {
  auto microsite = sample_microsite();
  microsite.spec.title = kHostile;
  microsite.spec.language = kHostile;
  microsite.spec.event->name = kHostile;
  auto lists = sample_lists();
  for (auto& list : lists) {
    list.spec.title = kHostile;
    list.spec.talk->title = kHostile;
    list.spec.sections[0].entries[0].title = kHostile;
    list.spec.sections[0].entries[0].note = kHostile;
    list.spec.sections[0].entries[0].url = "https://example.org/a?b=<c>&d=\"e\"";
  }
  lists[1].metadata.name = kHostile;
  const std::string feed = feed_of(microsite, pointers(lists));
  EXPECT_EQ(xml_problem(feed), "");
  EXPECT_EQ(xmllint_problem(feed), "");
  EXPECT_THAT(feed, Not(HasSubstr("<script")));
}

}  // namespace
}  // namespace rl::render
