// manifests/ against the test API server and the real operator: kustomize builds it, kubectl
// applies it, the Deployment meets the restricted Pod Security Standard, and the RBAC is
// exactly what the operator uses — every request of a whole lifecycle (run with the
// Deployment's own arguments) is granted, and every granted right was used.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <thread>
#include <tuple>

#include "apiserver_process.hpp"
#include "operator_process.hpp"

namespace rl::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const std::string kManifests = std::string(RL_SOURCE_DIR) + "/manifests";
const std::string kExample =
    std::string(RL_SOURCE_DIR) + "/examples/five-years-of-cloud-native-rust.yaml";
const std::string kList = "five-years-of-cloud-native-rust";
const std::string kSystem = "readinglist-system";
const std::string kTalks = "talks";

// One right: API group, resource (with "/subresource"), verb.
using Right = std::tuple<std::string, std::string, std::string>;

std::string describe(const Right& right) {
  const auto& [group, resource, verb] = right;
  return verb + " " + resource + (group.empty() ? "" : "." + group);
}

// A logged request's group, resource (with subresource) and namespace, from its path.
struct Target {
  std::string group;
  std::string resource;
  std::string namespace_;
};

std::optional<Target> target_of(const std::string& path) {
  std::vector<std::string> parts;
  for (std::size_t start = 1; start <= path.size();) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string::npos ? path.size() : slash;
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  std::size_t at = 0;
  Target target;
  if (parts.size() >= 2 && parts[0] == "api") {
    at = 2;
  } else if (parts.size() >= 3 && parts[0] == "apis") {
    target.group = parts[1];
    at = 3;
  } else {
    return std::nullopt;
  }
  if (parts.size() > at + 2 && parts[at] == "namespaces") {
    target.namespace_ = parts[at + 1];
    at += 2;
  }
  if (parts.size() <= at) return std::nullopt;
  target.resource = parts[at];
  if (parts.size() > at + 2) target.resource += "/" + parts[at + 2];
  return target;
}

// Every (group, resource, verb) a role's rules grant.
std::set<Right> granted_by(const json& role) {
  std::set<Right> rights;
  for (const auto& rule : role.value("rules", json::array())) {
    for (const auto& group : rule.value("apiGroups", json::array())) {
      for (const auto& resource : rule.value("resources", json::array())) {
        for (const auto& verb : rule.value("verbs", json::array())) {
          rights.insert(
              {group.get<std::string>(), resource.get<std::string>(), verb.get<std::string>()});
        }
      }
    }
  }
  return rights;
}

class ManifestsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // manifests/ brings the CRD; the test that runs without it applies it itself.
    auto started = start_cluster(/*with_crd=*/false);
    ASSERT_TRUE(started) << started.error();
    server_ = std::move(*started);
  }

  CommandResult kubectl(const std::vector<std::string>& args) const {
    return server_->kubectl(args);
  }

  json get(const std::string& path) const {
    auto response = server_->client().request("GET", path);
    if (!response || response->status != 200) return nullptr;
    return json::parse(response->body, nullptr, false);
  }

  void apply_manifests() {
    const auto applied = kubectl({"apply", "-k", kManifests});
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
    deployment_ = get("/apis/apps/v1/namespaces/" + kSystem + "/deployments/readinglist-operator");
    ASSERT_TRUE(deployment_.is_object()) << "the Deployment was not created";
  }

  // Non-const: a missing field reads as null (and fails the expectation), not as an assertion.
  json& container() { return deployment_["spec"]["template"]["spec"]["containers"][0]; }

  std::unique_ptr<ApiServerProcess> server_;
  json deployment_;
};

TEST_F(ManifestsTest, KustomizeBuildsEveryObject) {
  const auto built = kubectl({"kustomize", kManifests});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  for (const std::string kind : {"Namespace", "CustomResourceDefinition", "ServiceAccount",
                                 "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding",
                                 "Deployment", "PodDisruptionBudget", "Service"}) {
    EXPECT_THAT(built.out, ::testing::HasSubstr("\nkind: " + kind + "\n")) << kind;
  }
}

TEST_F(ManifestsTest, ApplyWithKubectlInstallsEverything) {
  apply_manifests();
  EXPECT_TRUE(get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"
                  "readinglists.readinglist.dev")
                  .is_object());
  EXPECT_TRUE(
      get("/api/v1/namespaces/" + kSystem + "/serviceaccounts/readinglist-operator").is_object());
  EXPECT_TRUE(
      get("/apis/policy/v1/namespaces/" + kSystem + "/poddisruptionbudgets/readinglist-operator")
          .is_object());
  json service = get("/api/v1/namespaces/" + kSystem + "/services/readinglist-operator-metrics");
  ASSERT_TRUE(service.is_object());
  EXPECT_EQ(service["spec"]["ports"][0]["targetPort"], "metrics");
  // Applying again changes nothing: the global resourceVersion stays. (kubectl still says
  // "configured" for the PodDisruptionBudget: its selector's patch strategy is "replace", so
  // the patch always carries it, on a real cluster too.)
  // The emulated Deployment controller writes status once after the create; let it settle.
  json before;
  ASSERT_TRUE(eventually([&] {
    before = server_->control("GET", "state");
    std::this_thread::sleep_for(500ms);
    return server_->control("GET", "state") == before;
  }));
  const auto again = kubectl({"apply", "-k", kManifests});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(server_->control("GET", "state"), before) << again.out;
}

TEST_F(ManifestsTest, DeploymentMeetsTheRestrictedPodSecurityStandard) {
  apply_manifests();
  json& spec = deployment_["spec"];
  EXPECT_EQ(spec["replicas"], 2);
  json& pod = spec["template"]["spec"];
  EXPECT_EQ(pod["securityContext"]["runAsNonRoot"], true);
  EXPECT_EQ(pod["securityContext"]["seccompProfile"]["type"], "RuntimeDefault");
  EXPECT_NE(pod["securityContext"].value("runAsUser", 0), 0);
  json& security = container()["securityContext"];
  EXPECT_EQ(security["allowPrivilegeEscalation"], false);
  EXPECT_EQ(security["readOnlyRootFilesystem"], true);
  EXPECT_EQ(security["capabilities"]["drop"], json::array({"ALL"}));
  EXPECT_TRUE(container()["resources"]["requests"].contains("memory"));
  EXPECT_TRUE(container()["resources"]["limits"].contains("memory"));
  EXPECT_EQ(container()["livenessProbe"]["httpGet"]["path"], "/healthz");
  EXPECT_EQ(container()["readinessProbe"]["httpGet"]["path"], "/readyz");
  EXPECT_THAT(container()["args"].get<std::vector<std::string>>(),
              ::testing::Contains("--leader-elect"));
}

// The operator, started with the Deployment's own arguments, through a lifecycle that
// exercises every kind of write it makes; then its requests against the roles.
TEST_F(ManifestsTest, RbacGrantsExactlyWhatTheOperatorUses) {
  apply_manifests();
  ASSERT_EQ(kubectl({"create", "namespace", kTalks}).exit_code, 0);

  // The Deployment's arguments, except the listen addresses (the test's ports are its own) and
  // the lease timings (short, so the test sees renewals and the release).
  std::vector<std::string> args;
  for (const auto& arg : container()["args"]) {
    const auto text = arg.get<std::string>();
    if (text == "run" || text.starts_with("--health-bind-address") ||
        text.starts_with("--metrics-bind-address")) {
      continue;
    }
    args.push_back(text);
  }
  // In a pod the namespace comes from the service account; here it is said.
  args.insert(args.end(), {"--leader-election-namespace=" + kSystem,
                           std::string("--leader-elect-lease-duration=3s"),
                           std::string("--leader-elect-renew-deadline=2s"),
                           std::string("--leader-elect-retry-period=500ms")});
  server_->clear_requests();
  OperatorProcess operator_process(server_->kubeconfig(), server_->dir() / "operator.log", args);

  const std::string list_path =
      "/apis/readinglist.dev/v1alpha1/namespaces/" + kTalks + "/readinglists/" + kList;
  const std::string site = kList + "-site";
  auto ready = [&] {
    const json list = get(list_path);
    if (!list.is_object()) return false;
    const json status = list.value("status", json::object());
    const json metadata = list.value("metadata", json::object());
    for (const auto& c : status.value("conditions", json::array())) {
      if (c.value("type", "") == "Ready" && c.value("status", "") == "True" &&
          status.value("observedGeneration", 0) == metadata.value("generation", -1))
        return true;
    }
    return false;
  };
  auto patch_list = [&](const std::string& patch) {
    const auto r = kubectl({"patch", "rl", kList, "-n", kTalks, "--type", "merge", "-p", patch});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  };

  ASSERT_EQ(kubectl({"apply", "-n", kTalks, "-f", kExample}).exit_code, 0);
  patch_list(R"({"spec":{"site":{"ingress":{"host":"talks.example.org"}}}})");
  ASSERT_TRUE(eventually(ready)) << operator_process.log();
  ASSERT_TRUE(eventually([&] {
    return get("/apis/networking.k8s.io/v1/namespaces/" + kTalks + "/ingresses/" + site)
        .is_object();
  }));
  // A microsite over the list: its own children, status and finalizers rights.
  const std::filesystem::path microsite = server_->dir() / "microsite.yaml";
  std::ofstream(microsite) << "apiVersion: readinglist.dev/v1alpha1\nkind: Microsite\n"
                              "metadata:\n  name: conf\nspec:\n  title: Conf\n";
  ASSERT_EQ(kubectl({"apply", "-n", kTalks, "-f", microsite.string()}).exit_code, 0);
  ASSERT_TRUE(eventually([&] {
    const json conf =
        get("/apis/readinglist.dev/v1alpha1/namespaces/" + kTalks + "/microsites/conf");
    return conf.is_object() &&
           conf.value("status", json::object()).value("lists", json::object()).value("valid", 0) ==
               1;
  })) << operator_process.log();
  // Two content changes: the second "updated" Event bumps the first one's count (a patch).
  patch_list(R"json({"spec":{"title":"Five Years of Cloud-Native Rust, 2nd edition"}})json");
  ASSERT_TRUE(eventually(ready));
  patch_list(R"json({"spec":{"title":"Five Years of Cloud-Native Rust, 3rd edition"}})json");
  ASSERT_TRUE(eventually(ready));
  // Switching the site off deletes what serves it (the content stays).
  patch_list(R"({"spec":{"site":{"enabled":false,"ingress":null}}})");
  ASSERT_TRUE(eventually([&] {
    return get("/api/v1/namespaces/" + kTalks + "/services/" + site).is_null() &&
           get("/apis/apps/v1/namespaces/" + kTalks + "/deployments/" + site).is_null();
  })) << operator_process.log();
  ASSERT_EQ(operator_process.stop(), 0) << operator_process.log();

  // The rights the requests needed. An apply that created its object also needs `create`;
  // every child carries an ownerReference with blockOwnerDeletion (checked below), which
  // needs `update` on readinglists/finalizers where that admission plugin runs.
  std::set<Right> used_cluster_wide;
  std::set<Right> used_in_system;
  for (const auto& request : server_->requests()) {
    if (!request.value("userAgent", "").starts_with("readinglist-operator")) continue;
    const auto target = target_of(request.value("path", ""));
    ASSERT_TRUE(target) << request.dump();
    const std::string verb = request.value("verb", "");
    auto& used = target->namespace_ == kSystem ? used_in_system : used_cluster_wide;
    used.insert({target->group, target->resource, verb});
    // The operator lists instead wherever a server does not stream lists (the WatchList gate is
    // off before Kubernetes 1.34), so a streaming list counts as a list too.
    if (verb == "watch" &&
        request.value("query", "").find("sendInitialEvents=true") != std::string::npos) {
      used.insert({target->group, target->resource, "list"});
    }
    if (verb == "patch" && request.value("code", 0) == 201) {
      used.insert({target->group, target->resource, "create"});
    }
    if (verb == "patch" && target->resource != "events") {
      const std::string path = request.value("path", "");
      const bool of_microsite = path.ends_with("-microsite") || path.ends_with("-index");
      used.insert({"readinglist.dev",
                   of_microsite ? "microsites/finalizers" : "readinglists/finalizers", "update"});
    }
  }
  ASSERT_FALSE(used_cluster_wide.empty()) << "no request of the operator was logged";
  const json events = get("/api/v1/namespaces/" + kTalks + "/events");
  ASSERT_TRUE(events.is_object());

  const json cluster_role =
      get("/apis/rbac.authorization.k8s.io/v1/clusterroles/readinglist-operator");
  const json role = get("/apis/rbac.authorization.k8s.io/v1/namespaces/" + kSystem +
                        "/roles/readinglist-operator-leader-election");
  ASSERT_TRUE(cluster_role.is_object());
  ASSERT_TRUE(role.is_object());
  const std::set<Right> cluster_rights = granted_by(cluster_role);
  const std::set<Right> system_rights = granted_by(role);

  for (const auto& right : used_cluster_wide) {
    EXPECT_TRUE(cluster_rights.contains(right)) << "the ClusterRole lacks " << describe(right);
  }
  for (const auto& right : used_in_system) {
    EXPECT_TRUE(system_rights.contains(right) || cluster_rights.contains(right))
        << "the leader-election Role lacks " << describe(right);
  }
  for (const auto& right : cluster_rights) {
    EXPECT_TRUE(used_cluster_wide.contains(right))
        << "the ClusterRole grants " << describe(right) << ", which the operator never used";
  }
  for (const auto& right : system_rights) {
    EXPECT_TRUE(used_in_system.contains(right))
        << "the leader-election Role grants " << describe(right) << ", never used";
  }
}

// The implication the RBAC test relies on: children's ownerReferences block owner deletion.
TEST_F(ManifestsTest, ChildrenBlockOwnerDeletion) {
  const std::string crds = std::string(RL_SOURCE_DIR) + "/crds/";
  ASSERT_EQ(kubectl({"apply", "-f", crds + "readinglist.dev_readinglists.yaml", "-f",
                     crds + "readinglist.dev_microsites.yaml"})
                .exit_code,
            0);
  ASSERT_EQ(kubectl({"apply", "-n", "default", "-f", kExample}).exit_code, 0);
  OperatorProcess operator_process(server_->kubeconfig(), server_->dir() / "operator.log");
  json content;
  ASSERT_TRUE(eventually([&] {
    content = get("/api/v1/namespaces/default/configmaps/" + kList + "-site");
    return content.is_object();
  })) << operator_process.log();
  EXPECT_EQ(content["metadata"]["ownerReferences"][0]["blockOwnerDeletion"], true);
  EXPECT_EQ(operator_process.stop(), 0);
}

}  // namespace
}  // namespace rl::testing
