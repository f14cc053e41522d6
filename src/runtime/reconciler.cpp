// Reconciler: plan, then apply / delete / status / Events through the ApiClient.
#include "readinglist/runtime/reconciler.hpp"

#include <stdexcept>
#include <string_view>

#include "readinglist/model/codec.hpp"

namespace rl::runtime {

kube::ResourceRef resource_ref(reconcile::ChildKind kind) {
  const auto& resource = reconcile::resource_of(kind);
  return {std::string(resource.group), std::string(resource.version), std::string(resource.plural),
          true};
}

namespace {

// kubectl's client-side apply keeps the whole manifest in an annotation: nothing here reads it,
// and it would double what a list costs the cache.
constexpr std::string_view kLastApplied = "kubectl.kubernetes.io/last-applied-configuration";

CachedList cached(model::ReadingList list, std::string decode_error, std::string spec_json) {
  list.metadata.annotations.erase(std::string(kLastApplied));
  return CachedList{std::move(list.metadata), std::move(list.status), std::move(decode_error),
                    std::move(spec_json)};
}

std::string spec_json_of(const nlohmann::json& object) {
  const auto spec = object.find("spec");
  return spec == object.end() ? "{}" : spec->dump();
}

}  // namespace

model::ReadingList CachedList::list() const {
  model::ReadingList list;
  if (decode_error.empty()) {
    const std::string source = metadata.namespace_ + "/" + metadata.name;
    const nlohmann::json object = {{"apiVersion", model::kApiVersion},
                                   {"kind", model::kKind},
                                   {"metadata", {{"name", metadata.name}}},
                                   {"spec", nlohmann::json::parse(spec_json)}};
    auto decoded = model::from_json(object, source);
    // decode_cached_list decoded this very text.
    if (!decoded) throw std::logic_error("cached spec of " + source + " cannot be decoded");
    list.spec = std::move(decoded->spec);
  } else {
    list.spec.title = "-";
  }
  list.metadata = metadata;
  list.status = status;
  return list;
}

std::expected<CachedList, std::string> decode_cached_list(const nlohmann::json& object) {
  const std::string source =
      kube::meta_string(object, "namespace") + "/" + kube::meta_string(object, "name");
  auto decoded = model::from_json(object, source);
  if (decoded) return cached(std::move(*decoded), {}, spec_json_of(object));
  // A status this version cannot read (written by another version of the operator) is not
  // the user's problem: reconcile as if there were none, and the status is written anew.
  if (object.contains("status")) {
    nlohmann::json without_status = object;
    without_status.erase("status");
    if (auto spec_only = model::from_json(without_status, source)) {
      return cached(std::move(*spec_only), {}, spec_json_of(object));
    }
  }
  // Keep what identifies the list (and its status) so the error can be reported on it.
  nlohmann::json skeleton = {{"apiVersion", model::kApiVersion},
                             {"kind", model::kKind},
                             {"metadata", object.value("metadata", nlohmann::json::object())},
                             {"spec", {{"title", "-"}}}};
  std::string error;
  for (const auto& field : decoded.error().fields) {
    if (!error.empty()) error += "; ";
    error += field.to_string();
  }
  if (error.empty()) error = decoded.error().message;
  if (object.contains("status")) {
    skeleton["status"] = object["status"];
    if (auto with_status = model::from_json(skeleton, source)) {
      return cached(std::move(*with_status), error, {});
    }
    skeleton.erase("status");
  }
  auto meta_only = model::from_json(skeleton, source);
  if (!meta_only) return std::unexpected("cannot read " + source + ": " + error);
  return cached(std::move(*meta_only), error, {});
}

Reconciler::Reconciler(kube::ApiClient& api, EventRecorder& events, WallClock wall_clock,
                       LogSink log)
    : api_(api), events_(events), wall_clock_(std::move(wall_clock)), log_(std::move(log)) {}

kube::Result<ReconcileWrites> Reconciler::reconcile(const CachedList& cached,
                                                    const reconcile::ObservedChildren& children) {
  const auto now = wall_clock_();
  const model::ReadingList list = cached.list();
  const reconcile::Plan plan = cached.decode_error.empty()
                                   ? reconcile::plan_reconcile(list, children, now)
                                   : reconcile::plan_unreadable(list, cached.decode_error, now);
  return execute(list, plan);
}

kube::Result<ReconcileWrites> Reconciler::execute(const model::ReadingList& list,
                                                  const reconcile::Plan& plan) {
  const std::string& ns = list.metadata.namespace_;
  ReconcileWrites writes;
  for (const auto& apply : plan.applies) {
    // Force only over a child the cache shows as ours (labelled): that takes back fields
    // someone edited. A child missing from the cache is created without force, so an object
    // of the same name that belongs to someone else is refused with a conflict, not taken.
    auto applied = kube::apply(api_, resource_ref(apply.kind), ns, apply.body,
                               reconcile::kFieldManager, /*force=*/apply.exists);
    if (!applied) {
      std::string what =
          "apply " + std::string(reconcile::to_string(apply.kind)) + " " + apply.name;
      if (!apply.exists && applied.error().is_conflict()) {
        what += " (an object of that name exists and is not this list's; delete or rename it)";
      }
      report_failure(list, what, applied.error());
      return std::unexpected(applied.error());
    }
    ++writes.applied;
  }
  for (const auto& del : plan.deletes) {
    kube::DeleteOptions options;
    options.propagation_policy = kube::PropagationPolicy::Background;
    options.precondition_uid = del.uid;
    auto removed = api_.remove(resource_ref(del.kind), ns, del.name, options);
    // Gone already, or replaced by another object (the uid precondition): nothing to do.
    if (!removed && !removed.error().is_not_found() && !removed.error().is_conflict()) {
      const std::string what =
          "delete " + std::string(reconcile::to_string(del.kind)) + " " + del.name;
      report_failure(list, what, removed.error());
      return std::unexpected(removed.error());
    }
    ++writes.deleted;
  }
  for (const auto& event : plan.events)
    events_.record(list, event);
  if (plan.status) {
    if (auto written = write_status(list, *plan.status); !written)
      return std::unexpected(written.error());
    writes.status = true;
  }
  return writes;
}

kube::Result<void> Reconciler::write_status(const model::ReadingList& list,
                                            const model::ReadingListStatus& status) {
  model::ReadingList updated = list;
  updated.status = status;
  nlohmann::json body = model::to_json(updated);
  auto written = api_.update(kReadingLists, list.metadata.namespace_, list.metadata.name, body,
                             {.field_manager = std::string(reconcile::kFieldManager)}, "status");
  if (written || written.error().is_not_found()) return {};  // deleted meanwhile: done
  // A conflict means our cache is behind the list: the retry reads the newer one.
  if (!written.error().is_conflict()) {
    log_("warn", "status write failed",
         {{"readinglist", list.metadata.namespace_ + "/" + list.metadata.name},
          {"error", written.error().to_string()}});
  }
  return std::unexpected(written.error());
}

void Reconciler::report_failure(const model::ReadingList& list, const std::string& what,
                                const kube::Error& error) {
  const std::string message = what + ": " + error.to_string();
  log_("error", "reconcile failed",
       {{"readinglist", list.metadata.namespace_ + "/" + list.metadata.name}, {"error", message}});
  if (auto status = reconcile::status_after_api_error(list, message, wall_clock_())) {
    events_.record(list, {"Warning", "ApiError", message});
    (void)write_status(list, *status);  // best effort: the retry reports again
  }
}

}  // namespace rl::runtime
