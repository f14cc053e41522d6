#include "readinglist/kube/request.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace rl::kube {
namespace {

const ResourceRef kConfigMaps{"", "v1", "configmaps", true};
const ResourceRef kReadingLists{"readinglist.dev", "v1alpha1", "readinglists", true};
const ResourceRef kNamespaces{"", "v1", "namespaces", false};
const ResourceRef kCrds{"apiextensions.k8s.io", "v1", "customresourcedefinitions", false};

TEST(Request, CoreGroupObjectPath) {
  const auto r = get_request(kConfigMaps, "ns", "cm1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->method, Method::Get);
  EXPECT_EQ(r->target(), "/api/v1/namespaces/ns/configmaps/cm1");
}

TEST(Request, NamedGroupObjectAndSubresourcePath) {
  EXPECT_EQ(get_request(kReadingLists, "ns", "a")->path,
            "/apis/readinglist.dev/v1alpha1/namespaces/ns/readinglists/a");
  EXPECT_EQ(get_request(kReadingLists, "ns", "a", "status")->path,
            "/apis/readinglist.dev/v1alpha1/namespaces/ns/readinglists/a/status");
}

TEST(Request, ClusterScopedPaths) {
  EXPECT_EQ(get_request(kNamespaces, "", "kube-system")->path, "/api/v1/namespaces/kube-system");
  EXPECT_EQ(get_request(kCrds, "", "readinglists.readinglist.dev")->path,
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/readinglists.readinglist.dev");
  EXPECT_FALSE(get_request(kNamespaces, "ns", "x"));
}

TEST(Request, ListInOneNamespaceAndAcrossAll) {
  EXPECT_EQ(list_request(kReadingLists, "ns", {})->target(),
            "/apis/readinglist.dev/v1alpha1/namespaces/ns/readinglists");
  EXPECT_EQ(list_request(kReadingLists, "", {})->target(),
            "/apis/readinglist.dev/v1alpha1/readinglists");
}

TEST(Request, MetadataOnlyListsAndWatchesAskForPartialObjectMetadata) {
  EXPECT_EQ(list_request(kConfigMaps, "ns", {})->accept, "application/json");
  ListOptions list;
  list.metadata_only = true;
  EXPECT_EQ(list_request(kConfigMaps, "ns", list)->accept,
            "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json");
  WatchOptions watch;
  watch.metadata_only = true;
  EXPECT_EQ(watch_request(kConfigMaps, "ns", watch)->accept,
            "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json");
}

TEST(Request, ListQueryCarriesPagingAndSelectorsEncoded) {
  ListOptions o;
  o.label_selector = "app in (a,b),!legacy";
  o.field_selector = "metadata.name=x";
  o.resource_version = "0";
  o.limit = 500;
  o.continue_token = "eyJ2Ijo+/=";
  const auto r = list_request(kConfigMaps, "ns", o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->query,
            "labelSelector=app%20in%20%28a%2Cb%29%2C%21legacy&fieldSelector=metadata.name%3Dx"
            "&resourceVersion=0&limit=500&continue=eyJ2Ijo%2B%2F%3D");
}

TEST(Request, ListWithEmptyResourceVersionSendsItExplicitly) {
  ListOptions o;
  o.resource_version = "";
  EXPECT_EQ(list_request(kConfigMaps, "ns", o)->query, "resourceVersion=");
  EXPECT_EQ(list_request(kConfigMaps, "ns", {})->query, "");
}

TEST(Request, WatchAsksForBookmarksAndTimeout) {
  WatchOptions o;
  o.resource_version = "123";
  o.timeout_seconds = 300;
  o.label_selector = "a=b";
  const auto r = watch_request(kReadingLists, "", o);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->watch);
  EXPECT_EQ(r->target(),
            "/apis/readinglist.dev/v1alpha1/readinglists?watch=1&labelSelector=a%3Db"
            "&resourceVersion=123&allowWatchBookmarks=true&timeoutSeconds=300");
}

TEST(Request, AStreamingListAsksForInitialEventsNotOlderThanTheVersion) {
  WatchOptions o;
  o.send_initial_events = true;
  const auto r = watch_request(kReadingLists, "", o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->target(),
            "/apis/readinglist.dev/v1alpha1/readinglists?watch=1&allowWatchBookmarks=true"
            "&sendInitialEvents=true&resourceVersionMatch=NotOlderThan");
}

TEST(Request, CreatePostsJsonToTheCollectionAndIsNotIdempotent) {
  const nlohmann::json obj = {{"metadata", {{"name", "a"}}}};
  const auto r = create_request(kConfigMaps, "ns", obj, {.field_manager = "op", .dry_run = true});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->method, Method::Post);
  EXPECT_EQ(r->target(), "/api/v1/namespaces/ns/configmaps?dryRun=All&fieldManager=op");
  EXPECT_EQ(r->content_type, "application/json");
  EXPECT_EQ(nlohmann::json::parse(r->body), obj);
  EXPECT_FALSE(r->idempotent);
}

TEST(Request, CreateNeedsANamespaceForNamespacedResources) {
  const auto r = create_request(kConfigMaps, "", nlohmann::json::object());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Invalid);
}

TEST(Request, UpdatePutsToTheObjectOrItsStatus) {
  const nlohmann::json obj = {{"metadata", {{"name", "a"}, {"resourceVersion", "7"}}}};
  const auto r = update_request(kReadingLists, "ns", "a", obj, {}, "status");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->method, Method::Put);
  EXPECT_EQ(r->path, "/apis/readinglist.dev/v1alpha1/namespaces/ns/readinglists/a/status");
  EXPECT_TRUE(r->idempotent);
}

TEST(Request, PatchContentTypes) {
  const nlohmann::json p = {{"a", 1}};
  EXPECT_EQ(patch_request(kConfigMaps, "ns", "a", PatchType::Merge, p, {})->content_type,
            "application/merge-patch+json");
  const auto json_patch =
      patch_request(kConfigMaps, "ns", "a", PatchType::Json, nlohmann::json::array(), {});
  EXPECT_EQ(json_patch->content_type, "application/json-patch+json");
  EXPECT_FALSE(json_patch->idempotent);
  EXPECT_EQ(patch_request(kConfigMaps, "ns", "a", PatchType::StrategicMerge, p, {})->content_type,
            "application/strategic-merge-patch+json");
}

TEST(Request, ServerSideApplyCarriesFieldManagerAndForce) {
  const nlohmann::json obj = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}};
  const auto r = patch_request(kConfigMaps, "ns", "a", PatchType::Apply, obj,
                               PatchOptions{"readinglist-operator", true, false});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->method, Method::Patch);
  EXPECT_EQ(r->content_type, "application/apply-patch+yaml");
  EXPECT_EQ(r->query, "fieldManager=readinglist-operator&force=true");
  EXPECT_TRUE(r->idempotent);
}

TEST(Request, ApplyWithoutFieldManagerAndForceWithoutApplyAreRefused) {
  EXPECT_FALSE(patch_request(kConfigMaps, "ns", "a", PatchType::Apply, {}, {}));
  EXPECT_FALSE(
      patch_request(kConfigMaps, "ns", "a", PatchType::Merge, {}, PatchOptions{"", true, false}));
}

TEST(Request, DeleteWithPropagationAndPreconditionsSendsDeleteOptions) {
  DeleteOptions o;
  o.propagation_policy = PropagationPolicy::Foreground;
  o.precondition_resource_version = "42";
  const auto r = delete_request(kReadingLists, "ns", "a", o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->method, Method::Delete);
  const auto body = nlohmann::json::parse(r->body);
  EXPECT_EQ(body["kind"], "DeleteOptions");
  EXPECT_EQ(body["propagationPolicy"], "Foreground");
  EXPECT_EQ(body["preconditions"]["resourceVersion"], "42");
  EXPECT_EQ(r->content_type, "application/json");
}

TEST(Request, PlainDeleteHasNoBody) {
  const auto r = delete_request(kConfigMaps, "ns", "a");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->body.empty());
  EXPECT_TRUE(r->content_type.empty());
}

TEST(Request, NamesThatWouldEscapeThePathAreRefused) {
  EXPECT_FALSE(get_request(kConfigMaps, "ns", "a/b"));
  EXPECT_FALSE(get_request(kConfigMaps, "ns", ".."));
  EXPECT_FALSE(get_request(kConfigMaps, "n%2fs", "a"));
  EXPECT_FALSE(get_request(kConfigMaps, "ns", ""));
  EXPECT_FALSE(get_request(kConfigMaps, "ns", "a", "st/atus"));
}

TEST(Request, ApiVersionOfCoreAndNamedGroups) {
  EXPECT_EQ(kConfigMaps.api_version(), "v1");
  EXPECT_EQ(kReadingLists.api_version(), "readinglist.dev/v1alpha1");
}

TEST(PercentEncode, KeepsUnreservedOnly) {
  EXPECT_EQ(percent_encode("a-b_c.d~e"), "a-b_c.d~e");
  EXPECT_EQ(percent_encode("a b&c=d"), "a%20b%26c%3Dd");
  EXPECT_EQ(percent_encode("\xC3\xA9"), "%C3%A9");
}

}  // namespace
}  // namespace rl::kube
