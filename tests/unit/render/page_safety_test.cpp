// index.html with hostile text in every field: nothing escapes into markup, every link is
// http, https, mailto or one of the site's own files, and HTML Tidy accepts the page.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "html_scan.hpp"
#include "output_checks.hpp"
#include "page_fixtures.hpp"
#include "readinglist/render/files.hpp"

namespace rl::render {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace page_testing;

// Text that breaks out of an element, an attribute (either quote), a comment or the JSON-LD
// script if anything forgets to escape it.
constexpr const char* kHostile =
    "</script><script>alert(1)</script><img src=x onerror=alert(2)>\"' onmouseover=alert(3) "
    "<!-- & &amp; ]]> \u2028 <style>*{}</style>";
constexpr const char* kHostileMarkdown =
    "Intro <script>alert(4)</script> [click](javascript:alert(5)) ![i](javascript:alert(6)) "
    "<a href=\"javascript:alert(7)\">x</a> [ok](vbscript:msgbox) <https://example.org/ok>";

// URLs in every URL field: some that must be dropped, some that must be made harmless.
constexpr const char* kUnsafeUrls[] = {
    "javascript:alert(1)", "data:text/html,<script>alert(1)</script>",   " JaVaScRiPt:alert(1)",
    "vbscript:msgbox(1)",  "https://example.org/\"onmouseover=alert(1)", "//evil.example/x",
};

std::string unsafe_url(std::size_t& next) {
  return kUnsafeUrls[next++ % std::size(kUnsafeUrls)];
}

model::Person hostile_person(std::size_t& next) {
  return model::Person{
      .name = kHostile, .url = unsafe_url(next), .affiliation = kHostile, .handle = kHostile};
}

model::ReadingList hostile_list() {
  auto list = example_in_code();
  auto& spec = list.spec;
  std::size_t next = 0;
  spec.title = kHostile;
  spec.subtitle = kHostile;
  spec.description = kHostileMarkdown;
  spec.talk->title = kHostile;
  spec.talk->url = unsafe_url(next);
  spec.talk->event = kHostile;
  spec.talk->speakers = {hostile_person(next)};
  spec.epigraph->text = kHostile;
  spec.epigraph->author = hostile_person(next);
  for (auto& section : spec.sections) {
    section.title = kHostile;
    section.description = kHostileMarkdown;
    for (auto& entry : section.entries) {
      entry.title = kHostile;
      entry.authors = {hostile_person(next), hostile_person(next)};
      entry.source = model::Source{kHostile, unsafe_url(next)};
      if (entry.url) entry.url = unsafe_url(next);
      entry.note = kHostileMarkdown;
      for (auto& item : entry.items) {
        item.title = kHostile;
        item.url = unsafe_url(next);
        item.description = kHostile;
      }
    }
  }
  return list;
}

TEST(IndexHtmlSafety, HostileTextNeverBecomesMarkup) {
  const std::string page = render_index_html(hostile_list());
  const HtmlScan scan = scan_html(page);
  EXPECT_EQ(scan.stray_less_than, 0);
  EXPECT_FALSE(scan.truncated);
  ASSERT_EQ(scan.scripts.size(), 1u) << "only the JSON-LD script, never one from the list";
  EXPECT_TRUE(nlohmann::json::accept(scan.scripts[0]));
  for (const Tag& tag : scan.tags) {
    EXPECT_TRUE(page_tags().contains(tag.name)) << "unexpected <" << tag.name << ">";
    for (const auto& [name, value] : tag.attributes) {
      EXPECT_FALSE(name.starts_with("on")) << "event handler attribute " << name;
    }
  }
  EXPECT_THAT(page, Not(HasSubstr("<img")));
  EXPECT_THAT(page, Not(HasSubstr("<style")));
}

TEST(IndexHtmlSafety, EveryLinkIsHttpHttpsMailtoOrTheSitesOwnFile) {
  for (const auto& list : {example_in_code(), hostile_list(), synthetic_list(3, 5)}) {
    const HtmlScan scan = scan_html(render_index_html(list));
    int links = 0;
    for (const Tag& tag : scan.tags) {
      for (const char* attribute : {"href", "src", "action", "formaction", "srcset"}) {
        if (const std::string* target = tag.attribute(attribute)) {
          ++links;
          EXPECT_TRUE(is_allowed_link(*target))
              << "<" << tag.name << " " << attribute << "=\"" << *target << "\">";
        }
      }
    }
    EXPECT_GT(links, 3);
  }
}

TEST(IndexHtmlSafety, UnsafeMarkdownLinksStayAsText) {
  const std::string page = render_index_html(hostile_list());
  EXPECT_THAT(page, Not(HasSubstr("javascript:alert(5)\"")));
  EXPECT_THAT(page, HasSubstr("<a href=\"https://example.org/ok\""));
  EXPECT_THAT(page, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

TEST(IndexHtmlTidy, TheExamplePageHasNoErrorsOrWarnings) {
  const std::string golden =
      read_repo_file("tests/golden/five-years-of-cloud-native-rust/index.html");
  ASSERT_FALSE(golden.empty());
  for (const std::string& page : {golden, render_index_html(example_in_code())}) {
    const auto [status, output] = tidy(page);
    EXPECT_EQ(status, 0) << output;  // 1 means warnings, 2 errors, 127 no tidy installed
  }
}

TEST(IndexHtmlTidy, HostileAndLargePagesHaveNoErrorsOrWarnings) {
  for (const auto& list : {hostile_list(), synthetic_list(20, 50)}) {
    const auto [status, output] = tidy(render_index_html(list));
    EXPECT_EQ(status, 0) << output;
  }
}

}  // namespace
}  // namespace rl::render
