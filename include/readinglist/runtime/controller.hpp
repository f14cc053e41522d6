// The controller: informers for ReadingLists, Microsites and their children (children filtered
// by the managed-by label; a child's event queues its owner; a list's event also queues the
// Microsites whose selector picks it, before or after), one work queue, workers that reconcile
// one key at a time (plan_reconcile or plan_microsite, then the plan's writes), and a periodic
// resync. Everything that waits goes through the injected Clock.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "readinglist/kube/api_client.hpp"
#include "readinglist/kube/clock.hpp"
#include "readinglist/runtime/controller_observer.hpp"
#include "readinglist/runtime/work_queue.hpp"

namespace rl::runtime {

struct ControllerOptions {
  std::vector<std::string> namespaces;  // empty: every namespace
  int workers = 2;
  // Every list is reconciled again this often even without events (drift the watch missed).
  kube::Clock::Duration resync = std::chrono::minutes(10);
  WorkQueuePolicy queue;
  // Told about reconciles and watch restarts (metrics); null: nobody listens.
  std::shared_ptr<ControllerObserver> observer;
};

// One log line: level ("debug", "info", "warn", "error"), message, structured fields.
using LogSink =
    std::function<void(std::string_view level, std::string_view message, const nlohmann::json&)>;
using WallClock = std::function<std::chrono::system_clock::time_point()>;

class Controller {
 public:
  Controller(kube::ApiClient& api, kube::Clock& clock, ControllerOptions options,
             WallClock wall_clock, LogSink log);
  ~Controller();
  Controller(const Controller&) = delete;
  Controller& operator=(const Controller&) = delete;

  // start_caches(), then start_workers().
  void start();
  // Starts the informers: the caches fill and events queue keys, but nothing is reconciled
  // (a replica waiting for leadership keeps warm caches).
  void start_caches();
  // Starts the workers and the resync timer. Does nothing once stop_work() was called.
  void start_workers();
  // Blocks until every informer has listed once; false when `stop` fired first.
  bool wait_for_sync(std::stop_token stop = {});
  // Whether every informer has listed once (readiness), without waiting.
  bool has_synced() const;
  // Stops taking work and waits for in-flight reconciles to finish; informers keep running.
  // Safe from any thread, also while another thread starts the workers or stops too.
  void stop_work();
  // stop_work(), then stops the informers. Safe from any thread, also while others stop too.
  void stop();

  WorkQueueStats queue_stats() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace rl::runtime
