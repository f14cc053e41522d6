// Private to the runtime: the API calls that carry out a reconcile plan, shared by the
// ReadingList and the Microsite reconcilers. Children go through server-side apply under one
// field manager, deletes carry the child's uid as a precondition, and the status goes through
// the status subresource with the owner's resourceVersion.
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "readinglist/kube/api_client.hpp"
#include "readinglist/model/codec.hpp"
#include "readinglist/model/microsite_codec.hpp"
#include "readinglist/model/types.hpp"
#include "readinglist/reconcile/plan.hpp"
#include "readinglist/runtime/controller.hpp"
#include "readinglist/runtime/event_recorder.hpp"
#include "readinglist/runtime/reconciler.hpp"

namespace rl::runtime::detail {

// Told about the first failed call: `what` names it ("apply Deployment x-site").
using ReportFailure = std::function<void(const std::string& what, const kube::Error& error)>;

// Applies, then deletes, in `owner`'s namespace; stops at the first failure, which is reported
// and returned. `owner_noun` ("list", "microsite") words the hint on a name taken by another
// object.
kube::Result<ReconcileWrites> write_children(kube::ApiClient& api, const model::ObjectMeta& owner,
                                             std::string_view owner_noun,
                                             std::span<const reconcile::ApplyChild> applies,
                                             std::span<const reconcile::DeleteChild> deletes,
                                             const ReportFailure& report);

// Replaces the status of `owner` (`body` is the whole object with its new status). An owner
// deleted meanwhile is success; a conflict (the cache is behind) is returned without a log line.
kube::Result<void> write_status(kube::ApiClient& api, const kube::ResourceRef& resource,
                                const model::ObjectMeta& owner, const nlohmann::json& body,
                                std::string_view log_field, const LogSink& log);

// What tells one owner kind from another when its plan is carried out.
template <typename Owner, typename Status>
struct OwnerKind {
  std::string_view kind;       // for Events: model::kKind, model::kMicrositeKind
  std::string_view noun;       // in messages: "list", "microsite"
  std::string_view log_field;  // names the owner in log lines: "readinglist", "microsite"
  const kube::ResourceRef& resource;
  // reconcile::status_after_api_error or its Microsite twin.
  std::optional<Status> (*status_after_api_error)(const Owner&, const std::string&,
                                                  std::chrono::system_clock::time_point);
};

// The side effects a reconcile needs, borrowed from its reconciler.
struct PlanContext {
  kube::ApiClient& api;
  EventRecorder& events;
  const WallClock& wall_clock;
  const LogSink& log;
};

// The status subresource of `owner` replaced by `status`.
template <typename Owner, typename Status>
kube::Result<void> write_owner_status(const PlanContext& context,
                                      const OwnerKind<Owner, Status>& kind, const Owner& owner,
                                      const Status& status) {
  Owner updated = owner;
  updated.status = status;
  return write_status(context.api, kind.resource, owner.metadata, model::to_json(updated),
                      kind.log_field, context.log);
}

// Children, then Events, then the status. A failed call is logged, recorded as a Warning Event
// and, once, as Ready=False/ApiError in the status (best effort: the retry reports again).
template <typename Owner, typename Status, typename Plan>
kube::Result<ReconcileWrites> carry_out(const PlanContext& context,
                                        const OwnerKind<Owner, Status>& kind, const Owner& owner,
                                        const Plan& plan) {
  const auto report = [&](const std::string& what, const kube::Error& error) {
    const std::string message = what + ": " + error.to_string();
    context.log(
        "error", "reconcile failed",
        {{std::string(kind.log_field), owner.metadata.namespace_ + "/" + owner.metadata.name},
         {"error", message}});
    if (auto status = kind.status_after_api_error(owner, message, context.wall_clock())) {
      context.events.record(kind.kind, owner.metadata, {"Warning", "ApiError", message});
      (void)write_owner_status(context, kind, owner, *status);
    }
  };
  auto writes =
      write_children(context.api, owner.metadata, kind.noun, plan.applies, plan.deletes, report);
  if (!writes) return writes;
  for (const auto& event : plan.events)
    context.events.record(kind.kind, owner.metadata, event);
  if (plan.status) {
    if (auto written = write_owner_status(context, kind, owner, *plan.status); !written)
      return std::unexpected(written.error());
    writes->status = true;
  }
  return writes;
}

}  // namespace rl::runtime::detail
