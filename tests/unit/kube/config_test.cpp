#include "readinglist/kube/config.hpp"

#include <gtest/gtest.h>

#include <map>

#include "readinglist/kube/kubeconfig.hpp"

namespace rl::kube {
namespace {

class FakeEnvironment : public Environment {
 public:
  std::map<std::string, std::string, std::less<>> vars;
  std::map<std::string, std::string> files;

  std::optional<std::string> get_env(std::string_view name) const override {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  }
  std::expected<std::string, std::string> read_file(const std::string& path) const override {
    const auto it = files.find(path);
    if (it == files.end()) return std::unexpected(std::string("No such file or directory"));
    return it->second;
  }
};

const std::string kSa(kServiceAccountDir);

FakeEnvironment in_cluster_env() {
  FakeEnvironment env;
  env.vars["KUBERNETES_SERVICE_HOST"] = "10.96.0.1";
  env.vars["KUBERNETES_SERVICE_PORT"] = "443";
  env.files[kSa + "/token"] = "tok-1\n";
  env.files[kSa + "/ca.crt"] = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n";
  env.files[kSa + "/namespace"] = "operators";
  return env;
}

// base64("PEM-CA"), base64("PEM-CERT"), base64("PEM-KEY")
constexpr const char* kCaB64 = "UEVNLUNB";
constexpr const char* kCertB64 = "UEVNLUNFUlQ=";
constexpr const char* kKeyB64 = "UEVNLUtFWQ==";

std::string basic_kubeconfig() {
  return std::string(R"(apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: c1
  cluster:
    server: https://127.0.0.1:6443/
    certificate-authority-data: )") +
         kCaB64 + R"(
users:
- name: u1
  user:
    token: static-token
contexts:
- name: dev
  context: {cluster: c1, user: u1, namespace: ns1}
- name: other
  context: {cluster: c1, user: u1}
)";
}

TEST(InClusterConfig, ReadsServiceHostTokenCaAndNamespace) {
  const auto env = in_cluster_env();
  const auto config = in_cluster_config(env);
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_EQ(config->server, "https://10.96.0.1:443");
  EXPECT_EQ(config->token, "tok-1");
  EXPECT_EQ(config->token_file, kSa + "/token");
  EXPECT_NE(config->ca_pem.find("BEGIN CERTIFICATE"), std::string::npos);
  EXPECT_EQ(config->namespace_, "operators");
}

TEST(InClusterConfig, PutsIpv6HostInBrackets) {
  auto env = in_cluster_env();
  env.vars["KUBERNETES_SERVICE_HOST"] = "fd00::1";
  const auto config = in_cluster_config(env);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->server, "https://[fd00::1]:443");
}

TEST(InClusterConfig, FailsClearlyOutsideACluster) {
  FakeEnvironment env;
  const auto config = in_cluster_config(env);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().kind, ErrorKind::Config);
  EXPECT_NE(config.error().message.find("KUBERNETES_SERVICE_HOST"), std::string::npos);
}

TEST(InClusterConfig, MissingTokenFileIsAnErrorNamingTheFile) {
  auto env = in_cluster_env();
  env.files.erase(kSa + "/token");
  const auto config = in_cluster_config(env);
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find(kSa + "/token"), std::string::npos);
}

TEST(InClusterConfig, NamespaceDefaultsWhenFileMissing) {
  auto env = in_cluster_env();
  env.files.erase(kSa + "/namespace");
  const auto config = in_cluster_config(env);
  ASSERT_TRUE(config);
  EXPECT_EQ(config->namespace_, "default");
}

TEST(KubeconfigConfig, UsesCurrentContextServerCaTokenAndNamespace) {
  FakeEnvironment env;
  env.files["/home/me/kc"] = basic_kubeconfig();
  const auto config = kubeconfig_config(env, ConfigOptions{"/home/me/kc", ""});
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_EQ(config->server, "https://127.0.0.1:6443");
  EXPECT_EQ(config->ca_pem, "PEM-CA");
  EXPECT_EQ(config->token, "static-token");
  EXPECT_TRUE(config->token_file.empty());
  EXPECT_EQ(config->namespace_, "ns1");
  EXPECT_NE(config->origin.find("context \"dev\""), std::string::npos);
}

TEST(KubeconfigConfig, ContextOptionOverridesCurrentContext) {
  FakeEnvironment env;
  env.files["/kc"] = basic_kubeconfig();
  const auto config = kubeconfig_config(env, ConfigOptions{"/kc", "other"});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->namespace_, "default");
}

TEST(KubeconfigConfig, UnknownContextIsAnError) {
  FakeEnvironment env;
  env.files["/kc"] = basic_kubeconfig();
  const auto config = kubeconfig_config(env, ConfigOptions{"/kc", "nope"});
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("context \"nope\" not found"), std::string::npos);
}

TEST(KubeconfigConfig, ReadsFilesRelativeToTheKubeconfigDirectory) {
  FakeEnvironment env;
  env.files["/etc/kube/config"] = R"(
current-context: x
clusters: [{name: c, cluster: {server: "https://h:1", certificate-authority: ca.pem}}]
users:
- name: u
  user: {tokenFile: secrets/token, client-certificate: /abs/cert.pem, client-key: key.pem}
contexts: [{name: x, context: {cluster: c, user: u}}]
)";
  env.files["/etc/kube/ca.pem"] = "CA";
  env.files["/etc/kube/secrets/token"] = " file-token \n";
  env.files["/abs/cert.pem"] = "CERT";
  env.files["/etc/kube/key.pem"] = "KEY";
  const auto config = kubeconfig_config(env, ConfigOptions{"/etc/kube/config", ""});
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_EQ(config->ca_pem, "CA");
  EXPECT_EQ(config->token_file, "/etc/kube/secrets/token");
  EXPECT_EQ(config->token, "file-token");
  EXPECT_EQ(config->client_cert_pem, "CERT");
  EXPECT_EQ(config->client_key_pem, "KEY");
}

TEST(KubeconfigConfig, ClientCertificateAndKeyData) {
  FakeEnvironment env;
  env.files["/kc"] = std::string(R"(
current-context: x
clusters: [{name: c, cluster: {server: "https://h:1", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {client-certificate-data: )") +
                     kCertB64 + ", client-key-data: " + kKeyB64 + R"(}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
)";
  const auto config = kubeconfig_config(env, ConfigOptions{"/kc", ""});
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_TRUE(config->insecure_skip_tls_verify);
  EXPECT_EQ(config->client_cert_pem, "PEM-CERT");
  EXPECT_EQ(config->client_key_pem, "PEM-KEY");
}

TEST(KubeconfigConfig, ExecPluginIsRejectedNamingTheField) {
  FakeEnvironment env;
  env.files["/kc"] = R"(
current-context: eks
clusters: [{name: c, cluster: {server: "https://h:1"}}]
users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: aws}}}]
contexts: [{name: eks, context: {cluster: c, user: u}}]
)";
  const auto config = kubeconfig_config(env, ConfigOptions{"/kc", ""});
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().kind, ErrorKind::Config);
  EXPECT_NE(config.error().message.find("users[0].user.exec"), std::string::npos)
      << config.error().message;
}

TEST(KubeconfigConfig, UnsupportedFieldsOfUnusedUsersDoNotMatter) {
  FakeEnvironment env;
  auto text = basic_kubeconfig();
  text.replace(text.find("users:"), 6, "users:\n- name: gke\n  user: {auth-provider: {name: gcp}}");
  env.files["/kc"] = text;
  EXPECT_TRUE(kubeconfig_config(env, ConfigOptions{"/kc", ""}));
}

TEST(KubeconfigConfig, BadBase64NamesTheField) {
  FakeEnvironment env;
  auto text = basic_kubeconfig();
  text.replace(text.find(kCaB64), std::string(kCaB64).size(), "not*base64");
  env.files["/kc"] = text;
  const auto config = kubeconfig_config(env, ConfigOptions{"/kc", ""});
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("certificate-authority-data"), std::string::npos);
}

TEST(KubeconfigConfig, YamlSyntaxErrorsCarryTheLine) {
  FakeEnvironment env;
  env.files["/kc"] = "clusters:\n  - name: [unclosed\n";
  const auto config = kubeconfig_config(env, ConfigOptions{"/kc", ""});
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("/kc:"), std::string::npos) << config.error().message;
}

TEST(KubeconfigConfig, KubeconfigEnvListIsMergedFirstDefinitionWins) {
  FakeEnvironment env;
  env.vars["KUBECONFIG"] = "/missing:/a:/b";
  env.files["/a"] = R"(
clusters: [{name: c, cluster: {server: "https://first:1"}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
)";
  env.files["/b"] = R"(
current-context: x
clusters: [{name: c, cluster: {server: "https://second:1"}}]
users: [{name: u, user: {token: from-b}}]
)";
  const auto config = kubeconfig_config(env, {});
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_EQ(config->server, "https://first:1");
  EXPECT_EQ(config->token, "from-b");
}

TEST(KubeconfigConfig, FallsBackToHomeKubeConfig) {
  FakeEnvironment env;
  env.vars["HOME"] = "/home/me";
  env.files["/home/me/.kube/config"] = basic_kubeconfig();
  EXPECT_TRUE(kubeconfig_config(env, {}));
}

TEST(KubeconfigConfig, ExplicitMissingFileIsAnError) {
  FakeEnvironment env;
  const auto config = kubeconfig_config(env, ConfigOptions{"/nope", ""});
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("/nope"), std::string::npos);
}

TEST(LoadClusterConfig, PrefersExplicitKubeconfigOverInCluster) {
  auto env = in_cluster_env();
  env.files["/kc"] = basic_kubeconfig();
  const auto config = load_cluster_config(env, ConfigOptions{"/kc", ""});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->server, "https://127.0.0.1:6443");
}

TEST(LoadClusterConfig, UsesInClusterWhenNoKubeconfigIsNamed) {
  auto env = in_cluster_env();
  env.vars["HOME"] = "/home/me";
  env.files["/home/me/.kube/config"] = basic_kubeconfig();
  const auto config = load_cluster_config(env, {});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->origin, "in-cluster");
}

TEST(LoadClusterConfig, SaysBeforehandWhetherItTakesTheInClusterBranch) {
  auto env = in_cluster_env();
  EXPECT_TRUE(selects_in_cluster_config(env, {}));
  EXPECT_FALSE(selects_in_cluster_config(env, ConfigOptions{"/kc", ""}));
  env.vars["KUBECONFIG"] = "/kc";
  EXPECT_FALSE(selects_in_cluster_config(env, {}));
  env.vars["KUBECONFIG"] = "";  // set but empty counts as unset, as for the loader
  EXPECT_TRUE(selects_in_cluster_config(env, {}));
  env.vars.erase("KUBERNETES_SERVICE_HOST");
  EXPECT_FALSE(selects_in_cluster_config(env, {}));
}

TEST(DecodeBase64, DecodesPaddedUnpaddedAndWrapped) {
  EXPECT_EQ(decode_base64("UEVNLUNFUlQ=").value(), "PEM-CERT");
  EXPECT_EQ(decode_base64("UEVN\nLUtF\r\nWQ==").value(), "PEM-KEY");
  EXPECT_EQ(decode_base64("UEVNLUtFWQ").value(), "PEM-KEY");
  EXPECT_EQ(decode_base64("").value(), "");
  EXPECT_FALSE(decode_base64("U"));
  EXPECT_FALSE(decode_base64("UE=M"));
  EXPECT_FALSE(decode_base64("a*b="));
}

}  // namespace
}  // namespace rl::kube
