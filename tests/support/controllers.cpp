// The cluster controllers the tests depend on, run one pass at a time: the garbage collector
// (owners gone -> dependents deleted; foregroundDeletion and orphan finalizers), the namespace
// controller (a terminating namespace is emptied, then removed) and the Deployment controller
// (status follows spec.replicas after a settable delay, or never).
#include <algorithm>

#include "api_internal.hpp"
#include "json_access.hpp"

namespace rl::test_apiserver {

using nlohmann::json;

namespace {
const char* kController = "kube-controller-manager";

bool has_finalizer(const json& object, const char* name) {
  const auto& f = member_or(metadata_of(object), "finalizers", kEmptyArray);
  return std::ranges::find(f, json(name)) != f.end();
}

json condition(const char* type, bool ok, const char* reason, std::string message,
               const json& previous, const std::string& now) {
  json c = {{"type", type},          {"status", ok ? "True" : "False"},
            {"reason", reason},      {"message", std::move(message)},
            {"lastUpdateTime", now}, {"lastTransitionTime", now}};
  for (const auto& p : previous) {
    if (p.value("type", "") == type && p.value("status", "") == c["status"]) {
      c["lastTransitionTime"] = p.value("lastTransitionTime", now);
      if (p.value("reason", "") == reason) c["lastUpdateTime"] = p.value("lastUpdateTime", now);
    }
  }
  return c;
}
template <typename Pred>
void erase_matching(json& list, Pred pred) {
  json kept = json::array();
  for (auto& item : list) {
    if (!pred(item)) kept.push_back(std::move(item));
  }
  list = std::move(kept);
}
}  // namespace

void ApiServer::run_controllers(TimePoint now) {
  std::lock_guard lock(mutex_);
  try {
    collect_garbage(now);
    finish_namespaces(now);
    emulate_deployments(now);
  } catch (const json::exception&) {
    // A malformed object a test stored on purpose must not stop the controllers.
  }
}

void ApiServer::controller_write(const ResourceType& type, json object, TimePoint now,
                                 const std::string& subresource) {
  WriteOptions options;
  options.writer = {.manager = kController,
                    .api_version = type.api_version(),
                    .subresource = subresource,
                    .time = format_time(now)};
  std::string ns = meta_string(object, "namespace");
  std::string name = meta_string(object, "name");
  (void)update_object(type, ns, name, std::move(object), options, now);
}

bool ApiServer::owner_present(const json& ref, const std::string& dependent_ns) const {
  auto where = store_.find_uid(ref.value("uid", ""));
  if (!where) return false;
  std::string owner_ns = where->second.substr(0, where->second.find('/'));
  return owner_ns.empty() || owner_ns == dependent_ns;
}

// The collector has work only after a deletion (owners gone, finalizers waiting on dependents),
// a deletionTimestamp, or a write of an object whose owner is missing; a pass over every object
// 10 times a second otherwise held the server's lock for most of a large convergence.
bool ApiServer::garbage_possible() const {
  if (store_.oldest_resumable() > garbage_checked_rv_) return true;  // history gone: look
  bool possible = false;
  store_.for_each_event_after(garbage_checked_rv_, [&](const Event& event) {
    if (possible) return;
    if (event.type == EventType::Deleted) {
      possible = true;
      return;
    }
    const auto& meta = metadata_of(event.object->value());
    if (meta.contains("deletionTimestamp")) {
      possible = true;
      return;
    }
    const auto refs = meta.find("ownerReferences");
    if (refs == meta.end() || !refs->is_array()) return;
    const std::string ns = meta.value("namespace", "");
    possible = std::ranges::any_of(*refs, [&](const json& ref) { return !owner_present(ref, ns); });
  });
  return possible;
}

void ApiServer::collect_garbage(TimePoint now) {
  if (!options_.garbage_collection) return;
  const bool look = garbage_possible();
  garbage_checked_rv_ = store_.resource_version();
  if (!look) return;
  // The stored objects themselves, not copies: a pass runs every 100 ms over every object
  // (with 1,000 rendered pages, copying them all took most of the server's time).
  struct Item {
    TypePtr type;
    ObjectPtr stored;
  };
  std::vector<Item> all;
  std::map<std::string, std::vector<std::size_t>> dependents;  // owner uid -> items
  for (const auto& storage : store_.storages()) {
    auto type = storage_type(storage);
    if (!type) continue;
    for (const auto& stored : store_.list(storage, "")) {
      all.push_back({type, stored});
      const auto& meta = metadata_of(*stored);
      const auto refs = meta.find("ownerReferences");
      if (refs == meta.end() || !refs->is_array()) continue;
      for (const auto& ref : *refs)
        dependents[ref.value("uid", "")].push_back(all.size() - 1);
    }
  }
  for (const auto& [type, stored] : all) {
    const json& object = *stored;
    const auto& meta = metadata_of(object);
    std::string uid = meta.value("uid", "");
    std::string key = object_key(meta.value("namespace", ""), meta.value("name", ""));
    if (!store_.get(type->storage, key)) continue;  // removed earlier in this pass
    if (meta.contains("deletionTimestamp")) {
      bool foreground = has_finalizer(object, "foregroundDeletion");
      bool orphan = has_finalizer(object, "orphan");
      if (!foreground && !orphan) continue;
      bool waiting = false;
      for (std::size_t i : dependents[uid]) {
        auto& dep = all[i];
        const auto& dmeta = metadata_of(*dep.stored);
        std::string dkey = object_key(dmeta.value("namespace", ""), dmeta.value("name", ""));
        auto live = store_.get(dep.type->storage, dkey);
        if (!live) continue;
        if (orphan) {
          json updated = wire(*dep.type, *live);
          auto& refs = updated["metadata"]["ownerReferences"];
          erase_matching(refs, [&](const json& r) { return r.value("uid", "") == uid; });
          if (refs.empty()) updated["metadata"].erase("ownerReferences");
          controller_write(*dep.type, std::move(updated), now, "");
        } else {
          bool removed = false;
          (void)delete_object(*dep.type, dkey, {{"propagationPolicy", "Foreground"}}, false, now,
                              &removed);
          waiting = waiting || !removed;
        }
      }
      if (!waiting) {
        auto live = store_.get(type->storage, key);
        if (!live) continue;
        json updated = wire(*type, *live);
        auto& fin = updated["metadata"]["finalizers"];
        erase_matching(
            fin, [&](const json& f) { return f == (orphan ? "orphan" : "foregroundDeletion"); });
        controller_write(*type, std::move(updated), now, "");
      }
      continue;
    }
    const auto found = meta.find("ownerReferences");
    if (found == meta.end() || !found->is_array() || found->empty()) continue;
    const json& refs = *found;
    bool any_owner = std::ranges::any_of(
        refs, [&](const json& r) { return owner_present(r, meta.value("namespace", "")); });
    if (!any_owner) {
      bool removed = false;
      (void)delete_object(*type, key, {{"propagationPolicy", "Background"}}, false, now, &removed);
    }
  }
}

void ApiServer::finish_namespaces(TimePoint now) {
  auto ns_type = registry_.find("", "v1", "namespaces");
  for (const auto& ns_object : store_.list(ns_type->storage, "")) {
    if (!metadata_of(*ns_object).contains("deletionTimestamp")) continue;
    std::string ns = meta_string(*ns_object, "name");
    bool empty = true;
    for (const auto& storage : store_.storages()) {
      auto type = storage_type(storage);
      if (!type || !type->namespaced) continue;
      for (const auto& object : store_.list(storage, ns)) {
        empty = false;
        bool removed = false;
        (void)delete_object(*type, object_key(ns, meta_string(*object, "name")), json::object(),
                            false, now, &removed);
      }
    }
    if (empty) finish_delete(*ns_type, object_key("", ns));
  }
}

void ApiServer::emulate_deployments(TimePoint now) {
  auto type = registry_.find("apps", "v1", "deployments");
  std::map<std::string, Rollout> seen;
  std::string stamp = format_time(now);
  for (const auto& stored : store_.list(type->storage, "")) {
    const json& object = *stored;  // copied only to write a changed status
    const auto& meta = metadata_of(object);
    std::string uid = meta.value("uid", "");
    auto generation = meta.value("generation", std::int64_t{1});
    auto replicas = member_or(object, "spec", kEmptyObject).value("replicas", std::int64_t{1});
    Rollout rollout = rollouts_.contains(uid) ? rollouts_[uid] : Rollout{};
    if (rollout.generation != generation || rollout.replicas != replicas) {
      rollout = {.generation = generation, .replicas = replicas, .since = now, .settled_rv = {}};
    }
    // The state and the setting the status was computed from.
    const auto& delay = options_.deployment_ready_delay;
    const std::string settled_key =
        meta.value("resourceVersion", "") + "/" +
        (delay
             ? std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(*delay).count())
             : "never");
    bool ready = replicas == 0 || (delay && now - rollout.since >= *delay);
    // Final until the object or the setting changes: available, or never to be.
    if (ready || !delay) {
      const bool unchanged = rollout.settled_rv == settled_key;
      rollout.settled_rv = settled_key;
      seen[uid] = rollout;
      if (unchanged) continue;
    } else {
      rollout.settled_rv.clear();
      seen[uid] = rollout;
    }
    if (meta.contains("deletionTimestamp")) continue;
    const json previous =
        member_or(member_or(object, "status", kEmptyObject), "conditions", kEmptyArray);
    std::string rs = meta.value("name", "") + "-" + uid.substr(0, 8);
    json status = {
        {"observedGeneration", generation}, {"replicas", replicas}, {"updatedReplicas", replicas}};
    if (ready) {
      if (replicas > 0) {
        status["readyReplicas"] = replicas;
        status["availableReplicas"] = replicas;
      }
      status["conditions"] = {
          condition("Available", true, "MinimumReplicasAvailable",
                    "Deployment has minimum availability.", previous, stamp),
          condition("Progressing", true, "NewReplicaSetAvailable",
                    "ReplicaSet \"" + rs + "\" has successfully progressed.", previous, stamp)};
    } else {
      status["unavailableReplicas"] = replicas;
      status["conditions"] = {
          condition("Available", false, "MinimumReplicasUnavailable",
                    "Deployment does not have minimum availability.", previous, stamp),
          condition("Progressing", true, "ReplicaSetUpdated",
                    "ReplicaSet \"" + rs + "\" is progressing.", previous, stamp)};
    }
    if (member_or(object, "status", kEmptyObject) == status) continue;
    json updated = wire(*type, object);
    updated["status"] = std::move(status);
    controller_write(*type, std::move(updated), now, "status");
  }
  rollouts_ = std::move(seen);
}

}  // namespace rl::test_apiserver
