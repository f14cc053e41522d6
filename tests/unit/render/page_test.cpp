// index.html and style.css: structure, head metadata, JSON-LD, and how entries read.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "html_scan.hpp"
#include "page_fixtures.hpp"
#include "readinglist/render/files.hpp"

namespace rl::render {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace page_testing;

std::size_t count(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t i = text.find(needle); i != std::string_view::npos;
       i = text.find(needle, i + 1)) {
    ++n;
  }
  return n;
}

nlohmann::json json_ld_of(const std::string& page) {
  const HtmlScan scan = scan_html(page);
  if (scan.scripts.size() != 1) return nullptr;
  return nlohmann::json::parse(scan.scripts[0]);
}

TEST(IndexHtml, StartsWithDoctypeLanguageAndTheme) {
  auto list = example_in_code();
  list.spec.language = "pt-BR";
  list.spec.site->theme = model::Theme::Dark;
  const std::string page = render_index_html(list);
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>\n<html lang=\"pt-BR\" data-theme=\"dark\">\n"));
  EXPECT_TRUE(page.ends_with("</html>\n"));
  list.spec.language.reset();
  list.spec.site.reset();
  EXPECT_THAT(render_index_html(list), HasSubstr("<html lang=\"en\" data-theme=\"auto\">"));
}

TEST(IndexHtml, HeadCarriesTitleDescriptionOpenGraphStylesheetAndFeed) {
  const std::string page = render_index_html(example_in_code());
  const std::string head = page.substr(0, page.find("</head>"));
  for (const char* line : {
           "<meta charset=\"utf-8\">",
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
           "<title>Five Years of Cloud-Native Rust: A Reading List</title>",
           "<meta name=\"description\" content=\"KubeCon + CloudNativeCon North America 2023\">",
           "<meta property=\"og:title\" content=\"Five Years of Cloud-Native Rust: A Reading "
           "List\">",
           "<meta property=\"og:description\" content=\"KubeCon + CloudNativeCon North America "
           "2023\">",
           "<meta property=\"og:type\" content=\"website\">",
           "<meta property=\"og:url\" content=\"https://rust.example.org/reading\">",
           "<link rel=\"stylesheet\" href=\"style.css\">",
           "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Five Years of "
           "Cloud-Native Rust: A Reading List\" href=\"feed.xml\">",
       }) {
    EXPECT_THAT(head, HasSubstr(line));
  }
}

TEST(IndexHtml, DescriptionMetaFallsBackToTheMarkdownAsPlainText) {
  auto list = example_in_code();
  list.spec.subtitle.reset();
  const std::string page = render_index_html(list);
  EXPECT_THAT(page, HasSubstr("<meta property=\"og:description\" content=\"This is a reading list "
                              "for my talk, &quot;Five Years of Cloud Native Rust&quot;, at "
                              "KubeCon. This list includes all the sources referenced in the "
                              "talk itself.\">"));
  list.spec.description = std::string(500, 'x') + " " + std::string(500, 'y');
  EXPECT_THAT(render_index_html(list), HasSubstr("<meta name=\"description\" content=\"" +
                                                 std::string(200, 'x') + "\xE2\x80\xA6\">"));
  list.spec.description = "word " + std::string(500, 'y');  // shortened between words
  EXPECT_THAT(render_index_html(list), HasSubstr("content=\"word\xE2\x80\xA6\">"));
}

TEST(IndexHtml, OgUrlIsTheServiceAddressWithoutAnIngress) {
  auto list = example_in_code();
  list.spec.site->ingress.reset();
  EXPECT_THAT(render_index_html(list),
              HasSubstr("<meta property=\"og:url\" content=\"http://"
                        "five-years-of-cloud-native-rust-site.talks.svc\">"));
}

TEST(IndexHtml, JsonLdIsTheOnlyScriptAndListsEveryEntryAsACreativeWork) {
  const std::string page = render_index_html(example_in_code());
  EXPECT_EQ(count(page, "<script"), 1u);
  EXPECT_THAT(page, HasSubstr("<script type=\"application/ld+json\">{"));
  const nlohmann::json ld = json_ld_of(page);
  EXPECT_EQ(ld["@context"], "https://schema.org");
  EXPECT_EQ(ld["@type"], "ItemList");
  EXPECT_EQ(ld["name"], "Five Years of Cloud-Native Rust: A Reading List");
  EXPECT_EQ(ld["url"], "https://rust.example.org/reading");
  ASSERT_EQ(ld["numberOfItems"], 5);
  ASSERT_EQ(ld["itemListElement"].size(), 5u);
  const auto& first = ld["itemListElement"][0];
  EXPECT_EQ(first["@type"], "ListItem");
  EXPECT_EQ(first["position"], 1);
  EXPECT_EQ(first["item"]["@type"], "BlogPosting");
  EXPECT_EQ(first["item"]["name"], "Queue the Hardening Enhancements");
  EXPECT_EQ(first["item"]["url"],
            "https://security.googleblog.com/2019/05/queue-hardening-enhancements.html");
  EXPECT_EQ(first["item"]["datePublished"], "2019-05-09");
  EXPECT_EQ(first["item"]["author"][0]["name"], "Jeff Vander Stoep");
  EXPECT_EQ(first["item"]["author"][0]["affiliation"]["name"], "Android Security & Privacy Team");
  EXPECT_EQ(first["item"]["publisher"]["name"], "Google Security Blog");
  EXPECT_EQ(first["item"]["publisher"]["url"], "https://security.googleblog.com/");
  EXPECT_EQ(ld["itemListElement"][1]["item"]["@type"], "WebSite");
  EXPECT_EQ(ld["itemListElement"][2]["item"]["@type"], "Article");
  const auto& projects = ld["itemListElement"][3]["item"];
  EXPECT_EQ(projects["@type"], "CreativeWork");
  EXPECT_EQ(projects["hasPart"][0]["url"], "https://tokio.rs/");
  EXPECT_EQ(ld["itemListElement"][4]["item"]["description"], "hey, that's me!");
}

TEST(IndexHtml, HeaderShowsTitleSubtitleTalkDescriptionAndEpigraph) {
  const std::string page = render_index_html(example_in_code());
  EXPECT_THAT(page, HasSubstr("<header>\n<h1>Five Years of Cloud-Native Rust: A Reading List</h1>\n"
                              "<p class=\"subtitle\">KubeCon + CloudNativeCon North America "
                              "2023</p>\n"));
  EXPECT_THAT(page,
              HasSubstr("<p class=\"talk\"><span class=\"type\">Talk:</span> <cite><a "
                        "href=\"https://kccncna2023.sched.com/event/1R2qn\" rel=\"noopener\">Five "
                        "Years of Cloud Native Rust</a></cite>, by Eliza Weisman (<a "
                        "href=\"https://elizas.website\" rel=\"noopener\">@hawkw</a>), Buoyant, "
                        "Inc. (KubeCon + CloudNativeCon North America 2023, <time "
                        "datetime=\"2023-11\">November 2023</time>)</p>\n"));
  EXPECT_THAT(page, HasSubstr("<div class=\"description\">\n<p>This is a reading list for my "
                              "talk, <a href=\"https://kccncna2023.sched.com/event/1R2qn\" "
                              "rel=\"noopener\">&quot;Five Years"));
  EXPECT_THAT(page, HasSubstr("<figure class=\"epigraph\">\n<blockquote>\n<p>It doesn’t cease to "
                              "amaze me that when something finally compiles in Rust…</p>\n"
                              "</blockquote>\n<figcaption>— Alejandro Pedraza (<a "
                              "href=\"https://github.com/alpeb\" rel=\"noopener\">@alpeb</a>), "
                              "Linkerd maintainer</figcaption>\n</figure>\n</header>\n"));
}

TEST(IndexHtml, EntryReadsLabelTitleAuthorsSourceAndDateWithTheExamplesPunctuation) {
  const std::string page = render_index_html(example_in_code());
  EXPECT_THAT(
      page, HasSubstr("<li><span class=\"type\">Blog post:</span> <cite><a "
                      "href=\"https://security.googleblog.com/2019/05/"
                      "queue-hardening-enhancements.html\" rel=\"noopener\">Queue the Hardening "
                      "Enhancements</a></cite>, by Jeff Vander Stoep, Android Security &amp; "
                      "Privacy Team and Chong Zhang, the Android Media Team (<a "
                      "href=\"https://security.googleblog.com/\" rel=\"noopener\">Google Security "
                      "Blog</a>, <time datetime=\"2019-05-09\">May 9, 2019</time>)</li>\n"));
  EXPECT_THAT(page, HasSubstr("<li><span class=\"type\">Website:</span> <cite><a "
                              "href=\"https://www.rust-lang.org/\" "
                              "rel=\"noopener\">rust-lang.org</a></cite></li>\n"));
  EXPECT_THAT(page, HasSubstr("</cite>, by <a href=\"https://example.org/wm\" rel=\"noopener\">"
                              "William Morgan</a> and Daniel Bryant (InfoQ, <time "
                              "datetime=\"2019-04-05\">April 5, 2019</time>)</li>"));
}

TEST(IndexHtml, CollectionTitleIsItsHeadingFollowedByItsLinks) {
  const std::string page = render_index_html(example_in_code());
  EXPECT_THAT(page, HasSubstr("<li><cite>Open Source Projects</cite>:\n<ul class=\"items\">\n"
                              "<li><a href=\"https://tokio.rs/\" rel=\"noopener\">Tokio</a>, "
                              "Rust&#39;s async runtime</li>\n<li><a href=\"https://hyper.rs\" "
                              "rel=\"noopener\">Hyper</a>, a fast, safe, and correct HTTP "
                              "implementation</li>\n</ul>\n</li>\n"));
  EXPECT_THAT(page, Not(HasSubstr("Open source projects")));
}

TEST(IndexHtml, EveryOtherTypeShowsItsLabel) {
  auto list = example_in_code();
  auto& entries = list.spec.sections[0].entries;
  entries.clear();
  for (std::size_t t = 0; t + 1 < std::size(model::kEntryTypeNames); ++t) {
    entries.push_back(entry(static_cast<model::EntryType>(t), "T", "https://example.org/"));
  }
  entries.push_back(entry(model::EntryType::Website, "Untyped", "https://example.org/"));
  entries.back().type.reset();
  const std::string page = render_index_html(list);
  for (const char* label : {"Blog post", "Article", "Talk", "Video", "Podcast", "Paper", "Book",
                            "Website", "Project"}) {
    EXPECT_THAT(page, HasSubstr(std::string("<li><span class=\"type\">") + label + ":</span> "));
  }
  EXPECT_THAT(page, HasSubstr("<span class=\"type\">Website:</span> <cite><a "
                              "href=\"https://example.org/\" rel=\"noopener\">Untyped"));
}

TEST(IndexHtml, OneParagraphNoteFollowsTheEntryAndTheSourcesYearIsNotRepeated) {
  const std::string page = render_index_html(example_in_code());
  EXPECT_THAT(page, HasSubstr("</cite>, by Eliza Weisman (ServiceMeshCon 2022) — <span "
                              "class=\"note\">hey, that's me!</span></li>\n"));
}

TEST(IndexHtml, LongerNotesAreBlocksAndLinksWithoutSafeUrlsAreText) {
  auto list = example_in_code();
  auto& first = list.spec.sections[0].entries[0];
  first.note = "First *point*.\n\nSecond [point](https://example.org/2).";
  first.url = "ftp://example.org/not-a-web-link";
  const std::string page = render_index_html(list);
  EXPECT_THAT(page, HasSubstr("<cite>Queue the Hardening Enhancements</cite>"));
  EXPECT_THAT(page, HasSubstr("May 9, 2019</time>)\n<div class=\"note\">\n<p>First "
                              "<em>point</em>.</p>\n<p>Second <a href=\"https://example.org/2\" "
                              "rel=\"noopener\">point</a>.</p>\n</div>\n</li>\n"));
}

TEST(IndexHtml, ThreeOrMoreAuthorsAreJoinedWithCommasOrSemicolons) {
  auto list = example_in_code();
  auto& authors = list.spec.sections[0].entries[0].authors;
  authors = {person("A"), person("B"), person("C")};
  EXPECT_THAT(render_index_html(list), HasSubstr("</cite>, by A, B and C ("));
  authors = {person("A", "X, Inc."), person("B"), person("C", "Z")};
  EXPECT_THAT(render_index_html(list), HasSubstr("</cite>, by A, X, Inc.; B; and C, Z ("));
}

TEST(IndexHtml, SectionsAreH2WithUniqueIdsAndMarkdownHeadingsStartAtH3) {
  auto list = example_in_code();
  list.spec.sections[1].title = "Why Rust?";
  list.spec.sections[1].description = "# Inner heading";
  const std::string page = render_index_html(list);
  EXPECT_EQ(count(page, "<h1>"), 1u);
  EXPECT_EQ(count(page, "<h2>"), 2u);
  EXPECT_THAT(page, HasSubstr("<section id=\"why-rust\">\n<h2>Why Rust?</h2>\n<div "
                              "class=\"section-description\">\n<p>Memory safety, "
                              "<em>mostly</em>.</p>\n</div>\n<ul class=\"entries\">\n"));
  EXPECT_THAT(page, HasSubstr("<section id=\"why-rust-2\">"));
  EXPECT_THAT(page, HasSubstr("<h3>Inner heading</h3>"));
}

TEST(IndexHtml, FooterLinksTheFeedAndJsonWithoutVersionOrTime) {
  const std::string page = render_index_html(example_in_code());
  const std::string footer = page.substr(page.find("<footer>"));
  EXPECT_THAT(footer, HasSubstr("Generated by readinglist-operator"));
  EXPECT_THAT(footer, HasSubstr("<a href=\"feed.xml\">"));
  EXPECT_THAT(footer, HasSubstr("<a href=\"readinglist.json\">"));
  EXPECT_THAT(page, Not(HasSubstr(RL_VERSION)));
  EXPECT_EQ(footer.find_first_of("0123456789"), std::string::npos);
}

TEST(IndexHtml, SameListGivesTheSameBytes) {
  const auto list = example_in_code();
  const auto copy = list;
  EXPECT_EQ(render_index_html(list), render_index_html(copy));
  const auto big = synthetic_list(5, 20);
  EXPECT_EQ(render_index_html(big), render_index_html(big));
}

TEST(StyleCss, FollowsTheThemeAndCoversPhonesAndPrint) {
  const std::string automatic = render_style_css(model::Theme::Auto);
  const std::string light = render_style_css(model::Theme::Light);
  const std::string dark = render_style_css(model::Theme::Dark);
  EXPECT_THAT(automatic, HasSubstr("@media (prefers-color-scheme: dark)"));
  EXPECT_THAT(automatic, HasSubstr("color-scheme: light dark;"));
  EXPECT_THAT(light, Not(HasSubstr("prefers-color-scheme")));
  EXPECT_THAT(light, HasSubstr("--bg: #fdfdfc;"));
  EXPECT_THAT(dark, Not(HasSubstr("prefers-color-scheme")));
  EXPECT_THAT(dark, HasSubstr("--bg: #121417;"));
  EXPECT_THAT(dark, Not(HasSubstr("--bg: #fdfdfc;")));
  for (const auto& css : {automatic, light, dark}) {
    EXPECT_THAT(css, HasSubstr("max-width: 44rem;"));
    EXPECT_THAT(css, HasSubstr("font-size: clamp("));
    EXPECT_THAT(css, HasSubstr("@media print"));
    EXPECT_THAT(css, HasSubstr("content: \" <\" attr(href) \">\";"));
    EXPECT_EQ(count(css, "{"), count(css, "}"));
  }
}

}  // namespace
}  // namespace rl::render
