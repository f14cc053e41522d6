// The Controller with Microsites, against the test API server's core: a microsite's index and
// mounts follow the lists its selector picks as they are created, relabelled and deleted, in the
// same queue and workers as the lists; a list without a site of its own is still served by the
// microsite; an unrelated list costs the microsite nothing.
#include <gtest/gtest.h>

#include "controller_fixture.hpp"
#include "readinglist/runtime/microsite_reconciler.hpp"

namespace rl::runtime::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr std::string_view kNs = "conf";

// `site_shape` as in spec_of (1: site.enabled false).
json labelled_list(std::string_view name, bool on_site, int site_shape = 0) {
  json list = reading_list(kNs, name, 0, site_shape);
  if (on_site) list["metadata"]["labels"] = {{"event", "conf"}};
  return list;
}

json microsite() {
  return {{"apiVersion", model::kApiVersion},
          {"kind", model::kMicrositeKind},
          {"metadata", {{"name", "site"}, {"namespace", kNs}}},
          {"spec", {{"title", "Conf"}, {"selector", {{"matchLabels", {{"event", "conf"}}}}}}}};
}

// The list ConfigMaps the microsite's pods mount, in order.
std::vector<std::string> mounted(CoreApiClient& api) {
  std::vector<std::string> names;
  const auto deployment = api.object(kDeployments, kNs, "site-microsite");
  if (!deployment) return names;
  for (const auto& volume : (*deployment)["spec"]["template"]["spec"]["volumes"]) {
    if (!volume.contains("projected")) continue;
    for (const auto& source : volume["projected"]["sources"]) {
      const std::string name = source["configMap"]["name"];
      if (name != "site-index") names.push_back(name);
    }
  }
  return names;
}

// The microsite's status says these counts for its current generation.
bool counts(CoreApiClient& api, int selected, int valid) {
  const auto site = api.object(kMicrosites, kNs, "site");
  if (!site || !site->contains("status")) return false;
  const auto& status = (*site)["status"];
  return status.value("observedGeneration", 0) == (*site)["metadata"].value("generation", -1) &&
         status["lists"].value("selected", -1) == selected &&
         status["lists"].value("valid", -1) == valid;
}

TEST(ControllerMicrosite, IndexAndMountsFollowCreatesRelabelsAndDeletesOfItsLists) {
  CoreApiClient api;
  api.create_namespace(std::string(kNs));
  // list-2 has no site of its own: the microsite serves it from its content ConfigMap.
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(
        api.create(kReadingLists, kNs, labelled_list(list_name(i), true, i == 2 ? 1 : 0), {}));
  }
  ASSERT_TRUE(api.create(kReadingLists, kNs, labelled_list("unrelated", false), {}));
  ASSERT_TRUE(api.create(kMicrosites, kNs, microsite(), {}));
  kube::SystemClock clock;
  Log log;
  ControllerOptions options;
  options.workers = 2;
  Controller controller(api, clock, options, fixed_now, log.sink());
  controller.start();

  const std::vector<std::string> three = {"list-0-site", "list-1-site", "list-2-site"};
  ASSERT_TRUE(eventually([&] { return counts(api, 3, 3) && mounted(api) == three; })) << log.text();
  const auto index = api.object(kConfigMaps, kNs, "site-index");
  ASSERT_TRUE(index);
  EXPECT_NE((*index)["data"]["index.html"].get<std::string>().find("href=\"list-1/\""),
            std::string::npos);
  // The microsite mounts list-2's ConfigMap as optional and need not wait for it: look once
  // every reconcile has run.
  ASSERT_TRUE(eventually([&] { return settled(api, controller, 6); }));
  EXPECT_TRUE(api.object(kConfigMaps, kNs, "list-2-site"));
  EXPECT_FALSE(api.object(kDeployments, kNs, "list-2-site"));

  // A list the selector does not pick: its own reconcile only, nothing for the microsite.
  const auto version = [&](const kube::ResourceRef& resource, const std::string& name) {
    const auto object = api.object(resource, kNs, name);
    return object ? (*object)["metadata"].value("resourceVersion", "") : "";
  };
  const std::string index_version = version(kConfigMaps, "site-index");
  const std::string deployment_version = version(kDeployments, "site-microsite");
  api.reset_calls();
  ASSERT_TRUE(api.patch(kReadingLists, kNs, "unrelated", kube::PatchType::Merge,
                        {{"spec", {{"title", "Retitled"}}}}, {}, {}));
  ASSERT_TRUE(eventually([&] {
    return api.calls(Verb::UpdateStatus, kReadingLists) > 0 && settled(api, controller, 6);
  }));
  EXPECT_EQ(api.calls(Verb::UpdateStatus, kMicrosites), 0);
  EXPECT_EQ(version(kConfigMaps, "site-index"), index_version);
  EXPECT_EQ(version(kDeployments, "site-microsite"), deployment_version);

  // Relabelled out, then deleted: the index and the mounts follow.
  ASSERT_TRUE(api.patch(kReadingLists, kNs, list_name(1), kube::PatchType::Merge,
                        {{"metadata", {{"labels", {{"event", nullptr}}}}}}, {}, {}));
  ASSERT_TRUE(eventually([&] {
    return counts(api, 2, 2) &&
           mounted(api) == std::vector<std::string>{"list-0-site", "list-2-site"};
  })) << log.text();
  ASSERT_TRUE(api.remove(kReadingLists, kNs, list_name(0), {}));
  ASSERT_TRUE(eventually([&] {
    return counts(api, 1, 1) && mounted(api) == std::vector<std::string>{"list-2-site"};
  })) << log.text();
  // A new list with the label joins.
  ASSERT_TRUE(api.create(kReadingLists, kNs, labelled_list("late", true), {}));
  ASSERT_TRUE(eventually([&] {
    return counts(api, 2, 2) &&
           mounted(api) == std::vector<std::string>{"late-site", "list-2-site"};
  })) << log.text();
  controller.stop();
}

}  // namespace
}  // namespace rl::runtime::testing
