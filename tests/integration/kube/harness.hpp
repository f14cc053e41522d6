// Shared setup of the kube integration tests: a test API server (the shared launcher of
// tests/support), a client built from the kubeconfig it writes, and the server's control API
// (faults, request log, tokens, restarts) with failures turned into exceptions.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "apiserver_process.hpp"
#include "readinglist/kube/config.hpp"
#include "readinglist/kube/http_api_client.hpp"

namespace rl::kube::testing {

using Server = rl::testing::ApiServerProcess;

inline const ResourceRef kConfigMaps{"", "v1", "configmaps", true};
inline const ResourceRef kNamespaces{"", "v1", "namespaces", false};

inline std::unique_ptr<Server> start_server() {
  auto server = Server::start();
  if (!server) throw std::runtime_error("test-apiserver: " + server.error());
  return std::move(*server);
}

inline ClusterConfig config_of(const Server& server) {
  SystemEnvironment env;
  ConfigOptions options;
  options.kubeconfig = server.kubeconfig().string();
  auto config = load_cluster_config(env, options);
  if (!config) throw std::runtime_error(config.error().to_string());
  return *config;
}

inline ClientOptions fast_options(std::string user_agent = "rl-kube-integration") {
  ClientOptions options;
  options.transport.user_agent = std::move(user_agent);
  options.transport.request_timeout = std::chrono::seconds(10);
  return options;
}

inline std::unique_ptr<HttpApiClient> client_for(const ClusterConfig& config, Clock& clock,
                                                 const ClientOptions& options = fast_options()) {
  auto client = HttpApiClient::create(config, options, clock);
  if (!client) throw std::runtime_error(client.error().to_string());
  return std::move(*client);
}

inline nlohmann::json config_map(std::string_view name, std::string_view value,
                                 nlohmann::json labels = nlohmann::json::object()) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"namespace", "default"}, {"labels", labels}}},
          {"data", {{"v", value}}}};
}

// The server's /_control/ API. The launcher's control token is the server's first token, which
// stays valid for control calls after a test rotates the API tokens.
class Control {
 public:
  explicit Control(const Server& server) : server_(server) {}

  nlohmann::json call(const std::string& method, const std::string& what,
                      const nlohmann::json& body = nlohmann::json::object()) {
    auto answer = server_.control(method, what, body);
    if (answer.is_null()) throw std::runtime_error("control " + method + " " + what + " failed");
    return answer;
  }

  void fault(const nlohmann::json& rule) { call("POST", "faults", rule); }
  void clear_faults() { call("DELETE", "faults"); }
  nlohmann::json requests() { return call("GET", "requests"); }
  void clear_requests() { call("DELETE", "requests"); }
  void close_watches() { call("POST", "watches/close"); }
  void expire_history() { call("POST", "history/expire"); }
  void set_tokens(const std::vector<std::string>& tokens) {
    call("POST", "tokens", {{"tokens", tokens}});
  }
  void settings(const nlohmann::json& s) { call("POST", "settings", s); }
  // The store's current resourceVersion.
  std::string resource_version() {
    return call("GET", "state").value("resourceVersion", std::string{});
  }

  // The server drops every connection and refuses new ones for `down_ms`, then listens again
  // on the same port. Its answer may be lost with the connection, so only coming back counts.
  void restart(int down_ms, bool keep_history) {
    server_.control("POST", "restart", {{"downMs", down_ms}, {"keepHistory", keep_history}});
    std::this_thread::sleep_for(std::chrono::milliseconds(down_ms));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      if (!server_.control("GET", "state").is_null()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("test-apiserver did not come back after a restart");
  }

  // Logged requests with this verb (and, when given, this HTTP status and User-Agent).
  std::size_t count(std::string_view verb, int code = 0, std::string_view user_agent = {}) {
    std::size_t n = 0;
    for (const auto& r : requests()) {
      if (r["verb"] == verb && (code == 0 || r["code"] == code) &&
          (user_agent.empty() || r["userAgent"] == user_agent)) {
        ++n;
      }
    }
    return n;
  }

 private:
  const Server& server_;
};

// Polls `done` (real time: these tests run against a real process) until true or `limit`.
template <typename Fn>
bool eventually(Fn&& done, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

}  // namespace rl::kube::testing
