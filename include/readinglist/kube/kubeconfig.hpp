// The kubeconfig file format (clientcmd v1): parsing one file's text, merging several files the
// way client-go does (the first definition of a name wins), and choosing the context. Fields we
// cannot honour (exec plugins, auth providers, basic auth, impersonation, proxies) are recorded
// so that selecting them fails with an error that names the field.
#pragma once

#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "readinglist/kube/error.hpp"

namespace rl::kube {

struct KubeconfigCluster {
  std::string server;
  std::string ca_data;  // base64 of PEM
  std::string ca_file;  // absolute (resolved against the kubeconfig's directory)
  bool insecure_skip_tls_verify = false;
  std::vector<std::string> unsupported;  // kubeconfig field names we cannot honour
};

struct KubeconfigUser {
  std::string token;
  std::string token_file;
  std::string client_cert_data;
  std::string client_cert_file;
  std::string client_key_data;
  std::string client_key_file;
  std::vector<std::string> unsupported;
};

struct KubeconfigContext {
  std::string cluster;
  std::string user;
  std::string namespace_;
};

struct Kubeconfig {
  std::string path;  // the first file (for messages)
  std::string current_context;
  std::map<std::string, KubeconfigCluster> clusters;
  std::map<std::string, KubeconfigUser> users;
  std::map<std::string, KubeconfigContext> contexts;
};

// Parses one file. `path` resolves relative file names and appears in errors.
Result<Kubeconfig> parse_kubeconfig(std::string_view text, std::string_view path);

// Adds `later`'s entries that `into` does not define yet; current-context only if unset.
void merge_kubeconfig(Kubeconfig& into, const Kubeconfig& later);

// The chosen context with its cluster and user, checked for fields we cannot honour.
struct KubeconfigSelection {
  std::string context_name;
  KubeconfigContext context;
  KubeconfigCluster cluster;
  KubeconfigUser user;
};
Result<KubeconfigSelection> select_context(const Kubeconfig& config,
                                           std::string_view context_override);

// Standard base64 (whitespace ignored), as kubeconfig *-data fields use; the error says why not.
std::expected<std::string, std::string> decode_base64(std::string_view text);

}  // namespace rl::kube
