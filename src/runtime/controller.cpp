// Controller: the informers (per namespace, per kind), the workers and the resync timer.
#include "readinglist/runtime/controller.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "queue_keys.hpp"
#include "readinglist/model/microsite_names.hpp"
#include "readinglist/model/names.hpp"
#include "readinglist/model/packed_text.hpp"
#include "readinglist/reconcile/microsite.hpp"
#include "readinglist/reconcile/observed.hpp"
#include "readinglist/runtime/informer.hpp"
#include "readinglist/runtime/microsite_reconciler.hpp"
#include "readinglist/runtime/reconciler.hpp"

namespace rl::runtime {
namespace {

using detail::key_of;
using detail::kMicrositeKeyPrefix;
using detail::microsite_key_of;
using detail::owner_key;
using detail::subject_field;
using detail::subject_of;
using reconcile::CachedChild;
using reconcile::ChildKind;

using ListInformer = Informer<CachedList>;
using MicrositeInformer = Informer<CachedMicrosite>;
using ChildInformer = Informer<CachedChild>;

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
        reconciler(api, events, wall_clock, log),
        microsite_reconciler(api, events, wall_clock, log) {
    if (options.namespaces.empty()) options.namespaces.push_back("");
    for (const auto& ns : options.namespaces) {
      add_list_informer(ns);
      add_microsite_informer(ns);
      for (const ChildKind kind : reconcile::kChildKinds)
        add_child_informer(ns, kind);
    }
  }

  template <typename Map>
  auto* informer_for(Map& map, const std::string& ns) {
    auto it = map.find(ns);
    if (it == map.end()) it = map.find("");
    return it == map.end() ? nullptr : it->second.get();
  }

  void add_list_informer(const std::string& ns) {
    WatcherConfig config;
    config.resource = kReadingLists;
    config.namespace_ = ns;
    config.streaming_list = true;
    config.unparsed_field = "spec";  // cached as text: CachedList
    observe_watches(config, "readinglists");
    ListInformer::Handlers handlers{
        .on_add =
            [this](const auto& now) {
              queue.add(key_of(now->metadata));
              queue_microsites_selecting(nullptr, now.get());
            },
        .on_update =
            [this](const auto& old, const auto& now) {
              if (detail::worth_reconciling(*old, *now)) queue.add(key_of(now->metadata));
              if (detail::changes_indexes(*old, *now))
                queue_microsites_selecting(old.get(), now.get());
            },
        // Its children go by garbage collection; the indexes that showed it lose a card.
        .on_delete = [this](const auto& old) { queue_microsites_selecting(old.get(), nullptr); }};
    lists.emplace(
        ns, std::make_unique<ListInformer>(
                api, clock, config,
                [packer = std::make_shared<model::TextPacker>()](const nlohmann::json& object) {
                  return decode_cached_list(object, *packer);
                },
                handlers, watch_error_sink("readinglists")));
  }

  void add_microsite_informer(const std::string& ns) {
    WatcherConfig config;
    config.resource = kMicrosites;
    config.namespace_ = ns;
    config.streaming_list = true;
    observe_watches(config, "microsites");
    MicrositeInformer::Handlers handlers{
        .on_add = [this](const auto& now) { queue.add(microsite_key_of(now->microsite.metadata)); },
        .on_update =
            [this](const auto& old, const auto& now) {
              if (detail::worth_reconciling(*old, *now))
                queue.add(microsite_key_of(now->microsite.metadata));
            },
        .on_delete = [](const auto&) {}};
    microsites.emplace(
        ns, std::make_unique<MicrositeInformer>(
                api, clock, config,
                [](const nlohmann::json& object) { return decode_cached_microsite(object); },
                handlers, watch_error_sink("microsites")));
  }

  // Queues every Microsite whose selector picks the list before or after a change (a relabelled
  // list leaves one index and joins another).
  void queue_microsites_selecting(const CachedList* old, const CachedList* now) {
    const auto& meta = now ? now->metadata : old->metadata;
    auto* informer = informer_for(microsites, meta.namespace_);
    if (!informer) return;
    for (const auto& cached : informer->store().list_in(meta.namespace_)) {
      const auto& microsite = cached->microsite;
      if (!cached->decode_error.empty()) continue;
      if ((old && reconcile::selects(microsite, old->metadata)) ||
          (now && reconcile::selects(microsite, now->metadata))) {
        queue.add(microsite_key_of(microsite.metadata));
      }
    }
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
                [kind, packer = std::make_shared<model::TextPacker>()](
                    const nlohmann::json& object) -> std::expected<CachedChild, std::string> {
                  return reconcile::cache(reconcile::observe(kind, object), *packer);
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
      nlohmann::json fields = {{"resource", resource}, {"error", error.to_string()}};
      // Most likely an upgrade whose CRDs were not applied: the caches cannot sync, so nothing
      // is reconciled until they are.
      if (error.is_resource_type_missing()) {
        fields["hint"] = "the API serves no " + resource +
                         ": apply this version's CRDs (kubectl apply -k crds/, or -k manifests/)";
      }
      log("warn", "watch interrupted", fields);
    };
  }

  kube::Result<ReconcileWrites> reconcile_key(const std::string& key) {
    if (key.starts_with(kMicrositeKeyPrefix)) {
      return reconcile_microsite(key.substr(kMicrositeKeyPrefix.size()));
    }
    const auto slash = key.find('/');
    const std::string ns = key.substr(0, slash);
    auto* list_informer = informer_for(lists, ns);
    const auto cached = list_informer ? list_informer->store().get(key) : nullptr;
    if (!cached) return {};  // deleted: the garbage collector removes its children
    const std::string name = model::child_name(cached->metadata);
    return reconciler.reconcile(*cached, cached_children(ns, [&](ChildKind) { return name; }));
  }

  // The children of one owner as the caches hold them; `name_of(kind)` names each.
  template <typename NameOf>
  reconcile::ObservedChildren cached_children(const std::string& ns, NameOf name_of) {
    reconcile::ObservedChildren observed;
    for (const ChildKind kind : reconcile::kChildKinds) {
      auto* informer = informer_for(children[kind], ns);
      if (const auto child = informer ? informer->store().get(ns + "/" + name_of(kind)) : nullptr) {
        observed.of(kind) = child->observed();
      }
    }
    return observed;
  }

  kube::Result<ReconcileWrites> reconcile_microsite(const std::string& key) {
    const std::string ns = key.substr(0, key.find('/'));
    auto* informer = informer_for(microsites, ns);
    const auto cached = informer ? informer->store().get(key) : nullptr;
    if (!cached) return {};  // deleted: the garbage collector removes its children
    const auto& meta = cached->microsite.metadata;
    const auto observed = cached_children(ns, [&](ChildKind kind) {
      return kind == ChildKind::ConfigMap ? model::microsite_index_name(meta)
                                          : model::microsite_child_name(meta);
    });
    auto* list_informer = informer_for(lists, ns);
    const auto in_namespace = list_informer ? list_informer->store().list_in(ns)
                                            : std::vector<std::shared_ptr<const CachedList>>{};
    return microsite_reconciler.reconcile(*cached, in_namespace, observed);
  }

  // Every informer of the controller, for start, stop and sync.
  template <typename Visit>
  void for_each_informer(Visit visit) const {
    for (const auto& [ns, informer] : lists)
      visit(*informer);
    for (const auto& [ns, informer] : microsites)
      visit(*informer);
    for (const auto& [kind, by_namespace] : children) {
      for (const auto& [ns, informer] : by_namespace)
        visit(*informer);
    }
  }

  // Every informer has listed once; false when `stop` fired first.
  bool wait_for_caches(std::stop_token stop) {
    bool synced = true;
    for_each_informer(
        [&](const auto& informer) { synced = synced && informer.wait_for_sync(stop); });
    return synced;
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
            {{subject_field(*key), subject_of(*key)},
             {"outcome", result->any() ? "changed" : "unchanged"},
             {"applied", result->applied},
             {"deleted", result->deleted},
             {"statusWritten", result->status},
             {"ms", elapsed.count()}});
      } else {
        queue.add_rate_limited(*key);
        log(result.error().is_conflict() ? "debug" : "warn", "reconcile will be retried",
            {{subject_field(*key), subject_of(*key)},
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
    std::size_t microsites_cached = 0;
    for (const auto& [ns, informer] : lists)
      readinglists += informer->store().size();
    for (const auto& [ns, informer] : microsites)
      microsites_cached += informer->store().size();
    for (const auto& [kind, by_namespace] : children) {
      for (const auto& [ns, informer] : by_namespace)
        children_cached += informer->store().size();
    }
    log("info", "caches synced, starting workers",
        {{"readinglists", readinglists},
         {"microsites", microsites_cached},
         {"children", children_cached},
         {"workers", std::max(1, options.workers)}});
  }

  void resync_loop(std::stop_token stop) {
    while (clock.sleep_for(options.resync, stop)) {
      for (auto& [ns, informer] : lists) {
        for (const auto& key : informer->store().keys())
          queue.add(key);
      }
      for (auto& [ns, informer] : microsites) {
        for (const auto& key : informer->store().keys())
          queue.add(std::string(kMicrositeKeyPrefix) + key);
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
  MicrositeReconciler microsite_reconciler;
  std::map<std::string, std::unique_ptr<ListInformer>> lists;
  std::map<std::string, std::unique_ptr<MicrositeInformer>> microsites;
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
  state_->for_each_informer([](auto& informer) { informer.start(); });
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
  state_->for_each_informer([](auto& informer) { informer.stop(); });
}

bool Controller::has_synced() const {
  bool synced = true;
  state_->for_each_informer(
      [&](const auto& informer) { synced = synced && informer.has_synced(); });
  return synced;
}

WorkQueueStats Controller::queue_stats() const {
  return state_->queue.stats();
}

}  // namespace rl::runtime
