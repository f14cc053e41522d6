// The ReadingList controller: informers for ReadingLists and for their children (children
// filtered by the managed-by label; a child's event queues its owner), a work queue, workers
// that reconcile one key at a time (reconcile::plan_reconcile, then the plan's writes), and a
// periodic resync. Everything that waits goes through the injected Clock.
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
#include "readinglist/runtime/work_queue.hpp"

namespace rl::runtime {

struct ControllerOptions {
  std::vector<std::string> namespaces;  // empty: every namespace
  int workers = 2;
  // Every list is reconciled again this often even without events (drift the watch missed).
  kube::Clock::Duration resync = std::chrono::minutes(10);
  WorkQueuePolicy queue;
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

  // Starts the informers, the workers and the resync timer.
  void start();
  // Blocks until every informer has listed once; false when `stop` fired first.
  bool wait_for_sync(std::stop_token stop = {});
  // Stops taking work and waits for in-flight reconciles to finish; informers keep running.
  void stop_work();
  // stop_work(), then stops the informers.
  void stop();

  WorkQueueStats queue_stats() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace rl::runtime
