// The real operator binary with a Microsite over several ReadingLists, driven with kubectl: the
// index and the mounted lists follow every addition, relabel, deletion and invalid edit, and the
// request log shows writes only when something the site shows has changed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <set>
#include <thread>

#include "apiserver_process.hpp"
#include "operator_process.hpp"

namespace rl::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kApis = "/apis/readinglist.dev/v1alpha1/namespaces/default/";

std::string list_manifest(const std::string& name, const std::string& title, bool on_site) {
  return "---\napiVersion: readinglist.dev/v1alpha1\nkind: ReadingList\nmetadata:\n  name: " +
         name + (on_site ? "\n  labels:\n    event: rustconf" : "") + "\nspec:\n  title: " + title +
         "\n  talk:\n    title: Talk about " + title +
         "\n    speakers:\n    - name: Ferris\n  sections:\n  - title: Links\n    entries:\n"
         "    - title: Rust\n      url: https://www.rust-lang.org/\n      published: "
         "\"2024-01-02\"\n";
}

const std::string kMicrosite =
    "apiVersion: readinglist.dev/v1alpha1\nkind: Microsite\nmetadata:\n  name: conf\nspec:\n"
    "  title: RustConf Reading\n  event:\n    name: RustConf\n    url: https://rustconf.com/\n"
    "  selector:\n    matchLabels:\n      event: rustconf\n";

class MicrositeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = start_cluster();
    ASSERT_TRUE(started) << started.error();
    server_ = std::move(*started);
    operator_ =
        std::make_unique<OperatorProcess>(server_->kubeconfig(), server_->dir() / "operator.log");
  }
  void TearDown() override {
    if (operator_) {
      EXPECT_EQ(operator_->stop(), 0);
      if (HasFailure()) std::cerr << "operator log:\n" << operator_->log();
    }
  }

  void apply(const std::string& name, const std::string& yaml) const {
    const auto file = server_->dir() / (name + ".yaml");
    std::ofstream(file) << yaml;
    const auto r = server_->kubectl({"apply", "-f", file.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  void kubectl_ok(const std::vector<std::string>& args) const {
    const auto r = server_->kubectl(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  json get(const std::string& path) const {
    auto response = server_->client().get(path);
    return response && response->status == 200 ? response->json() : json();
  }
  json microsite() const { return get(kApis + "microsites/conf"); }
  std::string index_page() const {
    const auto cm = get("/api/v1/namespaces/default/configmaps/conf-index");
    return cm.is_object() ? cm["data"].value("index.html", "") : "";
  }
  // The list ConfigMaps the site's pods mount, in projection order.
  std::vector<std::string> mounted_lists() const {
    const auto deployment = get("/apis/apps/v1/namespaces/default/deployments/conf-microsite");
    std::vector<std::string> names;
    if (!deployment.is_object()) return names;
    for (const auto& volume : deployment["spec"]["template"]["spec"].value("volumes", json())) {
      if (!volume.contains("projected")) continue;
      for (const auto& source : volume["projected"].value("sources", json::array())) {
        const auto name = source.value("configMap", json::object()).value("name", "");
        if (!name.empty() && name != "conf-index") names.push_back(name);
      }
    }
    return names;
  }
  // Converged on the current spec, with these counts.
  bool converged(int selected, int valid) const {
    const auto site = microsite();
    if (!site.is_object() || !site.contains("status")) return false;
    const auto& status = site["status"];
    return status.value("observedGeneration", 0) == site["metadata"].value("generation", -1) &&
           status["lists"].value("selected", -1) == selected &&
           status["lists"].value("valid", -1) == valid;
  }
  // Writes the operator made since the last clear, as "verb path".
  std::vector<std::string> operator_writes() const {
    std::vector<std::string> writes;
    for (const auto& request : server_->requests()) {
      const std::string verb = request.value("verb", "");
      if (!request.value("userAgent", "").starts_with("readinglist-operator")) continue;
      if (verb == "create" || verb == "update" || verb == "patch" || verb == "delete") {
        if (request.value("path", "").find("/events") != std::string::npos) continue;
        writes.push_back(verb + " " + request.value("path", ""));
      }
    }
    return writes;
  }
  std::vector<std::string> writes_to_site() const {
    std::vector<std::string> out;
    for (const auto& write : operator_writes()) {
      if (write.find("/conf-") != std::string::npos ||
          write.find("/microsites/conf") != std::string::npos)
        out.push_back(write);
    }
    return out;
  }
  // Lets the operator's last writes come back through its watches, then starts a fresh log.
  void settle() const {
    std::this_thread::sleep_for(1500ms);
    server_->clear_requests();
  }

  std::unique_ptr<ApiServerProcess> server_;
  std::unique_ptr<OperatorProcess> operator_;
};

TEST_F(MicrositeTest, IndexAndMountedListsFollowTheSelectedLists) {
  apply("lists", list_manifest("alpha", "Alpha", true) + list_manifest("bravo", "Bravo", true) +
                     list_manifest("charlie", "Charlie", true) +
                     list_manifest("other", "Other", false));
  apply("microsite", kMicrosite);
  ASSERT_TRUE(eventually([&] { return converged(3, 3) && mounted_lists().size() == 3; }, 60s));
  EXPECT_THAT(index_page(), HasSubstr("Talk about Alpha"));
  EXPECT_THAT(index_page(), HasSubstr("href=\"bravo/\""));
  EXPECT_THAT(index_page(), Not(HasSubstr("Other")));
  EXPECT_EQ(mounted_lists(),
            (std::vector<std::string>{"alpha-site", "bravo-site", "charlie-site"}));
  const auto ready =
      server_->kubectl({"wait", "--for=condition=Ready", "microsite/conf", "--timeout=60s"});
  EXPECT_EQ(ready.exit_code, 0) << ready.err;
  const auto site = microsite();
  EXPECT_EQ(site["status"]["url"], "http://conf-microsite.default.svc");
  EXPECT_TRUE(get("/api/v1/namespaces/default/services/conf-microsite").is_object());

  // Converged: quiet, and a list the selector does not pick changes nothing of the site.
  settle();
  std::this_thread::sleep_for(2s);
  EXPECT_THAT(writes_to_site(), ::testing::IsEmpty());
  apply("other", list_manifest("other", "Other, edited", false));
  std::this_thread::sleep_for(3s);
  EXPECT_THAT(writes_to_site(), ::testing::IsEmpty());

  // A fourth list joins: the index, the mounts and the counts follow.
  settle();
  apply("delta", list_manifest("delta", "Delta", true));
  ASSERT_TRUE(eventually([&] { return converged(4, 4) && mounted_lists().size() == 4; }, 30s));
  EXPECT_THAT(index_page(), HasSubstr("Talk about Delta"));
  EXPECT_THAT(writes_to_site(), Not(::testing::IsEmpty()));

  // Relabelled out: it leaves the index (its own site stays).
  kubectl_ok({"label", "rl", "bravo", "event-"});
  ASSERT_TRUE(eventually([&] { return converged(3, 3) && mounted_lists().size() == 3; }, 30s));
  EXPECT_THAT(index_page(), Not(HasSubstr("Talk about Bravo")));
  EXPECT_TRUE(get(kApis + "readinglists/bravo").is_object());

  // Deleted: gone from the index.
  kubectl_ok({"delete", "rl", "charlie"});
  ASSERT_TRUE(eventually([&] { return converged(2, 2) && mounted_lists().size() == 2; }, 30s));
  EXPECT_THAT(index_page(), Not(HasSubstr("Talk about Charlie")));

  // Invalid (a date the API schema accepts and the operator does not): counted, left out, and
  // the site keeps serving the rest.
  kubectl_ok(
      {"patch", "rl", "alpha", "--type=json", "-p",
       R"([{"op":"replace","path":"/spec/sections/0/entries/0/published","value":"2019-02-30"}])"});
  ASSERT_TRUE(eventually([&] { return converged(2, 1) && mounted_lists().size() == 1; }, 30s));
  EXPECT_THAT(index_page(), Not(HasSubstr("Talk about Alpha")));
  EXPECT_THAT(index_page(), HasSubstr("Talk about Delta"));
  EXPECT_EQ(mounted_lists(), (std::vector<std::string>{"delta-site"}));

  // Quiet again once converged.
  settle();
  std::this_thread::sleep_for(2s);
  EXPECT_THAT(writes_to_site(), ::testing::IsEmpty());
}

TEST_F(MicrositeTest, AListSelectedByTwoMicrositesIsServedByBoth) {
  apply("lists", list_manifest("shared", "Shared", true));
  std::string second = kMicrosite;
  second.replace(second.find("name: conf"), 10, "name: meetup");
  apply("microsite", kMicrosite);
  apply("second", second);
  ASSERT_TRUE(eventually(
      [&] {
        const auto meetup = get(kApis + "microsites/meetup");
        return converged(1, 1) && meetup.is_object() && meetup.contains("status") &&
               meetup["status"]["lists"].value("valid", 0) == 1;
      },
      60s));
  const auto deployment = get("/apis/apps/v1/namespaces/default/deployments/meetup-microsite");
  EXPECT_THAT(deployment.dump(), HasSubstr("shared-site"));
  EXPECT_EQ(mounted_lists(), (std::vector<std::string>{"shared-site"}));
}

// An operator upgraded without its new CRD cannot sync its caches; its log says what to do.
TEST(MicrositeCrd, AnOperatorWithoutTheMicrositeCrdSaysWhichToApply) {
  auto started = start_cluster(/*with_crd=*/false);
  ASSERT_TRUE(started) << started.error();
  auto& server = **started;
  const auto crd = server.kubectl(
      {"apply", "-f", std::string(RL_SOURCE_DIR) + "/crds/readinglist.dev_readinglists.yaml"});
  ASSERT_EQ(crd.exit_code, 0) << crd.err;
  OperatorProcess operator_process(server.kubeconfig(), server.dir() / "operator.log");
  EXPECT_TRUE(eventually([&] {
    return operator_process.log().find("the API serves no microsites: apply this version's CRDs") !=
           std::string::npos;
  })) << operator_process.log();
  EXPECT_EQ(operator_process.stop(), 0);
}

}  // namespace
}  // namespace rl::testing
