// Runs build/test-apiserver for a test: a fresh temporary directory, `--port 0`, waits for
// its "listening on" line, and stops it (SIGTERM, then SIGKILL after a timeout) when the
// object goes away. Gives the kubeconfig, base URL, token and CA file; an authenticated
// HttpClient; the control API (faults, request log, settings); and kubectl with that
// kubeconfig.
//
//   auto server = rl::testing::ApiServerProcess::start();
//   ASSERT_TRUE(server) << server.error();
//   auto r = (*server)->kubectl({"apply", "-f", "crds/readinglist.dev_readinglists.yaml"});
//   EXPECT_EQ(r.exit_code, 0) << r.err;
//   (*server)->add_fault({{"code", 429}, {"count", 3}, {"verb", "create"}});
//   EXPECT_EQ((*server)->count_requests("create"), 1);
#pragma once

#include <sys/types.h>

#include <chrono>
#include <expected>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "http_client.hpp"

namespace rl::testing {

struct ApiServerOptions {
  bool tls = true;
  bool keep_state = false;  // --state <dir>/state.json (objects kept across restart())
  std::vector<std::string> extra_args{};  // e.g. {"--deployment-ready-delay-ms", "100"}
  std::chrono::milliseconds start_timeout{15000};
};

struct CommandResult {
  int exit_code = -1;  // -1: killed after the timeout
  std::string out;
  std::string err;
};

class ApiServerProcess {
  struct Key {
    explicit Key() = default;
  };

 public:
  explicit ApiServerProcess(Key /*only start() constructs*/) {}
  static std::expected<std::unique_ptr<ApiServerProcess>, std::string> start(
      ApiServerOptions options = {});
  ~ApiServerProcess();
  ApiServerProcess(const ApiServerProcess&) = delete;
  ApiServerProcess& operator=(const ApiServerProcess&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path kubeconfig() const { return dir_ / "kubeconfig"; }
  std::filesystem::path ca_file() const { return dir_ / "ca.crt"; }
  std::filesystem::path state_file() const { return dir_ / "state.json"; }
  const std::string& base_url() const { return base_url_; }
  const std::string& token() const { return token_; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }

  // A client for the Kubernetes API with the server's token and CA.
  HttpClient client() const;

  // POST/GET/DELETE /_control/<path>; returns the JSON answer (null on failure).
  nlohmann::json control(const std::string& method, const std::string& path,
                         const nlohmann::json& body = nlohmann::json::object()) const;
  void add_fault(const nlohmann::json& fault) const { control("POST", "faults", fault); }
  void clear_faults() const { control("DELETE", "faults"); }
  nlohmann::json requests() const { return control("GET", "requests"); }
  void clear_requests() const { control("DELETE", "requests"); }
  // Logged requests with this verb (create, update, patch, list, watch...) whose path
  // contains `path_part`.
  int count_requests(const std::string& verb, const std::string& path_part = "") const;
  void set_tokens(const std::vector<std::string>& tokens) const;
  void settings(const nlohmann::json& settings) const { control("POST", "settings", settings); }
  // Ends every open watch: cleanly (final chunk), or cut (no final chunk), or cut after half an
  // event line.
  enum class WatchEnding { Clean, Cut, CutMidEvent };
  void close_watches(WatchEnding ending = WatchEnding::Clean) const {
    control(
        "POST", "watches/close",
        {{"cut", ending != WatchEnding::Clean}, {"midEvent", ending == WatchEnding::CutMidEvent}});
  }
  // Open watches stay connected but send nothing more (not even bookmarks) until closed.
  void stall_watches() const { control("POST", "watches/stall"); }
  // Forgets the watch history: resuming from any earlier resourceVersion gets 410 Expired.
  void expire_history() const { control("POST", "history/expire"); }
  // Drops every connection and listens again after `down` (the process and its data stay).
  void restart_in_place(std::chrono::milliseconds down, bool keep_history = true) const {
    control("POST", "restart", {{"downMs", down.count()}, {"keepHistory", keep_history}});
  }

  // kubectl --kubeconfig <ours> --cache-dir <ours> args...
  CommandResult kubectl(const std::vector<std::string>& args,
                        std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;

  // Stops the process (SIGTERM) and starts it again on the same port with the same state file.
  std::expected<void, std::string> restart(std::vector<std::string> extra_args = {});
  // SIGTERM, then SIGKILL after `grace`. Returns the exit status (or -1 if killed).
  int stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

 private:
  std::expected<void, std::string> launch(int port);
  std::filesystem::path dir_;
  ApiServerOptions options_;
  std::string base_url_;
  std::string token_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// Runs a program with a timeout, capturing stdout and stderr (files in `scratch`).
CommandResult run_command(const std::vector<std::string>& argv,
                          const std::filesystem::path& scratch, std::chrono::milliseconds timeout);

}  // namespace rl::testing
