#include "readinglist/kube/kubeconfig.hpp"

#include <yaml-cpp/yaml.h>

#include <array>

namespace rl::kube {
namespace {

// Thrown only inside this file and turned into an Error by parse_kubeconfig.
struct FieldProblem {
  std::string message;
};

std::string directory_of(std::string_view path) {
  const auto slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

std::string resolve_path(const std::string& dir, const std::string& file) {
  if (file.empty() || file.front() == '/') return file;
  return dir + "/" + file;
}

std::string scalar(const YAML::Node& map, const char* key, const std::string& where) {
  const auto node = map[key];
  if (!node || node.IsNull()) return {};
  if (!node.IsScalar()) throw FieldProblem{where + "." + key + " must be a string"};
  return node.as<std::string>();
}

bool boolean(const YAML::Node& map, const char* key, const std::string& where) {
  const auto node = map[key];
  if (!node || node.IsNull()) return false;
  bool value = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
    throw FieldProblem{where + "." + key + " must be true or false"};
  }
  return value;
}

bool present(const YAML::Node& map, const char* key) {
  const auto node = map[key];
  return node && !node.IsNull();
}

// Each entry of clusters/users/contexts: {name: x, <field>: {...}}.
template <typename Fn>
void each_named(const YAML::Node& root, const char* list, const char* field, Fn&& fn) {
  const auto items = root[list];
  if (!items || items.IsNull()) return;
  if (!items.IsSequence()) throw FieldProblem{std::string(list) + " must be a list"};
  std::size_t index = 0;
  for (const auto& item : items) {
    const std::string where = std::string(list) + "[" + std::to_string(index++) + "]";
    if (!item.IsMap()) throw FieldProblem{where + " must be a mapping"};
    const std::string name = scalar(item, "name", where);
    if (name.empty()) throw FieldProblem{where + ".name is required"};
    const auto body = item[field];
    if (body && !body.IsNull() && !body.IsMap()) {
      throw FieldProblem{where + "." + field + " must be a mapping"};
    }
    fn(name, body ? body : YAML::Node(YAML::NodeType::Map), where + "." + field);
  }
}

KubeconfigCluster read_cluster(const YAML::Node& c, const std::string& where,
                               const std::string& dir) {
  KubeconfigCluster cluster;
  cluster.server = scalar(c, "server", where);
  cluster.ca_data = scalar(c, "certificate-authority-data", where);
  cluster.ca_file = resolve_path(dir, scalar(c, "certificate-authority", where));
  cluster.insecure_skip_tls_verify = boolean(c, "insecure-skip-tls-verify", where);
  for (const char* field : {"tls-server-name", "proxy-url"}) {
    if (present(c, field)) cluster.unsupported.emplace_back(where + "." + field);
  }
  return cluster;
}

KubeconfigUser read_user(const YAML::Node& u, const std::string& where, const std::string& dir) {
  KubeconfigUser user;
  user.token = scalar(u, "token", where);
  user.token_file = resolve_path(dir, scalar(u, "tokenFile", where));
  user.client_cert_data = scalar(u, "client-certificate-data", where);
  user.client_cert_file = resolve_path(dir, scalar(u, "client-certificate", where));
  user.client_key_data = scalar(u, "client-key-data", where);
  user.client_key_file = resolve_path(dir, scalar(u, "client-key", where));
  static constexpr std::array kUnsupported = {
      "exec", "auth-provider", "username",  "password",
      "as",   "as-uid",        "as-groups", "as-user-extra"};
  for (const char* field : kUnsupported) {
    if (present(u, field)) user.unsupported.emplace_back(where + "." + field);
  }
  return user;
}

}  // namespace

Result<Kubeconfig> parse_kubeconfig(std::string_view text, std::string_view path) {
  Kubeconfig config;
  config.path = path;
  const std::string dir = directory_of(path);
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    if (!root || root.IsNull()) return config;  // an empty file is an empty config
    if (!root.IsMap()) throw FieldProblem{"the document must be a mapping"};
    config.current_context = scalar(root, "current-context", "");
    each_named(root, "clusters", "cluster",
               [&](const std::string& name, const YAML::Node& c, const std::string& where) {
                 config.clusters.try_emplace(name, read_cluster(c, where, dir));
               });
    each_named(root, "users", "user",
               [&](const std::string& name, const YAML::Node& u, const std::string& where) {
                 config.users.try_emplace(name, read_user(u, where, dir));
               });
    each_named(root, "contexts", "context",
               [&](const std::string& name, const YAML::Node& c, const std::string& where) {
                 config.contexts.try_emplace(
                     name, KubeconfigContext{scalar(c, "cluster", where), scalar(c, "user", where),
                                             scalar(c, "namespace", where)});
               });
  } catch (const FieldProblem& problem) {
    auto message = problem.message;
    if (!message.empty() && message.front() == '.') message.erase(0, 1);
    return std::unexpected(config_error("kubeconfig " + std::string(path) + ": " + message));
  } catch (const YAML::Exception& e) {
    return std::unexpected(config_error("kubeconfig " + std::string(path) + ":" +
                                        std::to_string(e.mark.line + 1) + ":" +
                                        std::to_string(e.mark.column + 1) + ": " + e.msg));
  }
  return config;
}

void merge_kubeconfig(Kubeconfig& into, const Kubeconfig& later) {
  if (into.path.empty()) into.path = later.path;
  if (into.current_context.empty()) into.current_context = later.current_context;
  for (const auto& [name, cluster] : later.clusters)
    into.clusters.try_emplace(name, cluster);
  for (const auto& [name, user] : later.users)
    into.users.try_emplace(name, user);
  for (const auto& [name, context] : later.contexts)
    into.contexts.try_emplace(name, context);
}

Result<KubeconfigSelection> select_context(const Kubeconfig& config,
                                           std::string_view context_override) {
  const std::string prefix = "kubeconfig " + config.path + ": ";
  KubeconfigSelection selection;
  selection.context_name =
      context_override.empty() ? config.current_context : std::string(context_override);
  if (selection.context_name.empty()) {
    return std::unexpected(config_error(prefix + "current-context is not set and no --context "
                                                 "was given"));
  }
  const auto context = config.contexts.find(selection.context_name);
  if (context == config.contexts.end()) {
    return std::unexpected(
        config_error(prefix + "context \"" + selection.context_name + "\" not found"));
  }
  selection.context = context->second;
  const auto cluster = config.clusters.find(selection.context.cluster);
  if (cluster == config.clusters.end()) {
    return std::unexpected(config_error(prefix + "cluster \"" + selection.context.cluster +
                                        "\" of context \"" + selection.context_name +
                                        "\" not found"));
  }
  selection.cluster = cluster->second;
  if (!selection.context.user.empty()) {
    const auto user = config.users.find(selection.context.user);
    if (user == config.users.end()) {
      return std::unexpected(config_error(prefix + "user \"" + selection.context.user +
                                          "\" of context \"" + selection.context_name +
                                          "\" not found"));
    }
    selection.user = user->second;
  }
  std::vector<std::string> unsupported = selection.cluster.unsupported;
  unsupported.insert(unsupported.end(), selection.user.unsupported.begin(),
                     selection.user.unsupported.end());
  if (!unsupported.empty()) {
    std::string fields;
    for (const auto& f : unsupported)
      fields += (fields.empty() ? "" : ", ") + f;
    return std::unexpected(
        config_error(prefix + "context \"" + selection.context_name + "\" uses " + fields +
                     ", which this client does not support (supported: server, "
                     "certificate-authority(-data), insecure-skip-tls-verify, token, tokenFile, "
                     "client-certificate(-data), client-key(-data))"));
  }
  if (selection.cluster.server.empty()) {
    return std::unexpected(
        config_error(prefix + "cluster \"" + selection.context.cluster + "\" has no server"));
  }
  return selection;
}

std::expected<std::string, std::string> decode_base64(std::string_view text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned int bits = 0;
  int nbits = 0;
  std::size_t padding = 0;
  std::size_t digits = 0;
  for (const char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    const int v = value(c);
    if (v < 0 || padding > 0) return std::unexpected("not valid base64");
    ++digits;
    bits = (bits << 6) | static_cast<unsigned int>(v);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out += static_cast<char>((bits >> nbits) & 0xFF);
    }
  }
  if (padding > 2 || digits % 4 == 1 || (padding > 0 && (digits + padding) % 4 != 0)) {
    return std::unexpected("not valid base64 (bad length or padding)");
  }
  return out;
}

}  // namespace rl::kube
