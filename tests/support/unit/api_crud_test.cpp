// CRUD status codes and Status bodies, resourceVersion and generation rules, optimistic
// concurrency, the status subresource, finalizers and deletion (behaviour doc §3, §4, §6).
#include "api_fixture.hpp"

namespace rl::test_apiserver::testing {
namespace {

using CrudTest = ApiTest;

TEST_F(CrudTest, CreateReturns201WithServerSetFields) {
  auto cm = create_ok(kCms, configmap("a"));
  EXPECT_EQ(cm["metadata"]["namespace"], "default");
  EXPECT_EQ(cm["metadata"]["uid"].get<std::string>().size(), 36u);
  EXPECT_EQ(cm["metadata"]["creationTimestamp"], "2026-01-01T00:00:00Z");
  EXPECT_FALSE(cm["metadata"].contains("generation"));  // ConfigMaps do not use generation
  EXPECT_EQ(cm["metadata"]["managedFields"][0]["manager"], "unit-test");
  EXPECT_EQ(cm["metadata"]["managedFields"][0]["operation"], "Update");
}

TEST_F(CrudTest, CreateOfAnExistingNameIsAlreadyExists) {
  create_ok(kCms, configmap("a"));
  auto r = call("POST", kCms, configmap("a"));
  EXPECT_EQ(r.status, 409);
  auto s = body_of(r);
  EXPECT_EQ(s["kind"], "Status");
  EXPECT_EQ(s["apiVersion"], "v1");
  EXPECT_EQ(s["status"], "Failure");
  EXPECT_EQ(s["reason"], "AlreadyExists");
  EXPECT_EQ(s["message"], "configmaps \"a\" already exists");
  EXPECT_EQ(s["details"]["name"], "a");
  EXPECT_EQ(s["details"]["kind"], "configmaps");
  EXPECT_EQ(s["code"], 409);
}

TEST_F(CrudTest, GetOfAMissingObjectIsNotFoundWithDetails) {
  auto r = call("GET", std::string(kCms) + "/nope");
  EXPECT_EQ(r.status, 404);
  auto s = body_of(r);
  EXPECT_EQ(s["reason"], "NotFound");
  EXPECT_EQ(s["message"], "configmaps \"nope\" not found");
  EXPECT_EQ(s["details"]["name"], "nope");
}

TEST_F(CrudTest, UnknownPathIsPlainText404) {
  auto r = call("GET", "/apis/nope.example.com/v1/namespaces/default/things");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(r.body, "404 page not found\n");
}

TEST_F(CrudTest, CreateInAMissingNamespaceIsNotFound) {
  auto r = call("POST", "/api/v1/namespaces/ghost/configmaps", configmap("a"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(body_of(r)["message"], "namespaces \"ghost\" not found");
}

TEST_F(CrudTest, NamespaceMismatchIsBadRequest) {
  json cm = configmap("a");
  cm["metadata"]["namespace"] = "other";
  auto r = call("POST", kCms, cm);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["message"],
            "the namespace of the provided object does not match the "
            "namespace sent on the request");
}

TEST_F(CrudTest, NameMismatchOnPutIsBadRequest) {
  create_ok(kCms, configmap("a"));
  auto r = call("PUT", std::string(kCms) + "/a", configmap("b"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["message"],
            "the name of the object (b) does not match the name on the URL (a)");
}

TEST_F(CrudTest, ResourceVersionOnCreateIsRefused) {
  json cm = configmap("a");
  cm["metadata"]["resourceVersion"] = "5";
  auto r = call("POST", kCms, cm);
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(body_of(r)["message"].get<std::string>().find("resourceVersion should not be set"),
            std::string::npos);
}

TEST_F(CrudTest, EveryWriteGetsAHigherResourceVersionFromOneCounter) {
  auto a = create_ok(kCms, configmap("a"));
  auto b = create_ok("/api/v1/namespaces/kube-system/configmaps", configmap("b"));
  EXPECT_GT(std::stoull(rv(b)), std::stoull(rv(a)));
  a["data"]["k"] = "v2";
  auto r = call("PUT", std::string(kCms) + "/a", a);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_GT(std::stoull(rv(body_of(r))), std::stoull(rv(b)));
}

TEST_F(CrudTest, AWriteThatChangesNothingKeepsTheResourceVersion) {
  auto a = create_ok(kCms, configmap("a"));
  auto before = api_.resource_version();
  auto r = call("PUT", std::string(kCms) + "/a", a);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(rv(body_of(r)), rv(a));
  EXPECT_EQ(api_.resource_version(), before);
}

TEST_F(CrudTest, StaleResourceVersionOnPutIsConflict) {
  auto a = create_ok(kCms, configmap("a"));
  json first = a;
  first["data"]["k"] = "1";
  ASSERT_EQ(call("PUT", std::string(kCms) + "/a", first).status, 200);
  json stale = a;
  stale["data"]["k"] = "2";
  auto r = call("PUT", std::string(kCms) + "/a", stale);
  EXPECT_EQ(r.status, 409);
  auto s = body_of(r);
  EXPECT_EQ(s["reason"], "Conflict");
  EXPECT_EQ(s["message"],
            "Operation cannot be fulfilled on configmaps \"a\": the object has been modified; "
            "please apply your changes to the latest version and try again");
}

TEST_F(CrudTest, ConfigMapPutWithoutResourceVersionOverwrites) {
  create_ok(kCms, configmap("a"));
  auto r = call("PUT", std::string(kCms) + "/a", configmap("a", {{"k", "new"}}));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_of(r)["data"]["k"], "new");
}

TEST_F(CrudTest, CustomResourcePutWithoutResourceVersionIsInvalid) {
  install_widgets();
  create_ok(kWidgets, widget("w"));
  auto r = call("PUT", std::string(kWidgets) + "/w", widget("w", 2));
  EXPECT_EQ(r.status, 422);
  auto s = body_of(r);
  EXPECT_EQ(s["reason"], "Invalid");
  EXPECT_EQ(s["message"],
            "widgets.example.com \"w\" is invalid: metadata.resourceVersion: "
            "Invalid value: 0x0: must be specified for an update");
}

TEST_F(CrudTest, LeasePutCreatesAMissingLease) {
  json lease = {{"apiVersion", "coordination.k8s.io/v1"},
                {"kind", "Lease"},
                {"metadata", {{"name", "l"}}},
                {"spec", {{"holderIdentity", "me"}, {"leaseDurationSeconds", 15}}}};
  auto r = call("PUT", "/apis/coordination.k8s.io/v1/namespaces/default/leases/l", lease);
  EXPECT_EQ(r.status, 201) << r.body;
  lease["spec"]["holderIdentity"] = "you";
  r = call("PUT", "/apis/coordination.k8s.io/v1/namespaces/default/leases/l", lease);
  EXPECT_EQ(r.status, 422) << "a Lease update needs the resourceVersion";
}

TEST_F(CrudTest, GenerationStartsAtOneAndFollowsSpecChangesOnly) {
  install_widgets();
  auto w = create_ok(kWidgets, widget("w"));
  EXPECT_EQ(w["metadata"]["generation"], 1);
  w["metadata"]["labels"] = {{"a", "b"}};
  auto r = call("PUT", std::string(kWidgets) + "/w", w);
  w = body_of(r);
  EXPECT_EQ(w["metadata"]["generation"], 1) << "labels do not bump generation";
  w["spec"]["size"] = 5;
  w = body_of(call("PUT", std::string(kWidgets) + "/w", w));
  EXPECT_EQ(w["metadata"]["generation"], 2);
  w["metadata"]["generation"] = 99;
  w = body_of(call("PUT", std::string(kWidgets) + "/w", w));
  EXPECT_EQ(w["metadata"]["generation"], 2) << "clients cannot set generation";
}

TEST_F(CrudTest, MainEndpointIgnoresStatusAndStatusEndpointTakesOnlyStatus) {
  install_widgets();
  json in = widget("w");
  in["status"] = {{"phase", "Made"}};
  auto w = create_ok(kWidgets, in);
  EXPECT_FALSE(w.contains("status")) << "status in a create is dropped";
  w["status"] = {{"phase", "Sneaky"}};
  w = body_of(call("PUT", std::string(kWidgets) + "/w", w));
  EXPECT_FALSE(w.contains("status"));
  w["status"] = {{"phase", "Ready"}};
  w["spec"]["size"] = 9;
  w["metadata"]["labels"] = {{"x", "y"}};
  auto r = call("PUT", std::string(kWidgets) + "/w/status", w);
  ASSERT_EQ(r.status, 200) << r.body;
  w = body_of(r);
  EXPECT_EQ(w["status"]["phase"], "Ready");
  EXPECT_EQ(w["spec"]["size"], 1) << "spec changes on /status are dropped";
  EXPECT_FALSE(w["metadata"].contains("labels"));
  EXPECT_EQ(w["metadata"]["generation"], 1) << "status writes never bump generation";
  EXPECT_EQ(w["metadata"]["managedFields"].back()["subresource"], "status");
}

TEST_F(CrudTest, StatusEndpointChecksTheResourceVersion) {
  install_widgets();
  auto w = create_ok(kWidgets, widget("w"));
  w["status"] = {{"phase", "A"}};
  ASSERT_EQ(call("PUT", std::string(kWidgets) + "/w/status", w).status, 200);
  auto r = call("PUT", std::string(kWidgets) + "/w/status", w);
  EXPECT_EQ(r.status, 409);
}

TEST_F(CrudTest, DeleteWithoutFinalizersReturnsSuccessStatus) {
  install_widgets();
  auto w = create_ok(kWidgets, widget("w"));
  auto r = call("DELETE", std::string(kWidgets) + "/w");
  ASSERT_EQ(r.status, 200);
  auto s = body_of(r);
  EXPECT_EQ(s["kind"], "Status");
  EXPECT_EQ(s["status"], "Success");
  EXPECT_EQ(s["details"]["name"], "w");
  EXPECT_EQ(s["details"]["group"], "example.com");
  EXPECT_EQ(s["details"]["kind"], "widgets");
  EXPECT_EQ(s["details"]["uid"], w["metadata"]["uid"]);
  EXPECT_EQ(call("DELETE", std::string(kWidgets) + "/w").status, 404);
}

TEST_F(CrudTest, DeleteWithFinalizersMarksTheObjectUntilTheLastOneIsRemoved) {
  install_widgets();
  json in = widget("w");
  in["metadata"]["finalizers"] = {"example.com/cleanup"};
  create_ok(kWidgets, in);
  auto r = call("DELETE", std::string(kWidgets) + "/w");
  ASSERT_EQ(r.status, 200);
  auto w = body_of(r);
  EXPECT_EQ(w["kind"], "Widget");
  EXPECT_EQ(w["metadata"]["deletionTimestamp"], "2026-01-01T00:00:00Z");
  EXPECT_EQ(w["metadata"]["deletionGracePeriodSeconds"], 0);
  EXPECT_EQ(w["metadata"]["generation"], 2) << "deletion bumps generation";
  // A second DELETE changes nothing.
  EXPECT_EQ(rv(body_of(call("DELETE", std::string(kWidgets) + "/w"))), rv(w));
  // No new finalizers while deleting.
  json more = w;
  more["metadata"]["finalizers"].push_back("example.com/other");
  r = call("PUT", std::string(kWidgets) + "/w", more);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(body_of(r)["message"].get<std::string>().find("no new finalizers"), std::string::npos);
  // Removing the last finalizer deletes the object.
  r = call("PATCH", std::string(kWidgets) + "/w", json{{"metadata", {{"finalizers", nullptr}}}},
           "application/merge-patch+json");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(call("GET", std::string(kWidgets) + "/w").status, 404);
}

TEST_F(CrudTest, DeletePreconditionsAreChecked) {
  create_ok(kCms, configmap("a"));
  auto r = call("DELETE", std::string(kCms) + "/a",
                json{{"kind", "DeleteOptions"}, {"preconditions", {{"uid", "other"}}}});
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(body_of(r)["message"].get<std::string>().find("Precondition failed: UID"),
            std::string::npos);
}

TEST_F(CrudTest, PropagationPoliciesAddTheirFinalizers) {
  create_ok(kCms, configmap("a"));
  auto r = call("DELETE", std::string(kCms) + "/a?propagationPolicy=Foreground");
  EXPECT_EQ(body_of(r)["metadata"]["finalizers"], json({"foregroundDeletion"}));
  create_ok(kCms, configmap("b"));
  r = call("DELETE", std::string(kCms) + "/b", json{{"propagationPolicy", "Orphan"}});
  EXPECT_EQ(body_of(r)["metadata"]["finalizers"], json({"orphan"}));
  r = call("DELETE", std::string(kCms) + "/c?propagationPolicy=Sideways");
  EXPECT_EQ(r.status, 422);
}

TEST_F(CrudTest, GenerateNameMakesAUniqueName) {
  json cm = configmap("");
  cm["metadata"].erase("name");
  cm["metadata"]["generateName"] = "gen-";
  auto a = create_ok(kCms, cm);
  auto b = create_ok(kCms, cm);
  EXPECT_TRUE(a["metadata"]["name"].get<std::string>().starts_with("gen-"));
  EXPECT_EQ(a["metadata"]["name"].get<std::string>().size(), 9u);
  EXPECT_NE(a["metadata"]["name"], b["metadata"]["name"]);
}

TEST_F(CrudTest, DryRunStoresNothing) {
  auto before = api_.resource_version();
  auto r = call("POST", std::string(kCms) + "?dryRun=All", configmap("a"));
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(api_.resource_version(), before);
  EXPECT_EQ(call("GET", std::string(kCms) + "/a").status, 404);
}

TEST_F(CrudTest, DeletingANamespaceBlocksNewContentUntilItIsGone) {
  ASSERT_EQ(
      call("POST", "/api/v1/namespaces",
           json{{"metadata", {{"name", "team"}}}, {"apiVersion", "v1"}, {"kind", "Namespace"}})
          .status,
      201);
  create_ok("/api/v1/namespaces/team/configmaps", configmap("a"));
  auto r = call("DELETE", "/api/v1/namespaces/team");
  EXPECT_EQ(body_of(r)["status"]["phase"], "Terminating");
  r = call("POST", "/api/v1/namespaces/team/configmaps", configmap("b"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(body_of(r)["details"]["causes"][0]["reason"], "NamespaceTerminating");
  api_.run_controllers(now_);
  api_.run_controllers(now_);
  EXPECT_EQ(call("GET", "/api/v1/namespaces/team").status, 404);
}

TEST_F(CrudTest, DeletingACrdDeletesItsObjectsAndStopsServingThem) {
  install_widgets();
  create_ok(kWidgets, widget("w"));
  auto r = call("DELETE",
                "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"
                "widgets.example.com");
  EXPECT_EQ(r.status, 200);
  r = call("GET", kWidgets);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "404 page not found\n");
}

TEST_F(CrudTest, CrdGetsEstablishedStatus) {
  install_widgets();
  auto crd = body_of(call("GET",
                          "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"
                          "widgets.example.com"));
  bool established = false;
  for (const auto& c : crd["status"]["conditions"]) {
    established = established || (c["type"] == "Established" && c["status"] == "True");
  }
  EXPECT_TRUE(established);
  EXPECT_EQ(crd["status"]["acceptedNames"]["kind"], "Widget");
}

}  // namespace
}  // namespace rl::test_apiserver::testing
