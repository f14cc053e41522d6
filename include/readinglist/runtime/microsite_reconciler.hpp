// Carries out one Microsite reconcile: the ReadingLists of its namespace as the cache holds them,
// reconcile::select_lists and plan_microsite (pure), then the plan's writes, exactly as the
// ReadingList Reconciler does (server-side apply, uid-guarded deletes, status subresource,
// Events, Ready=False/ApiError on a failed call).
#pragma once

#include <expected>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "readinglist/kube/api_client.hpp"
#include "readinglist/model/microsite.hpp"
#include "readinglist/reconcile/microsite.hpp"
#include "readinglist/runtime/controller.hpp"
#include "readinglist/runtime/event_recorder.hpp"
#include "readinglist/runtime/reconciler.hpp"

namespace rl::runtime {

inline const kube::ResourceRef kMicrosites{"readinglist.dev", "v1alpha1", "microsites", true};

// A Microsite as the informer caches it: decoded whole (a cluster has a handful), or, when its
// spec cannot be decoded, its identity and status with the reason.
struct CachedMicrosite {
  model::Microsite microsite;  // without kubectl's last-applied-configuration annotation
  std::string decode_error;
};

std::expected<CachedMicrosite, std::string> decode_cached_microsite(const nlohmann::json& object);

class MicrositeReconciler {
 public:
  MicrositeReconciler(kube::ApiClient& api, EventRecorder& events, WallClock wall_clock,
                      LogSink log);

  // `lists`: the ReadingLists of the microsite's namespace (any order). Success also when
  // there was nothing to do; an error means "retry with backoff".
  kube::Result<ReconcileWrites> reconcile(const CachedMicrosite& cached,
                                          std::span<const std::shared_ptr<const CachedList>> lists,
                                          const reconcile::ObservedChildren& children);

 private:
  kube::ApiClient& api_;
  EventRecorder& events_;
  WallClock wall_clock_;
  LogSink log_;
};

}  // namespace rl::runtime
