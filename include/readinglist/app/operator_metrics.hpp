// The operator's metrics: which families exist, their names and labels, and how the kube and
// runtime hooks turn into samples. Names follow client-go and controller-runtime, so the
// dashboards and alerts people already have for Go operators work on this one unchanged.
//
// The kube and runtime layers only know their observer interfaces; this class is the one place
// that knows both them and the metrics registry.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "readinglist/kube/request_observer.hpp"
#include "readinglist/observe/metrics.hpp"
#include "readinglist/runtime/controller_observer.hpp"
#include "readinglist/runtime/work_queue.hpp"

namespace rl::app {

class OperatorMetrics final : public kube::RequestObserver, public runtime::ControllerObserver {
 public:
  // Registers every family in `registry`, which must outlive this object. `controller` is the
  // value of the controller label and the work queue's name.
  explicit OperatorMetrics(observe::Registry& registry, std::string controller = "readinglist");

  void request_finished(std::string_view method, std::string_view host, int status,
                        kube::Clock::Duration latency) override;
  void rate_limiter_waited(std::string_view method, std::string_view host,
                           kube::Clock::Duration wait) override;

  void reconciled(runtime::ReconcileResult result, kube::Clock::Duration elapsed) override;
  void watch_restarted(std::string_view resource) override;
  void relisted(std::string_view resource) override;
  void watch_event(std::string_view resource) override;

  // The workqueue_* series, read from `stats` at scrape time: it must stay callable for as long
  // as the registry may be scraped (stop the metrics server before destroying the queue).
  void read_work_queue(std::function<runtime::WorkQueueStats()> stats);

  // leader_election_master_status{name=lease_name}: 1 while this process holds the lease.
  void set_leader_status(std::string_view lease_name, bool leading);

 private:
  std::string controller_;
  observe::Registry& registry_;
  observe::CounterFamily& reconcile_results_;
  observe::Counter& reconcile_success_;
  observe::Counter& reconcile_error_;
  observe::Counter& reconcile_errors_;
  observe::Histogram& reconcile_time_;
  observe::CounterFamily& requests_;
  observe::HistogramFamily& request_duration_;
  observe::HistogramFamily& rate_limiter_duration_;
  observe::CounterFamily& watch_restarts_;
  observe::CounterFamily& relists_;
  observe::CounterFamily& watch_events_;
  observe::GaugeFamily& leader_;
};

}  // namespace rl::app
