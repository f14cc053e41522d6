#include "readinglist/render/escape.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace rl::render {
namespace {

TEST(EscapeHtml, EscapesEveryMarkupCharacter) {
  EXPECT_EQ(escape_html(R"(<a href="x" title='y'>&</a>)"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
}

TEST(EscapeHtml, LeavesPlainTextAndUtf8Unchanged) {
  const std::string text = "It doesn’t cease to amaze me — ü, 日本, 😀";
  EXPECT_EQ(escape_html(text), text);
  EXPECT_EQ(escape_html(""), "");
}

TEST(EscapeHtml, ReplacesInvalidUtf8WithReplacementCharacter) {
  EXPECT_EQ(escape_html("a\xFF"
                        "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(escape_html("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  EXPECT_EQ(escape_html("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(escape_html("\xE2\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // truncated
}

TEST(EscapeHtml, DropsControlCharactersButKeepsWhitespace) {
  EXPECT_EQ(escape_html(std::string("a\0b\x01\x7F"
                                    "c\t\n\r",
                                    9)),
            "abc\t\n\r");
  EXPECT_EQ(escape_html("x\xC2\x85y"), "xy");  // C1 control U+0085
}

TEST(EscapeHtml, AppendAddsToTheEnd) {
  std::string out = "<p>";
  append_escaped_html(out, "1 < 2");
  EXPECT_EQ(out, "<p>1 &lt; 2");
}

TEST(EscapeXml, EscapesMarkupAndDropsWhatXmlForbids) {
  EXPECT_EQ(escape_xml("<x a=\"1\">&'</x>"), "&lt;x a=&quot;1&quot;&gt;&amp;&#39;&lt;/x&gt;");
  EXPECT_EQ(escape_xml("a\x01\x1F"
                       "b\tc\n"),
            "ab\tc\n");
  EXPECT_EQ(escape_xml("a\xEF\xBF\xBE"
                       "b"),
            "ab");  // U+FFFE
  EXPECT_EQ(escape_xml("]]>"), "]]&gt;");
  EXPECT_EQ(escape_xml("x\xFF"), "x\xEF\xBF\xBD");
}

TEST(JsonForScript, CannotCloseTheScriptElementAndStillParses) {
  const nlohmann::json value = {{"name", "</script><script>alert(1)</script><!-- & \u2028\u2029"}};
  const std::string text = json_for_script(value.dump());
  EXPECT_EQ(text.find('<'), std::string::npos);
  EXPECT_EQ(text.find('>'), std::string::npos);
  EXPECT_EQ(text.find('&'), std::string::npos);
  EXPECT_EQ(text.find("\xE2\x80\xA8"), std::string::npos);
  EXPECT_EQ(text.find("\xE2\x80\xA9"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(text), value);
}

TEST(SafeHref, AcceptsHttpHttpsAndMailtoInAnyCase) {
  EXPECT_EQ(safe_href("https://example.org/a?b=c&d#e"), "https://example.org/a?b=c&d#e");
  EXPECT_EQ(safe_href("http://example.org"), "http://example.org");
  EXPECT_EQ(safe_href("HTTPS://EXAMPLE.ORG"), "HTTPS://EXAMPLE.ORG");
  EXPECT_EQ(safe_href("mailto:someone@example.org"), "mailto:someone@example.org");
  EXPECT_EQ(safe_href("  https://example.org/ \n"), "https://example.org/");
  EXPECT_EQ(safe_href("https://example.org/?next=javascript:x"),
            "https://example.org/?next=javascript:x");
}

TEST(SafeHref, PercentEncodesWhatAUriCannotHoldAndKeepsExistingEscapes) {
  EXPECT_EQ(safe_href("https://example.org/a b\"<c>{|}^`\\"),
            "https://example.org/a%20b%22%3Cc%3E%7B%7C%7D%5E%60%5C");
  EXPECT_EQ(safe_href("https://example.org/caf\xC3\xA9"), "https://example.org/caf%C3%A9");
  EXPECT_EQ(safe_href("https://example.org/a%20b"), "https://example.org/a%20b");
}

TEST(SafeHref, RejectsEveryOtherSchemeHoweverItIsSpelled) {
  for (const std::string url : {
           "javascript:alert(1)",
           "JaVaScRiPt:alert(1)",
           " javascript:alert(1)",
           "\x01javascript:alert(1)",
           "java\tscript:alert(1)",
           "java\nscript:alert(1)",
           "java\rscript:alert(1)",
           "vbscript:msgbox(1)",
           "data:text/html,<script>alert(1)</script>",
           "DATA:text/html;base64,PHNjcmlwdD4=",
           "file:///etc/passwd",
           "ftp://example.org",
           "jav&#x61;script:alert(1)",
           "https\x01://example.org",
       }) {
    EXPECT_EQ(safe_href(url), "") << url;
  }
}

TEST(SafeHref, RejectsRelativeAndEmptyUrls) {
  for (const std::string url :
       {"", "   ", "/local", "page.html", "//evil.example", ":x", "#top", "https"}) {
    EXPECT_EQ(safe_href(url), "") << url;
  }
}

TEST(AssignSafeHref, IsSafeHrefIntoReusedStorage) {
  std::string href = "left over from the previous link";
  for (const std::string url : {"https://example.org/a b", "javascript:alert(1)", "",
                                " mailto:x@y ", "http://x/\x01", "HTTP://X/\xC3\xA9\t{}"}) {
    EXPECT_EQ(assign_safe_href(href, url), !safe_href(url).empty()) << url;
    EXPECT_EQ(href, safe_href(url)) << url;
  }
}

}  // namespace
}  // namespace rl::render
