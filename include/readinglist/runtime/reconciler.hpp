// Carries out one reconcile: the plan from reconcile::plan_reconcile (pure) turned into API
// calls. Children are written with server-side apply under one field manager, deletes carry
// the child's uid as a precondition, the status goes through the status subresource with the
// list's resourceVersion (a conflict means the cache is behind: retry later), and a failed
// call is reported on the list as Ready=False/ApiError and a Warning Event.
#pragma once

#include <chrono>
#include <expected>
#include <nlohmann/json.hpp>
#include <string>

#include "readinglist/kube/api_client.hpp"
#include "readinglist/model/packed_text.hpp"
#include "readinglist/model/types.hpp"
#include "readinglist/reconcile/plan.hpp"
#include "readinglist/runtime/controller.hpp"
#include "readinglist/runtime/event_recorder.hpp"

namespace rl::runtime {

// A ReadingList as the informer caches it: what the handlers and the work queue read on every
// event (metadata, status) decoded, and the spec as compact JSON, packed: a fifth of the memory
// of the decoded spec. The spec is decoded only when the list is reconciled (a small cost beside
// the render), not on every watch event, where it was most of the informer's work.
struct CachedList {
  model::ObjectMeta metadata;  // without kubectl's last-applied-configuration annotation
  std::optional<model::ReadingListStatus> status;
  // Why the object itself (its metadata, a field beside the spec) cannot be read; "" when it can.
  std::string decode_error;
  model::PackedText spec;  // compact JSON

  // The list, its spec decoded now; or why it cannot be (decode_error, or the spec's problems
  // with their paths), so the user still gets a status.
  std::expected<model::ReadingList, std::string> decoded() const;
  // Identity and status with a placeholder spec: what an unreadable list's status is about.
  model::ReadingList placeholder() const;
};

// `packer` packs the spec: the informer's own, used on its thread only.
std::expected<CachedList, std::string> decode_cached_list(const nlohmann::json& object,
                                                          model::TextPacker& packer);

inline const kube::ResourceRef kReadingLists{"readinglist.dev", "v1alpha1", "readinglists", true};
kube::ResourceRef resource_ref(reconcile::ChildKind kind);

// What a successful reconcile wrote; all zero when the list had converged.
struct ReconcileWrites {
  int applied = 0;
  int deleted = 0;
  bool status = false;

  bool any() const { return applied > 0 || deleted > 0 || status; }
};

class Reconciler {
 public:
  Reconciler(kube::ApiClient& api, EventRecorder& events, WallClock wall_clock, LogSink log);

  // Success also when there was nothing to do. An error means "retry with backoff".
  kube::Result<ReconcileWrites> reconcile(const CachedList& cached,
                                          const reconcile::ObservedChildren& children);

 private:
  kube::ApiClient& api_;
  EventRecorder& events_;
  WallClock wall_clock_;
  LogSink log_;
};

}  // namespace rl::runtime
