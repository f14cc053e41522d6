// MicrositeReconciler: select the lists, plan, then apply / delete / status / Events.
#include "readinglist/runtime/microsite_reconciler.hpp"

#include <vector>

#include "lenient_decode.hpp"
#include "plan_writes.hpp"
#include "readinglist/model/microsite_codec.hpp"
#include "readinglist/model/validate.hpp"

namespace rl::runtime {

std::expected<CachedMicrosite, std::string> decode_cached_microsite(const nlohmann::json& object) {
  auto decoded = detail::decode_leniently<model::Microsite>(
      object,
      [](const nlohmann::json& v, std::string_view s) { return model::microsite_from_json(v, s); },
      model::kApiVersion, model::kMicrositeKind);
  if (!decoded) return std::unexpected(decoded.error());
  decoded->object.metadata.annotations.erase(std::string(detail::kLastApplied));
  return CachedMicrosite{std::move(decoded->object), std::move(decoded->decode_error)};
}

MicrositeReconciler::MicrositeReconciler(kube::ApiClient& api, EventRecorder& events,
                                         WallClock wall_clock, LogSink log)
    : api_(api), events_(events), wall_clock_(std::move(wall_clock)), log_(std::move(log)) {}

kube::Result<ReconcileWrites> MicrositeReconciler::reconcile(
    const CachedMicrosite& cached, std::span<const std::shared_ptr<const CachedList>> lists,
    const reconcile::ObservedChildren& children) {
  const auto now = wall_clock_();
  const model::Microsite& microsite = cached.microsite;
  reconcile::MicrositePlan plan;
  if (!cached.decode_error.empty()) {
    plan = reconcile::plan_unreadable_microsite(microsite, cached.decode_error, now);
  } else {
    // Only the lists the selector picks are decoded: labels are in the cached metadata.
    std::vector<model::ReadingList> selected;
    std::vector<bool> valid;
    for (const auto& list : lists) {
      if (!list || !reconcile::selects(microsite, list->metadata)) continue;
      auto decoded = list->decoded();
      valid.push_back(decoded && model::validate(*decoded).empty());
      selected.push_back(decoded ? std::move(*decoded) : list->placeholder());
    }
    std::vector<reconcile::CandidateList> candidates;
    candidates.reserve(selected.size());
    for (std::size_t i = 0; i < selected.size(); ++i)
      candidates.push_back({&selected[i], valid[i]});
    const auto selection = reconcile::select_lists(microsite, candidates);
    plan = reconcile::plan_microsite(microsite, selection, children, now);
  }
  static const detail::OwnerKind<model::Microsite, model::MicrositeStatus> kind{
      model::kMicrositeKind, "microsite", "microsite", kMicrosites,
      &reconcile::microsite_status_after_api_error};
  return detail::carry_out({api_, events_, wall_clock_, log_}, kind, microsite, plan);
}

}  // namespace rl::runtime
