// run: wiring of config, client, controller and signals.
#include "readinglist/app/run_command.hpp"

#include <malloc.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "readinglist/app/health_server.hpp"
#include "readinglist/app/operator_metrics.hpp"
#include "readinglist/kube/config.hpp"
#include "readinglist/kube/http_api_client.hpp"
#include "readinglist/reconcile/status.hpp"
#include "readinglist/runtime/controller.hpp"
#include "stop_signals.hpp"

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

constexpr int kMallocArenas = 2;

// cpprest gives every new connection (each watch, each pooled request connection) a fresh
// OpenSSL context and first loads the system CA bundle into it: about 20 ms of CPU for Debian's
// 140 roots, most of start-up's TLS cost. When the config names the cluster's CAs, TlsMaterial
// then replaces that store with them, so the bundle is parsed for nothing: point OpenSSL's
// default bundle at an empty file instead. Called before any other thread exists (setenv is
// not thread-safe); the operator starts no child process that would inherit it.
void skip_system_ca_bundle(const kube::ClusterConfig& config) {
  if (config.ca_pem.empty()) return;        // the system roots verify this server: keep them
  setenv("SSL_CERT_FILE", "/dev/null", 1);  // NOLINT(concurrency-mt-unsafe): no threads yet
}

}  // namespace

int run_command(const RunOptions& options, std::ostream& err) {
  // First, so a SIGTERM right after start is a clean stop, not the default action's kill; and
  // before any thread starts, so every thread inherits the mask.
  StopSignals signals;
  // Few malloc arenas: glibc's default (8 per core) keeps freed memory in each thread's own.
  // (cpprest's pool of 40 I/O threads stays: sized with initialize_with_threads, the pool is
  // destroyed at exit and leaves its pooled connections' OpenSSL objects unreleased, which
  // LeakSanitizer reports for every run.)
  mallopt(M_ARENA_MAX, kMallocArenas);

  const kube::SystemEnvironment environment;
  const kube::ConfigOptions config_options{options.kubeconfig, options.context};
  // In a pod, logs go to a collector: JSON unless the flag says otherwise.
  const bool json_logs = options.log_format.empty()
                             ? kube::selects_in_cluster_config(environment, config_options)
                             : options.log_format == "json";
  auto logger = std::make_shared<LineLogger>(err, json_logs, options.log_level);
  const runtime::LogSink log = [logger](std::string_view level, std::string_view message,
                                        const nlohmann::json& fields) {
    (*logger)(level, message, fields);
  };

  auto config = kube::load_cluster_config(environment, config_options);
  if (!config) {
    log("error", "cannot load the cluster configuration", {{"error", config.error().to_string()}});
    return 1;
  }
  skip_system_ca_bundle(*config);
  kube::SystemClock clock;
  // Before the client and the controller, which report into it from their first request.
  observe::Registry metrics_registry;
  const auto metrics = std::make_shared<OperatorMetrics>(metrics_registry);
  kube::ClientOptions client_options;
  client_options.transport.observer = metrics;
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
  controller_options.resync = options.resync_period;
  controller_options.observer = metrics;
  runtime::Controller controller(
      **client, clock, controller_options, [] { return std::chrono::system_clock::now(); }, log);
  metrics->read_work_queue([&controller] { return controller.queue_stats(); });
  // Declared after the controller, so its listeners close before the controller goes away.
  const auto probes = HealthServer::start(
      {options.health_bind_address, options.metrics_bind_address},
      {.ready = [&controller] { return controller.has_synced(); },
       .metrics = [&metrics_registry] { return metrics_registry.render_text(); }},
      log);
  if (!probes) {
    log("error", "cannot serve probes and metrics", {{"error", probes.error()}});
    return 1;
  }
  log("info", "starting",
      {{"server", (*config).server},
       {"config", (*config).origin},
       {"namespaces",
        options.namespaces.empty() ? nlohmann::json("all") : nlohmann::json(options.namespaces)}});
  std::unique_ptr<LeaderCampaign> campaign;
  if (options.leader_election.enabled) {
    const std::string lease = options.leader_election.lease_name;
    metrics->set_leader_status(lease, false);
    auto started = LeaderCampaign::start(
        options.leader_election, *config, client_options, clock, controller, log,
        [metrics, lease](bool leading) { metrics->set_leader_status(lease, leading); },
        [&signals] { signals.wake(); });
    if (!started) {
      log("error", "cannot start leader election", {{"error", started.error().to_string()}});
      return 1;
    }
    campaign = std::move(*started);
  } else {
    controller.start();
  }

  auto reason = signals.wait();
  while (reason == StopSignals::Reason::Woken && !(campaign && campaign->lost()))
    reason = signals.wait();  // a stray SIGUSR1 from outside
  if (reason == StopSignals::Reason::Woken) {
    // Leadership lost: the workers have stopped already. Exit so the process is restarted and
    // campaigns again with fresh caches, as controller-runtime does.
    (*client)->shutdown();
    controller.stop();
    return 1;
  }
  log("info", "stopping", {{"signal", to_string(reason)}});
  // In-flight reconciles finish first (the Lease is still renewed meanwhile); then the Lease
  // is released, and the client's remaining waits (open watches, backoff) end at once, so the
  // informers stop without delay.
  controller.stop_work();
  if (campaign) campaign->resign();
  (*client)->shutdown();
  controller.stop();
  log("info", "stopped", nlohmann::json::object());
  return 0;
}

}  // namespace rl::app
