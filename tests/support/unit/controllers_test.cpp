// The emulated controllers: garbage collection of dependents, foreground and orphan
// deletion, and the Deployment status that follows spec.replicas after a delay (or never).
#include "api_fixture.hpp"

namespace rl::test_apiserver::testing {
namespace {

using ControllersTest = ApiTest;
constexpr const char* kDeploys = "/apis/apps/v1/namespaces/default/deployments";

json owned_configmap(const std::string& name, const json& owner) {
  json cm = configmap(name);
  cm["metadata"]["ownerReferences"] = {{{"apiVersion", owner["apiVersion"]},
                                        {"kind", owner["kind"]},
                                        {"name", owner["metadata"]["name"]},
                                        {"uid", owner["metadata"]["uid"]},
                                        {"controller", true},
                                        {"blockOwnerDeletion", true}}};
  return cm;
}

json deployment(const std::string& name, int replicas) {
  return json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":")" + name +
                     R"("},"spec":{"replicas":)" + std::to_string(replicas) +
                     R"(,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":
                     {"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}})");
}

json condition(const json& object, const std::string& type) {
  for (const auto& c : object["status"].value("conditions", json::array())) {
    if (c["type"] == type) return c;
  }
  return nullptr;
}

TEST_F(ControllersTest, DependentsOfADeletedOwnerAreCollected) {
  install_widgets();
  auto owner = create_ok(kWidgets, widget("w"));
  create_ok(kCms, owned_configmap("child", owner));
  api_.run_controllers(now_);
  EXPECT_EQ(call("GET", std::string(kCms) + "/child").status, 200) << "owner still there";
  ASSERT_EQ(call("DELETE", std::string(kWidgets) + "/w").status, 200);
  api_.run_controllers(now_);
  EXPECT_EQ(call("GET", std::string(kCms) + "/child").status, 404);
}

TEST_F(ControllersTest, ADependentWhoseOwnerNeverExistedIsCollected) {
  json ghost = {{"apiVersion", "v1"},
                {"kind", "ConfigMap"},
                {"metadata", {{"name", "ghost"}, {"uid", "00000000-0000-4000-8000-000000000000"}}}};
  create_ok(kCms, owned_configmap("orphaned", ghost));
  api_.run_controllers(now_);
  EXPECT_EQ(call("GET", std::string(kCms) + "/orphaned").status, 404);
}

TEST_F(ControllersTest, GarbageCollectionCanBeSwitchedOff) {
  api_.set_garbage_collection(false);
  json ghost = {{"apiVersion", "v1"},
                {"kind", "ConfigMap"},
                {"metadata", {{"name", "ghost"}, {"uid", "00000000-0000-4000-8000-000000000000"}}}};
  create_ok(kCms, owned_configmap("orphaned", ghost));
  api_.run_controllers(now_);
  EXPECT_EQ(call("GET", std::string(kCms) + "/orphaned").status, 200);
}

TEST_F(ControllersTest, ForegroundDeletionWaitsForDependents) {
  install_widgets();
  auto owner = create_ok(kWidgets, widget("w"));
  json child = owned_configmap("child", owner);
  child["metadata"]["finalizers"] = {"example.com/hold"};
  create_ok(kCms, child);
  ASSERT_EQ(call("DELETE", std::string(kWidgets) + "/w?propagationPolicy=Foreground").status, 200);
  api_.run_controllers(now_);
  EXPECT_EQ(call("GET", std::string(kWidgets) + "/w").status, 200) << "a dependent remains";
  EXPECT_TRUE(
      body_of(call("GET", std::string(kCms) + "/child"))["metadata"].contains("deletionTimestamp"));
  ASSERT_EQ(call("PATCH", std::string(kCms) + "/child",
                 json{{"metadata", {{"finalizers", nullptr}}}}, "application/merge-patch+json")
                .status,
            200);
  api_.run_controllers(now_);
  EXPECT_EQ(call("GET", std::string(kWidgets) + "/w").status, 404);
}

TEST_F(ControllersTest, OrphanDeletionKeepsDependentsWithoutTheReference) {
  install_widgets();
  auto owner = create_ok(kWidgets, widget("w"));
  create_ok(kCms, owned_configmap("child", owner));
  ASSERT_EQ(call("DELETE", std::string(kWidgets) + "/w?propagationPolicy=Orphan").status, 200);
  api_.run_controllers(now_);
  EXPECT_EQ(call("GET", std::string(kWidgets) + "/w").status, 404);
  auto child = body_of(call("GET", std::string(kCms) + "/child"));
  EXPECT_FALSE(child["metadata"].contains("ownerReferences"));
}

TEST_F(ControllersTest, DeploymentBecomesAvailableAfterTheDelay) {
  api_.set_deployment_ready_delay(std::chrono::milliseconds(500));
  auto d = create_ok(kDeploys, deployment("web", 2));
  api_.run_controllers(now_);
  auto got = body_of(call("GET", std::string(kDeploys) + "/web"));
  EXPECT_EQ(got["status"]["observedGeneration"], 1);
  EXPECT_EQ(got["status"]["replicas"], 2);
  EXPECT_FALSE(got["status"].contains("availableReplicas"));
  EXPECT_EQ(condition(got, "Available")["status"], "False");
  now_ += std::chrono::milliseconds(600);
  api_.run_controllers(now_);
  got = body_of(call("GET", std::string(kDeploys) + "/web"));
  EXPECT_EQ(got["status"]["readyReplicas"], 2);
  EXPECT_EQ(got["status"]["availableReplicas"], 2);
  EXPECT_EQ(condition(got, "Available")["status"], "True");
  EXPECT_EQ(got["metadata"]["generation"], 1) << "status writes do not bump generation";
  // A scale-up starts a new rollout.
  got["spec"]["replicas"] = 3;
  got = body_of(call("PUT", std::string(kDeploys) + "/web", got));
  EXPECT_EQ(got["metadata"]["generation"], 2);
  api_.run_controllers(now_);
  got = body_of(call("GET", std::string(kDeploys) + "/web"));
  EXPECT_EQ(got["status"]["observedGeneration"], 2);
  EXPECT_EQ(condition(got, "Available")["status"], "False");
  auto stable = api_.resource_version();
  api_.run_controllers(now_);
  EXPECT_EQ(api_.resource_version(), stable) << "no write when the status is unchanged";
}

TEST_F(ControllersTest, DeploymentNeverBecomesAvailableWhenStuck) {
  api_.set_deployment_ready_delay(std::nullopt);
  create_ok(kDeploys, deployment("web", 1));
  now_ += std::chrono::hours(1);
  api_.run_controllers(now_);
  auto got = body_of(call("GET", std::string(kDeploys) + "/web"));
  EXPECT_EQ(condition(got, "Available")["status"], "False");
  EXPECT_EQ(got["status"]["unavailableReplicas"], 1);
}

TEST_F(ControllersTest, DeploymentsGetTheServerDefaults) {
  auto d = create_ok(kDeploys, deployment("web", 1));
  EXPECT_EQ(d["spec"]["revisionHistoryLimit"], 10);
  EXPECT_EQ(d["spec"]["strategy"]["type"], "RollingUpdate");
  const auto& c = d["spec"]["template"]["spec"]["containers"][0];
  EXPECT_EQ(c["imagePullPolicy"], "IfNotPresent");
  EXPECT_EQ(c["terminationMessagePath"], "/dev/termination-log");
  EXPECT_EQ(d["spec"]["template"]["spec"]["restartPolicy"], "Always");
}

TEST_F(ControllersTest, DeploymentSelectorMustMatchTheTemplate) {
  json d = deployment("web", 1);
  d["spec"]["template"]["metadata"]["labels"]["app"] = "other";
  auto r = call("POST", kDeploys, d);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("`selector` does not match template `labels`"), std::string::npos);
}

}  // namespace
}  // namespace rl::test_apiserver::testing
