// Malformed input gets a clear error, never a crash: binary bytes, invalid UTF-8, a huge file,
// broken front matter, documents with nothing to list.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../billion_laughs.hpp"
#include "readinglist/import/markdown_import.hpp"

namespace rl::import {
namespace {

using ::testing::HasSubstr;

std::string error_of(std::string_view text) {
  auto list = import_markdown(text, {});
  return list ? std::string("(imported)") : list.error().to_string();
}

TEST(MalformedInput, BinaryBytesAreRefusedWithTheirPosition) {
  EXPECT_THAT(error_of(std::string("# T\n\n- [a](https://a.example)\x00\x01", 31)),
              HasSubstr("binary data, not a text document: control byte 0x00 at line 3"));
}

TEST(MalformedInput, InvalidUtf8IsRefusedWithItsPosition) {
  EXPECT_THAT(error_of("# T\n\nabc \xC3\x28 def\n"),
              HasSubstr("invalid UTF-8: byte 0xc3 at line 3, column 5"));
  EXPECT_THAT(error_of("# T \xED\xA0\x80\n"), HasSubstr("invalid UTF-8"));  // a surrogate
  EXPECT_THAT(error_of("# T \xF0\x9F\x98"), HasSubstr("invalid UTF-8"));    // cut short
}

TEST(MalformedInput, AHugeDocumentIsRefusedBeforeParsing) {
  const std::string huge(20 * 1024 * 1024, 'a');
  EXPECT_THAT(error_of(huge),
              HasSubstr("input is 20971520 bytes, over the limit of 2097152 bytes"));
}

TEST(MalformedInput, BrokenFrontMatterNamesTheProblem) {
  EXPECT_THAT(error_of("---\ntitle: [unclosed\n---\n# T\n"), HasSubstr("front matter"));
  EXPECT_THAT(error_of("---\ntalk:\n  url: 42x\n  bogus: 1\n---\n# T\n"), HasSubstr("bogus"));
}

TEST(MalformedInput, ADocumentWithoutLinksNamesTheMissingField) {
  EXPECT_THAT(error_of("# Only prose\n\nNo links here.\n"), HasSubstr("spec.sections"));
  EXPECT_THAT(error_of(""), HasSubstr("spec.title"));
}

TEST(MalformedInput, DeepNestingAndPathologicalMarkupDoNotCrash) {
  EXPECT_THAT(error_of(std::string(100000, '>') + " x\n"), HasSubstr("spec."));
  EXPECT_NO_THROW(
      error_of(std::string(50000, '[') + "https://a.example" + std::string(50000, ')')));
  std::string nested;
  for (int i = 0; i < 2000; ++i)
    nested += std::string(static_cast<std::size_t>(i) * 2, ' ') + "- [x](https://a.example/" +
              std::to_string(i) + ")\n";
  EXPECT_NO_THROW(error_of(nested));
}

// Front matter is YAML too: aliases are counted as they are expanded (ten aliases of ten,
// nine levels deep, would otherwise be built as 10^9 nodes), long aliased text is bounded, and a
// repeated key is refused rather than read as one of its values.
TEST(MalformedInput, FrontMatterAliasBombsAreRefused) {
  const std::string laughs = rl::testing::billion_laughs();
  const std::string links = "---\n# T\n\n- [a](https://a.example)\n";
  EXPECT_THAT(error_of("---\n" + laughs + "talk:\n  speakers: *a9\n" + links),
              HasSubstr("front matter: more than 10000 YAML nodes once aliases are expanded"));
  const std::string text = "&t " + std::string(1024 * 1024, 'x');
  EXPECT_THAT(error_of("---\nx: " + text +
                       "\nsite:\n  ingress:\n    annotations: {a: *t, "
                       "b: *t, c: *t, d: *t, e: *t, f: *t, g: *t, h: *t, i: *t}\n" +
                       links),
              HasSubstr("bytes of text once aliases are expanded"));
}

TEST(MalformedInput, RepeatedFrontMatterKeysAreRefused) {
  const std::string links = "---\n# T\n\n- [a](https://a.example)\n";
  EXPECT_THAT(error_of("---\ntitle: One\nlayout: post\ntitle: Two\n" + links),
              HasSubstr("front matter: duplicate key \"title\" (line 3 of the front matter)"));
  EXPECT_THAT(error_of("---\ntalk:\n  title: One\n  title: Two\n" + links),
              HasSubstr("front matter: duplicate key \"title\" (line 3 of the front matter)"));
}

}  // namespace
}  // namespace rl::import
