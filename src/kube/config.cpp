#include "readinglist/kube/config.hpp"

#include <vector>

#include "readinglist/kube/kubeconfig.hpp"
#include "readinglist/kube/token_source.hpp"

namespace rl::kube {
namespace {

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

std::string env_or_empty(const Environment& env, std::string_view name) {
  return env.get_env(name).value_or(std::string{});
}

// Loads `data` (base64) or `file` into PEM text. `field` names the kubeconfig field.
Result<std::string> load_pem(const Environment& env, const std::string& data,
                             const std::string& file, const std::string& field,
                             const std::string& where) {
  if (!data.empty()) {
    auto decoded = decode_base64(data);
    if (!decoded) {
      return std::unexpected(config_error(where + ": " + field + "-data is " + decoded.error()));
    }
    return std::move(*decoded);
  }
  if (file.empty()) return std::string{};
  auto content = env.read_file(file);
  if (!content) {
    return std::unexpected(
        config_error(where + ": " + field + " " + file + " cannot be read: " + content.error()));
  }
  return std::move(*content);
}

Result<ClusterConfig> from_selection(const Environment& env, const Kubeconfig& config,
                                     const KubeconfigSelection& s) {
  const std::string where = "kubeconfig " + config.path + ", context \"" + s.context_name + "\"";
  ClusterConfig out;
  out.origin = where;
  out.server = s.cluster.server;
  while (out.server.size() > 1 && out.server.back() == '/')
    out.server.pop_back();
  if (out.server.rfind("https://", 0) != 0 && out.server.rfind("http://", 0) != 0) {
    return std::unexpected(
        config_error(where + ": cluster.server \"" + out.server + "\" is not an http(s) URL"));
  }
  out.insecure_skip_tls_verify = s.cluster.insecure_skip_tls_verify;
  auto ca = load_pem(env, s.cluster.ca_data, s.cluster.ca_file, "certificate-authority", where);
  if (!ca) return std::unexpected(ca.error());
  out.ca_pem = std::move(*ca);
  if (out.insecure_skip_tls_verify && !out.ca_pem.empty()) {
    // client-go refuses this combination too: one of the two must be a mistake.
    return std::unexpected(config_error(where + ": insecure-skip-tls-verify together with a "
                                                "certificate-authority; remove one of them"));
  }
  auto cert =
      load_pem(env, s.user.client_cert_data, s.user.client_cert_file, "client-certificate", where);
  if (!cert) return std::unexpected(cert.error());
  auto key = load_pem(env, s.user.client_key_data, s.user.client_key_file, "client-key", where);
  if (!key) return std::unexpected(key.error());
  if (cert->empty() != key->empty()) {
    return std::unexpected(
        config_error(where + ": client-certificate and client-key must be given together"));
  }
  out.client_cert_pem = std::move(*cert);
  out.client_key_pem = std::move(*key);
  out.token = s.user.token;
  out.token_file = s.user.token_file;
  if (!out.token_file.empty()) {
    auto token = env.read_file(out.token_file);
    if (!token) {
      return std::unexpected(config_error(where + ": tokenFile " + out.token_file +
                                          " cannot be read: " + token.error()));
    }
    out.token = trim(std::move(*token));
  }
  if (!is_sendable_token(out.token)) {
    // Never the token itself in the message: only where it came from.
    const std::string source =
        out.token_file.empty() ? "user.token" : "tokenFile " + out.token_file;
    return std::unexpected(config_error(where + ": " + source +
                                        " holds a line break or control character; a bearer "
                                        "token is one line"));
  }
  if (!s.context.namespace_.empty()) out.namespace_ = s.context.namespace_;
  return out;
}

std::vector<std::string> split_path_list(const std::string& list) {
  std::vector<std::string> paths;
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto colon = list.find(':', start);
    const auto end = colon == std::string::npos ? list.size() : colon;
    if (end > start) paths.push_back(list.substr(start, end - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return paths;
}

Result<ClusterConfig> load_kubeconfig_files(const Environment& env,
                                            const std::vector<std::string>& paths,
                                            bool missing_is_error, const std::string& context) {
  Kubeconfig merged;
  bool any = false;
  for (const auto& path : paths) {
    auto text = env.read_file(path);
    if (!text) {
      // client-go skips missing files of a $KUBECONFIG list but not an explicit --kubeconfig.
      if (missing_is_error) {
        return std::unexpected(
            config_error("kubeconfig " + path + " cannot be read: " + text.error()));
      }
      continue;
    }
    auto parsed = parse_kubeconfig(*text, path);
    if (!parsed) return std::unexpected(parsed.error());
    merge_kubeconfig(merged, *parsed);
    any = true;
  }
  if (!any) {
    std::string list;
    for (const auto& p : paths)
      list += (list.empty() ? "" : ", ") + p;
    return std::unexpected(config_error("no kubeconfig found (looked at " + list + ")"));
  }
  auto selection = select_context(merged, context);
  if (!selection) return std::unexpected(selection.error());
  return from_selection(env, merged, *selection);
}

}  // namespace

Result<ClusterConfig> in_cluster_config(const Environment& env) {
  const std::string host = env_or_empty(env, "KUBERNETES_SERVICE_HOST");
  const std::string port = env_or_empty(env, "KUBERNETES_SERVICE_PORT");
  if (host.empty() || port.empty()) {
    return std::unexpected(config_error(
        "not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must "
        "both be set"));
  }
  const std::string dir(kServiceAccountDir);
  ClusterConfig out;
  out.origin = "in-cluster";
  const bool ipv6 = host.find(':') != std::string::npos;
  out.server = "https://" + (ipv6 ? "[" + host + "]" : host) + ":" + port;
  out.token_file = dir + "/token";
  auto token = env.read_file(out.token_file);
  if (!token) {
    return std::unexpected(config_error("in-cluster: service-account token " + out.token_file +
                                        " cannot be read: " + token.error()));
  }
  out.token = trim(std::move(*token));
  if (!is_sendable_token(out.token)) {
    return std::unexpected(config_error("in-cluster: service-account token " + out.token_file +
                                        " holds a line break or control character"));
  }
  auto ca = env.read_file(dir + "/ca.crt");
  if (!ca) {
    return std::unexpected(
        config_error("in-cluster: CA bundle " + dir + "/ca.crt cannot be read: " + ca.error()));
  }
  out.ca_pem = std::move(*ca);
  if (auto ns = env.read_file(dir + "/namespace"); ns && !trim(*ns).empty()) {
    out.namespace_ = trim(std::move(*ns));
  }
  return out;
}

Result<ClusterConfig> kubeconfig_config(const Environment& env, const ConfigOptions& options) {
  if (!options.kubeconfig.empty()) {
    return load_kubeconfig_files(env, {options.kubeconfig}, true, options.context);
  }
  if (const auto list = env_or_empty(env, "KUBECONFIG"); !list.empty()) {
    return load_kubeconfig_files(env, split_path_list(list), false, options.context);
  }
  const auto home = env_or_empty(env, "HOME");
  if (home.empty()) {
    return std::unexpected(
        config_error("no kubeconfig: --kubeconfig, $KUBECONFIG and $HOME are all unset"));
  }
  return load_kubeconfig_files(env, {home + "/.kube/config"}, true, options.context);
}

bool selects_in_cluster_config(const Environment& env, const ConfigOptions& options) {
  return options.kubeconfig.empty() && env_or_empty(env, "KUBECONFIG").empty() &&
         !env_or_empty(env, "KUBERNETES_SERVICE_HOST").empty();
}

Result<ClusterConfig> load_cluster_config(const Environment& env, const ConfigOptions& options) {
  if (selects_in_cluster_config(env, options)) {
    if (!options.context.empty()) {
      return std::unexpected(
          config_error("--context needs a kubeconfig; in-cluster config has "
                       "no contexts"));
    }
    return in_cluster_config(env);
  }
  return kubeconfig_config(env, options);
}

}  // namespace rl::kube
