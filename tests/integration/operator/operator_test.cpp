// The real operator binary against the test API server, driven with kubectl as a user would:
// the lifecycle of a list, refusals that keep the last good page, drift repair, and a
// converged steady state that costs no API writes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "apiserver_process.hpp"
#include "operator_process.hpp"
#include "readinglist/model/codec.hpp"
#include "readinglist/render/render.hpp"

namespace rl::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

const std::string kExample =
    std::string(RL_SOURCE_DIR) + "/examples/five-years-of-cloud-native-rust.yaml";
const std::string kList = "five-years-of-cloud-native-rust";

class OperatorTest : public ::testing::Test {
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
      EXPECT_EQ(operator_->stop(), 0) << "the operator must exit 0 on SIGTERM";
      if (HasFailure()) std::cerr << "operator log:\n" << operator_->log();
    }
  }

  CommandResult kubectl(const std::vector<std::string>& args) const {
    return server_->kubectl(args);
  }

  nlohmann::json get(const std::string& path) const {
    auto response = server_->client().get(path);
    return response && response->status == 200 ? response->json() : nlohmann::json();
  }
  nlohmann::json get_list(const std::string& name = kList) const {
    return get("/apis/readinglist.dev/v1alpha1/namespaces/default/readinglists/" + name);
  }
  nlohmann::json get_child(const std::string& kind, const std::string& name) const {
    if (kind == "configmaps" || kind == "services") {
      return get("/api/v1/namespaces/default/" + kind + "/" + name);
    }
    if (kind == "deployments") return get("/apis/apps/v1/namespaces/default/deployments/" + name);
    return get("/apis/networking.k8s.io/v1/namespaces/default/ingresses/" + name);
  }
  static std::string condition(const nlohmann::json& list, const std::string& type,
                               const std::string& field = "status") {
    if (!list.is_object() || !list.contains("status")) return {};
    for (const auto& c : list["status"].value("conditions", nlohmann::json::array())) {
      if (c.value("type", "") == type) return c.value(field, "");
    }
    return {};
  }
  bool ready(const std::string& name = kList) const {
    const auto list = get_list(name);
    return condition(list, "Ready") == "True" && list["status"].value("observedGeneration", 0) ==
                                                     list["metadata"].value("generation", -1);
  }

  std::unique_ptr<ApiServerProcess> server_;
  std::unique_ptr<OperatorProcess> operator_;
};

model::ReadingList read_list(const std::string& yaml_path) {
  std::ifstream in(yaml_path);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto lists = model::parse_yaml(text, yaml_path);
  auto list = lists->front();
  list.metadata.namespace_ = "default";
  return list;
}

std::int64_t entry_count(const std::string& yaml_path) {
  return model::count_entries(read_list(yaml_path).spec);
}

TEST_F(OperatorTest, AppliedListBecomesAServedSiteAndReadyStatus) {
  ASSERT_EQ(kubectl({"apply", "-f", kExample}).exit_code, 0);
  const auto wait = kubectl({"wait", "--for=condition=Ready", "rl/" + kList, "--timeout=60s"});
  ASSERT_EQ(wait.exit_code, 0) << wait.err << operator_->log();

  // The page of the list as the server holds it (with the CRD's defaults applied).
  const auto list = get_list();
  auto stored = model::from_json(list, kList);
  ASSERT_TRUE(stored) << stored.error().to_string();
  const auto content = render::render(*stored);
  EXPECT_THAT(content.find("index.html")->data, HasSubstr("Queue the Hardening Enhancements"));
  EXPECT_EQ(list["status"]["contentHash"], content.hash());
  EXPECT_EQ(list["status"]["entryCount"], entry_count(kExample));
  EXPECT_EQ(list["status"]["url"], "http://" + kList + "-site.default.svc");
  EXPECT_EQ(list["status"]["readyReplicas"], 1);
  EXPECT_EQ(condition(list, "Rendered"), "True");
  EXPECT_EQ(condition(list, "Available"), "True");

  const auto config_map = get_child("configmaps", kList + "-site");
  ASSERT_TRUE(config_map.is_object());
  EXPECT_EQ(config_map["data"]["index.html"], content.find("index.html")->data);
  EXPECT_EQ(config_map["metadata"]["ownerReferences"][0]["uid"], list["metadata"]["uid"]);
  const auto deployment = get_child("deployments", kList + "-site");
  EXPECT_EQ(
      deployment["spec"]["template"]["metadata"]["annotations"]["readinglist.dev/content-hash"],
      content.hash());
  EXPECT_TRUE(get_child("services", kList + "-site").is_object());
  EXPECT_FALSE(get_child("ingresses", kList + "-site").is_object());

  const auto described = kubectl({"describe", "rl", kList});
  EXPECT_THAT(described.out, HasSubstr("Created"));
  const auto columns = kubectl({"get", "rl", kList});
  EXPECT_THAT(columns.out, HasSubstr("True"));
}

TEST_F(OperatorTest, UpdatesRollOutAndTogglesAddAndRemoveChildren) {
  ASSERT_EQ(kubectl({"apply", "-f", kExample}).exit_code, 0);
  ASSERT_TRUE(eventually([&] { return ready(); })) << operator_->log();
  const std::string first_hash = get_list()["status"]["contentHash"];

  ASSERT_EQ(
      kubectl(
          {"patch", "rl", kList, "--type=merge", "-p",
           R"({"spec":{"title":"A new title","site":{"ingress":{"host":"rust.example.org"}}}})"})
          .exit_code,
      0);
  ASSERT_TRUE(eventually([&] {
    return ready() && get_list()["status"]["contentHash"] != first_hash &&
           get_child("ingresses", kList + "-site").is_object();
  })) << operator_->log();
  const std::string second_hash = get_list()["status"]["contentHash"];
  EXPECT_EQ(get_child("deployments", kList + "-site")["spec"]["template"]["metadata"]["annotations"]
                                                     ["readinglist.dev/content-hash"],
            second_hash);
  EXPECT_THAT(get_child("configmaps", kList + "-site")["data"]["index.html"].get<std::string>(),
              HasSubstr("A new title"));
  EXPECT_EQ(get_list()["status"]["url"], "http://rust.example.org/");
  ASSERT_EQ(kubectl({"delete", "ingress", kList + "-site"}).exit_code, 0);
  EXPECT_TRUE(eventually([&] { return get_child("ingresses", kList + "-site").is_object(); }, 10s))
      << "a deleted Ingress is put back";

  ASSERT_EQ(kubectl({"patch", "rl", kList, "--type=merge", "-p",
                     R"({"spec":{"site":{"enabled":false,"ingress":null}}})"})
                .exit_code,
            0);
  ASSERT_TRUE(eventually([&] {
    return condition(get_list(), "Ready", "reason") == "SiteDisabled" &&
           !get_child("deployments", kList + "-site").is_object() &&
           !get_child("services", kList + "-site").is_object() &&
           !get_child("ingresses", kList + "-site").is_object();
  })) << operator_->log();
  EXPECT_TRUE(get_child("configmaps", kList + "-site").is_object());

  ASSERT_EQ(kubectl({"delete", "rl", kList}).exit_code, 0);
  EXPECT_TRUE(eventually([&] { return !get_child("configmaps", kList + "-site").is_object(); }));
}

// An object that merely has a child's name is someone else's: refused, reported, left alone;
// once it is gone the list converges.
TEST_F(OperatorTest, ASameNamedObjectOfSomeoneElseIsNotTakenOver) {
  const auto created = kubectl(
      {"create", "configmap", kList + "-site", "--from-literal=index.html=someone else's page"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  ASSERT_EQ(kubectl({"apply", "-f", kExample}).exit_code, 0);
  ASSERT_TRUE(eventually([&] {
    const auto list = get_list();
    return condition(list, "Ready", "reason") == "ApiError" &&
           condition(list, "Ready", "message").find("is not this list's") != std::string::npos;
  })) << operator_->log();
  const auto foreign = get_child("configmaps", kList + "-site");
  EXPECT_EQ(foreign["data"]["index.html"], "someone else's page");
  EXPECT_FALSE(foreign["metadata"].contains("ownerReferences"));
  EXPECT_FALSE(get_child("deployments", kList + "-site").is_object());

  ASSERT_EQ(kubectl({"delete", "configmap", kList + "-site"}).exit_code, 0);
  EXPECT_TRUE(eventually([&] { return ready(); })) << operator_->log();
}

TEST_F(OperatorTest, InvalidSpecIsReportedAndTheLastGoodPageStays) {
  ASSERT_EQ(kubectl({"apply", "-f", kExample}).exit_code, 0);
  ASSERT_TRUE(eventually([&] { return ready(); })) << operator_->log();
  const auto good_page = get_child("configmaps", kList + "-site")["data"]["index.html"];

  // The CRD's pattern lets the date through; only the operator knows February has no 30th.
  ASSERT_EQ(
      kubectl(
          {"patch", "rl", kList, "--type=json", "-p",
           R"([{"op":"replace","path":"/spec/sections/0/entries/0/published","value":"2019-02-30"}])"})
          .exit_code,
      0);
  ASSERT_TRUE(eventually([&] {
    const auto list = get_list();
    return condition(list, "Ready", "reason") == "InvalidSpec" &&
           list["status"]["observedGeneration"] == list["metadata"]["generation"];
  })) << operator_->log();
  EXPECT_THAT(condition(get_list(), "Ready", "message"),
              HasSubstr("spec.sections[0].entries[0].published"));
  EXPECT_EQ(get_child("configmaps", kList + "-site")["data"]["index.html"], good_page);
  EXPECT_THAT(kubectl({"describe", "rl", kList}).out, HasSubstr("InvalidSpec"));
}

TEST_F(OperatorTest, DeletedOrEditedChildrenArePutBack) {
  ASSERT_EQ(kubectl({"apply", "-f", kExample}).exit_code, 0);
  ASSERT_TRUE(eventually([&] { return ready(); })) << operator_->log();
  const std::string site = kList + "-site";
  const std::string uid = get_child("services", site)["metadata"]["uid"];
  ASSERT_EQ(kubectl({"delete", "service", site}).exit_code, 0);
  ASSERT_EQ(
      kubectl({"patch", "deployment", site, "--type=merge", "-p", R"({"spec":{"replicas":5}})"})
          .exit_code,
      0);
  ASSERT_EQ(kubectl({"patch", "configmap", site, "--type=merge", "-p",
                     R"({"data":{"index.html":"defaced"}})"})
                .exit_code,
            0);
  EXPECT_TRUE(eventually(
      [&] {
        const auto service = get_child("services", site);
        const auto deployment = get_child("deployments", site);
        const auto config_map = get_child("configmaps", site);
        return service.is_object() && service["metadata"]["uid"] != uid &&
               deployment["spec"]["replicas"] == 1 && config_map["data"]["index.html"] != "defaced";
      },
      10s))
      << operator_->log();
}

// How many reconciles the log shows that found nothing to change.
int unchanged_reconciles(const std::string& log) {
  int count = 0;
  for (std::size_t at = log.find("outcome=unchanged"); at != std::string::npos;
       at = log.find("outcome=unchanged", at + 1)) {
    ++count;
  }
  return count;
}

// Converged lists cost no writes, also when the periodic resync reconciles every one of them
// again (every 2 s here, so the quiet window holds several rounds).
TEST_F(OperatorTest, ConvergedListsCostNoWritesThroughPeriodicResyncs) {
  // The operator SetUp started, once it handles SIGTERM, gives way to one that resyncs often.
  ASSERT_TRUE(eventually([&] { return operator_->log().find("starting") != std::string::npos; }));
  ASSERT_EQ(operator_->stop(), 0);
  operator_ =
      std::make_unique<OperatorProcess>(server_->kubeconfig(), server_->dir() / "operator.log",
                                        std::vector<std::string>{"--resync-period", "2s"});
  constexpr int kLists = 50;
  std::string manifests;
  for (int i = 0; i < kLists; ++i) {
    manifests +=
        "---\napiVersion: readinglist.dev/v1alpha1\nkind: ReadingList\nmetadata:\n"
        "  name: list-" +
        std::to_string(i) + "\nspec:\n  title: List " + std::to_string(i) +
        "\n  sections:\n  - title: Links\n    entries:\n    - title: Rust\n"
        "      url: https://www.rust-lang.org/\n";
  }
  const auto file = server_->dir() / "lists.yaml";
  std::ofstream(file) << manifests;
  ASSERT_EQ(kubectl({"apply", "-f", file.string()}).exit_code, 0);
  ASSERT_TRUE(eventually(
      [&] {
        for (int i = 0; i < kLists; ++i) {
          if (!ready("list-" + std::to_string(i))) return false;
        }
        return true;
      },
      90s))
      << operator_->log();
  std::this_thread::sleep_for(1s);  // the last status writes' own watch events settle
  server_->clear_requests();
  const int before = unchanged_reconciles(operator_->log());
  std::this_thread::sleep_for(10s);
  for (const char* verb : {"create", "update", "patch", "delete"}) {
    EXPECT_EQ(server_->count_requests(verb), 0) << verb << " requests in steady state";
  }
  // At least three resync rounds of every list in 10 s (five are due).
  EXPECT_GE(unchanged_reconciles(operator_->log()) - before, 3 * kLists);
  EXPECT_EQ(server_->count_requests("get"), 0) << "reconciles read from the cache";
  EXPECT_EQ(server_->count_requests("list"), 0) << "no relist in steady state";
}

std::string small_list(const std::string& name, const std::string& title) {
  return "---\napiVersion: readinglist.dev/v1alpha1\nkind: ReadingList\nmetadata:\n  name: " +
         name + "\nspec:\n  title: " + title +
         "\n  sections:\n  - title: Links\n    entries:\n    - title: Rust\n"
         "      url: https://www.rust-lang.org/\n";
}

TEST_F(OperatorTest, EveryListConvergesThroughWatchDropsExpiryThrottlingErrorsAndRestart) {
  constexpr int kLists = 5;
  const auto file = server_->dir() / "lists.yaml";
  auto write_lists = [&](const std::string& title) {
    std::string manifests;
    for (int i = 0; i < kLists; ++i)
      manifests += small_list("faulty-" + std::to_string(i), title + " " + std::to_string(i));
    std::ofstream(file) << manifests;
  };
  auto all_show = [&](const std::string& title) {
    for (int i = 0; i < kLists; ++i) {
      const std::string name = "faulty-" + std::to_string(i);
      const auto page = get_child("configmaps", name + "-site")["data"]["index.html"];
      if (!ready(name) || !page.is_string() ||
          page.get<std::string>().find(title + " " + std::to_string(i)) == std::string::npos) {
        return false;
      }
    }
    return true;
  };
  write_lists("First");
  ASSERT_EQ(kubectl({"apply", "-f", file.string()}).exit_code, 0);
  ASSERT_TRUE(eventually([&] { return all_show("First"); })) << operator_->log();

  // Every kind of trouble at once, then changes the operator must not lose.
  // Faults hit the operator's writes (child applies, status updates), not kubectl's.
  server_->add_fault({{"code", 429},
                      {"count", 15},
                      {"retryAfterSeconds", 1},
                      {"verb", "patch"},
                      {"path", "/(configmaps|deployments|services)/"}});
  server_->add_fault({{"code", 500}, {"count", 10}, {"verb", "update"}, {"path", "/status$"}});
  server_->close_watches(ApiServerProcess::WatchEnding::Cut);
  server_->expire_history();
  write_lists("Second");
  ASSERT_EQ(kubectl({"apply", "-f", file.string()}).exit_code, 0);
  server_->close_watches(ApiServerProcess::WatchEnding::CutMidEvent);
  server_->restart_in_place(500ms);
  std::this_thread::sleep_for(1s);
  write_lists("Third");
  ASSERT_EQ(kubectl({"apply", "-f", file.string()}).exit_code, 0);
  EXPECT_TRUE(eventually([&] { return all_show("Third"); }, 60s)) << operator_->log();
  EXPECT_TRUE(operator_->running());
}

TEST_F(OperatorTest, AConflictOnTheStatusWriteIsRetried) {
  server_->add_fault({{"code", 409}, {"count", 3}, {"verb", "update"}, {"path", "/status$"}});
  ASSERT_EQ(kubectl({"apply", "-f", kExample}).exit_code, 0);
  EXPECT_TRUE(eventually([&] { return ready(); })) << operator_->log();
  EXPECT_GE(server_->count_requests("update", "/status"), 4);
}

TEST_F(OperatorTest, OnlyTheGivenNamespacesAreWatched) {
  operator_->stop();
  operator_ =
      std::make_unique<OperatorProcess>(server_->kubeconfig(), server_->dir() / "operator-ns.log",
                                        std::vector<std::string>{"--namespace", "talks"});
  ASSERT_EQ(kubectl({"create", "namespace", "talks"}).exit_code, 0);
  const auto file = server_->dir() / "two.yaml";
  std::ofstream(file) << small_list("watched", "Watched");
  ASSERT_EQ(kubectl({"apply", "-n", "talks", "-f", file.string()}).exit_code, 0);
  std::ofstream(file) << small_list("ignored", "Ignored");
  ASSERT_EQ(kubectl({"apply", "-n", "default", "-f", file.string()}).exit_code, 0);
  const auto wait =
      kubectl({"wait", "-n", "talks", "--for=condition=Ready", "rl/watched", "--timeout=60s"});
  EXPECT_EQ(wait.exit_code, 0) << wait.err << operator_->log();
  ASSERT_TRUE(get_list("ignored").is_object());
  EXPECT_FALSE(get_list("ignored").contains("status"));
  EXPECT_FALSE(get_child("configmaps", "ignored-site").is_object());
}

TEST_F(OperatorTest, AListTooLargeToServeGetsContentTooLargeAndNoPartialPage) {
  // Within every limit of the CRD, but its page, feed and JSON copy exceed a ConfigMap.
  std::string manifest =
      "apiVersion: readinglist.dev/v1alpha1\nkind: ReadingList\nmetadata:\n  name: huge\n"
      "spec:\n  title: Huge\n  sections:\n  - title: Everything\n    entries:\n";
  for (int i = 0; i < 150; ++i) {
    manifest += "    - title: Entry " + std::to_string(i) + "\n      url: https://example.org/" +
                std::to_string(i) + "\n      note: " + std::string(4000, 'n') + "\n";
  }
  const auto file = server_->dir() / "huge.yaml";
  std::ofstream(file) << manifest;
  // create, not apply: apply's last-applied annotation would not fit in 256 KiB.
  const auto created = kubectl({"create", "-f", file.string()});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  ASSERT_TRUE(eventually([&] {
    return condition(get_list("huge"), "Ready", "reason") == "ContentTooLarge";
  })) << operator_->log();
  EXPECT_THAT(condition(get_list("huge"), "Ready", "message"), HasSubstr("bytes"));
  EXPECT_FALSE(get_child("configmaps", "huge-site").is_object());
  EXPECT_FALSE(get_child("deployments", "huge-site").is_object());
}

}  // namespace
}  // namespace rl::testing
