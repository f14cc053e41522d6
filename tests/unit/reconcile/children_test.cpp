// The desired children: names, labels, owner, the restricted pod, the mounts, the Ingress.
#include "readinglist/reconcile/children.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "readinglist/reconcile/observed.hpp"
#include "readinglist/reconcile/status.hpp"
#include "reconcile_fixture.hpp"

namespace rl::reconcile {
namespace {

using namespace testing;

render::Content content_of(const model::ReadingList& list) {
  return render::render(list);
}

TEST(Children, EveryChildIsNamedLabelledAndControlledByTheList) {
  const auto list = sample_list();
  const auto content = content_of(list);
  for (const auto& child : {desired_config_map(list, content), desired_deployment(list, content),
                            desired_service(list)}) {
    const auto& metadata = child["metadata"];
    EXPECT_EQ(metadata["name"], "talk-site");
    EXPECT_EQ(metadata["namespace"], "talks");
    EXPECT_EQ(metadata["labels"]["app.kubernetes.io/managed-by"], "readinglist-operator");
    EXPECT_EQ(metadata["labels"]["app.kubernetes.io/instance"], "talk");
    EXPECT_EQ(metadata["labels"]["app.kubernetes.io/name"], "readinglist-site");
    EXPECT_EQ(metadata["labels"]["app.kubernetes.io/part-of"], "talk");
    ASSERT_EQ(metadata["ownerReferences"].size(), 1u);
    const auto& owner = metadata["ownerReferences"][0];
    EXPECT_EQ(owner["apiVersion"], "readinglist.dev/v1alpha1");
    EXPECT_EQ(owner["kind"], "ReadingList");
    EXPECT_EQ(owner["uid"], "uid-1");
    EXPECT_EQ(owner["controller"], true);
    EXPECT_EQ(owner["blockOwnerDeletion"], true);
  }
}

TEST(Children, ConfigMapHoldsEveryContentFileAndItsHash) {
  const auto list = sample_list();
  const auto content = content_of(list);
  const auto config_map = desired_config_map(list, content);
  EXPECT_EQ(config_map["data"].size(), content.files.size());
  for (const auto& file : content.files)
    EXPECT_EQ(config_map["data"][file.name], file.data);
  EXPECT_EQ(config_map["metadata"]["annotations"][kContentHashAnnotation], content.hash());
}

TEST(Children, PodMeetsTheRestrictedPodSecurityStandard) {
  const auto list = sample_list();
  const auto deployment = desired_deployment(list, content_of(list));
  const auto& pod = deployment["spec"]["template"]["spec"];
  EXPECT_EQ(pod["securityContext"]["runAsNonRoot"], true);
  EXPECT_EQ(pod["securityContext"]["seccompProfile"]["type"], "RuntimeDefault");
  EXPECT_EQ(pod["automountServiceAccountToken"], false);
  ASSERT_EQ(pod["containers"].size(), 1u);
  const auto& container = pod["containers"][0];
  EXPECT_EQ(container["securityContext"]["allowPrivilegeEscalation"], false);
  EXPECT_EQ(container["securityContext"]["readOnlyRootFilesystem"], true);
  EXPECT_EQ(container["securityContext"]["capabilities"]["drop"], nlohmann::json({"ALL"}));
  EXPECT_EQ(container["image"], model::kDefaultImage);
  EXPECT_EQ(container["readinessProbe"]["httpGet"]["path"], "/healthz");
  EXPECT_EQ(container["livenessProbe"]["httpGet"]["path"], "/healthz");
  EXPECT_TRUE(container["resources"]["limits"].contains("memory"));
  EXPECT_EQ(deployment["spec"]["replicas"], 2);
  EXPECT_EQ(deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"], 0);
}

TEST(Children, NginxConfIsMountedOutsideTheWebRootAndTmpIsWritable) {
  const auto list = sample_list();
  const auto deployment = desired_deployment(list, content_of(list));
  const auto& pod = deployment["spec"]["template"]["spec"];
  std::map<std::string, nlohmann::json> volumes;
  for (const auto& volume : pod["volumes"])
    volumes[volume["name"]] = volume;
  std::vector<std::string> web_keys;
  for (const auto& item : volumes["content"]["configMap"]["items"])
    web_keys.push_back(item["key"]);
  EXPECT_THAT(web_keys, ::testing::Not(::testing::Contains("nginx.conf")));
  EXPECT_THAT(web_keys, ::testing::Contains("index.html"));
  EXPECT_EQ(volumes["config"]["configMap"]["items"][0]["key"], "nginx.conf");
  EXPECT_TRUE(volumes["tmp"].contains("emptyDir"));
  const auto& container = pod["containers"][0];
  std::map<std::string, std::string> mounts;
  for (const auto& mount : container["volumeMounts"])
    mounts[mount["name"]] = mount["mountPath"];
  EXPECT_EQ(mounts["content"], "/srv/site/html");
  EXPECT_EQ(mounts["config"], "/srv/site/conf");
  EXPECT_EQ(mounts["tmp"], "/srv/site/tmp");
  EXPECT_EQ(container["command"],
            nlohmann::json({"nginx", "-p", "/srv/site/", "-c", "conf/nginx.conf", "-e", "stderr",
                            "-g", "daemon off;"}));
}

TEST(Children, SelectorIsStableAcrossContentChanges) {
  auto list = sample_list();
  const auto before = desired_deployment(list, content_of(list));
  list.spec.title = "Changed";
  const auto after = desired_deployment(list, content_of(list));
  EXPECT_EQ(before["spec"]["selector"], after["spec"]["selector"]);
  EXPECT_NE(before["spec"]["template"]["metadata"]["annotations"],
            after["spec"]["template"]["metadata"]["annotations"]);
  EXPECT_EQ(desired_service(list)["spec"]["selector"], after["spec"]["selector"]["matchLabels"]);
}

TEST(Children, ServiceMapsPort80ToNginx) {
  const auto service = desired_service(sample_list());
  EXPECT_EQ(service["spec"]["type"], "ClusterIP");
  EXPECT_EQ(service["spec"]["ports"][0]["port"], 80);
  EXPECT_EQ(service["spec"]["ports"][0]["targetPort"], "http");
}

TEST(Children, IngressRoutesHostAndPathWithTlsAndAnnotations) {
  auto list = sample_list();
  list.spec.site->ingress = model::IngressSpec{.host = "talk.example.org",
                                               .path = "/reading",
                                               .class_name = "nginx",
                                               .tls_secret_name = "talk-tls",
                                               .annotations = {{"a.example/b", "c"}}};
  const auto ingress = desired_ingress(list);
  EXPECT_EQ(ingress["spec"]["ingressClassName"], "nginx");
  const auto& rule = ingress["spec"]["rules"][0];
  EXPECT_EQ(rule["host"], "talk.example.org");
  EXPECT_EQ(rule["http"]["paths"][0]["path"], "/reading");
  EXPECT_EQ(rule["http"]["paths"][0]["pathType"], "Prefix");
  EXPECT_EQ(rule["http"]["paths"][0]["backend"]["service"]["name"], "talk-site");
  EXPECT_EQ(ingress["spec"]["tls"][0]["secretName"], "talk-tls");
  EXPECT_EQ(ingress["metadata"]["annotations"]["a.example/b"], "c");
}

TEST(Observed, SatisfiesIgnoresWhatTheServerAddsButNotWhatWeSet) {
  const nlohmann::json desired = {{"spec", {{"replicas", 2}, {"ports", {{{"port", 80}}}}}}};
  EXPECT_TRUE(satisfies(
      {{"spec", {{"replicas", 2}, {"extra", 1}, {"ports", {{{"port", 80}, {"protocol", "TCP"}}}}}},
       {"status", {}}},
      desired));
  EXPECT_FALSE(satisfies({{"spec", {{"replicas", 3}, {"ports", {{{"port", 80}}}}}}}, desired));
  EXPECT_FALSE(
      satisfies({{"spec", {{"replicas", 2}, {"ports", nlohmann::json::array()}}}}, desired));
  EXPECT_FALSE(satisfies({{"spec", {{"ports", {{{"port", 80}}}}}}}, desired));
  EXPECT_TRUE(satisfies(nlohmann::json::parse(R"({"n": 2})"), nlohmann::json{{"n", 2u}}));
}

TEST(Observed, ConfigMapDataIsKeptOnlyAsItsHash) {
  const auto list = sample_list();
  const auto content = content_of(list);
  const auto desired = desired_config_map(list, content);
  const auto child = observe(ChildKind::ConfigMap, as_stored(desired));
  EXPECT_FALSE(child.object.contains("data"));
  EXPECT_FALSE(child.metadata().contains("managedFields"));
  EXPECT_EQ(child.data_hash, content.hash());
  EXPECT_TRUE(up_to_date(child, desired));
  auto changed = desired;
  changed["data"]["index.html"] = "other";
  EXPECT_FALSE(up_to_date(child, changed));
}

// What the ConfigMap informer receives: metadata only, with managedFields.
nlohmann::json as_partial_metadata(const nlohmann::json& stored, const nlohmann::json& managers) {
  auto metadata = stored["metadata"];
  metadata["managedFields"] = managers;
  return {
      {"kind", "PartialObjectMetadata"}, {"apiVersion", "meta.k8s.io/v1"}, {"metadata", metadata}};
}

TEST(Observed, ConfigMapMetadataAloneTellsWhetherTheDataIsStillOurs) {
  const auto list = sample_list();
  const auto content = content_of(list);
  const auto desired = desired_config_map(list, content);
  const nlohmann::json ours = as_stored(desired)["metadata"]["managedFields"][0];
  const auto child = observe(
      ChildKind::ConfigMap, as_partial_metadata(as_stored(desired), nlohmann::json::array({ours})));
  EXPECT_EQ(child.data_hash, content.hash()) << "the hash our apply annotated";
  EXPECT_EQ(child.object["kind"], "ConfigMap");
  EXPECT_EQ(child.object["apiVersion"], "v1");
  EXPECT_FALSE(child.metadata().contains("managedFields"));
  EXPECT_TRUE(up_to_date(child, desired));

  // `kubectl edit` (an Update by another manager) of one page: the data is not ours any more.
  const nlohmann::json edit = {
      {"manager", "kubectl-edit"},
      {"operation", "Update"},
      {"fieldsV1", {{"f:data", {{"f:index.html", nlohmann::json::object()}}}}}};
  const auto edited =
      observe(ChildKind::ConfigMap,
              as_partial_metadata(as_stored(desired), nlohmann::json::array({ours, edit})));
  EXPECT_NE(edited.data_hash, content.hash());
  EXPECT_FALSE(up_to_date(edited, desired));

  // Another manager's labels leave the data ours; a missing annotation does not.
  const nlohmann::json labels = {
      {"manager", "kubectl-label"},
      {"operation", "Update"},
      {"fieldsV1", {{"f:metadata", {{"f:labels", {{"f:team", nlohmann::json::object()}}}}}}}};
  EXPECT_TRUE(up_to_date(
      observe(ChildKind::ConfigMap,
              as_partial_metadata(as_stored(desired), nlohmann::json::array({ours, labels}))),
      desired));
  auto unannotated = as_stored(desired);
  unannotated["metadata"].erase("annotations");
  EXPECT_FALSE(up_to_date(observe(ChildKind::ConfigMap,
                                  as_partial_metadata(unannotated, nlohmann::json::array({ours}))),
                          desired));
}

TEST(Observed, TheCacheKeepsOfADeploymentWhatOurApplyOwnsAndItsStatus) {
  const auto list = sample_list();
  const auto desired = desired_deployment(list, content_of(list));
  const auto stored = rolled_out(as_stored(desired, 4), 2);
  const auto child = observe(ChildKind::Deployment, stored);
  EXPECT_TRUE(up_to_date(child, desired));
  EXPECT_FALSE(child.object["spec"].contains("progressDeadlineSeconds")) << "a server default";
  EXPECT_FALSE(child.metadata().contains("managedFields"));
  EXPECT_FALSE(child.metadata().contains("resourceVersion"));
  EXPECT_EQ(child.metadata()["generation"], 4);
  EXPECT_EQ(child.uid(), "child-talk-site");
  EXPECT_EQ(child.controller_uid(), "uid-1");
  EXPECT_EQ(child.object["status"], stored["status"]);
  EXPECT_EQ(ready_replicas(child), 2);
  EXPECT_LT(child.object.dump().size(), stored.dump().size());

  // `kubectl scale` (an Update) takes spec.replicas over: it is ours no more, so not up to date
  // even before the value is compared.
  auto scaled = stored;
  scaled["spec"]["replicas"] = 5;
  auto& fields = scaled["metadata"]["managedFields"];
  fields[0]["fieldsV1"]["f:spec"].erase("f:replicas");
  fields.push_back({{"manager", "kubectl"},
                    {"operation", "Update"},
                    {"fieldsV1", {{"f:spec", {{"f:replicas", nlohmann::json::object()}}}}}});
  EXPECT_FALSE(up_to_date(observe(ChildKind::Deployment, scaled), desired));
}

TEST(Observed, AChildOfSomeoneElseIsKeptWholeForTheOwnershipCheck) {
  const auto list = sample_list();
  auto foreign = as_stored(desired_service(list));
  foreign["metadata"]["managedFields"] = nlohmann::json::array(
      {{{"manager", "kubectl-client-side-apply"}, {"operation", "Update"}, {"fieldsV1", {}}}});
  foreign["metadata"]["ownerReferences"] = nlohmann::json::array();
  const auto child = observe(ChildKind::Service, foreign);
  EXPECT_EQ(child.object["spec"]["clusterIP"], "10.0.0.7");
  EXPECT_FALSE(child.controller_uid());
  EXPECT_FALSE(child.metadata().contains("managedFields"));
}

TEST(Observed, ACachedChildIsItsTextAndGivesTheSameChildBack) {
  model::TextPacker packer;
  const auto list = sample_list();
  const auto content = content_of(list);
  for (const auto& desired : {desired_config_map(list, content), desired_deployment(list, content),
                              desired_service(list)}) {
    const auto kind = desired["kind"] == "ConfigMap"    ? ChildKind::ConfigMap
                      : desired["kind"] == "Deployment" ? ChildKind::Deployment
                                                        : ChildKind::Service;
    const auto child = observe(kind, as_stored(desired));
    const auto cached = cache(child, packer);
    EXPECT_EQ(cached.namespace_, "talks");
    EXPECT_EQ(cached.controller_name, "talk");
    const auto back = cached.observed();
    EXPECT_EQ(back.object, child.object);
    EXPECT_EQ(back.data_hash, child.data_hash);
    EXPECT_TRUE(up_to_date(back, desired)) << desired["kind"];
  }
  auto orphan = as_stored(desired_service(list));
  orphan["metadata"].erase("ownerReferences");
  orphan["metadata"]["managedFields"] = nlohmann::json::array();
  EXPECT_FALSE(cache(observe(ChildKind::Service, orphan), packer).controller_name);
}

TEST(OwnedFields, FollowFieldsKeysSetValuesAndPositions) {
  const auto object = nlohmann::json::parse(R"({
    "metadata": {"name": "x", "labels": {"a": "1", "b": "2"}, "finalizers": ["ours", "theirs"]},
    "spec": {"replicas": 2, "paused": false,
             "containers": [{"name": "sidecar", "image": "s"},
                            {"name": "nginx", "image": "n", "imagePullPolicy": "Always",
                             "ports": [{"containerPort": 80, "protocol": "TCP", "name": "http"}]}],
             "args": ["a", "b"], "tolerations": [{"key": "t0"}, {"key": "t1"}]}
  })");
  const auto fields = nlohmann::json::parse(R"({
    "f:metadata": {"f:labels": {"f:a": {}, "f:gone": {}}, "f:finalizers": {"v:\"ours\"": {}}},
    "f:spec": {"f:replicas": {}, "f:args": {},
               "f:containers": {"k:{\"name\":\"nginx\"}": {".": {}, "f:name": {}, "f:image": {},
                   "f:ports": {"k:{\"containerPort\":80,\"protocol\":\"TCP\"}": {
                       ".": {}, "f:containerPort": {}, "f:protocol": {}}}}},
               "f:tolerations": {"i:1": {"f:key": {}}}}
  })");
  EXPECT_EQ(owned_fields(object, fields), nlohmann::json::parse(R"({
    "metadata": {"labels": {"a": "1"}, "finalizers": ["ours"]},
    "spec": {"replicas": 2, "args": ["a", "b"],
             "containers": [{"name": "nginx", "image": "n",
                             "ports": [{"containerPort": 80, "protocol": "TCP"}]}],
             "tolerations": [{"key": "t1"}]}
  })"));
  EXPECT_EQ(owned_fields(object, nlohmann::json::object()), object) << "a leaf owns it all";
  EXPECT_EQ(owned_fields(object, {{"f:spec", {{"f:containers", {{"k:not json", {}}}}}}}),
            nlohmann::json::parse(R"({"spec": {"containers": []}})"))
      << "an element key that cannot be read selects nothing";
}

}  // namespace
}  // namespace rl::reconcile
