// Where the API server is and how to authenticate: in-cluster service-account files, or a
// kubeconfig (--kubeconfig, $KUBECONFIG, ~/.kube/config). Environment variables and files are
// read through the Environment interface, so tests never touch the real ones.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "readinglist/kube/error.hpp"

namespace rl::kube {

class Environment {
 public:
  virtual ~Environment() = default;
  virtual std::optional<std::string> get_env(std::string_view name) const = 0;
  // The file's bytes, or why it could not be read ("No such file or directory").
  virtual std::expected<std::string, std::string> read_file(const std::string& path) const = 0;
};

// The process environment and the local file system.
class SystemEnvironment final : public Environment {
 public:
  std::optional<std::string> get_env(std::string_view name) const override;
  std::expected<std::string, std::string> read_file(const std::string& path) const override;
};

// Everything the transport needs. File contents (CA, client certificate and key) are loaded
// here; only the token file is kept as a path, because bound tokens rotate.
struct ClusterConfig {
  std::string server;  // "https://host:port", no trailing slash
  std::string ca_pem;  // CA bundle to verify the server with; empty: the system roots
  bool insecure_skip_tls_verify = false;
  std::string client_cert_pem;
  std::string client_key_pem;
  std::string token;       // a fixed bearer token (or the first value of token_file)
  std::string token_file;  // re-read periodically when set
  std::string namespace_ = "default";
  std::string origin;  // for messages: "in-cluster" or "kubeconfig <path>, context <name>"
};

struct ConfigOptions {
  std::string kubeconfig;  // --kubeconfig: one path
  std::string context;     // --context: overrides current-context
};

inline constexpr std::string_view kServiceAccountDir =
    "/var/run/secrets/kubernetes.io/serviceaccount";

// KUBERNETES_SERVICE_HOST/_PORT and the service-account token, ca.crt and namespace files.
Result<ClusterConfig> in_cluster_config(const Environment& env);

// --kubeconfig, else the $KUBECONFIG list (merged, first definition wins), else ~/.kube/config.
Result<ClusterConfig> kubeconfig_config(const Environment& env, const ConfigOptions& options);

// controller-runtime's order: --kubeconfig, $KUBECONFIG, in-cluster (when
// KUBERNETES_SERVICE_HOST is set), ~/.kube/config.
Result<ClusterConfig> load_cluster_config(const Environment& env, const ConfigOptions& options);

// Whether load_cluster_config takes the in-cluster branch (the process runs in a pod), known
// before loading anything: no --kubeconfig, no $KUBECONFIG, KUBERNETES_SERVICE_HOST set.
bool selects_in_cluster_config(const Environment& env, const ConfigOptions& options);

}  // namespace rl::kube
