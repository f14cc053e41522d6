// check_url() and the link fields of validate(): only absolute http(s) links (and mailto where
// allowed) pass; every known way of smuggling a script or disguising a host is rejected.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "readinglist/model/patterns.hpp"
#include "readinglist/model/validate.hpp"
#include "validate_fixture.hpp"

namespace rl::model {
namespace {

using testing::first_entry;
using ::testing::IsEmpty;
using testing::minimal_list;
using testing::only_problem;
using testing::problems;
using testing::valid_list;

constexpr const char* kAcceptedWebUrls[] = {
    "http://example.com",
    "https://example.com/",
    "https://kccncna2023.sched.com/event/1R2mJ/five-years?x=1&y=2#talk",
    "https://example.com:8443/a/b",
    "https://example.com:/empty-port",
    "https://[2001:db8::1]:443/v6",
    "https://hachyderm.io/@alpeb",
    "https://example.com/path:with:colons",
    "https://b\xC3\xBC"
    "cher.example/\xE2\x9C\x93",  // internationalised host and path
    "https://example.com/a%20b",
};

TEST(CheckUrl, AcceptsAbsoluteHttpAndHttpsUrls) {
  for (const char* url : kAcceptedWebUrls)
    EXPECT_EQ(check_url(url, UrlKind::Web), "") << url;
}

// The CRD's pattern is what the API server enforces; the validator may be stricter, never looser.
TEST(CheckUrl, EveryAcceptedWebUrlAlsoMatchesTheCrdPattern) {
  const std::regex web_url(std::string(patterns::kWebUrl));
  for (const char* url : kAcceptedWebUrls)
    EXPECT_TRUE(std::regex_match(url, web_url)) << url;
}

TEST(CheckUrl, AcceptsMailtoOnlyWhereAllowed) {
  EXPECT_EQ(check_url("mailto:someone@example.com", UrlKind::WebOrMail), "");
  EXPECT_EQ(check_url("https://example.com", UrlKind::WebOrMail), "");
  EXPECT_EQ(check_url("mailto:someone@example.com", UrlKind::Web),
            "scheme \"mailto\" is not allowed");
  EXPECT_EQ(check_url("mailto:", UrlKind::WebOrMail), "must have an address after \"mailto:\"");
}

TEST(CheckUrl, RejectsScriptAndOtherSchemes) {
  EXPECT_EQ(check_url("javascript:alert(1)", UrlKind::Web), "scheme \"javascript\" is not allowed");
  EXPECT_EQ(check_url("JaVaScRiPt:alert(1)", UrlKind::WebOrMail),
            "scheme \"JaVaScRiPt\" is not allowed");
  EXPECT_EQ(check_url("data:text/html;base64,PHNjcmlwdD4=", UrlKind::Web),
            "scheme \"data\" is not allowed");
  EXPECT_EQ(check_url("vbscript:msgbox(1)", UrlKind::WebOrMail),
            "scheme \"vbscript\" is not allowed");
  EXPECT_EQ(check_url("file:///etc/passwd", UrlKind::Web), "scheme \"file\" is not allowed");
  EXPECT_EQ(check_url("ftp://example.com", UrlKind::Web), "scheme \"ftp\" is not allowed");
}

TEST(CheckUrl, RejectsUpperCaseSchemeAskingForLowerCase) {
  EXPECT_EQ(check_url("HTTPS://example.com", UrlKind::Web),
            "scheme \"HTTPS\" must be written in lower case (\"https\")");
  EXPECT_EQ(check_url("Http://example.com", UrlKind::Web),
            "scheme \"Http\" must be written in lower case (\"http\")");
  EXPECT_EQ(check_url("MailTo:a@b.c", UrlKind::WebOrMail),
            "scheme \"MailTo\" must be written in lower case (\"mailto\")");
}

TEST(CheckUrl, RejectsControlCharacterBeforeScheme) {
  EXPECT_EQ(check_url("\x01javascript:alert(1)", UrlKind::Web),
            "must not contain control characters (U+0001 at character 1)");
  EXPECT_EQ(check_url(std::string("\0https://example.com", 20), UrlKind::Web),
            "must not contain control characters (U+0000 at character 1)");
}

TEST(CheckUrl, RejectsControlCharactersInsideScheme) {
  EXPECT_EQ(check_url("java\tscript:alert(1)", UrlKind::Web),
            "must not contain control characters (U+0009 at character 5)");
  EXPECT_EQ(check_url("java\nscript:alert(1)", UrlKind::Web),
            "must not contain control characters (U+000A at character 5)");
  EXPECT_EQ(check_url("https://example.com/\x7F", UrlKind::Web),
            "must not contain control characters (U+007F at character 21)");
}

TEST(CheckUrl, RejectsWhitespace) {
  EXPECT_EQ(check_url(" https://example.com", UrlKind::Web),
            "must not contain whitespace (U+0020 at character 1)");
  EXPECT_EQ(check_url("https://example.com/a b", UrlKind::Web),
            "must not contain whitespace (U+0020 at character 22)");
  EXPECT_EQ(check_url("https://example.com\xC2\xA0", UrlKind::Web),
            "must not contain whitespace (U+00A0 at character 20)");
  EXPECT_EQ(check_url("https://exa\xE2\x80\x8Bmple.com", UrlKind::Web),  // zero-width space
            "must not contain whitespace (U+200B at character 12)");
  EXPECT_EQ(check_url("\xEF\xBB\xBFhttps://example.com", UrlKind::Web),  // byte-order mark
            "must not contain whitespace (U+FEFF at character 1)");
}

TEST(CheckUrl, RejectsBidiControls) {
  EXPECT_EQ(check_url("https://example.com/\xE2\x80\xAEgpj.exe", UrlKind::Web),
            "must not contain bidirectional control characters (U+202E at character 21)");
}

TEST(CheckUrl, RejectsInvalidUtf8) {
  EXPECT_EQ(check_url("https://example.com/\xC3", UrlKind::Web),
            "must be valid UTF-8 (invalid byte at offset 20)");
}

TEST(CheckUrl, RejectsRelativeUrls) {
  for (const char* url : {"/path", "example.com", "example.com/a:b", "//evil.com/x", "#top", "?q=1",
                          "./x", ":no-scheme", "1http://x"}) {
    EXPECT_EQ(check_url(url, UrlKind::Web),
              "must be an absolute URL starting with \"http://\" or \"https://\"")
        << url;
  }
  EXPECT_EQ(check_url("/path", UrlKind::WebOrMail),
            "must be an absolute URL starting with \"http://\", \"https://\" or \"mailto:\"");
}

TEST(CheckUrl, RejectsEmptyUrl) {
  EXPECT_EQ(check_url("", UrlKind::Web), "must not be empty");
}

TEST(CheckUrl, RequiresSlashesAndHost) {
  EXPECT_EQ(check_url("https:example.com", UrlKind::Web),
            "must have \"//\" and a host after \"https:\"");
  EXPECT_EQ(check_url("https:/example.com", UrlKind::Web),
            "must have \"//\" and a host after \"https:\"");
  EXPECT_EQ(check_url("https://", UrlKind::Web), "must have a host after \"https://\"");
  EXPECT_EQ(check_url("http:///etc/passwd", UrlKind::Web), "must have a host after \"http://\"");
  EXPECT_EQ(check_url("https://:443/", UrlKind::Web), "must have a host after \"https://\"");
}

TEST(CheckUrl, RejectsBackslashThatBrowsersReadAsSlash) {
  EXPECT_EQ(check_url("https:\\\\evil.com", UrlKind::Web),
            "must not contain a backslash (browsers read it as \"/\")");
  EXPECT_EQ(check_url("https://good.com\\@evil.com", UrlKind::Web),
            "must not contain a backslash (browsers read it as \"/\")");
}

TEST(CheckUrl, RejectsUserInformationThatDisguisesTheHost) {
  EXPECT_EQ(check_url("https://trusted.example@evil.com/", UrlKind::Web),
            "must not contain a user name or password before the host");
  EXPECT_EQ(check_url("https://user:pass@example.com", UrlKind::Web),
            "must not contain a user name or password before the host");
}

TEST(CheckUrl, RejectsInvalidHostOrPort) {
  EXPECT_EQ(check_url("https://example.com:99999/", UrlKind::Web), "has an invalid port");
  EXPECT_EQ(check_url("https://example.com:80a/", UrlKind::Web), "has an invalid port");
  EXPECT_EQ(check_url("https://[::1/", UrlKind::Web), "has an invalid host");
  EXPECT_EQ(check_url("https://[zz]/", UrlKind::Web), "has an invalid host");
  EXPECT_EQ(check_url("https://ex<am>ple.com/", UrlKind::Web), "has an invalid host");
}

// --- the link fields of a list -----------------------------------------------------------------

TEST(ValidateUrl, RejectsJavascriptSchemeInEntryUrl) {
  ReadingList list = minimal_list();
  first_entry(list).url = "javascript:alert(document.cookie)";
  EXPECT_EQ(only_problem(list),
            "spec.sections[0].entries[0].url: scheme \"javascript\" is not allowed");
}

TEST(ValidateUrl, RejectsMixedCaseJavascriptSchemeInItemUrl) {
  ReadingList list = valid_list();
  list.spec.sections[1].entries[0].items[1].url = "JaVaScRiPt:alert(1)";
  EXPECT_EQ(only_problem(list),
            "spec.sections[1].entries[0].items[1].url: scheme \"JaVaScRiPt\" is not allowed");
}

TEST(ValidateUrl, RejectsControlPrefixedJavascriptInTalkUrl) {
  ReadingList list = valid_list();
  list.spec.talk->url = "\x01javascript:alert(1)";
  EXPECT_EQ(only_problem(list),
            "spec.talk.url: must not contain control characters (U+0001 at character 1)");
}

TEST(ValidateUrl, RejectsDataAndVbscriptInSourceUrl) {
  ReadingList list = valid_list();
  first_entry(list).source->url = "data:text/html,<script>alert(1)</script>";
  EXPECT_EQ(only_problem(list),
            "spec.sections[0].entries[0].source.url: scheme \"data\" is not allowed");
  first_entry(list).source->url = "vbscript:msgbox(1)";
  EXPECT_EQ(only_problem(list),
            "spec.sections[0].entries[0].source.url: scheme \"vbscript\" is not allowed");
}

TEST(ValidateUrl, RejectsRelativeUrlInSpeakerUrl) {
  ReadingList list = valid_list();
  list.spec.talk->speakers[0].url = "github.com/alpeb";
  EXPECT_EQ(only_problem(list),
            "spec.talk.speakers[0].url: must be an absolute URL starting with \"http://\" or "
            "\"https://\"");
}

// The API page lists person.url as http(s), as the CRD's pattern does.
TEST(ValidateUrl, RejectsMailtoInPersonUrl) {
  ReadingList list = valid_list();
  list.spec.epigraph->author->url = "mailto:someone@example.com";
  EXPECT_EQ(only_problem(list), "spec.epigraph.author.url: scheme \"mailto\" is not allowed");
}

TEST(ValidateUrl, RejectsUpperCaseSchemeInAuthorUrl) {
  ReadingList list = valid_list();
  first_entry(list).authors[0].url = "HTTPS://example.com";
  EXPECT_EQ(only_problem(list),
            "spec.sections[0].entries[0].authors[0].url: scheme \"HTTPS\" must be written in "
            "lower case (\"https\")");
}

TEST(ValidateUrl, RejectsEmptyOptionalUrl) {
  ReadingList list = valid_list();
  list.spec.talk->url = "";
  EXPECT_EQ(only_problem(list), "spec.talk.url: must not be empty");
}

TEST(ValidateUrl, RejectsUrlOverLimitInEveryLinkField) {
  const std::string long_url = "https://example.com/" + testing::repeat("a", 2029);  // 2049
  ReadingList list = valid_list();
  list.spec.talk->url = long_url;
  list.spec.sections[1].entries[0].items[0].url = long_url;
  EXPECT_THAT(problems(list),
              ::testing::ElementsAre(
                  "spec.talk.url: must be at most 2048 characters (got 2049)",
                  "spec.sections[1].entries[0].items[0].url: must be at most 2048 characters "
                  "(got 2049)"));
}

}  // namespace
}  // namespace rl::model
