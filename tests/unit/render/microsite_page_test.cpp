// A microsite's index.html and style.css: the event, one card per list in the order given with
// relative links, the head (language, theme, Open Graph, feed, JSON-LD), the empty state, and
// hostile text in every field never becoming markup; HTML Tidy accepts every page.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "html_scan.hpp"
#include "microsite_fixtures.hpp"
#include "output_checks.hpp"
#include "readinglist/render/files.hpp"
#include "readinglist/render/microsite.hpp"

namespace rl::render {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace page_testing;
using namespace microsite_testing;

std::string index_of(const model::Microsite& microsite,
                     const std::vector<model::ReadingList>& lists) {
  return render_microsite(microsite, pointers(lists)).find("index.html")->data;
}

// The href of every <a> inside an <h2>: the cards' links, in page order.
std::vector<std::string> card_links(const std::string& page) {
  std::vector<std::string> links;
  bool in_h2 = false;
  for (const Tag& tag : scan_html(page).tags) {
    if (tag.name == "h2") in_h2 = !tag.closing;
    if (in_h2 && tag.name == "a" && !tag.closing) links.push_back(*tag.attribute("href"));
  }
  return links;
}

// A card links to its list's directory; every other link is one is_allowed_link accepts.
bool is_allowed_microsite_link(const std::string& target, const std::vector<std::string>& names) {
  for (const auto& name : names) {
    if (target == name + "/") return true;
  }
  return is_allowed_link(target) && target != "readinglist.json";
}

// html_problems with the cards' links to `names` allowed (it knows only a list page's links).
std::vector<std::string> microsite_html_problems(const std::string& page,
                                                 const std::vector<std::string>& names) {
  std::vector<std::string> problems = html_problems(page, page_tags(), 1);
  std::erase_if(problems, [&](const std::string& problem) {
    return std::ranges::any_of(
        names, [&](const std::string& name) { return problem == "<a href=\"" + name + "/\">"; });
  });
  return problems;
}

model::ReadingList hostile_list(const char* name) {
  model::ReadingList list = testing::sample_list();
  list.metadata.name = name;
  list.spec.title = kHostile;
  list.spec.talk->title = kHostile;
  list.spec.talk->url = "javascript:alert(1)";
  list.spec.talk->event = kHostile;
  list.spec.talk->date = kHostile;
  list.spec.talk->speakers = {model::Person{.name = kHostile,
                                            .url = " JaVaScRiPt:alert(1)",
                                            .affiliation = kHostile,
                                            .handle = kHostile}};
  return list;
}

model::Microsite hostile_microsite() {
  model::Microsite microsite = sample_microsite();
  microsite.metadata.name = kHostile;
  microsite.spec.title = kHostile;
  microsite.spec.language = kHostile;
  microsite.spec.description =
      "Intro <script>alert(4)</script> [click](javascript:alert(5)) <https://example.org/ok>";
  microsite.spec.event = model::EventSpec{.name = kHostile,
                                          .url = "data:text/html,<script>alert(1)</script>",
                                          .start_date = kHostile,
                                          .end_date = kHostile,
                                          .location = kHostile};
  return microsite;
}

TEST(MicrositeIndex, CardsKeepTheGivenOrderAndLinkRelativelyToEachList) {
  auto lists = sample_lists();
  std::vector<const model::ReadingList*> reversed = {&lists[1], &lists[0]};
  const std::string page = render_microsite(sample_microsite(), reversed).find("index.html")->data;
  EXPECT_THAT(card_links(page), ElementsAre("b/", "a/"));
  EXPECT_LT(page.find("Reading list b"), page.find("Reading list a"));
  EXPECT_THAT(card_links(index_of(sample_microsite(), lists)), ElementsAre("a/", "b/"));
}

TEST(MicrositeIndex, ACardShowsTheListTheTalkItsSpeakersDateAndEntryCount) {
  const std::string page = index_of(sample_microsite(), sample_lists());
  EXPECT_THAT(page, HasSubstr("<h2><a href=\"a/\">Reading list a</a></h2>"));
  EXPECT_THAT(page, HasSubstr("<cite><a href=\"https://example.com/talk\" rel=\"noopener\">Talk "
                              "a</a></cite>, by <a href=\"https://example.com/eliza\" "
                              "rel=\"noopener\">Eliza Weisman</a>, Buoyant, Inc. and Speaker a "
                              "(<time datetime=\"2023-11\">November 2023</time>)"));
  EXPECT_THAT(page, HasSubstr("<p class=\"count\">5 entries</p>"));
  // The talk's event is the microsite's, named once in the header rather than on every card.
  const std::string event = "KubeCon + CloudNativeCon North America 2023";
  EXPECT_EQ(page.find(event, page.find("<main>")), std::string::npos);
}

TEST(MicrositeIndex, TheHeaderNamesTheEventWithItsDatesAndPlaceThenTheDescription) {
  const std::string page = index_of(sample_microsite(), sample_lists());
  EXPECT_THAT(page,
              HasSubstr("<h1>Our talks at KubeCon</h1>\n<p class=\"event\"><a "
                        "href=\"https://events.example.com/kubecon\" rel=\"noopener\">KubeCon "
                        "+ CloudNativeCon North America 2023</a> · <time "
                        "datetime=\"2023-11-06\">November 6, 2023</time> – <time "
                        "datetime=\"2023-11-09\">November 9, 2023</time> · Chicago, IL</p>"));
  EXPECT_THAT(page, HasSubstr("<div class=\"description\">\n<p>Reading lists for <em>every</em>"));
}

TEST(MicrositeIndex, TheEventLineLeavesOutWhatTheEventLacks) {
  auto microsite = sample_microsite();
  microsite.spec.event = model::EventSpec{.name = "RustConf",
                                          .url = std::nullopt,
                                          .start_date = "2024-09",
                                          .end_date = "2024-09",
                                          .location = std::nullopt};
  EXPECT_THAT(index_of(microsite, sample_lists()),
              HasSubstr("<p class=\"event\">RustConf · <time datetime=\"2024-09\">September "
                        "2024</time></p>"));
  microsite.spec.event = model::EventSpec{.name = "",
                                          .url = "https://example.com",
                                          .start_date = std::nullopt,
                                          .end_date = std::nullopt,
                                          .location = std::nullopt};
  EXPECT_THAT(index_of(microsite, sample_lists()), Not(HasSubstr("class=\"event\"")));
}

TEST(MicrositeIndex, TheHeadCarriesLanguageThemeOpenGraphStylesheetAndFeed) {
  auto microsite = sample_microsite();
  microsite.spec.language = "de";
  microsite.spec.theme = model::Theme::Dark;
  const std::string page = index_of(microsite, sample_lists());
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>\n<html lang=\"de\" data-theme=\"dark\">\n"));
  EXPECT_TRUE(page.ends_with("</html>\n"));
  EXPECT_THAT(page, HasSubstr("<meta name=\"color-scheme\" content=\"dark\">"));
  EXPECT_THAT(page, HasSubstr("<meta property=\"og:title\" content=\"Our talks at KubeCon\">"));
  EXPECT_THAT(page, HasSubstr("<meta property=\"og:description\" content=\"Reading lists for "
                              "every talk we gave. See the schedule.\">"));
  EXPECT_THAT(page, HasSubstr("<meta property=\"og:url\" "
                              "content=\"http://kubecon-microsite.talks.svc\">"));
  EXPECT_THAT(page, HasSubstr("<link rel=\"stylesheet\" href=\"style.css\">"));
  EXPECT_THAT(page, HasSubstr("<link rel=\"alternate\" type=\"application/atom+xml\" "
                              "title=\"Our talks at KubeCon\" href=\"feed.xml\">"));
}

TEST(MicrositeIndex, JsonLdIsAnItemListOfTheListsEachAboutItsTalk) {
  const auto scan = scan_html(index_of(sample_microsite(), sample_lists()));
  ASSERT_EQ(scan.scripts.size(), 1u);
  const auto json = nlohmann::json::parse(scan.scripts[0]);
  EXPECT_EQ(json["@type"], "ItemList");
  EXPECT_EQ(json["name"], "Our talks at KubeCon");
  EXPECT_EQ(json["about"]["@type"], "Event");
  EXPECT_EQ(json["about"]["startDate"], "2023-11-06");
  EXPECT_EQ(json["about"]["location"]["name"], "Chicago, IL");
  ASSERT_EQ(json["numberOfItems"], 2);
  const auto& second = json["itemListElement"][1];
  EXPECT_EQ(second["position"], 2);
  EXPECT_EQ(second["item"]["name"], "Reading list b");
  EXPECT_EQ(second["item"]["url"], "http://kubecon-microsite.talks.svc/b/");
  EXPECT_EQ(second["item"]["numberOfItems"], 5);
  EXPECT_EQ(second["item"]["about"]["name"], "Talk b");
  EXPECT_EQ(second["item"]["about"]["performer"][1]["name"], "Speaker b");
}

TEST(MicrositeIndex, AnEmptySelectionSaysThereAreNoTalksYet) {
  const std::string page = index_of(sample_microsite(), {});
  EXPECT_THAT(page, HasSubstr("<p class=\"empty\">No talks yet."));
  EXPECT_THAT(page, Not(HasSubstr("class=\"cards\"")));
  EXPECT_TRUE(card_links(page).empty());
  const auto [status, output] = tidy(page);
  EXPECT_EQ(status, 0) << output;
}

TEST(MicrositeIndex, AMicrositeWithoutEventOrDescriptionStillRenders) {
  model::Microsite microsite;
  microsite.metadata.name = "bare";
  microsite.spec.title = "Bare";
  const std::string page = index_of(microsite, sample_lists());
  EXPECT_THAT(page, Not(HasSubstr("class=\"event\"")));
  EXPECT_THAT(page, Not(HasSubstr("name=\"description\"")));
  EXPECT_THAT(card_links(page), ElementsAre("a/", "b/"));
  EXPECT_EQ(microsite_html_problems(page, {"a", "b"}), std::vector<std::string>{});
}

TEST(MicrositeIndexSafety, HostileTextNeverBecomesMarkup) {
  std::vector<model::ReadingList> lists = {hostile_list("a"), hostile_list("javascript:alert(1)"),
                                           hostile_list("../x"), hostile_list("b")};
  const std::string page = index_of(hostile_microsite(), lists);
  EXPECT_EQ(microsite_html_problems(page, {"a", "b"}), std::vector<std::string>{});
  const HtmlScan scan = scan_html(page);
  ASSERT_EQ(scan.scripts.size(), 1u) << "only the JSON-LD script";
  EXPECT_TRUE(nlohmann::json::accept(scan.scripts[0]));
  for (const Tag& tag : scan.tags) {
    if (const std::string* href = tag.attribute("href")) {
      EXPECT_TRUE(is_allowed_microsite_link(*href, {"a", "b"})) << *href;
    }
  }
  // Names that are not list names get a card, but no link and so no way out of the site.
  EXPECT_THAT(card_links(page), ElementsAre("a/", "b/"));
  EXPECT_THAT(page, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(lower(page), Not(HasSubstr("=\"javascript")));
  EXPECT_THAT(page, Not(HasSubstr("<img")));
  EXPECT_THAT(page, HasSubstr("<a href=\"https://example.org/ok\""));
}

TEST(MicrositeIndexTidy, SampleHostileAndLargePagesHaveNoErrorsOrWarnings) {
  std::vector<model::ReadingList> many;
  for (int i = 0; i < 30; ++i) {
    many.push_back(sample_lists()[0]);
    many.back().metadata.name = "talk-" + std::to_string(i);
  }
  const std::vector<model::ReadingList> hostile = {hostile_list("a"), hostile_list("<b>")};
  for (const std::string& page :
       {index_of(sample_microsite(), sample_lists()), index_of(hostile_microsite(), hostile),
        index_of(sample_microsite(), many)}) {
    const auto [status, output] = tidy(page);
    EXPECT_EQ(status, 0) << output;
  }
}

TEST(MicrositeContent, IsTheFourFilesInNameOrderAndTheSameBytesEveryTime) {
  const auto lists = sample_lists();
  const Content first = render_microsite(sample_microsite(), pointers(lists));
  std::vector<std::string> names;
  for (const auto& file : first.files)
    names.push_back(file.name);
  EXPECT_THAT(names, ElementsAre("feed.xml", "index.html", "nginx.conf", "style.css"));
  const auto copies = sample_lists();
  const Content second = render_microsite(sample_microsite(), pointers(copies));
  EXPECT_EQ(first.files, second.files);
  EXPECT_EQ(first.hash(), second.hash());
}

TEST(MicrositeStyle, IsTheListStylesheetForTheThemePlusTheCards) {
  for (const auto theme : {model::Theme::Auto, model::Theme::Light, model::Theme::Dark}) {
    auto microsite = sample_microsite();
    microsite.spec.theme = theme;
    const std::string css = render_microsite(microsite, {}).find("style.css")->data;
    EXPECT_TRUE(css.starts_with(render_style_css(theme))) << model::to_string(theme);
    EXPECT_THAT(css, HasSubstr(".card {"));
  }
  const std::string css = render_microsite(sample_microsite(), {}).find("style.css")->data;
  EXPECT_THAT(css, HasSubstr("@media (prefers-color-scheme: dark)"));
  EXPECT_THAT(css, HasSubstr("@media print"));
}

}  // namespace
}  // namespace rl::render
