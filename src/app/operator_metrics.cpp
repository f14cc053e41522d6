// Metric names, help texts and labels (client-go's rest_client_*, client-go's workqueue_*,
// controller-runtime's controller_runtime_*, leader_election_master_status), and the hooks.
#include "readinglist/app/operator_metrics.hpp"

#include <chrono>

namespace rl::app {
namespace {

double seconds(kube::Clock::Duration d) {
  return std::chrono::duration<double>(d).count();
}

// client-go's `code` label: the HTTP status, or "<error>" when no answer came.
std::string code_label(int status) {
  return status > 0 ? std::to_string(status) : "<error>";
}

std::string compiler() {
#if defined(__clang__)
  return "clang " __clang_version__;
#elif defined(__GNUC__)
  return "gcc " __VERSION__;
#else
  return "unknown";
#endif
}

}  // namespace

OperatorMetrics::OperatorMetrics(observe::Registry& registry, std::string controller)
    : controller_(std::move(controller)),
      registry_(registry),
      reconcile_results_(registry.counter("controller_runtime_reconcile_total",
                                          "Total number of reconciliations per controller",
                                          {"controller", "result"})),
      reconcile_success_(reconcile_results_.with({controller_, "success"})),
      reconcile_error_(reconcile_results_.with({controller_, "error"})),
      reconcile_errors_(registry
                            .counter("controller_runtime_reconcile_errors_total",
                                     "Total number of reconciliation errors per controller",
                                     {"controller"})
                            .with({controller_})),
      reconcile_time_(registry
                          .histogram("controller_runtime_reconcile_time_seconds",
                                     "Length of time per reconciliation per controller",
                                     {"controller"}, observe::reconcile_time_buckets())
                          .with({controller_})),
      requests_(
          registry.counter("rest_client_requests_total",
                           "Number of HTTP requests, partitioned by status code, method, and host.",
                           {"code", "host", "method"})),
      request_duration_(
          registry.histogram("rest_client_request_duration_seconds",
                             "Request latency in seconds. Broken down by verb, and host.",
                             {"host", "verb"}, observe::request_latency_buckets())),
      rate_limiter_duration_(registry.histogram(
          "rest_client_rate_limiter_duration_seconds",
          "Client side rate limiter latency in seconds. Broken down by verb, and host.",
          {"host", "verb"}, observe::request_latency_buckets())),
      watch_restarts_(registry.counter(
          "readinglist_operator_watch_restarts_total",
          "Watch streams that ended (server timeout, close, error) and were opened again.",
          {"resource"})),
      relists_(registry.counter(
          "readinglist_operator_relists_total",
          "Lists after the first one: the watch could not resume and the cache was rebuilt.",
          {"resource"})),
      watch_events_(registry.counter(
          "readinglist_operator_watch_events_total",
          "Objects added, modified or deleted that watch streams delivered into the cache.",
          {"resource"})),
      leader_(registry.gauge("leader_election_master_status",
                             "Gauge of if the reporting system is master of the relevant lease, 0 "
                             "indicates backup, 1 indicates master. 'name' is the string used to "
                             "identify the lease.",
                             {"name"})) {
  // Every result a controller-runtime dashboard plots exists from the start, at zero; this
  // controller asks for no requeue, so those two stay there.
  reconcile_results_.with({controller_, "requeue"});
  reconcile_results_.with({controller_, "requeue_after"});
  registry
      .gauge("readinglist_operator_build_info",
             "A metric with a constant '1' value labeled by the version and compiler of the "
             "build.",
             {"version", "compiler"})
      .with({RL_VERSION, compiler()})
      .set(1);
}

void OperatorMetrics::request_finished(std::string_view method, std::string_view host, int status,
                                       kube::Clock::Duration latency) {
  requests_.with({code_label(status), std::string(host), std::string(method)}).inc();
  request_duration_.with({std::string(host), std::string(method)}).observe(seconds(latency));
}

void OperatorMetrics::rate_limiter_waited(std::string_view method, std::string_view host,
                                          kube::Clock::Duration wait) {
  rate_limiter_duration_.with({std::string(host), std::string(method)}).observe(seconds(wait));
}

void OperatorMetrics::reconciled(runtime::ReconcileResult result, kube::Clock::Duration elapsed) {
  // The histogram first: a scrape reads the counters before it, so one that sees a reconcile
  // counted also sees its duration.
  reconcile_time_.observe(seconds(elapsed));
  if (result == runtime::ReconcileResult::Success) {
    reconcile_success_.inc();
  } else {
    reconcile_error_.inc();
    reconcile_errors_.inc();
  }
}

void OperatorMetrics::watch_restarted(std::string_view resource) {
  watch_restarts_.with({std::string(resource)}).inc();
}

void OperatorMetrics::relisted(std::string_view resource) {
  relists_.with({std::string(resource)}).inc();
}

void OperatorMetrics::watch_event(std::string_view resource) {
  watch_events_.with({std::string(resource)}).inc();
}

void OperatorMetrics::read_work_queue(std::function<runtime::WorkQueueStats()> stats) {
  const observe::LabelValues name = {controller_};
  const auto read = [stats = std::move(stats)](auto field) {
    return [stats, field] { return field(stats()); };
  };
  registry_.gauge("workqueue_depth", "Current depth of workqueue", {"name"})
      .with_function(name, read([](const runtime::WorkQueueStats& s) {
                       return static_cast<double>(s.depth);
                     }));
  registry_.counter("workqueue_adds_total", "Total number of adds handled by workqueue", {"name"})
      .with_function(
          name, read([](const runtime::WorkQueueStats& s) { return static_cast<double>(s.adds); }));
  registry_
      .counter("workqueue_retries_total", "Total number of retries handled by workqueue", {"name"})
      .with_function(name, read([](const runtime::WorkQueueStats& s) {
                       return static_cast<double>(s.retries);
                     }));
  registry_
      .gauge("workqueue_longest_running_processor_seconds",
             "How many seconds has the longest running processor for workqueue been running.",
             {"name"})
      .with_function(
          name, read([](const runtime::WorkQueueStats& s) { return seconds(s.longest_running); }));
  registry_
      .gauge("workqueue_unfinished_work_seconds",
             "How many seconds of work has done that is in progress and hasn't been observed by "
             "work_duration. Large values indicate stuck threads. One can deduce the number of "
             "stuck threads by observing the rate at which this increases.",
             {"name"})
      .with_function(
          name, read([](const runtime::WorkQueueStats& s) { return seconds(s.unfinished_work); }));
}

void OperatorMetrics::set_leader_status(std::string_view lease_name, bool leading) {
  leader_.with({std::string(lease_name)}).set(leading ? 1.0 : 0.0);
}

}  // namespace rl::app
