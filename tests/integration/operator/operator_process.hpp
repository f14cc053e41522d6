// Runs the real `readinglist-operator run` against a test API server for a test, with its log in
// a file, and stops it (SIGTERM, then SIGKILL after a timeout) when the object goes away.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <expected>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "apiserver_process.hpp"

namespace rl::testing {

// The test API server the operator tests run against: Deployments become available quickly,
// bookmarks come every second, and the ReadingList and Microsite CRDs are applied with kubectl
// unless the test installs them itself (`with_crd` false).
inline std::expected<std::unique_ptr<ApiServerProcess>, std::string> start_cluster(
    bool with_crd = true,
    std::vector<std::string> extra_args = {"--deployment-ready-delay-ms", "200",
                                           "--bookmark-interval-ms", "1000"}) {
  auto started = ApiServerProcess::start({.extra_args = std::move(extra_args)});
  if (!started || !with_crd) return started;
  const std::string crds = std::string(RL_SOURCE_DIR) + "/crds/";
  const auto crd = (*started)->kubectl({"apply", "-f", crds + "readinglist.dev_readinglists.yaml",
                                        "-f", crds + "readinglist.dev_microsites.yaml"});
  if (crd.exit_code != 0) return std::unexpected("kubectl apply of the CRDs failed: " + crd.err);
  return started;
}

// Polls `condition` (real time: the operator runs on its own) until it holds or `limit` passes;
// the last answer counts.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::steady_clock::duration limit = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

// The address in the operator's "<what> address=HOST:PORT" log line ("serving metrics",
// "serving probes"), "" until it is logged.
inline std::string logged_address(const std::string& log, const std::string& what) {
  const auto line = log.find(what + " address=");
  if (line == std::string::npos) return {};
  const auto start = line + what.size() + 9;
  return log.substr(start, log.find_first_of(" \n", start) - start);
}

class OperatorProcess {
 public:
  OperatorProcess(const std::filesystem::path& kubeconfig, const std::filesystem::path& log,
                  std::vector<std::string> extra_args = {})
      : log_(log) {
    std::vector<std::string> args = {RL_OPERATOR_PATH, "run", "--kubeconfig", kubeconfig.string()};
    // Unless the test says otherwise: everything logged, and probes and metrics off (several
    // operators run at once, and the defaults share ports).
    for (const auto& [flag, value] : {std::pair<std::string, std::string>{"--log-level", "debug"},
                                      {"--health-bind-address", "0"},
                                      {"--metrics-bind-address", "0"}}) {
      const auto given = [&](const std::string& arg) {
        return arg == flag || arg.starts_with(flag + "=");
      };
      if (std::none_of(extra_args.begin(), extra_args.end(), given)) {
        args.insert(args.end(), {flag, value});
      }
    }
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (auto& arg : args)
      argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path().c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = 0;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~OperatorProcess() { stop(); }
  OperatorProcess(const OperatorProcess&) = delete;
  OperatorProcess& operator=(const OperatorProcess&) = delete;

  bool running() { return pid_ > 0 && !reap(WNOHANG); }
  // The process id while it runs (0 once it has ended or could not start).
  pid_t pid() const { return pid_; }
  // The resident set size (VmRSS of /proc/<pid>/status) in KiB; nullopt when not running.
  std::optional<long> rss_kib() const {
    if (pid_ <= 0) return std::nullopt;
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    for (std::string line; std::getline(status, line);) {
      if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
    }
    return std::nullopt;
  }

  // The exit status once the process has ended by itself within `limit` (-1: killed by a
  // signal), nullopt while it still runs.
  std::optional<int> wait_for_exit(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (pid_ > 0 && !reap(WNOHANG)) {
      if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return exit_status_;
  }

  // SIGKILL: the process dies without any chance to clean up (a crashed or evicted pod).
  void kill_hard() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    reap(0);
  }

  // SIGTERM, and the exit status (-1 when it had to be killed).
  int stop(std::chrono::seconds grace = std::chrono::seconds(10)) {
    if (pid_ <= 0) return exit_status_;
    kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        pid_ = 0;
        return exit_status_ = -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = 0;
    return exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // What it wrote to stderr (its log) and to stdout (<log>.stdout).
  std::string log() const { return read(log_); }
  std::string out() const { return read(out_path()); }

 private:
  // Collects the process's status once it has ended; true then (pid_ is cleared).
  bool reap(int options) {
    int status = 0;
    const pid_t done = waitpid(pid_, &status, options);
    if (done == 0) return false;
    exit_status_ = done == pid_ && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    pid_ = 0;
    return true;
  }

  static std::string read(const std::filesystem::path& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  std::filesystem::path out_path() const {
    auto path = log_;
    path += ".stdout";
    return path;
  }

  std::filesystem::path log_;
  pid_t pid_ = 0;
  int exit_status_ = -1;
};

}  // namespace rl::testing
