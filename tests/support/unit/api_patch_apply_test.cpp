// PATCH in its four content types and server-side apply (behaviour doc §3.4, §3.5).
#include "api_fixture.hpp"
#include "patch.hpp"

namespace rl::test_apiserver::testing {
namespace {

using PatchApplyTest = ApiTest;
constexpr const char* kMerge = "application/merge-patch+json";
constexpr const char* kJsonPatch = "application/json-patch+json";
constexpr const char* kSmp = "application/strategic-merge-patch+json";
constexpr const char* kApply = "application/apply-patch+yaml";

TEST(PatchFormats, MergePatchDeletesWithNullAndReplacesLists) {
  json target = {{"a", {{"b", 1}, {"c", 2}}}, {"l", {1, 2, 3}}};
  auto out = merge_patch(target, {{"a", {{"b", nullptr}}}, {"l", {9}}});
  EXPECT_EQ(out, json({{"a", {{"c", 2}}}, {"l", {9}}}));
}

TEST(PatchFormats, JsonPatchFailingTestIs422AndMalformedIs400) {
  json target = {{"a", 1}};
  auto ok = json_patch(target, json::parse(R"([{"op":"replace","path":"/a","value":2}])"));
  ASSERT_TRUE(ok);
  EXPECT_EQ((*ok)["a"], 2);
  auto failed = json_patch(target, json::parse(R"([{"op":"test","path":"/a","value":5}])"));
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, 422);
  auto malformed = json_patch(target, json::parse(R"([{"path":"/a"}])"));
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, 400);
}

TEST(PatchFormats, StrategicMergeMergesKeyedListsAndHonoursDirectives) {
  json target = {
      {"spec",
       {{"containers", {{{"name", "a"}, {"image", "a:1"}}, {{"name", "b"}, {"image", "b:1"}}}},
        {"args", {"x", "y"}}}},
      {"metadata", {{"finalizers", {"f1"}}}}};
  json patch = json::parse(R"({
    "spec": {
      "containers": [{"name": "b", "image": "b:2"}, {"name": "c", "image": "c:1"},
                     {"name": "a", "$patch": "delete"}],
      "$setElementOrder/containers": [{"name": "c"}, {"name": "b"}],
      "args": ["z"]
    },
    "metadata": {"finalizers": ["f2"], "$deleteFromPrimitiveList/finalizers": ["f1"]}
  })");
  auto out = strategic_merge_patch(target, patch);
  ASSERT_TRUE(out);
  EXPECT_EQ((*out)["spec"]["containers"],
            json::parse(R"([{"name":"c","image":"c:1"},{"name":"b","image":"b:2"}])"));
  EXPECT_EQ((*out)["spec"]["args"], json({"z"})) << "lists without a merge key are replaced";
  EXPECT_EQ((*out)["metadata"]["finalizers"], json({"f2"}));
  json retain = {{"strategy", {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxSurge", 1}}}}}};
  auto r = strategic_merge_patch(
      retain, json::parse(R"({"strategy":{"type":"Recreate","$retainKeys":["type"],
                              "rollingUpdate":null}})"));
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)["strategy"], json({{"type", "Recreate"}}));
}

TEST_F(PatchApplyTest, MergePatchOnAnObject) {
  create_ok(kCms, configmap("a", {{"x", "1"}, {"y", "2"}}));
  auto r =
      call("PATCH", std::string(kCms) + "/a", json{{"data", {{"x", nullptr}, {"z", "3"}}}}, kMerge);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_of(r)["data"], json({{"y", "2"}, {"z", "3"}}));
}

TEST_F(PatchApplyTest, PatchCarryingAStaleResourceVersionIsConflict) {
  auto a = create_ok(kCms, configmap("a"));
  ASSERT_EQ(call("PATCH", std::string(kCms) + "/a", json{{"data", {{"k", "2"}}}}, kMerge).status,
            200);
  auto r = call("PATCH", std::string(kCms) + "/a",
                json{{"metadata", {{"resourceVersion", rv(a)}}}, {"data", {{"k", "3"}}}}, kMerge);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(body_of(r)["reason"], "Conflict");
}

TEST_F(PatchApplyTest, JsonPatchTestFailureIs422) {
  create_ok(kCms, configmap("a"));
  auto r = call("PATCH", std::string(kCms) + "/a",
                json::parse(R"([{"op":"test","path":"/data/k","value":"other"}])"), kJsonPatch);
  EXPECT_EQ(r.status, 422);
}

TEST_F(PatchApplyTest, StrategicMergePatchIsRefusedForCustomResources) {
  install_widgets();
  create_ok(kWidgets, widget("w"));
  auto r = call("PATCH", std::string(kWidgets) + "/w", json{{"spec", {{"size", 2}}}}, kSmp);
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(body_of(r)["reason"], "UnsupportedMediaType");
  r = call("PATCH", std::string(kCms) + "/missing", json{{"data", json::object()}}, kMerge);
  EXPECT_EQ(r.status, 404);
}

TEST_F(PatchApplyTest, ForceOnANonApplyPatchIsInvalid) {
  create_ok(kCms, configmap("a"));
  auto r =
      call("PATCH", std::string(kCms) + "/a?force=true", json{{"data", json::object()}}, kMerge);
  EXPECT_EQ(r.status, 422);
}

TEST_F(PatchApplyTest, ApplyNeedsAFieldManager) {
  auto r = call("PATCH", std::string(kCms) + "/a", configmap("a"), kApply);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(body_of(r)["message"],
            "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: "
            "Required value: is required for apply patch");
}

TEST_F(PatchApplyTest, ApplyCreatesThenUpdatesAndRecordsTheManager) {
  std::string yaml =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n"
      "  n: \"1\"\n";
  auto r = call("PATCH", std::string(kCms) + "/a?fieldManager=op", yaml, kApply);
  ASSERT_EQ(r.status, 201) << r.body;
  auto cm = body_of(r);
  EXPECT_EQ(cm["data"]["n"], "1");
  ASSERT_EQ(cm["metadata"]["managedFields"].size(), 1u);
  const auto& entry = cm["metadata"]["managedFields"][0];
  EXPECT_EQ(entry["manager"], "op");
  EXPECT_EQ(entry["operation"], "Apply");
  EXPECT_EQ(entry["fieldsType"], "FieldsV1");
  EXPECT_EQ(entry["fieldsV1"], json::parse(R"({"f:data":{"f:k":{},"f:n":{}}})"));
  r = call("PATCH", std::string(kCms) + "/a?fieldManager=op", yaml, kApply);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(rv(body_of(r)), rv(cm)) << "the same apply twice changes nothing";
}

TEST_F(PatchApplyTest, ApplyMergesWithOtherManagersFields) {
  create_ok(kCms, configmap("a", {{"mine", "1"}}));
  auto r = call("PATCH", std::string(kCms) + "/a?fieldManager=op",
                json{{"apiVersion", "v1"},
                     {"kind", "ConfigMap"},
                     {"metadata", {{"name", "a"}}},
                     {"data", {{"theirs", "2"}}}},
                kApply);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_of(r)["data"], json({{"mine", "1"}, {"theirs", "2"}}));
}

TEST_F(PatchApplyTest, ApplyRemovesFieldsItNoLongerApplies) {
  auto apply = [&](json data) {
    return call("PATCH", std::string(kCms) + "/a?fieldManager=op",
                json{{"apiVersion", "v1"},
                     {"kind", "ConfigMap"},
                     {"metadata", {{"name", "a"}}},
                     {"data", std::move(data)}},
                kApply);
  };
  ASSERT_EQ(apply({{"x", "1"}, {"y", "2"}}).status, 201);
  auto r = apply({{"x", "1"}});
  EXPECT_EQ(body_of(r)["data"], json({{"x", "1"}}));
}

TEST_F(PatchApplyTest, ApplyConflictsWithAnotherManagerUnlessForced) {
  install_widgets();
  auto apply = [&](const std::string& manager, int size, bool force) {
    json w = widget("w", size);
    return call("PATCH",
                std::string(kWidgets) + "/w?fieldManager=" + manager + (force ? "&force=true" : ""),
                w, kApply);
  };
  ASSERT_EQ(apply("alice", 1, false).status, 201);
  EXPECT_EQ(apply("bob", 1, false).status, 200) << "same value: shared ownership";
  auto r = apply("bob", 2, false);
  ASSERT_EQ(r.status, 409);
  auto s = body_of(r);
  EXPECT_EQ(s["reason"], "Conflict");
  EXPECT_EQ(s["message"], "Apply failed with 1 conflict: conflict with \"alice\": .spec.size");
  EXPECT_EQ(s["details"]["causes"][0]["reason"], "FieldManagerConflict");
  EXPECT_EQ(s["details"]["causes"][0]["field"], ".spec.size");
  r = apply("bob", 2, true);
  ASSERT_EQ(r.status, 200);
  auto w = body_of(r);
  EXPECT_EQ(w["spec"]["size"], 2);
  for (const auto& e : w["metadata"]["managedFields"]) {
    if (e["manager"] == "alice") ADD_FAILURE() << "alice lost her only field: " << e.dump();
  }
}

TEST_F(PatchApplyTest, UpdateTakesOwnershipAndApplyThenConflictsWithIt) {
  install_widgets();
  ASSERT_EQ(
      call("PATCH", std::string(kWidgets) + "/w?fieldManager=op", widget("w", 1), kApply).status,
      201);
  auto r = call("PATCH", std::string(kWidgets) + "/w?fieldManager=kubectl-edit",
                json{{"spec", {{"size", 3}}}}, kMerge);
  ASSERT_EQ(r.status, 200);
  r = call("PATCH", std::string(kWidgets) + "/w?fieldManager=op", widget("w", 1), kApply);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(body_of(r)["message"],
            "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using example.com/v1: "
            ".spec.size");
}

TEST_F(PatchApplyTest, ApplyBodyRules) {
  json cm = configmap("a");
  cm["metadata"]["managedFields"] = json::array();
  EXPECT_EQ(call("PATCH", std::string(kCms) + "/a?fieldManager=op", cm, kApply).status, 400);
  json wrong = configmap("a");
  wrong["apiVersion"] = "v2";
  EXPECT_EQ(call("PATCH", std::string(kCms) + "/a?fieldManager=op", wrong, kApply).status, 400);
}

TEST_F(PatchApplyTest, ApplyToStatusTouchesOnlyStatus) {
  install_widgets();
  create_ok(kWidgets, widget("w"));
  json w = widget("w", 7);
  w["status"] = {{"phase", "Ready"}};
  auto r = call("PATCH", std::string(kWidgets) + "/w/status?fieldManager=op&force=true", w, kApply);
  ASSERT_EQ(r.status, 200) << r.body;
  auto out = body_of(r);
  EXPECT_EQ(out["status"]["phase"], "Ready");
  EXPECT_EQ(out["spec"]["size"], 1);
  EXPECT_EQ(out["metadata"]["generation"], 1);
}

}  // namespace
}  // namespace rl::test_apiserver::testing
