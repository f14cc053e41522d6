// render(), render_checked() and the Content value: the file set, the content hash and the size
// limit.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "readinglist/model/limits.hpp"
#include "readinglist/model/validate.hpp"
#include "readinglist/render/render.hpp"
#include "sample_lists.hpp"

namespace rl::render {
namespace {

using testing::sample_list;

std::vector<std::string> names_of(const Content& content) {
  std::vector<std::string> names;
  for (const auto& file : content.files)
    names.push_back(file.name);
  return names;
}

TEST(Render, ProducesEveryContentFileSortedByName) {
  const Content content = render(sample_list());
  EXPECT_EQ(names_of(content),
            (std::vector<std::string>{"feed.xml", "index.html", "nginx.conf", "readinglist.json",
                                      "readinglist.md", "style.css"}));
  for (const auto& file : content.files)
    EXPECT_FALSE(file.data.empty()) << file.name;
}

TEST(Render, SameListGivesSameBytesAndHash) {
  const Content first = render(sample_list());
  const Content second = render(sample_list());
  EXPECT_EQ(first.files, second.files);
  EXPECT_EQ(first.hash(), second.hash());
}

TEST(Render, HashChangesWhenATitleChanges) {
  model::ReadingList list = sample_list();
  const std::string before = render(list).hash();
  list.spec.sections[0].entries[0].title += "!";
  EXPECT_NE(render(list).hash(), before);
}

TEST(Render, HashChangesWhenTheThemeChanges) {
  model::ReadingList list = sample_list();
  const std::string before = render(list).hash();
  list.spec.site = model::SiteSpec{};
  list.spec.site->theme = model::Theme::Dark;
  EXPECT_NE(render(list).hash(), before);
}

TEST(Render, ContentDoesNotDependOnStatusUidOrResourceVersion) {
  model::ReadingList list = sample_list();
  const Content before = render(list);
  list.metadata.uid = "0b9f1c52-3a52-4d0e-9a43-1c2d3e4f5a6b";
  list.metadata.resource_version = "12345";
  list.metadata.generation = 7;
  list.metadata.creation_timestamp = "2024-01-02T03:04:05Z";
  list.status = model::ReadingListStatus{};
  list.status->content_hash = "abc";
  list.status->entry_count = 42;
  EXPECT_EQ(render(list).files, before.files);
}

TEST(Content, HashIsSha256OfLengthPrefixedNamesAndDataInNameOrder) {
  // Expected value: sha256 over, for each file in name order, the big-endian 64-bit length and
  // bytes of the name, then of the data (computed independently with Python's hashlib).
  Content content{{{"b.txt", "world"}, {"a.txt", "hello"}}};
  EXPECT_EQ(content.hash(), "43fb66895588ee39645ef037a42e508d1dc2ddc54e8c9bf715e7f7181958fd80");
  EXPECT_EQ(Content{}.hash(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Content, HashTellsApartTheSameBytesSplitDifferently) {
  const Content joined{{{"a", "bc"}}};
  const Content split{{{"ab", "c"}}};
  const Content moved{{{"a", "b"}, {"b", "c"}}};
  const Content moved_again{{{"a", ""}, {"b", "bc"}}};
  EXPECT_NE(joined.hash(), split.hash());
  EXPECT_NE(moved.hash(), moved_again.hash());
}

TEST(Content, HashIsLowerCaseHex) {
  const std::string hash = render(sample_list()).hash();
  ASSERT_EQ(hash.size(), 64U);
  EXPECT_TRUE(std::ranges::all_of(hash, [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  })) << hash;
}

TEST(Content, FindReturnsTheNamedFileOrNull) {
  const Content content{{{"a.txt", "hello"}, {"b.txt", "world"}}};
  ASSERT_NE(content.find("b.txt"), nullptr);
  EXPECT_EQ(content.find("b.txt")->data, "world");
  EXPECT_EQ(content.find("c.txt"), nullptr);
  EXPECT_EQ(content.find(""), nullptr);
}

TEST(Content, TotalBytesCountsNamesAndData) {
  const Content content{{{"a.txt", "hello"}, {"b", ""}}};
  EXPECT_EQ(content.total_bytes(), 5U + 5U + 1U);
  EXPECT_EQ(Content{}.total_bytes(), 0U);
}

TEST(RenderChecked, ValidListGivesTheSameContentAsRender) {
  const auto checked = render_checked(sample_list());
  ASSERT_TRUE(checked.has_value());
  EXPECT_EQ(checked->files, render(sample_list()).files);
}

TEST(RenderChecked, InvalidListGivesEveryValidatorError) {
  model::ReadingList list = sample_list();
  list.spec.title.clear();
  list.spec.sections[0].entries[0].url = "javascript:alert(1)";
  list.spec.sections[1].entries[0].published = "2023-02-30";
  const auto expected = model::validate(list);
  ASSERT_GE(expected.size(), 3U);

  const auto checked = render_checked(list);
  ASSERT_FALSE(checked.has_value());
  EXPECT_EQ(checked.error(), expected);
}

// Long notes in many entries: each note appears in the page, the JSON, the Markdown and the
// feed. One section's worth fits; both sections do not.
model::ReadingList oversized_list() {
  model::ReadingList list = sample_list();
  const std::string note(model::limits::kNoteMax - 100, 'x');
  for (auto& section : list.spec.sections) {
    section.entries.resize(1);
    for (int i = 0; section.entries.size() < 45; ++i) {
      model::Entry entry = testing::link_entry("Entry " + std::to_string(i),
                                               "https://example.com/" + std::to_string(i));
      entry.note = note;
      section.entries.push_back(entry);
    }
  }
  return list;
}

TEST(RenderChecked, ContentOverTheLimitGivesOnlyTheSizeError) {
  const model::ReadingList list = oversized_list();
  ASSERT_TRUE(model::validate(list).empty());
  const std::size_t size = render(list).total_bytes();
  ASSERT_GT(size, model::limits::kContentMax);

  const auto checked = render_checked(list);
  ASSERT_FALSE(checked.has_value());
  ASSERT_EQ(checked.error().size(), 1U);
  const model::FieldError& error = checked.error().front();
  EXPECT_EQ(error.path, "spec");
  EXPECT_EQ(error.message, "rendered content is " + std::to_string(size) +
                               " bytes, over the limit of " +
                               std::to_string(model::limits::kContentMax) +
                               " bytes (the content ConfigMap must fit in 1 MiB)");
}

TEST(RenderChecked, TheLargestListThatFitsIsAccepted) {
  // Binary search for the number of entries in the last section at which the content fits.
  const model::ReadingList full = oversized_list();
  auto with_entries = [&full](std::size_t n) {
    model::ReadingList list = full;
    list.spec.sections.back().entries.resize(n);
    return list;
  };
  std::size_t fits = 1;
  std::size_t too_many = full.spec.sections.back().entries.size();
  ASSERT_LE(render(with_entries(fits)).total_bytes(), model::limits::kContentMax);
  while (too_many - fits > 1) {
    const std::size_t middle = (fits + too_many) / 2;
    const bool ok = render(with_entries(middle)).total_bytes() <= model::limits::kContentMax;
    (ok ? fits : too_many) = middle;
  }
  EXPECT_TRUE(render_checked(with_entries(fits)).has_value());
  EXPECT_FALSE(render_checked(with_entries(too_many)).has_value());
}

}  // namespace
}  // namespace rl::render
