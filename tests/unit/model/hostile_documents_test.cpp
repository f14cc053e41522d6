// parse_yaml() and parse_json() on hostile documents: invalid UTF-8, control bytes, alias bombs,
// nesting far past any stack, repeated keys and inputs of many megabytes. Each is refused with a
// message that says what and where; none may crash, overflow the stack or build without bound
// (a regression shows up as a crash, an abort or a test that never ends).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "../billion_laughs.hpp"
#include "readinglist/model/codec.hpp"
#include "readinglist/model/utf8.hpp"
#include "readinglist/model/validate.hpp"

namespace rl::model {

void PrintTo(const FieldError& error, std::ostream* out) {
  *out << '"' << error.to_string() << '"';
}

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

constexpr const char* kHead =
    "apiVersion: readinglist.dev/v1alpha1\nkind: ReadingList\nmetadata:\n  name: x\nspec:\n";
constexpr const char* kSections =
    "  sections:\n    - title: S\n      entries:\n        - title: E\n"
    "          url: https://example.org\n";

// A valid manifest whose spec.title is `title` as written (plain, quoted, an alias, ...).
std::string manifest(const std::string& title, const std::string& before_spec = "") {
  std::string head = kHead;
  head.insert(head.find("spec:\n"), before_spec);
  return head + "  title: " + title + "\n" + kSections;
}

std::string json_manifest(const std::string& title_json) {
  return R"({"apiVersion": "readinglist.dev/v1alpha1", "kind": "ReadingList",
 "metadata": {"name": "x"}, "spec": {"title": )" +
         title_json + R"(, "sections": [{"title": "S", "entries": [{"title": "E",
 "url": "https://example.org"}]}]}})";
}

ParseError yaml_error(const std::string& text) {
  auto lists = parse_yaml(text, "list.yaml");
  if (lists) return ParseError{"", 0, 0, 0, "parsed without error", {}};
  return lists.error();
}

ParseError json_error(const std::string& text) {
  auto list = parse_json(text, "list.json");
  if (list) return ParseError{"", 0, 0, 0, "parsed without error", {}};
  return list.error();
}

// 1-based line and byte column of `offset` in `text`.
std::pair<int, int> position(const std::string& text, std::size_t offset) {
  const auto before = text.substr(0, offset);
  const auto newline = before.rfind('\n');
  return {1 + static_cast<int>(std::ranges::count(before, '\n')),
          static_cast<int>(newline == std::string::npos ? offset + 1 : offset - newline)};
}

const std::pair<const char*, std::string> kInvalidUtf8[] = {
    {"overlong 2-byte", "\xC0\xAF"},
    {"overlong 3-byte", "\xE0\x80\xAF"},
    {"overlong 4-byte", "\xF0\x80\x80\xAF"},
    {"high surrogate", "\xED\xA0\x80"},
    {"low surrogate", "\xED\xB0\x80"},
    {"beyond U+10FFFF", "\xF4\x90\x80\x80"},
    {"truncated 3-byte", "\xE2\x82"},
    {"truncated 4-byte", "\xF0\x9F\x98"},
    {"byte 0xFF", "\xFF"},
    {"byte 0xFE", "\xFE"},
    {"stray continuation", "\x80"},
};

TEST(HostileYaml, InvalidUtf8AnywhereIsRefusedWithLineAndColumn) {
  for (const auto& [name, bytes] : kInvalidUtf8) {
    const std::string places[] = {
        manifest("Rust " + bytes + " book"),                  // plain value
        manifest("\"Rust " + bytes + "\""),                   // quoted value
        manifest("Rust", "  labels: {k" + bytes + ": v}\n"),  // key
        manifest("Rust # comment " + bytes),                  // comment: yaml-cpp would skip it
        bytes + manifest("Rust"),                             // before anything (a UTF-16 BOM)
    };
    for (const std::string& text : places) {
      const auto at = text.find(bytes);
      const auto [line, column] = position(text, at);
      const ParseError error = yaml_error(text);
      EXPECT_THAT(error.message, StartsWith("invalid UTF-8: byte 0x")) << name << "\n" << text;
      EXPECT_THAT(error.message, HasSubstr("convert the file to UTF-8")) << name;
      EXPECT_EQ(error.line, line) << name << "\n" << text;
      EXPECT_EQ(error.column, column) << name << "\n" << text;
      EXPECT_TRUE(is_valid_utf8(error.to_string())) << name;
    }
  }
}

TEST(HostileYaml, InvalidUtf8MessageNamesTheByte) {
  const ParseError error = yaml_error(manifest("a\xC3("));
  EXPECT_EQ(error.to_string(),
            "list.yaml:6:11: invalid UTF-8: byte 0xc3 (convert the file to UTF-8)");
}

// yaml-cpp turns a NUL into other characters and reads 0x04 as the end of the stream: such
// bytes are refused before it sees them, wherever they are.
TEST(HostileYaml, ControlBytesAreRefusedBeforeTheParserMisreadsThem) {
  const std::pair<std::string, const char*> controls[] = {
      {std::string(1, '\0'), "U+0000"},
      {"\x04", "U+0004"},
      {"\x01", "U+0001"},
      {"\x1B", "U+001B"},
      {"\xC2\x80", "U+0080"},
      {"\xC2\x9F", "U+009F"},
  };
  for (const auto& [bytes, name] : controls) {
    for (const std::string& text :
         {manifest("a" + bytes + "b"), manifest("a # " + bytes), manifest("|\n    a" + bytes)}) {
      const auto [line, column] = position(text, text.find(bytes));
      const ParseError error = yaml_error(text);
      EXPECT_EQ(error.message,
                std::string("control character ") + name + " is not allowed in a YAML document");
      EXPECT_EQ(error.line, line) << name;
      EXPECT_EQ(error.column, column) << name;
    }
  }
}

TEST(HostileYaml, TabsCarriageReturnsNextLineAndAByteOrderMarkStillParse) {
  std::string crlf;
  for (const char c : manifest("\"a\tb\""))
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  for (const std::string& text :
       {crlf, "\xEF\xBB\xBF" + manifest("Rust"), manifest("\"a\xC2\x85\"")}) {
    auto lists = parse_yaml(text, "list.yaml");
    EXPECT_TRUE(lists) << lists.error().to_string();
  }
}

// What to_yaml writes, parse_yaml reads: control characters in a list the validator accepts
// (label values are free text) come out escaped, and DEL, which yaml-cpp writes as it is, passes.
TEST(HostileYaml, ControlCharactersInAValidListSurviveToYamlAndBack) {
  auto lists = parse_yaml(
      manifest("Rust", "  labels: {a: \"x\\0\\x01\\x7F\\u0085\\u009F\\u2028\\t\"}\n"), "list.yaml");
  ASSERT_TRUE(lists) << lists.error().to_string();
  ASSERT_THAT(validate(lists->at(0)), IsEmpty());
  EXPECT_EQ(lists->at(0).metadata.labels.at("a"),
            std::string("x\0\x01\x7F\xC2\x85\xC2\x9F\xE2\x80\xA8\t", 12));
  const std::string yaml = to_yaml(lists->at(0));
  auto again = parse_yaml(yaml, "again.yaml");
  ASSERT_TRUE(again) << again.error().to_string() << "\n" << yaml;
  EXPECT_EQ(again->at(0), lists->at(0));
}

// Escapes still reach the validator, which names the field.
TEST(HostileYaml, EscapedControlCharacterIsReportedAtItsField) {
  auto lists = parse_yaml(manifest("\"a\\x01b\""), "list.yaml");
  ASSERT_TRUE(lists) << lists.error().to_string();
  EXPECT_THAT(validate(lists->at(0)),
              ElementsAre(FieldError{"spec.title",
                                     "must not contain control characters (U+0001 at character "
                                     "2)"}));
}

// yaml-cpp's LoadAll alone would loop forever on these, allocating an empty document each time.
TEST(HostileYaml, AStrayCommaIsAnErrorWithItsPositionNotAnEndlessLoop) {
  const std::pair<std::string, int> cases[] = {
      {",", 1}, {"\"x\" ,", 1}, {manifest("One") + "---\n,\n---\n,\n", 0}};
  for (const auto& [text, line] : cases) {
    const auto error = yaml_error(text);
    EXPECT_THAT(error.message, HasSubstr("cannot get past this point")) << text;
    if (line > 0) {
      EXPECT_EQ(error.line, line) << text;
    }
  }
}

TEST(HostileJson, InvalidUtf8InValuesAndKeysIsRefusedWithItsPosition) {
  for (const auto& [name, bytes] : kInvalidUtf8) {
    for (const std::string& text :
         {json_manifest("\"Rust " + bytes + "\""), "{\"k" + bytes + "\": 1}"}) {
      const ParseError error = json_error(text);
      EXPECT_THAT(error.message, HasSubstr("ill-formed UTF-8 byte")) << name;
      EXPECT_GT(error.line, 0) << name;
      EXPECT_GT(error.column, 0) << name;
      EXPECT_TRUE(is_valid_utf8(error.to_string())) << name;
    }
  }
}

TEST(HostileYaml, BillionLaughsIsRefusedByTheNodeBudgetWhereverItIsUsed) {
  const std::string in_annotations =
      manifest("Rust", "  annotations:\n" + rl::testing::billion_laughs("    "));
  const std::string as_the_title = "x:\n" + rl::testing::billion_laughs("  ") +
                                   std::string(kHead).substr(0, std::string(kHead).find("spec:")) +
                                   "spec:\n  title: *a9\n" + kSections;
  const std::string after_a_valid_document = manifest("One") + "---\n" + in_annotations;
  for (const std::string& text : {in_annotations, as_the_title, after_a_valid_document}) {
    const ParseError error = yaml_error(text);
    EXPECT_EQ(error.message, "more than 1000000 YAML nodes once aliases are expanded") << text;
    EXPECT_GT(error.line, 0);
  }
}

TEST(HostileYaml, NestingFarPastTheStackIsRefusedWithTheLimit) {
  constexpr std::size_t kDeep = 100'000;
  std::string braces;
  for (std::size_t i = 0; i < kDeep; ++i)
    braces += "{a: ";
  braces += "1" + std::string(kDeep, '}');
  std::string dashes;
  for (std::size_t i = 0; i < kDeep; ++i)
    dashes += "- ";
  for (const std::string& text :
       {manifest(std::string(kDeep, '[') + std::string(kDeep, ']')), manifest(braces),
        std::string(kDeep, '['), dashes + "x\n", manifest("\n    " + dashes + "x")}) {
    const ParseError error = yaml_error(text);
    EXPECT_EQ(error.message, "nested deeper than 64 levels");
    EXPECT_GT(error.line, 0);
    EXPECT_THAT(error.fields, IsEmpty());
  }
}

TEST(HostileJson, NestingFarPastTheStackIsAClearErrorAtTheField) {
  constexpr std::size_t kDeep = 100'000;
  std::string objects;
  for (std::size_t i = 0; i < kDeep; ++i)
    objects += "{\"a\": ";
  objects += "1" + std::string(kDeep, '}');
  EXPECT_THAT(json_error(json_manifest(std::string(kDeep, '[') + std::string(kDeep, ']'))).fields,
              ElementsAre(FieldError{"spec.title", "expected a string, got an array"}));
  EXPECT_THAT(json_error(json_manifest(objects)).fields,
              ElementsAre(FieldError{"spec.title", "expected a string, got an object"}));
  const ParseError unclosed = json_error(std::string(kDeep, '['));
  EXPECT_THAT(unclosed.message, HasSubstr("unexpected end of input"));
  EXPECT_EQ(unclosed.column, static_cast<int>(kDeep) + 1);
}

TEST(HostileJson, RepeatedKeysAreRefusedAtTheirPath) {
  EXPECT_THAT(json_error(R"({"kind": "ReadingList", "kind": "ReadingList"})").fields,
              ElementsAre(FieldError{"kind", "duplicate key"}));
  std::string text = json_manifest("\"One\"");
  text.replace(text.find("\"title\": \"E\""), 12, R"("title": "E", "title": "F")");
  text.replace(
      text.find("\"name\": \"x\""), 11,
      R"("name": "x", "labels": {"app.kubernetes.io/name": "a", "app.kubernetes.io/name": "b"})");
  EXPECT_THAT(json_error(text).fields,
              ElementsAre(FieldError{"metadata.labels[app.kubernetes.io/name]", "duplicate key"},
                          FieldError{"spec.sections[0].entries[0].title", "duplicate key"}));
}

TEST(HostileJson, TheSameKeyInSiblingObjectsIsNotARepeat) {
  std::string text = json_manifest("\"One\"");
  text.replace(text.find("}]}]"), 4,
               R"(}, {"title": "F", "url": "https://example.org/f"}]}, {"title": "T", "entries":
 [{"title": "E", "url": "https://example.org"}]}])");
  auto list = parse_json(text, "list.json");
  ASSERT_TRUE(list) << list.error().to_string();
  EXPECT_EQ(list->spec.sections.size(), 2U);
}

TEST(HostileYaml, KeysThatAreEqualOnceResolvedAreRepeats) {
  const ParseError quoted = yaml_error(manifest("One") + "  \"title\": Two\n");
  EXPECT_EQ(quoted.message, "duplicate key \"title\"");
  EXPECT_EQ(quoted.line, 12);
  const ParseError flow = yaml_error(manifest("One", "  labels: {a: x, 'a': y}\n"));
  EXPECT_EQ(flow.message, "duplicate key \"a\"");
  EXPECT_EQ(flow.line, 5);
}

TEST(HostileDocuments, TenMegabyteTitleOrDocumentIsRefusedBeforeParsing) {
  const std::string ten_mb(10 * 1024 * 1024, 'x');
  const std::string limit = "more than the limit of 8388608";
  EXPECT_THAT(yaml_error(manifest(ten_mb)).message, HasSubstr(limit));
  EXPECT_THAT(json_error(json_manifest("\"" + ten_mb + "\"")).message, HasSubstr(limit));
  std::string many;
  while (many.size() <= ten_mb.size())
    many += manifest("Rust") + "---\n";
  EXPECT_THAT(yaml_error(many).message, HasSubstr(limit));
}

// Under the input limit a huge title parses and the validator names it (counting, not copying).
TEST(HostileDocuments, FiveMegabyteTitleReachesTheValidator) {
  const std::string five_mb(5 * 1024 * 1024, 'x');
  const FieldError too_long{"spec.title", "must be at most 200 characters (got 5242880)"};
  auto lists = parse_yaml(manifest(five_mb), "list.yaml");
  ASSERT_TRUE(lists) << lists.error().to_string();
  EXPECT_THAT(validate(lists->at(0)), ElementsAre(too_long));
  auto list = parse_json(json_manifest("\"" + five_mb + "\""), "list.json");
  ASSERT_TRUE(list) << list.error().to_string();
  EXPECT_THAT(validate(*list), ElementsAre(too_long));
}

}  // namespace
}  // namespace rl::model
