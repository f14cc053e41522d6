// The test-apiserver program: start-up on port 0, the kubeconfig it writes, HTTPS with its own
// CA, bearer tokens, plain HTTP, SIGTERM, and state kept across restarts.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "apiserver_process.hpp"

namespace rl::testing {
namespace {

using nlohmann::json;

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

json configmap(const std::string& name) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}}},
          {"data", {{"k", "v"}}}};
}

constexpr const char* kCms = "/api/v1/namespaces/default/configmaps";

TEST(ApiServerProcess, StartsOnAFreePortAndWritesAKubeconfig) {
  auto server = ApiServerProcess::start();
  ASSERT_TRUE(server) << server.error();
  auto& s = **server;
  EXPECT_GT(s.port(), 0);
  EXPECT_EQ(s.base_url(), "https://127.0.0.1:" + std::to_string(s.port()));
  std::string kubeconfig = slurp(s.kubeconfig());
  EXPECT_NE(kubeconfig.find("server: " + s.base_url()), std::string::npos);
  EXPECT_NE(kubeconfig.find("certificate-authority-data: "), std::string::npos);
  EXPECT_NE(kubeconfig.find("token: " + s.token()), std::string::npos);
  EXPECT_NE(slurp(s.ca_file()).find("BEGIN CERTIFICATE"), std::string::npos);
}

TEST(ApiServerProcess, ServesHttpsThatOnlyItsCaVerifies) {
  auto server = ApiServerProcess::start();
  ASSERT_TRUE(server) << server.error();
  auto r = (*server)->client().get("/api");
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->json()["versions"], json({"v1"}));
  // Another CA (this server's CA is in no system bundle) fails the handshake.
  auto other = ApiServerProcess::start();
  ASSERT_TRUE(other) << other.error();
  HttpClient wrong((*server)->base_url(), (*other)->ca_file().string(), (*server)->token());
  auto refused = wrong.get("/api");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("TLS handshake failed"), std::string::npos);
}

TEST(ApiServerProcess, AWrongTokenIsUnauthorized) {
  auto server = ApiServerProcess::start();
  ASSERT_TRUE(server) << server.error();
  auto client = (*server)->client();
  client.set_token("wrong");
  auto r = client.get(kCms);
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(r->json()["reason"], "Unauthorized");
}

TEST(ApiServerProcess, TokensRotateAtRuntime) {
  auto server = ApiServerProcess::start();
  ASSERT_TRUE(server) << server.error();
  (*server)->set_tokens({"rotated"});
  auto client = (*server)->client();
  EXPECT_EQ(client.get(kCms)->status, 401);
  client.set_token("rotated");
  EXPECT_EQ(client.get(kCms)->status, 200);
}

TEST(ApiServerProcess, ServesPlainHttpWhenAsked) {
  auto server = ApiServerProcess::start({.tls = false});
  ASSERT_TRUE(server) << server.error();
  EXPECT_TRUE((*server)->base_url().starts_with("http://127.0.0.1:"));
  auto r = (*server)->client().get("/version");
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->status, 200);
}

TEST(ApiServerProcess, StopsCleanlyOnSigterm) {
  auto server = ApiServerProcess::start();
  ASSERT_TRUE(server) << server.error();
  auto watch = (*server)->client().stream(std::string(kCms) + "?watch=1");
  ASSERT_TRUE(watch) << watch.error();
  EXPECT_EQ((*server)->stop(), 0) << "an open watch does not keep it from exiting";
}

TEST(ApiServerProcess, KeepsObjectsAcrossRestartsAndResourceVersionsNeverGoBack) {
  auto server = ApiServerProcess::start({.keep_state = true});
  ASSERT_TRUE(server) << server.error();
  auto& s = **server;
  auto created = s.client().post(kCms, configmap("kept"));
  ASSERT_EQ(created->status, 201);
  std::uint64_t before =
      std::stoull(created->json()["metadata"]["resourceVersion"].get<std::string>());
  int port = s.port();
  ASSERT_TRUE(s.restart());
  EXPECT_EQ(s.port(), port) << "same port after a restart";
  auto got = s.client().get(std::string(kCms) + "/kept");
  ASSERT_TRUE(got) << got.error();
  EXPECT_EQ(got->status, 200);
  auto next = s.client().post(kCms, configmap("after"));
  EXPECT_GT(std::stoull(next->json()["metadata"]["resourceVersion"].get<std::string>()), before);
  // History kept: a watch resumes from before the restart.
  auto watch =
      s.client().stream(std::string(kCms) + "?watch=1&resourceVersion=" + std::to_string(before));
  ASSERT_TRUE(watch) << watch.error();
  EXPECT_EQ(watch->next_json(std::chrono::seconds(5))["type"], "ADDED");
  watch->close();
  // A restart that loses the history: old resume points get 410.
  ASSERT_TRUE(s.restart({"--fresh-history"}));
  auto expired =
      s.client().stream(std::string(kCms) + "?watch=1&resourceVersion=" + std::to_string(before));
  ASSERT_TRUE(expired) << expired.error();
  auto event = expired->next_json(std::chrono::seconds(5));
  EXPECT_EQ(event["type"], "ERROR");
  EXPECT_EQ(event["object"]["code"], 410);
}

TEST(ApiServerProcess, WritesTheRequestLogFile) {
  auto server = ApiServerProcess::start();
  ASSERT_TRUE(server) << server.error();
  ASSERT_EQ((*server)->client().post(kCms, configmap("a"))->status, 201);
  std::string log = slurp((*server)->dir() / "requests.log");
  auto entry = json::parse(log.substr(0, log.find('\n')));
  EXPECT_EQ(entry["verb"], "create");
  EXPECT_EQ(entry["code"], 201);
  EXPECT_EQ((*server)->count_requests("create", "/configmaps"), 1);
}

}  // namespace
}  // namespace rl::testing
