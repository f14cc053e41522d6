// The API calls of a reconcile plan, for either owner kind.
#include "plan_writes.hpp"

namespace rl::runtime::detail {

kube::Result<ReconcileWrites> write_children(kube::ApiClient& api, const model::ObjectMeta& owner,
                                             std::string_view owner_noun,
                                             std::span<const reconcile::ApplyChild> applies,
                                             std::span<const reconcile::DeleteChild> deletes,
                                             const ReportFailure& report) {
  const std::string& ns = owner.namespace_;
  ReconcileWrites writes;
  for (const auto& apply : applies) {
    // Force only over a child the cache shows as ours (labelled): that takes back fields
    // someone edited. A child missing from the cache is created without force, so an object
    // of the same name that belongs to someone else is refused with a conflict, not taken.
    auto applied = kube::apply(api, resource_ref(apply.kind), ns, apply.body,
                               reconcile::kFieldManager, /*force=*/apply.exists);
    if (!applied) {
      std::string what =
          "apply " + std::string(reconcile::to_string(apply.kind)) + " " + apply.name;
      if (!apply.exists && applied.error().is_conflict()) {
        what += " (an object of that name exists and is not this " + std::string(owner_noun) +
                "'s; delete or rename it)";
      }
      report(what, applied.error());
      return std::unexpected(applied.error());
    }
    ++writes.applied;
  }
  for (const auto& del : deletes) {
    kube::DeleteOptions options;
    options.propagation_policy = kube::PropagationPolicy::Background;
    options.precondition_uid = del.uid;
    auto removed = api.remove(resource_ref(del.kind), ns, del.name, options);
    // Gone already, or replaced by another object (the uid precondition): nothing to do.
    if (!removed && !removed.error().is_not_found() && !removed.error().is_conflict()) {
      report("delete " + std::string(reconcile::to_string(del.kind)) + " " + del.name,
             removed.error());
      return std::unexpected(removed.error());
    }
    ++writes.deleted;
  }
  return writes;
}

kube::Result<void> write_status(kube::ApiClient& api, const kube::ResourceRef& resource,
                                const model::ObjectMeta& owner, const nlohmann::json& body,
                                std::string_view log_field, const LogSink& log) {
  auto written = api.update(resource, owner.namespace_, owner.name, body,
                            {.field_manager = std::string(reconcile::kFieldManager)}, "status");
  if (written || written.error().is_not_found()) return {};  // deleted meanwhile: done
  // A conflict means our cache is behind the owner: the retry reads the newer one.
  if (!written.error().is_conflict()) {
    log("warn", "status write failed",
        {{std::string(log_field), owner.namespace_ + "/" + owner.name},
         {"error", written.error().to_string()}});
  }
  return std::unexpected(written.error());
}

}  // namespace rl::runtime::detail
