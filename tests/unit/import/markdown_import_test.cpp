// The importer on the worked example: every field compared with the hand-written manifest.
#include "readinglist/import/markdown_import.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "../read_file.hpp"
#include "readinglist/model/codec.hpp"

namespace rl::import {
namespace {

namespace fs = std::filesystem;

using rl::testing::read_file;

model::ReadingList example_manifest() {
  const auto text =
      read_file(fs::path(RL_SOURCE_DIR) / "examples/five-years-of-cloud-native-rust.yaml");
  auto lists = model::parse_yaml(text, "five-years-of-cloud-native-rust.yaml");
  if (!lists) throw std::runtime_error(lists.error().to_string());
  return lists->at(0);
}

model::ReadingList imported_example() {
  const auto text =
      read_file(fs::path(RL_SOURCE_DIR) / "tests/data/five-years-of-cloud-native-rust.md");
  auto list = import_markdown(text, {"five-years-of-cloud-native-rust", ""});
  if (!list) throw std::runtime_error(list.error().to_string());
  return *list;
}

TEST(ImportWorkedExample, EverySectionAndEntryMatchesTheHandWrittenManifest) {
  const auto expected = example_manifest().spec;
  const auto actual = imported_example().spec;
  ASSERT_EQ(actual.sections.size(), expected.sections.size());
  for (std::size_t s = 0; s < expected.sections.size(); ++s) {
    const auto& want = expected.sections[s];
    const auto& got = actual.sections[s];
    EXPECT_EQ(got.title, want.title);
    EXPECT_EQ(got.description, want.description) << want.title;
    ASSERT_EQ(got.entries.size(), want.entries.size()) << want.title;
    for (std::size_t e = 0; e < want.entries.size(); ++e) {
      EXPECT_EQ(model::to_yaml(model::ReadingList{
                    {}, {"t", {}, {}, {}, {}, {}, {{"s", {}, {got.entries[e]}}}, {}}, {}}),
                model::to_yaml(model::ReadingList{
                    {}, {"t", {}, {}, {}, {}, {}, {{"s", {}, {want.entries[e]}}}, {}}, {}}))
          << "section " << s << " entry " << e;
    }
  }
}

TEST(ImportWorkedExample, TitleIntroductionTalkAndEpigraphMatch) {
  const auto expected = example_manifest().spec;
  const auto actual = imported_example().spec;
  EXPECT_EQ(actual.title, expected.title);
  EXPECT_EQ(actual.subtitle, expected.subtitle);
  // The manifest's `|` block scalar ends the description with a newline the Markdown's
  // paragraphs do not have; the text is the same.
  EXPECT_EQ(actual.description.value_or("") + "\n", expected.description.value_or(""));
  EXPECT_EQ(actual.epigraph, expected.epigraph);
  ASSERT_TRUE(actual.talk);
  EXPECT_EQ(actual.talk->title, expected.talk->title);
  EXPECT_EQ(actual.talk->url, expected.talk->url);
  EXPECT_EQ(actual.talk->event, expected.talk->event);
}

// What the manifest knows that the Markdown does not say: the talk's month (November 2023) and
// its speaker with her affiliation come from outside the post, and `site` is how the page is
// served, not content. With those three set, the specs are equal.
TEST(ImportWorkedExample, DiffersOnlyInWhatTheMarkdownDoesNotSay) {
  const auto expected = example_manifest().spec;
  auto actual = imported_example().spec;
  EXPECT_FALSE(actual.talk->date);
  EXPECT_TRUE(actual.talk->speakers.empty());
  EXPECT_FALSE(actual.site);
  actual.talk->date = expected.talk->date;
  actual.talk->speakers = expected.talk->speakers;
  actual.site = expected.site;
  actual.description = *actual.description + "\n";
  EXPECT_EQ(model::to_yaml(model::ReadingList{{}, actual, {}}),
            model::to_yaml(model::ReadingList{{}, expected, {}}));
}

}  // namespace
}  // namespace rl::import
