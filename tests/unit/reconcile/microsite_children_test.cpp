// A microsite's desired children: names, labels, owner, the same hardened pod as a list's, the
// projected web root made of the index and each selected list's own ConfigMap, the Ingress.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "microsite_fixture.hpp"
#include "readinglist/reconcile/children.hpp"
#include "readinglist/reconcile/microsite.hpp"

namespace rl::reconcile {
namespace {

using ::testing::ElementsAre;
using namespace testing;

// The index as the renderer gives it; the children only pass the files through.
render::Content index_content() {
  return {{{"feed.xml", "<feed/>"},
           {"index.html", "<!doctype html>"},
           {"nginx.conf", "events {}"},
           {"style.css", "body {}"}}};
}

struct Site {
  std::vector<model::ReadingList> lists = {talk_list("zero-trust", "Zero Trust"),
                                           talk_list("ebpf", "eBPF")};
  model::Microsite microsite = sample_microsite();
  Selection selection = select_lists(microsite, valid_candidates(lists));
};

model::IngressSpec ingress_at(std::string host, std::string path) {
  model::IngressSpec ingress;
  ingress.host = std::move(host);
  ingress.path = std::move(path);
  ingress.tls_secret_name = "kubecon-tls";
  return ingress;
}

std::map<std::string, nlohmann::json> volumes_of(const nlohmann::json& deployment) {
  std::map<std::string, nlohmann::json> out;
  for (const auto& volume : deployment["spec"]["template"]["spec"]["volumes"])
    out[volume["name"]] = volume;
  return out;
}

TEST(MicrositeChildren, EveryChildIsNamedLabelledAndControlledByTheMicrosite) {
  Site site;
  site.microsite.spec.site->ingress = ingress_at("kubecon.example.org", "/");
  const auto content = index_content();
  const std::vector<std::pair<nlohmann::json, std::string>> children = {
      {desired_microsite_config_map(site.microsite, content), "kubecon-index"},
      {desired_microsite_deployment(site.microsite, content, site.selection), "kubecon-microsite"},
      {desired_microsite_service(site.microsite), "kubecon-microsite"},
      {desired_microsite_ingress(site.microsite), "kubecon-microsite"}};
  for (const auto& [child, name] : children) {
    const auto& metadata = child["metadata"];
    EXPECT_EQ(metadata["name"], name);
    EXPECT_EQ(metadata["namespace"], "talks");
    EXPECT_EQ(metadata["labels"],
              nlohmann::json({{"app.kubernetes.io/name", "readinglist-microsite"},
                              {"app.kubernetes.io/instance", "kubecon"},
                              {"app.kubernetes.io/managed-by", "readinglist-operator"},
                              {"app.kubernetes.io/part-of", "kubecon"}}));
    EXPECT_EQ(metadata["ownerReferences"],
              nlohmann::json::array({{{"apiVersion", "readinglist.dev/v1alpha1"},
                                      {"kind", "Microsite"},
                                      {"name", "kubecon"},
                                      {"uid", "uid-ms"},
                                      {"controller", true},
                                      {"blockOwnerDeletion", true}}}));
  }
}

TEST(MicrositeChildren, IndexConfigMapHoldsTheRenderedFilesAndTheirHash) {
  const auto content = index_content();
  const auto config_map = desired_microsite_config_map(sample_microsite(), content);
  EXPECT_EQ(config_map["kind"], "ConfigMap");
  EXPECT_EQ(config_map["data"].size(), content.files.size());
  for (const auto& file : content.files)
    EXPECT_EQ(config_map["data"][file.name], file.data);
  EXPECT_EQ(config_map["metadata"]["annotations"][kContentHashAnnotation], content.hash());
}

TEST(MicrositeChildren, WebRootProjectsTheIndexThenEachSelectedListUnderItsName) {
  Site site;
  const auto deployment =
      desired_microsite_deployment(site.microsite, index_content(), site.selection);
  const auto volumes = volumes_of(deployment);
  const auto& sources = volumes.at("content")["projected"]["sources"];
  ASSERT_EQ(sources.size(), 3u);
  EXPECT_EQ(sources[0], nlohmann::json::parse(R"({"configMap": {"name": "kubecon-index", "items": [
      {"key": "feed.xml", "path": "feed.xml"}, {"key": "index.html", "path": "index.html"},
      {"key": "style.css", "path": "style.css"}]}})"))
      << "the index's own nginx.conf is never served";
  // Index order: by title, so "eBPF" before "Zero Trust".
  EXPECT_EQ(sources[1], nlohmann::json::parse(R"({"configMap": {"name": "ebpf-site",
      "optional": true, "items": [
      {"key": "index.html", "path": "ebpf/index.html"}, {"key": "style.css", "path": "ebpf/style.css"},
      {"key": "readinglist.json", "path": "ebpf/readinglist.json"},
      {"key": "readinglist.md", "path": "ebpf/readinglist.md"},
      {"key": "feed.xml", "path": "ebpf/feed.xml"}]}})"));
  EXPECT_EQ(sources[2]["configMap"]["name"], "zero-trust-site");
  EXPECT_EQ(sources[2]["configMap"]["optional"], true);
  EXPECT_EQ(sources[2]["configMap"]["items"][0]["path"], "zero-trust/index.html");
}

TEST(MicrositeChildren, NginxConfComesFromTheIndexAndIsMountedLikeAListsOne) {
  Site site;
  const auto deployment =
      desired_microsite_deployment(site.microsite, index_content(), site.selection);
  const auto volumes = volumes_of(deployment);
  EXPECT_EQ(volumes.at("config")["configMap"], nlohmann::json::parse(R"({"name": "kubecon-index",
                "items": [{"key": "nginx.conf", "path": "nginx.conf"}]})"));
  EXPECT_TRUE(volumes.at("tmp").contains("emptyDir"));
  std::map<std::string, std::string> mounts;
  for (const auto& mount : deployment["spec"]["template"]["spec"]["containers"][0]["volumeMounts"])
    mounts[mount["name"]] = mount["mountPath"];
  EXPECT_EQ(mounts["content"], std::string(kSitePrefix) + "html");
  EXPECT_EQ(mounts["config"], std::string(kSitePrefix) + "conf");
}

TEST(MicrositeChildren, PodIsTheSameHardenedNginxAsAListsWithTheIndexHash) {
  Site site;
  const auto content = index_content();
  const auto deployment = desired_microsite_deployment(site.microsite, content, site.selection);
  const auto list_deployment = desired_deployment(sample_list(), render::render(sample_list()));
  const auto& pod = deployment["spec"]["template"]["spec"];
  const auto& list_pod = list_deployment["spec"]["template"]["spec"];
  EXPECT_EQ(pod["securityContext"], list_pod["securityContext"]);
  EXPECT_EQ(pod["automountServiceAccountToken"], false);
  EXPECT_EQ(pod["containers"], list_pod["containers"]) << "same image, resources, probes, mounts";
  EXPECT_EQ(deployment["spec"]["strategy"], list_deployment["spec"]["strategy"]);
  EXPECT_EQ(deployment["spec"]["replicas"], 2);
  EXPECT_EQ(deployment["spec"]["template"]["metadata"]["annotations"][kContentHashAnnotation],
            content.hash());
  EXPECT_EQ(deployment["spec"]["selector"]["matchLabels"],
            nlohmann::json({{"app.kubernetes.io/name", "readinglist-microsite"},
                            {"app.kubernetes.io/instance", "kubecon"}}));
  EXPECT_EQ(desired_microsite_service(site.microsite)["spec"]["selector"],
            deployment["spec"]["selector"]["matchLabels"]);
}

TEST(MicrositeChildren, ImageReplicasAndResourcesComeFromSpecSite) {
  Site site;
  site.microsite.spec.site->image = "mirror.example.org/nginx:1.27";
  site.microsite.spec.site->replicas = 3;
  site.microsite.spec.site->resources = model::ResourceRequirements{{{"memory", "128Mi"}}, {}};
  const auto deployment =
      desired_microsite_deployment(site.microsite, index_content(), site.selection);
  const auto& container = deployment["spec"]["template"]["spec"]["containers"][0];
  EXPECT_EQ(container["image"], "mirror.example.org/nginx:1.27");
  EXPECT_EQ(container["resources"], nlohmann::json({{"limits", {{"memory", "128Mi"}}}}));
  EXPECT_EQ(deployment["spec"]["replicas"], 3);
}

TEST(MicrositeChildren, TheSameSelectionInAnyCandidateOrderGivesTheSameDeployment) {
  Site site;
  auto candidates = valid_candidates(site.lists);
  std::ranges::reverse(candidates);
  const auto reversed = select_lists(site.microsite, candidates);
  EXPECT_EQ(desired_microsite_deployment(site.microsite, index_content(), site.selection).dump(),
            desired_microsite_deployment(site.microsite, index_content(), reversed).dump());
}

TEST(MicrositeChildren, IngressRoutesToTheMicrositeService) {
  auto microsite = sample_microsite();
  microsite.spec.site->ingress = ingress_at("kubecon.example.org", "/na-2023");
  const auto ingress = desired_microsite_ingress(microsite);
  const auto& path = ingress["spec"]["rules"][0]["http"]["paths"][0];
  EXPECT_EQ(ingress["spec"]["rules"][0]["host"], "kubecon.example.org");
  EXPECT_EQ(path["path"], "/na-2023");
  EXPECT_EQ(path["backend"]["service"]["name"], "kubecon-microsite");
  EXPECT_EQ(ingress["spec"]["tls"][0]["secretName"], "kubecon-tls");
  EXPECT_THROW(desired_microsite_ingress(sample_microsite()), std::logic_error);
}

TEST(MicrositeChildren, CacheKnowsTheMicrositeAsControllerByKind) {
  model::TextPacker packer;
  const auto child =
      observe(ChildKind::Service, as_stored(desired_microsite_service(sample_microsite())));
  EXPECT_EQ(child.controller_uid(), "uid-ms");
  const auto cached = cache(child, packer);
  EXPECT_EQ(cached.controller_name, "kubecon");
  EXPECT_EQ(cached.controller_kind, "Microsite");
  EXPECT_EQ(cache(observe(ChildKind::Service, as_stored(desired_service(sample_list()))), packer)
                .controller_kind,
            "ReadingList");
}

}  // namespace
}  // namespace rl::reconcile
