// The real kubectl against the test API server: the CRD from crds/ and the example from
// examples/ with plain `kubectl apply`, printer columns, describe, wait, delete; built-in
// kinds applied twice (strategic merge patch); server-side apply. A kubectl error against
// the server is a bug in the server.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "apiserver_process.hpp"

namespace rl::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

const fs::path kCrd = fs::path(RL_SOURCE_DIR) / "crds/readinglist.dev_readinglists.yaml";
const fs::path kExample = fs::path(RL_SOURCE_DIR) / "examples/five-years-of-cloud-native-rust.yaml";
constexpr const char* kName = "five-years-of-cloud-native-rust";

class KubectlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = ApiServerProcess::start();
    ASSERT_TRUE(started) << started.error();
    server_ = std::move(*started);
  }
  // Runs kubectl and expects success with nothing alarming on stderr.
  std::string ok(const std::vector<std::string>& args) {
    auto r = server_->kubectl(args);
    std::string command = "kubectl";
    for (const auto& a : args)
      command += " " + a;
    EXPECT_EQ(r.exit_code, 0) << command << "\n" << r.err;
    EXPECT_EQ(r.err.find("rror"), std::string::npos) << command << "\n" << r.err;
    return r.out;
  }
  void install_crd_and_example() {
    if (!fs::exists(kCrd) || !fs::exists(kExample)) GTEST_SKIP() << "crds/ or examples/ missing";
    EXPECT_NE(ok({"apply", "-f", kCrd.string()}).find("created"), std::string::npos);
    ok({"wait", "--for=condition=Established", "crd/readinglists.readinglist.dev",
        "--timeout=20s"});
    EXPECT_NE(ok({"apply", "-f", kExample.string()}).find("created"), std::string::npos);
  }
  void write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }
  std::unique_ptr<ApiServerProcess> server_;
};

TEST_F(KubectlTest, AppliesTheCrdAndTheExampleAndShowsPrinterColumns) {
  install_crd_and_example();
  if (::testing::Test::IsSkipped()) return;
  std::string table = ok({"get", "rl"});
  std::string header = table.substr(0, table.find('\n'));
  for (const char* column : {"NAME", "TITLE", "ENTRIES", "READY", "URL", "AGE"}) {
    EXPECT_NE(header.find(column), std::string::npos) << table;
  }
  EXPECT_NE(table.find(kName), std::string::npos);
  EXPECT_NE(table.find("Five Years of Cloud-Native Rust"), std::string::npos) << table;
  EXPECT_NE(ok({"get", "readinglists.readinglist.dev", kName, "-o", "name"})
                .find("readinglist.readinglist.dev/" + std::string(kName)),
            std::string::npos);
  EXPECT_NE(ok({"apply", "-f", kExample.string()}).find("unchanged"), std::string::npos);
}

TEST_F(KubectlTest, DescribeWaitAndDeleteAReadingList) {
  install_crd_and_example();
  if (::testing::Test::IsSkipped()) return;
  std::string described = ok({"describe", "rl", kName});
  EXPECT_NE(described.find("Name:         " + std::string(kName)), std::string::npos) << described;
  EXPECT_NE(described.find("Kind:         ReadingList"), std::string::npos);
  // The operator's part, done by hand: a Ready condition through the status subresource.
  std::string path = "/apis/readinglist.dev/v1alpha1/namespaces/default/readinglists/" +
                     std::string(kName) + "/status";
  json status = {{"status",
                  {{"entryCount", 21},
                   {"url", "http://lists.example/five-years/"},
                   {"conditions",
                    {{{"type", "Ready"},
                      {"status", "True"},
                      {"reason", "Served"},
                      {"message", "ok"},
                      {"lastTransitionTime", "2026-01-01T00:00:00Z"}}}}}}};
  std::jthread writer([&] {
    std::this_thread::sleep_for(300ms);
    auto r = server_->client().patch(path, status.dump(), "application/merge-patch+json");
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : r.error());
  });
  ok({"wait", "--for=condition=Ready", "rl/" + std::string(kName), "--timeout=20s"});
  writer.join();
  std::string table = ok({"get", "rl"});
  EXPECT_NE(table.find("21"), std::string::npos) << table;
  EXPECT_NE(table.find("True"), std::string::npos) << table;
  EXPECT_NE(table.find("http://lists.example/five-years/"), std::string::npos) << table;
  ok({"delete", "-f", kExample.string(), "--timeout=20s"});
  auto gone = server_->kubectl({"get", "rl", kName});
  EXPECT_NE(gone.exit_code, 0);
  EXPECT_NE(gone.err.find("NotFound"), std::string::npos) << gone.err;
}

TEST_F(KubectlTest, AppliesBuiltInKindsTwiceAndWaitsForTheDeployment) {
  server_->settings({{"deploymentReadyDelayMs", 200}});
  std::string manifest = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: site
data:
  index.html: "<h1>v1</h1>"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 8080
        volumeMounts:
        - {name: site, mountPath: /usr/share/nginx/html}
      volumes:
      - name: site
        configMap: {name: site}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - {port: 80, targetPort: 8080}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port: {number: 80}
)";
  fs::path file = server_->dir() / "site.yaml";
  write(file, manifest);
  ok({"apply", "-f", file.string()});
  ok({"wait", "--for=condition=Available", "deployment/web", "--timeout=20s"});
  // Change the image and the data, drop the label: kubectl sends strategic merge patches.
  std::string changed = manifest;
  changed.replace(changed.find("nginx:1.27"), 10, "nginx:1.28");
  changed.replace(changed.find("<h1>v1</h1>"), 11, "<h1>v2</h1>");
  changed.replace(changed.find("  labels: {app: web}\nspec:\n  replicas"), 20, "");
  write(file, changed);
  std::string out = ok({"apply", "-f", file.string()});
  EXPECT_NE(out.find("deployment.apps/web configured"), std::string::npos) << out;
  EXPECT_NE(out.find("service/web unchanged"), std::string::npos) << out;
  EXPECT_EQ(server_->count_requests("patch", "/deployments/web"), 1);
  auto deployment = json::parse(ok({"get", "deployment", "web", "-o", "json"}));
  EXPECT_EQ(deployment["spec"]["template"]["spec"]["containers"][0]["image"], "nginx:1.28");
  EXPECT_FALSE(deployment["metadata"].contains("labels")) << deployment["metadata"].dump();
  EXPECT_EQ(deployment["spec"]["template"]["spec"]["containers"].size(), 1u);
  EXPECT_EQ(deployment["metadata"]["generation"], 2);
  auto cm = json::parse(ok({"get", "configmap", "site", "-o", "json"}));
  EXPECT_EQ(cm["data"]["index.html"], "<h1>v2</h1>");
  std::string table = ok({"get", "deploy,svc,cm,ing"});
  EXPECT_NE(table.find("deployment.apps/web"), std::string::npos) << table;
  ok({"describe", "deployment", "web"});
  ok({"delete", "-f", file.string(), "--timeout=20s"});
}

TEST_F(KubectlTest, ServerSideApplyAndEvents) {
  std::string manifest =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: '1'\n";
  fs::path file = server_->dir() / "ssa.yaml";
  write(file, manifest);
  EXPECT_NE(ok({"apply", "--server-side", "-f", file.string()}).find("serverside-applied"),
            std::string::npos);
  auto cm = json::parse(ok({"get", "cm", "ssa", "-o", "json", "--show-managed-fields"}));
  EXPECT_EQ(cm["metadata"]["managedFields"][0]["manager"], "kubectl");
  EXPECT_EQ(cm["metadata"]["managedFields"][0]["operation"], "Apply");
  ok({"get", "events", "-A"});
  ok({"get", "namespaces"});
  ok({"api-resources"});
}

TEST_F(KubectlTest, CreatesConfigMapsSecretsAndNamespacesSentAsProtobuf) {
  ok({"create", "namespace", "team"});
  ok({"create", "configmap", "site", "-n", "team", "--from-literal=index.html=<h1>hi</h1>"});
  ok({"create", "secret", "generic", "creds", "-n", "team", "--from-literal=password=s3cret"});
  auto cm = json::parse(ok({"get", "configmap", "site", "-n", "team", "-o", "json"}));
  EXPECT_EQ(cm["data"]["index.html"], "<h1>hi</h1>");
  auto secret = json::parse(ok({"get", "secret", "creds", "-n", "team", "-o", "json"}));
  EXPECT_EQ(secret["data"]["password"], "czNjcmV0");
  ok({"delete", "namespace", "team", "--timeout=20s"});
}

}  // namespace
}  // namespace rl::testing
