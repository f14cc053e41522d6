// Controller: the informers (per namespace, per kind), the workers and the resync timer.
#include "readinglist/runtime/controller.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <thread>

#include "readinglist/model/names.hpp"
#include "readinglist/reconcile/observed.hpp"
#include "readinglist/runtime/informer.hpp"
#include "readinglist/runtime/reconciler.hpp"

namespace rl::runtime {
namespace {

using reconcile::CachedChild;
using reconcile::ChildKind;

using ListInformer = Informer<CachedList>;
using ChildInformer = Informer<CachedChild>;

std::string key_of(const model::ObjectMeta& meta) {
  return meta.namespace_ + "/" + meta.name;
}

// The ReadingList that controls a child, as a queue key.
std::optional<std::string> owner_key(const CachedChild& child) {
  if (!child.controller_name) return std::nullopt;
  return child.namespace_ + "/" + *child.controller_name;
}

// What reconcile reads: the spec (generation), deletion, identity, a decode problem, and the
// status it compares its own with. A status change (mostly our own write coming back) queues
// the list once more: a reconcile that ran while the cache still held the status before that
// write skipped a write it needed (the status it wanted was the stale one), and nothing else
// would correct it. The extra reconcile reads the cache only and writes nothing when current.
bool worth_reconciling(const CachedList& old, const CachedList& now) {
  const auto& a = old.metadata;
  const auto& b = now.metadata;
  return a.generation != b.generation || a.uid != b.uid ||
         a.deletion_timestamp != b.deletion_timestamp || old.decode_error != now.decode_error ||
         old.status != now.status;
}

}  // namespace

struct Controller::State {
  State(kube::ApiClient& api_client, kube::Clock& clock_ref, ControllerOptions opts, WallClock wall,
        LogSink sink)
      : api(api_client),
        clock(clock_ref),
        options(std::move(opts)),
        wall_clock(std::move(wall)),
        log(std::move(sink)),
        queue(clock, options.queue),
        events(api, wall_clock, "readinglist-operator",
               [this](const kube::Error& error) {
                 log("warn", "cannot record Event", {{"error", error.to_string()}});
               }),
        reconciler(api, events, wall_clock, log) {
    if (options.namespaces.empty()) options.namespaces.push_back("");
    for (const auto& ns : options.namespaces) {
      add_list_informer(ns);
      for (const ChildKind kind : reconcile::kChildKinds)
        add_child_informer(ns, kind);
    }
  }

  void add_list_informer(const std::string& ns) {
    WatcherConfig config;
    config.resource = kReadingLists;
    config.namespace_ = ns;
    config.streaming_list = true;
    observe_watches(config, "readinglists");
    ListInformer::Handlers handlers{
        .on_add = [this](const auto& now) { queue.add(key_of(now->metadata)); },
        .on_update =
            [this](const auto& old, const auto& now) {
              if (worth_reconciling(*old, *now)) queue.add(key_of(now->metadata));
            },
        .on_delete = [](const auto&) {}};  // children go by garbage collection
    lists.emplace(ns, std::make_unique<ListInformer>(
                          api, clock, config,
                          [](const nlohmann::json& object) { return decode_cached_list(object); },
                          handlers, watch_error_sink("readinglists")));
  }

  void add_child_informer(const std::string& ns, ChildKind kind) {
    WatcherConfig config;
    config.resource = resource_ref(kind);
    config.namespace_ = ns;
    config.label_selector = "app.kubernetes.io/managed-by=" + std::string(model::kManagedBy);
    config.streaming_list = true;
    // managedFields say which fields are still as our apply left them (reconcile::observe keeps
    // those and drops the rest).
    config.keep_managed_fields = true;
    // The pages stay on the server: metadata tells whether they are current.
    if (kind == ChildKind::ConfigMap) config.metadata_only = true;
    observe_watches(config, std::string(reconcile::resource_of(kind).plural));
    auto enqueue_owner = [this](const auto& child) {
      if (auto key = owner_key(*child)) queue.add(*key);
    };
    ChildInformer::Handlers handlers{
        .on_add = enqueue_owner,
        .on_update = [enqueue_owner](const auto&, const auto& now) { enqueue_owner(now); },
        .on_delete = enqueue_owner};
    children[kind].emplace(
        ns, std::make_unique<ChildInformer>(
                api, clock, config,
                [kind](const nlohmann::json& object) -> std::expected<CachedChild, std::string> {
                  return reconcile::cache(reconcile::observe(kind, object));
                },
                handlers, watch_error_sink(std::string(reconcile::resource_of(kind).plural))));
  }

  void observe_watches(WatcherConfig& config, const std::string& resource) {
    if (!options.observer) return;
    config.on_watch_restart = [observer = options.observer, resource] {
      observer->watch_restarted(resource);
    };
    config.on_relist = [observer = options.observer, resource] { observer->relisted(resource); };
    config.on_watch_event = [observer = options.observer, resource] {
      observer->watch_event(resource);
    };
  }

  Watcher::ErrorSink watch_error_sink(std::string resource) {
    return [this, resource](const kube::Error& error) {
      if (error.is_cancelled()) return;
      log("warn", "watch interrupted", {{"resource", resource}, {"error", error.to_string()}});
    };
  }

  template <typename Map>
  auto* informer_for(Map& map, const std::string& ns) {
    auto it = map.find(ns);
    if (it == map.end()) it = map.find("");
    return it == map.end() ? nullptr : it->second.get();
  }

  kube::Result<ReconcileWrites> reconcile_key(const std::string& key) {
    const auto slash = key.find('/');
    const std::string ns = key.substr(0, slash);
    auto* list_informer = informer_for(lists, ns);
    const auto cached = list_informer ? list_informer->store().get(key) : nullptr;
    if (!cached) return {};  // deleted: the garbage collector removes its children
    reconcile::ObservedChildren observed;
    const std::string child_key = ns + "/" + model::child_name(cached->metadata);
    for (const ChildKind kind : reconcile::kChildKinds) {
      auto* informer = informer_for(children[kind], ns);
      if (const auto child = informer ? informer->store().get(child_key) : nullptr) {
        observed.of(kind) = child->observed();
      }
    }
    return reconciler.reconcile(*cached, observed);
  }

  // Every informer has listed once; false when `stop` fired first.
  bool wait_for_caches(std::stop_token stop) {
    for (auto& [ns, informer] : lists) {
      if (!informer->wait_for_sync(stop)) return false;
    }
    for (auto& [kind, by_namespace] : children) {
      for (auto& [ns, informer] : by_namespace) {
        if (!informer->wait_for_sync(stop)) return false;
      }
    }
    return true;
  }

  void worker_loop(std::stop_token stop) {
    // As controller-runtime does: no reconcile on half-filled caches. A child a cache has not
    // listed yet would be written again (and announced "Created" in an Event), and the status
    // would say it is still being written.
    if (!wait_for_caches(stop)) return;
    std::call_once(caches_synced_logged, [this] { log_caches_synced(); });
    while (auto key = queue.get(stop)) {
      const auto started = clock.now();
      auto result = reconcile_key(*key);
      const auto took = clock.now() - started;
      const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(took);
      if (options.observer) {
        options.observer->reconciled(result ? ReconcileResult::Success : ReconcileResult::Error,
                                     took);
      }
      if (result) {
        queue.forget(*key);
        // A converged list (every resync) is not news; a write is.
        log(result->any() ? "info" : "debug", "reconciled",
            {{"readinglist", *key},
             {"outcome", result->any() ? "changed" : "unchanged"},
             {"applied", result->applied},
             {"deleted", result->deleted},
             {"statusWritten", result->status},
             {"ms", elapsed.count()}});
      } else {
        queue.add_rate_limited(*key);
        log(result.error().is_conflict() ? "debug" : "warn", "reconcile will be retried",
            {{"readinglist", *key},
             {"outcome", "error"},
             {"error", result.error().to_string()},
             {"failures", queue.failures(*key)},
             {"ms", elapsed.count()}});
      }
      queue.done(*key);
    }
  }

  // The start-up milestone an operator's user looks for ("Starting workers" in
  // controller-runtime): from here on, nothing is reconciled on a half-filled cache.
  void log_caches_synced() {
    std::size_t readinglists = 0;
    std::size_t children_cached = 0;
    for (const auto& [ns, informer] : lists)
      readinglists += informer->store().size();
    for (const auto& [kind, by_namespace] : children) {
      for (const auto& [ns, informer] : by_namespace)
        children_cached += informer->store().size();
    }
    log("info", "caches synced, starting workers",
        {{"readinglists", readinglists},
         {"children", children_cached},
         {"workers", std::max(1, options.workers)}});
  }

  void resync_loop(std::stop_token stop) {
    while (clock.sleep_for(options.resync, stop)) {
      for (auto& [ns, informer] : lists) {
        for (const auto& key : informer->store().keys())
          queue.add(key);
      }
    }
  }

  kube::ApiClient& api;
  kube::Clock& clock;
  ControllerOptions options;
  WallClock wall_clock;
  LogSink log;
  WorkQueue queue;
  EventRecorder events;
  Reconciler reconciler;
  std::map<std::string, std::unique_ptr<ListInformer>> lists;
  std::map<ChildKind, std::map<std::string, std::unique_ptr<ChildInformer>>> children;
  std::vector<std::jthread> workers;
  std::jthread resync;
  // Serialises start_caches/start_workers/stop_work: leadership callbacks call them from the
  // elector's thread while the main thread may be shutting down.
  std::mutex lifecycle;
  bool caches_started = false;
  bool workers_started = false;
  bool work_stopped = false;
  std::once_flag caches_synced_logged;
};

Controller::Controller(kube::ApiClient& api, kube::Clock& clock, ControllerOptions options,
                       WallClock wall_clock, LogSink log)
    : state_(std::make_unique<State>(api, clock, std::move(options), std::move(wall_clock),
                                     std::move(log))) {}

Controller::~Controller() {
  stop();
}

void Controller::start() {
  start_caches();
  start_workers();
}

void Controller::start_caches() {
  std::lock_guard lock(state_->lifecycle);
  if (state_->caches_started) return;
  state_->caches_started = true;
  for (auto& [ns, informer] : state_->lists)
    informer->start();
  for (auto& [kind, by_namespace] : state_->children) {
    for (auto& [ns, informer] : by_namespace)
      informer->start();
  }
}

void Controller::start_workers() {
  std::lock_guard lock(state_->lifecycle);
  // Leadership can arrive while shutdown has begun: stopped work stays stopped.
  if (state_->workers_started || state_->work_stopped) return;
  state_->workers_started = true;
  for (int i = 0; i < std::max(1, state_->options.workers); ++i) {
    state_->workers.emplace_back([this](std::stop_token stop) { state_->worker_loop(stop); });
  }
  state_->resync = std::jthread([this](std::stop_token stop) { state_->resync_loop(stop); });
}

bool Controller::wait_for_sync(std::stop_token stop) {
  return state_->wait_for_caches(stop);
}

void Controller::stop_work() {
  std::vector<std::jthread> workers;
  std::jthread resync;
  {
    std::lock_guard lock(state_->lifecycle);
    state_->work_stopped = true;
    workers = std::move(state_->workers);
    resync = std::move(state_->resync);
  }
  state_->queue.shut_down();
  state_->queue.wait_until_idle();
  resync = {};
  workers.clear();  // joins: each worker has returned from get()
}

void Controller::stop() {
  stop_work();
  // Under the lifecycle lock: stop() may run on several threads at once (shutdown, lost
  // leadership, the destructor) and each informer thread must be joined exactly once (two
  // threads joining one thread hang or worse), and it must not interleave with start_caches().
  std::lock_guard lock(state_->lifecycle);
  for (auto& [ns, informer] : state_->lists)
    informer->stop();
  for (auto& [kind, by_namespace] : state_->children) {
    for (auto& [ns, informer] : by_namespace)
      informer->stop();
  }
}

bool Controller::has_synced() const {
  for (const auto& [ns, informer] : state_->lists) {
    if (!informer->has_synced()) return false;
  }
  for (const auto& [kind, by_namespace] : state_->children) {
    for (const auto& [ns, informer] : by_namespace) {
      if (!informer->has_synced()) return false;
    }
  }
  return true;
}

WorkQueueStats Controller::queue_stats() const {
  return state_->queue.stats();
}

}  // namespace rl::runtime
