// Connecting and authenticating against the test API server: HTTPS verified against the CA
// from the kubeconfig (or deliberately not), bearer tokens, and the in-cluster configuration
// whose rotating service-account token file is read again after a 401 and once a minute.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "harness.hpp"
#include "readinglist/kube/api_client.hpp"

namespace rl::kube::testing {
namespace {

class Auth : public ::testing::Test {
 protected:
  SystemClock clock;
  std::unique_ptr<Server> server = start_server();
  ClusterConfig config = config_of(*server);
  std::unique_ptr<HttpApiClient> api = client_for(config, clock);
  Control control{*server};
};

TEST_F(Auth, TalksHttpsWithTheKubeconfigCaAndToken) {
  EXPECT_EQ(config.server.rfind("https://127.0.0.1:", 0), 0u) << config.server;
  EXPECT_FALSE(config.ca_pem.empty());
  const auto created = api->create(kConfigMaps, "default", config_map("a", "1"), {});
  ASSERT_TRUE(created) << created.error().to_string();
  EXPECT_FALSE(meta_string(*created, "uid").empty());
  const auto got = api->get(kConfigMaps, "default", "a", {});
  ASSERT_TRUE(got) << got.error().to_string();
  EXPECT_EQ((*got)["data"]["v"], "1");
}

TEST_F(Auth, RefusesAServerItCannotVerify) {
  auto untrusted = config;
  untrusted.ca_pem.clear();  // the system roots do not know the test CA
  auto other = client_for(untrusted, clock);
  const auto got = other->get(kConfigMaps, "default", "a", {});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, ErrorKind::Transport) << got.error().to_string();
  EXPECT_EQ(control.count("get"), 0u);  // nothing reached the API
}

TEST_F(Auth, InsecureSkipTlsVerifyTalksWithoutACa) {
  auto insecure = config;
  insecure.ca_pem.clear();
  insecure.insecure_skip_tls_verify = true;
  auto other = client_for(insecure, clock);
  const auto listed = other->list(kConfigMaps, "default", {});
  ASSERT_TRUE(listed) << listed.error().to_string();
}

TEST_F(Auth, WrongTokenIsUnauthorizedAndNotRetriedWithoutATokenFile) {
  auto wrong = config;
  wrong.token = "nope";
  auto other = client_for(wrong, clock);
  const auto got = other->get(kConfigMaps, "default", "a", {});
  ASSERT_FALSE(got);
  EXPECT_TRUE(got.error().is_unauthorized()) << got.error().to_string();
  EXPECT_EQ(control.count("get", 401), 1u);
}

TEST_F(Auth, KubeconfigTokenFileIsReadAgainAfterA401) {
  const auto token_file = (server->dir() / "token").string();
  std::ofstream(token_file) << server->token() << "\n";
  auto rotating = config;
  rotating.token.clear();
  rotating.token_file = token_file;
  auto client = client_for(rotating, clock);
  ASSERT_TRUE(client->create(kConfigMaps, "default", config_map("t", "1"), {}));

  // The kubelet writes a new token and the old one stops working.
  control.set_tokens({"rotated-token"});
  std::ofstream(token_file) << "rotated-token\n";
  control.clear_requests();
  const auto got = client->get(kConfigMaps, "default", "t", {});
  ASSERT_TRUE(got) << got.error().to_string();
  EXPECT_EQ(control.count("get", 401), 1u);
  EXPECT_EQ(control.count("get", 200), 1u);
}

// A pod's view: the service variables, and the service-account directory mapped onto files
// of the test (the real /var/run/secrets is not ours to write).
class PodEnvironment final : public Environment {
 public:
  PodEnvironment(const Server& server, std::string token_file)
      : port_(std::to_string(server.port())),
        files_{{std::string(kServiceAccountDir) + "/token", std::move(token_file)},
               {std::string(kServiceAccountDir) + "/ca.crt", server.ca_file().string()}} {}

  std::optional<std::string> get_env(std::string_view name) const override {
    if (name == "KUBERNETES_SERVICE_HOST") return "127.0.0.1";
    if (name == "KUBERNETES_SERVICE_PORT") return port_;
    return std::nullopt;
  }
  std::expected<std::string, std::string> read_file(const std::string& path) const override {
    const auto it = files_.find(path);
    if (it == files_.end()) return std::unexpected(std::string("No such file or directory"));
    return real_.read_file(it->second);
  }

 private:
  std::string port_;
  std::map<std::string, std::string> files_;
  SystemEnvironment real_;
};

TEST_F(Auth, InClusterTokenIsReadAgainOnceAMinuteAndAfterA401) {
  const auto token_file = (server->dir() / "sa-token").string();
  std::ofstream(token_file) << server->token() << "\n";
  const auto env = std::make_shared<PodEnvironment>(*server, token_file);
  const auto in_cluster = in_cluster_config(*env);
  ASSERT_TRUE(in_cluster) << in_cluster.error().to_string();
  EXPECT_EQ(in_cluster->namespace_, "default");  // no namespace file

  // Virtual time decides when the token is old; nothing in these calls sleeps.
  ManualClock virtual_time;
  auto created = HttpApiClient::create(*in_cluster, fast_options(), virtual_time, env);
  ASSERT_TRUE(created) << created.error().to_string();
  auto& client = **created;
  ASSERT_TRUE(client.create(kConfigMaps, "default", config_map("pod", "1"), {}));

  // Rotated within the minute: the cached token is sent, refused once, the file read again.
  control.set_tokens({"second"});
  std::ofstream(token_file) << "second\n";
  virtual_time.advance(std::chrono::seconds(30));
  control.clear_requests();
  ASSERT_TRUE(client.get(kConfigMaps, "default", "pod", {}));
  EXPECT_EQ(control.count("get", 401), 1u);
  EXPECT_EQ(control.count("get", 200), 1u);

  // Rotated again and a minute has passed: the file is read before sending, no 401 at all.
  control.set_tokens({"third"});
  std::ofstream(token_file) << "third\n";
  virtual_time.advance(std::chrono::seconds(61));
  control.clear_requests();
  ASSERT_TRUE(client.get(kConfigMaps, "default", "pod", {}));
  EXPECT_EQ(control.count("get", 401), 0u);
  EXPECT_EQ(control.count("get", 200), 1u);
}

}  // namespace
}  // namespace rl::kube::testing
