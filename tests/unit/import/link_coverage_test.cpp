// Nothing is lost: every http(s) URL of differently shaped documents (bare URLs, "label: url"
// bullets, numbered lists, nested bullets, tables) is somewhere in the imported spec.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "../read_file.hpp"
#include "readinglist/import/markdown_import.hpp"
#include "readinglist/model/codec.hpp"

namespace rl::import {
namespace {

namespace fs = std::filesystem;

using rl::testing::read_file;

// The http(s) URLs of the raw text, ended where a URL cannot go on; a test oracle, deliberately
// independent of the importer's own reading.
std::vector<std::string> urls_in(const std::string& text) {
  std::vector<std::string> urls;
  for (std::size_t pos = text.find("http"); pos != std::string::npos;
       pos = text.find("http", pos + 1)) {
    if (text.compare(pos, 7, "http://") != 0 && text.compare(pos, 8, "https://") != 0) continue;
    std::size_t end = pos;
    while (end < text.size() &&
           std::string_view(" \n\t<>\"|)]").find(text[end]) == std::string_view::npos)
      ++end;
    std::string url = text.substr(pos, end - pos);
    while (!url.empty() && std::string_view(".,;:").find(url.back()) != std::string_view::npos)
      url.pop_back();
    urls.push_back(url);
  }
  return urls;
}

std::size_t count_in_spec_urls(const model::ReadingListSpec& spec, const std::string& url) {
  std::size_t count = 0;
  for (const auto& section : spec.sections) {
    for (const auto& entry : section.entries) {
      count += entry.url == url;
      for (const auto& item : entry.items)
        count += item.url == url;
    }
  }
  return count;
}

class LinkCoverage : public ::testing::TestWithParam<std::string> {};

TEST_P(LinkCoverage, EveryUrlOfTheDocumentIsInTheImportedList) {
  const auto text = read_file(fs::path(RL_SOURCE_DIR) / "tests/data/markdown" / GetParam());
  auto list = import_markdown(text, {"links", ""});
  ASSERT_TRUE(list) << list.error().to_string();
  const std::string spec_yaml = model::to_yaml(*list);
  const auto urls = urls_in(text);
  ASSERT_FALSE(urls.empty());
  for (const auto& url : urls)
    EXPECT_THAT(spec_yaml, ::testing::HasSubstr(url)) << spec_yaml;
}

INSTANTIATE_TEST_SUITE_P(Documents, LinkCoverage,
                         ::testing::Values("bare-urls.md", "label-url-bullets.md", "numbered.md",
                                           "nested.md", "table.md",
                                           "../five-years-of-cloud-native-rust.md"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name = fs::path(param_info.param).stem().string();
                           std::ranges::replace(name, '-', '_');
                           return name;
                         });

TEST(LinkShapes, BareUrlsAndLabelledBulletsBecomeEntries) {
  auto bare =
      import_markdown(read_file(fs::path(RL_SOURCE_DIR) / "tests/data/markdown/bare-urls.md"), {});
  ASSERT_TRUE(bare) << bare.error().to_string();
  EXPECT_EQ(count_in_spec_urls(bare->spec, "https://example.com/one"), 1U);
  EXPECT_EQ(count_in_spec_urls(bare->spec, "https://example.com/five"), 1U);
  EXPECT_EQ(bare->spec.title, "Links I keep");

  auto labelled = import_markdown(
      read_file(fs::path(RL_SOURCE_DIR) / "tests/data/markdown/label-url-bullets.md"), {});
  ASSERT_TRUE(labelled) << labelled.error().to_string();
  EXPECT_EQ(labelled->spec.title, "Rust resources");  // from the front matter
  const auto& entries = labelled->spec.sections.at(0).entries;
  ASSERT_GE(entries.size(), 3U);
  EXPECT_EQ(entries[0].title, "Tokio");
  EXPECT_EQ(entries[0].url, "https://tokio.rs/");
  EXPECT_EQ(entries[1].title, "Hyper");
}

TEST(LinkShapes, NestedBulletsBecomeItemsAndNumberedEntriesKeepTheirFields) {
  auto nested =
      import_markdown(read_file(fs::path(RL_SOURCE_DIR) / "tests/data/markdown/nested.md"), {});
  ASSERT_TRUE(nested) << nested.error().to_string();
  const auto& runtimes = nested->spec.sections.at(0).entries.at(0);
  EXPECT_EQ(runtimes.title, "Runtimes");
  EXPECT_EQ(runtimes.type, model::EntryType::Collection);
  ASSERT_EQ(runtimes.items.size(), 3U);
  EXPECT_EQ(runtimes.items[0].description, "Rust's async runtime");
  EXPECT_THAT(runtimes.note.value_or(""), ::testing::HasSubstr("a bullet without a link"));

  auto numbered =
      import_markdown(read_file(fs::path(RL_SOURCE_DIR) / "tests/data/markdown/numbered.md"), {});
  ASSERT_TRUE(numbered) << numbered.error().to_string();
  const auto& papers = numbered->spec.sections.at(0).entries;
  ASSERT_EQ(papers.size(), 4U);
  EXPECT_EQ(papers[0].published, "2023-12");
  EXPECT_EQ(papers[1].type, model::EntryType::Paper);
  EXPECT_EQ(papers[1].authors.size(), 4U);
  EXPECT_EQ(papers[1].source, (model::Source{"POPL 2018", std::nullopt}));
  EXPECT_EQ(papers[2].type, model::EntryType::Podcast);
  EXPECT_EQ(papers[3].type, model::EntryType::Video);
}

}  // namespace
}  // namespace rl::import
