// decode_cached_list: a list the strict codec rejects still yields its identity and the
// reason, so the operator can report InvalidSpec on it instead of ignoring it.
#include "readinglist/runtime/reconciler.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "readinglist/kube/watch_decoder.hpp"
#include "readinglist/model/codec.hpp"

namespace rl::runtime {
namespace {

using ::testing::HasSubstr;

nlohmann::json list_object() {
  return nlohmann::json::parse(R"({
    "apiVersion": "readinglist.dev/v1alpha1", "kind": "ReadingList",
    "metadata": {"name": "talk", "namespace": "talks", "uid": "u1", "generation": 2,
                 "resourceVersion": "9"},
    "spec": {"title": "T", "sections": [{"title": "S", "entries": [
      {"title": "E", "url": "https://example.org/"}]}]},
    "status": {"observedGeneration": 1}
  })");
}

TEST(DecodeCachedList, AReadableListHasNoDecodeError) {
  model::TextPacker packer;
  const auto cached = decode_cached_list(list_object(), packer);
  ASSERT_TRUE(cached) << cached.error();
  EXPECT_EQ(cached->decode_error, "");
  ASSERT_TRUE(cached->decoded()) << cached->decoded().error();
  EXPECT_EQ(cached->decoded()->spec.title, "T");
  EXPECT_EQ(cached->status->observed_generation, 1);
}

// The spec is decoded when the list is reconciled, not on every watch event: its problems come
// from decoded(), with their paths, and what the status is written on is still there.
TEST(DecodeCachedList, AnUnreadableSpecKeepsIdentityStatusAndTheReason) {
  model::TextPacker packer;
  auto object = list_object();
  object["spec"]["colour"] = "blue";
  object["spec"]["sections"][0]["entries"][0]["rating"] = 5;
  const auto cached = decode_cached_list(object, packer);
  ASSERT_TRUE(cached) << cached.error();
  EXPECT_EQ(cached->decode_error, "");
  const auto decoded = cached->decoded();
  ASSERT_FALSE(decoded);
  EXPECT_THAT(decoded.error(), HasSubstr("spec.colour"));
  EXPECT_THAT(decoded.error(), HasSubstr("spec.sections[0].entries[0].rating"));
  EXPECT_EQ(cached->placeholder().metadata, cached->metadata);
  EXPECT_EQ(cached->metadata.name, "talk");
  EXPECT_EQ(cached->metadata.uid, "u1");
  EXPECT_EQ(cached->metadata.generation, 2);
  EXPECT_EQ(cached->metadata.resource_version, "9");
  ASSERT_TRUE(cached->status);
  EXPECT_EQ(cached->status->observed_generation, 1);
}

TEST(DecodeCachedList, AnUnreadableStatusIsDroppedNotFatal) {
  model::TextPacker packer;
  auto object = list_object();
  object["spec"]["colour"] = "blue";
  object["status"] = {{"observedGeneration", "not a number"}};
  const auto cached = decode_cached_list(object, packer);
  ASSERT_TRUE(cached) << cached.error();
  EXPECT_FALSE(cached->status);
  ASSERT_FALSE(cached->decoded());
  EXPECT_THAT(cached->decoded().error(), HasSubstr("spec.colour"));
}

// A problem beside the spec is known from the event itself.
TEST(DecodeCachedList, AnUnknownFieldBesideTheSpecIsReportedAtOnce) {
  model::TextPacker packer;
  auto object = list_object();
  object["extra"] = 1;
  const auto cached = decode_cached_list(object, packer);
  ASSERT_TRUE(cached) << cached.error();
  EXPECT_THAT(cached->decode_error, HasSubstr("extra"));
  ASSERT_FALSE(cached->decoded());
  EXPECT_EQ(cached->decoded().error(), cached->decode_error);
  EXPECT_EQ(cached->metadata.name, "talk");
}

TEST(DecodeCachedList, TheSpecIsKeptAsItsJsonAndKubectlsLastAppliedAnnotationIsDropped) {
  model::TextPacker packer;
  auto object = list_object();
  object["metadata"]["annotations"] = {
      {"kubectl.kubernetes.io/last-applied-configuration", object.dump()}, {"team", "docs"}};
  const auto cached = decode_cached_list(object, packer);
  ASSERT_TRUE(cached) << cached.error();
  EXPECT_EQ(nlohmann::json::parse(cached->spec.unpack()), object["spec"]);
  EXPECT_EQ(cached->metadata.annotations, (std::map<std::string, std::string>{{"team", "docs"}}));
  ASSERT_TRUE(cached->decoded());
  const auto list = *cached->decoded();
  EXPECT_EQ(list.metadata, cached->metadata);
  EXPECT_EQ(list.status, cached->status);
  auto expected = model::from_json(object, "talk");
  ASSERT_TRUE(expected);
  EXPECT_EQ(list.spec, expected->spec);
}

TEST(DecodeCachedList, AStatusFromAnotherVersionIsIgnoredWhenTheSpecIsFine) {
  model::TextPacker packer;
  auto object = list_object();
  object["status"]["shinyNewField"] = true;
  const auto cached = decode_cached_list(object, packer);
  ASSERT_TRUE(cached) << cached.error();
  EXPECT_EQ(cached->decode_error, "");
  EXPECT_FALSE(cached->status);
  ASSERT_TRUE(cached->decoded());
  EXPECT_EQ(cached->decoded()->spec.title, "T");
}

TEST(DecodeCachedList, ASpecThatCameAsTextIsKeptAsItCameAndDecodedOnReconcile) {
  model::TextPacker packer;
  auto object = list_object();
  const std::string text = R"({"title": "T",   "sections": [{"title": "S", "entries": [
      {"title": "E", "url": "https://example.org/"}]}]})";
  object["spec"] = kube::json_text_value(text);
  const auto cached = decode_cached_list(object, packer);
  ASSERT_TRUE(cached) << cached.error();
  EXPECT_EQ(cached->spec.unpack(), text);
  const auto list = cached->decoded();
  ASSERT_TRUE(list) << list.error();
  EXPECT_EQ(list->spec.title, "T");
  ASSERT_EQ(list->spec.sections.size(), 1u);
  EXPECT_EQ(list->spec.sections[0].entries[0].url, "https://example.org/");
}

TEST(DecodeCachedList, ASpecTextThatIsNotJsonIsAnErrorOnReconcileNotOnTheWatch) {
  model::TextPacker packer;
  auto object = list_object();
  object["spec"] = kube::json_text_value(R"({"title": "T", "sections": [})");
  const auto cached = decode_cached_list(object, packer);
  ASSERT_TRUE(cached) << cached.error();
  EXPECT_EQ(cached->metadata.name, "talk");
  const auto list = cached->decoded();
  ASSERT_FALSE(list);
  EXPECT_THAT(list.error(), HasSubstr("spec: not valid JSON"));
}

}  // namespace
}  // namespace rl::runtime
