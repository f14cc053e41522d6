// validate(): characters. Single-line fields allow no control characters, line breaks or bidi
// controls; Markdown and plain-text fields allow tab and newline; invalid UTF-8 is reported,
// never a crash.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "readinglist/model/validate.hpp"
#include "validate_fixture.hpp"

namespace rl::model {
namespace {

using testing::first_entry;
using ::testing::IsEmpty;
using testing::minimal_list;
using ::testing::Not;
using testing::only_problem;
using testing::problems;
using testing::repeat;
using testing::valid_list;

TEST(ValidateText, AcceptsNonAsciiLettersAndEmoji) {
  ReadingList list = minimal_list();
  list.spec.title = "Ünïcödé 日本語 \xF0\x9F\xA6\x80 — «Rust»";
  EXPECT_THAT(problems(list), IsEmpty());
}

TEST(ValidateText, RejectsControlCharacterInTitle) {
  ReadingList list = minimal_list();
  list.spec.title = "Rust\a";
  EXPECT_EQ(only_problem(list),
            "spec.title: must not contain control characters (U+0007 at character 5)");
}

TEST(ValidateText, CountsCharacterPositionInCodePoints) {
  ReadingList list = minimal_list();
  list.spec.title = "\xC3\xA9\xC3\xA9\x1B[31m";
  EXPECT_EQ(only_problem(list),
            "spec.title: must not contain control characters (U+001B at character 3)");
}

TEST(ValidateText, RejectsTabInTitle) {
  ReadingList list = minimal_list();
  list.spec.title = "a\tb";
  EXPECT_EQ(only_problem(list),
            "spec.title: must not contain control characters (U+0009 at character 2)");
}

TEST(ValidateText, RejectsNewlineInSectionTitle) {
  ReadingList list = minimal_list();
  list.spec.sections[0].title = "Line one\nLine two";
  EXPECT_EQ(only_problem(list),
            "spec.sections[0].title: must be a single line (line break at character 9)");
}

TEST(ValidateText, RejectsCarriageReturnAndUnicodeLineSeparatorInSingleLineFields) {
  ReadingList list = minimal_list();
  list.spec.subtitle = "a\rb";
  EXPECT_EQ(only_problem(list), "spec.subtitle: must be a single line (line break at character 2)");
  list.spec.subtitle = "a\xE2\x80\xA8";  // U+2028
  EXPECT_EQ(only_problem(list), "spec.subtitle: must be a single line (line break at character 2)");
}

TEST(ValidateText, RejectsDeleteAndC1ControlsInPersonName) {
  ReadingList list = valid_list();
  first_entry(list).authors[0].name = "Bob\x7F";
  EXPECT_EQ(only_problem(list),
            "spec.sections[0].entries[0].authors[0].name: must not contain control characters "
            "(U+007F at character 4)");
  first_entry(list).authors[0].name = "Bob\xC2\x85";  // U+0085 NEXT LINE
  EXPECT_EQ(only_problem(list),
            "spec.sections[0].entries[0].authors[0].name: must not contain control characters "
            "(U+0085 at character 4)");
}

TEST(ValidateText, RejectsBidiOverrideInTitle) {
  ReadingList list = minimal_list();
  list.spec.title = "ab\xE2\x80\xAEtxt.exe";  // U+202E RIGHT-TO-LEFT OVERRIDE
  EXPECT_EQ(only_problem(list),
            "spec.title: must not contain bidirectional control characters, which can disguise "
            "text (U+202E at character 3)");
}

TEST(ValidateText, RejectsEveryBidiControlInSingleLineFields) {
  ReadingList list = valid_list();
  for (char32_t cp : {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}) {
    std::string encoded = {static_cast<char>(0xE0 | (cp >> 12)),
                           static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                           static_cast<char>(0x80 | (cp & 0x3F))};
    list.spec.talk->speakers[0].name = "A" + encoded;
    EXPECT_THAT(only_problem(list),
                ::testing::StartsWith("spec.talk.speakers[0].name: must not contain bidirectional"))
        << static_cast<unsigned>(cp);
  }
}

TEST(ValidateText, AcceptsBidiMarksThatRightToLeftTextNeeds) {
  ReadingList list = minimal_list();
  list.spec.title = "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xE2\x80\x8F(Rust)";  // Hebrew + U+200F RLM
  EXPECT_THAT(problems(list), IsEmpty());
}

TEST(ValidateText, AcceptsTabAndNewlineInMarkdownAndPlainText) {
  ReadingList list = valid_list();
  list.spec.description = "a\n\tb\n";
  first_entry(list).note = "- one\n- two\n\n\tcode";
  list.spec.epigraph->text = "line one\nline two";
  list.spec.sections[1].entries[0].items[0].description = "a\tb\nc";
  EXPECT_THAT(problems(list), IsEmpty());
}

TEST(ValidateText, RejectsOtherControlCharactersInMarkdown) {
  ReadingList list = valid_list();
  first_entry(list).note = "ok\r\nnot ok";
  EXPECT_EQ(only_problem(list),
            "spec.sections[0].entries[0].note: must not contain control characters (U+000D at "
            "character 3)");
  first_entry(list).note.reset();
  list.spec.description = std::string("nul\0byte", 8);
  EXPECT_EQ(only_problem(list),
            "spec.description: must not contain control characters (U+0000 at character 4)");
}

TEST(ValidateText, RejectsControlCharactersInEpigraph) {
  ReadingList list = valid_list();
  list.spec.epigraph->text = "quote\b";
  EXPECT_EQ(only_problem(list),
            "spec.epigraph.text: must not contain control characters (U+0008 at character 6)");
}

TEST(ValidateText, ReportsInvalidUtf8WithByteOffset) {
  ReadingList list = minimal_list();
  const std::pair<const char*, const char*> cases[] = {
      {"bad \xC3(", "4"},          // lead byte without continuation
      {"\xC0\xAF", "0"},           // overlong "/"
      {"ab\xED\xA0\x80", "2"},     // UTF-16 surrogate
      {"x\xF4\x90\x80\x80", "1"},  // beyond U+10FFFF
      {"trunc\xE2\x82", "5"},      // truncated at the end
      {"\xFF", "0"},               // never valid
      {"caf\xC3\xA9 \x80", "6"},   // stray continuation byte
  };
  for (const auto& [text, offset] : cases) {
    list.spec.title = text;
    EXPECT_EQ(
        only_problem(list),
        std::string("spec.title: must be valid UTF-8 (invalid byte at offset ") + offset + ")");
  }
}

// Every string field filled with hostile bytes: the validator reports, and never crashes or
// overflows its stack in a regex.
TEST(ValidateText, SurvivesHostileBytesInEveryField) {
  for (const std::string& junk :
       {std::string("\xFF\xFE\x00\x01", 4), std::string("\xE2\x80\xAE") + "\n\r\t",
        repeat("\xC3", 100'000), repeat("a", 200'000), repeat("/", 100'000)}) {
    ReadingList list = valid_list();
    list.metadata.name = junk;
    list.spec.title = junk;
    list.spec.language = junk;
    list.spec.talk->url = junk;
    list.spec.talk->date = junk;
    list.spec.talk->speakers[0].handle = junk;
    list.spec.epigraph->text = junk;
    first_entry(list).url = junk;
    first_entry(list).published = junk;
    first_entry(list).note = junk;
    list.spec.site->image = junk;
    list.spec.site->resources->limits["cpu"] = junk;
    list.spec.site->resources->requests[junk] = "1";
    list.spec.site->ingress->host = junk;
    list.spec.site->ingress->path = junk;
    list.spec.site->ingress->class_name = junk;
    list.spec.site->ingress->annotations[junk] = junk;
    EXPECT_THAT(problems(list), Not(IsEmpty()));
  }
}

TEST(ValidateText, EchoesHostileInputInMessagesOnlyAsPrintableAscii) {
  ReadingList list = valid_list();
  first_entry(list).published = "\x1B[2J\xFF" + repeat("9", 100);
  EXPECT_EQ(only_problem(list),
            "spec.sections[0].entries[0].published: must be a date written YYYY, YYYY-MM or "
            "YYYY-MM-DD (got \"\\x1B[2J\\xFF" +
                repeat("9", 59) + "...\")");
}

}  // namespace
}  // namespace rl::model
