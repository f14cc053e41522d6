// The status of a ReadingList from what reconcile found: the Ready, Rendered and Available
// conditions (metav1.Condition rules: lastTransitionTime moves only when status does), the
// counts, the URL, the content hash and the ready replicas. Pure.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "readinglist/model/types.hpp"
#include "readinglist/reconcile/observed.hpp"

namespace rl::reconcile {

namespace reason {
inline constexpr std::string_view kRendered = "Rendered";
inline constexpr std::string_view kInvalidSpec = "InvalidSpec";
inline constexpr std::string_view kContentTooLarge = "ContentTooLarge";
inline constexpr std::string_view kProgressing = "Progressing";
inline constexpr std::string_view kAvailable = "Available";
inline constexpr std::string_view kSiteDisabled = "SiteDisabled";
inline constexpr std::string_view kApiError = "ApiError";
}  // namespace reason

namespace condition {
inline constexpr std::string_view kReady = "Ready";
inline constexpr std::string_view kRendered = "Rendered";
inline constexpr std::string_view kAvailable = "Available";
}  // namespace condition

// "2023-11-07T05:31:56Z": the form metav1.Time takes on the wire.
std::string rfc3339(std::chrono::system_clock::time_point time);

// A condition as reconcile judged it, before transition times are applied.
struct Judgement {
  std::string status;  // "True" | "False"
  std::string_view reason;
  std::string message;
};

// Sets `type` on `conditions`: a new condition, or an existing one updated in place, keeping
// its lastTransitionTime unless its status changed.
void set_condition(std::vector<model::Condition>& conditions, std::string_view type,
                   const Judgement& judgement, std::int64_t generation, const std::string& now);

const model::Condition* find_condition(const std::vector<model::Condition>& conditions,
                                       std::string_view type);

// Available from the observed Deployment: True once the rollout of the current template is
// complete and at least one replica is ready.
Judgement judge_available(const std::optional<ObservedChild>& deployment,
                          std::string_view content_hash, std::int64_t replicas);

std::int64_t ready_replicas(const std::optional<ObservedChild>& deployment);

}  // namespace rl::reconcile
