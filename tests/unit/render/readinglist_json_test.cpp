// readinglist.json: the spec for machines, with nothing the cluster adds (status, uid, ...).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "readinglist/model/codec.hpp"
#include "readinglist/render/files.hpp"
#include "sample_lists.hpp"

namespace rl::render {
namespace {

using testing::sample_list;

model::ReadingList minimal_list() {
  model::ReadingList list;
  list.metadata.name = "tiny";
  list.metadata.namespace_ = "books";
  list.spec.title = "Tiny";
  model::Section section;
  section.title = "Only";
  section.entries.push_back(testing::link_entry("One", "https://example.com/1"));
  section.entries.back().type.reset();
  list.spec.sections.push_back(section);
  return list;
}

TEST(ReadingListJson, IsPrettyPrintedWithSortedKeysAndATrailingNewline) {
  EXPECT_EQ(render_readinglist_json(minimal_list()), R"({
  "apiVersion": "readinglist.dev/v1alpha1",
  "kind": "ReadingList",
  "metadata": {
    "name": "tiny",
    "namespace": "books"
  },
  "spec": {
    "sections": [
      {
        "entries": [
          {
            "title": "One",
            "url": "https://example.com/1"
          }
        ],
        "title": "Only"
      }
    ],
    "title": "Tiny"
  }
}
)");
}

TEST(ReadingListJson, RoundTripsThroughTheCodecToTheSameSpec) {
  const model::ReadingList list = sample_list();
  const std::string text = render_readinglist_json(list);
  const auto parsed = model::parse_json(text, "readinglist.json");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().to_string();
  EXPECT_EQ(parsed->spec, list.spec);
  EXPECT_EQ(parsed->metadata.name, "demo");
  EXPECT_EQ(parsed->metadata.namespace_, "default");
}

TEST(ReadingListJson, LeavesOutStatusAndServerSetMetadata) {
  model::ReadingList list = sample_list();
  const std::string before = render_readinglist_json(list);
  list.metadata.uid = "0b9f1c52-3a52-4d0e-9a43-1c2d3e4f5a6b";
  list.metadata.resource_version = "987";
  list.metadata.generation = 3;
  list.metadata.labels["team"] = "rust";
  list.status = model::ReadingListStatus{};
  list.status->observed_generation = 3;

  const std::string after = render_readinglist_json(list);
  EXPECT_EQ(after, before);
  const auto document = nlohmann::json::parse(after);
  EXPECT_FALSE(document.contains("status"));
  EXPECT_EQ(document["metadata"].size(), 2U);
}

TEST(ReadingListJson, OmitsAnEmptyNamespace) {
  model::ReadingList list = minimal_list();
  list.metadata.namespace_.clear();
  const auto document = nlohmann::json::parse(render_readinglist_json(list));
  EXPECT_EQ(document["metadata"], (nlohmann::json{{"name", "tiny"}}));
}

TEST(ReadingListJson, IsByteForByteWhatNlohmannDumpWrites) {
  model::ReadingList list = sample_list();
  list.spec.title = "Quotes \" back\\slash tab\t nl\n cr\r bell\x07 esc\x1b del\x7f /slash/";
  list.spec.subtitle = "Unicode: caf\u00e9 \u2028 \U0001F980 \u4e2d\u6587";
  list.spec.sections[0].entries[0].note = std::string("nul\0in the middle", 18);
  model::SiteSpec site;
  site.enabled = false;
  site.replicas = 3;
  site.resources = model::ResourceRequirements{};
  site.resources->limits["memory"] = "64Mi";
  site.ingress = model::IngressSpec{};
  site.ingress->host = "books.example.com";
  list.spec.site = site;

  nlohmann::json expected = nlohmann::json::object();
  expected["apiVersion"] = "readinglist.dev/v1alpha1";
  expected["kind"] = "ReadingList";
  expected["metadata"] = {{"name", "demo"}, {"namespace", "default"}};
  expected["spec"] = model::to_json(list.spec);
  EXPECT_EQ(render_readinglist_json(list), expected.dump(2) + "\n");
}

TEST(ReadingListJson, InvalidUtf8IsReplacedNotThrown) {
  model::ReadingList list = minimal_list();
  list.spec.title = "bad \xff byte, cut \xe2\x82 short, surrogate \xed\xa0\x80 end\xc3";
  std::string text;
  ASSERT_NO_THROW(text = render_readinglist_json(list));
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_NE(text.find("bad " + r + " byte, cut " + r + r + " short, surrogate " + r + r + r +
                      " end" + r + "\""),
            std::string::npos)
      << text;
  EXPECT_TRUE(nlohmann::json::accept(text));
}

}  // namespace
}  // namespace rl::render
