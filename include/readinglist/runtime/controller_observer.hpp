// What the controller tells about its work, for metrics (controller-runtime's reconcile
// metrics, and the health of its watches). An interface here rather than a metrics registry:
// the runtime layer stays free of any metrics library and tests can count with a plain fake;
// app/ implements it. The work queue's gauges need no hook: Controller::queue_stats() is read
// when metrics are scraped.
#pragma once

#include <string_view>

#include "readinglist/kube/clock.hpp"

namespace rl::runtime {

enum class ReconcileResult {
  Success,  // the list is as its spec says (or nothing was to be done)
  Error,    // a call failed: the key comes back after its backoff
};

class ControllerObserver {
 public:
  virtual ~ControllerObserver() = default;

  // One reconcile of one key ended; called from the worker threads.
  virtual void reconciled(ReconcileResult result, kube::Clock::Duration elapsed) = 0;
  // A watch stream of `resource` (plural) ended, however, and another one starts.
  virtual void watch_restarted(std::string_view resource) = 0;
  // `resource` is listed again after its first list (expired resume point, failed watch).
  virtual void relisted(std::string_view resource) = 0;
  // One watch event (added, modified, deleted) of `resource` is in the cache; called from the
  // informer threads, so it must be cheap.
  virtual void watch_event(std::string_view resource) = 0;
};

}  // namespace rl::runtime
