#include "readinglist/render/markdown.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rl::render {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(Markdown, KeepsEmphasisCodeListsAndSafeLinks) {
  const std::string html =
      markdown_to_html("*a* **b** `c<d>` [site](https://example.org/?x=1&y=2)\n\n- one\n- two\n");
  EXPECT_THAT(html, HasSubstr("<em>a</em>"));
  EXPECT_THAT(html, HasSubstr("<strong>b</strong>"));
  EXPECT_THAT(html, HasSubstr("<code>c&lt;d&gt;</code>"));
  EXPECT_THAT(html,
              HasSubstr(R"(<a href="https://example.org/?x=1&amp;y=2" rel="noopener">site</a>)"));
  EXPECT_THAT(html, HasSubstr("<ul>\n<li>one</li>\n<li>two</li>\n</ul>"));
}

TEST(Markdown, KeepsMailtoAndAutolinks) {
  EXPECT_THAT(
      markdown_to_html("[me](mailto:me@example.org) <https://example.org>"),
      AllOf(HasSubstr(R"(<a href="mailto:me@example.org" rel="noopener">me</a>)"),
            HasSubstr(R"(<a href="https://example.org" rel="noopener">https://example.org</a>)")));
}

TEST(Markdown, SuppressesRawHtmlBlocksAndInlineTags) {
  const std::string html = markdown_to_html(
      "<script>alert(1)</script>\n\ntext <img src=x onerror=alert(1)> and <b>bold</b>\n\n"
      "<style>body{display:none}</style>\n");
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<img")));
  EXPECT_THAT(html, Not(HasSubstr("onerror")));
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  EXPECT_THAT(html, Not(HasSubstr("<style")));
  EXPECT_THAT(html, Not(HasSubstr("raw HTML omitted")));
  EXPECT_THAT(html, HasSubstr("bold"));  // the text between suppressed tags stays
}

TEST(Markdown, DropsLinksWithUnsafeSchemesButKeepsTheirText) {
  for (const std::string url : {"javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:msgbox(1)",
                                "data:text/html,<script>alert(1)</script>",
                                "java&#x09;script:alert(1)", "java%0ascript:alert(1)",
                                "file:///etc/passwd", "ftp://example.org", "/relative", "#frag"}) {
    const std::string html = markdown_to_html("[click](" + url + ")");
    EXPECT_THAT(html, Not(HasSubstr("href"))) << url;
    EXPECT_THAT(html, HasSubstr("click")) << url;
  }
  EXPECT_THAT(markdown_to_html("<javascript:alert(1)>"), Not(HasSubstr("href")));
  EXPECT_THAT(markdown_to_html("[x][r]\n\n[r]: javascript:alert(1)"), Not(HasSubstr("href")));
}

TEST(Markdown, EscapesQuotesInLinkUrlsAndTitles) {
  const std::string html =
      markdown_to_html(R"([x](<https://example.org/"onmouseover=alert(1)> "t\"><script>"))");
  EXPECT_THAT(html, Not(HasSubstr("\"onmouseover")));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, HasSubstr("title=\"t&quot;&gt;&lt;script&gt;\""));
}

TEST(Markdown, ShowsImagesAsTheirAltText) {
  const std::string html = markdown_to_html("![a diagram](https://example.org/d.png)");
  EXPECT_THAT(html, Not(HasSubstr("<img")));
  EXPECT_EQ(html, "<p>a diagram</p>\n");
}

TEST(Markdown, StartsHeadingsBelowThePageAndSectionHeadings) {
  EXPECT_EQ(markdown_to_html("# One\n\n## Two\n\n##### Five"),
            "<h3>One</h3>\n<h4>Two</h4>\n<h6>Five</h6>\n");
}

TEST(Markdown, ReplacesInvalidUtf8) {
  EXPECT_EQ(markdown_to_html("a\xFF"), "<p>a\xEF\xBF\xBD</p>\n");
}

TEST(MarkdownInline, UnwrapsASingleParagraph) {
  EXPECT_EQ(markdown_to_inline_html("hey, *that's* me!"), "hey, <em>that's</em> me!");
  EXPECT_EQ(markdown_to_inline_html(""), "");
}

TEST(MarkdownInline, KeepsBlocksWhenThereIsMoreThanOneParagraph) {
  EXPECT_EQ(markdown_to_inline_html("one\n\ntwo"), "<p>one</p>\n<p>two</p>");
  EXPECT_EQ(markdown_to_inline_html("- a\n- b"), "<ul>\n<li>a</li>\n<li>b</li>\n</ul>");
}

TEST(MarkdownPlainText, IsTheVisibleTextOnOneLine) {
  EXPECT_EQ(markdown_to_plain_text("Hello *world*,\nagain.\n\nA [link](https://x.org) and "
                                   "`code`.\n\n<b>raw</b>"),
            "Hello world, again. A link and code. raw");
  EXPECT_EQ(markdown_to_plain_text("  \n\n "), "");
}

TEST(MarkdownFeedText, IsThePlainTextButKeepsFormFeedsAndInvalidBytes) {
  EXPECT_EQ(markdown_to_feed_text("Hello *world*,\nagain.\n\n```\ncode\n```\nafter"),
            "Hello world, again. code after");
  EXPECT_EQ(markdown_to_feed_text("form\ffeed"), "form\ffeed");
  EXPECT_EQ(markdown_to_plain_text("form\ffeed"), "form feed");
  EXPECT_EQ(markdown_to_feed_text("bad \xFF byte"), "bad \xFF byte");
}

// markdown_forms parses once what the three functions parse each on their own; every member must
// be what its function returns, for any input (the feed text of invalid UTF-8 included).
TEST(MarkdownForms, EachFormIsWhatItsOwnFunctionReturns) {
  using namespace std::string_literals;
  for (const std::string& markdown : std::vector<std::string>{
           "",
           "  \n\n ",
           "plain",
           "*em* [link](https://x.org \"t\") <b>raw</b> ![img](y.png)",
           "# Title\n\n- a\n- b\n\n```\ncode <x>\n```\n\n> quote",
           "line\nbreak  \nhard",
           "[js](javascript:alert(1)) <https://auto.link>",
           "tab\there\fform feed",
           "bad \xFF\xFE utf8 \xC3",
           "nul \0 byte"s,
           "\xE2\x80\xA8 sep",
       }) {
    const MarkdownForms forms = markdown_forms(markdown);
    EXPECT_EQ(forms.html, markdown_to_html(markdown)) << markdown;
    EXPECT_EQ(forms.plain_text, markdown_to_plain_text(markdown)) << markdown;
    EXPECT_EQ(forms.feed_text, markdown_to_feed_text(markdown)) << markdown;
  }
}

}  // namespace
}  // namespace rl::render
