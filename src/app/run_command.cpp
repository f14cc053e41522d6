// run: wiring of config, client, controller and signals.
#include "readinglist/app/run_command.hpp"

#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "readinglist/kube/config.hpp"
#include "readinglist/kube/http_api_client.hpp"
#include "readinglist/reconcile/status.hpp"
#include "readinglist/runtime/controller.hpp"

namespace rl::app {
namespace {

int level_rank(std::string_view level) {
  if (level == "debug") return 0;
  if (level == "info") return 1;
  if (level == "warn") return 2;
  return 3;
}

// One line per call, whole lines even from several threads.
class LineLogger {
 public:
  LineLogger(std::ostream& out, bool json, std::string_view min_level)
      : out_(out), json_(json), min_rank_(level_rank(min_level)) {}

  void operator()(std::string_view level, std::string_view message, const nlohmann::json& fields) {
    if (level_rank(level) < min_rank_) return;
    const std::string time = reconcile::rfc3339(std::chrono::system_clock::now());
    std::string line;
    if (json_) {
      nlohmann::json record = {{"time", time}, {"level", level}, {"msg", message}};
      if (fields.is_object()) record.update(fields);
      line = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } else {
      line = time + " " + std::string(level) + " " + std::string(message);
      if (fields.is_object()) {
        for (const auto& [key, value] : fields.items())
          line += " " + key + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
      }
    }
    std::lock_guard lock(mutex_);
    out_ << line << '\n' << std::flush;
  }

 private:
  std::ostream& out_;
  bool json_;
  int min_rank_;
  std::mutex mutex_;
};

}  // namespace

int run_command(const RunOptions& options, std::ostream& err) {
  auto logger = std::make_shared<LineLogger>(err, options.log_format == "json", options.log_level);
  const runtime::LogSink log = [logger](std::string_view level, std::string_view message,
                                        const nlohmann::json& fields) {
    (*logger)(level, message, fields);
  };

  // Block the stop signals before any thread starts, so every thread inherits the mask and
  // only sigwait() below receives them: no handler, no global state.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const kube::SystemEnvironment environment;
  auto config = kube::load_cluster_config(environment, {options.kubeconfig, options.context});
  if (!config) {
    log("error", "cannot load the cluster configuration", {{"error", config.error().to_string()}});
    return 1;
  }
  kube::SystemClock clock;
  kube::ClientOptions client_options;
  client_options.transport.qps = options.qps;
  client_options.transport.burst = options.burst;
  client_options.on_warning = [log](std::string_view warning) {
    log("warn", "API server warning", {{"warning", warning}});
  };
  auto client = kube::HttpApiClient::create(*config, client_options, clock);
  if (!client) {
    log("error", "cannot create the API client", {{"error", client.error().to_string()}});
    return 1;
  }
  runtime::ControllerOptions controller_options;
  controller_options.namespaces = options.namespaces;
  controller_options.workers = options.concurrency;
  controller_options.resync = std::chrono::seconds(options.resync_seconds);
  runtime::Controller controller(
      **client, clock, controller_options, [] { return std::chrono::system_clock::now(); }, log);
  log("info", "starting",
      {{"server", (*config).server},
       {"config", (*config).origin},
       {"namespaces",
        options.namespaces.empty() ? nlohmann::json("all") : nlohmann::json(options.namespaces)}});
  controller.start();

  int signal = 0;
  sigwait(&stop_signals, &signal);
  log("info", "stopping", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
  // In-flight reconciles finish first; then the client's remaining waits (open watches,
  // backoff) end at once, so the informers stop without delay.
  controller.stop_work();
  (*client)->shutdown();
  controller.stop();
  log("info", "stopped", nlohmann::json::object());
  return 0;
}

}  // namespace rl::app
