// Conditions and the Deployment's judgement.
#include "readinglist/reconcile/status.hpp"

#include <algorithm>

namespace rl::reconcile {

std::string rfc3339(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto seconds = floor<std::chrono::seconds>(time);
  const auto day = floor<days>(seconds);
  const year_month_day date{day};
  const hh_mm_ss clock{seconds - day};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02lldZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<long>(clock.hours().count()),
                static_cast<long>(clock.minutes().count()),
                static_cast<long long>(clock.seconds().count()));
  return text;
}

const model::Condition* find_condition(const std::vector<model::Condition>& conditions,
                                       std::string_view type) {
  const auto it = std::ranges::find(conditions, type, &model::Condition::type);
  return it == conditions.end() ? nullptr : &*it;
}

void set_condition(std::vector<model::Condition>& conditions, std::string_view type,
                   const Judgement& judgement, std::int64_t generation, const std::string& now) {
  auto it = std::ranges::find(conditions, type, &model::Condition::type);
  if (it == conditions.end()) {
    conditions.push_back({.type = std::string(type),
                          .status = judgement.status,
                          .reason = std::string(judgement.reason),
                          .message = judgement.message,
                          .last_transition_time = now,
                          .observed_generation = generation});
    return;
  }
  if (it->status != judgement.status) it->last_transition_time = now;
  it->status = judgement.status;
  it->reason = std::string(judgement.reason);
  it->message = judgement.message;
  it->observed_generation = generation;
}

namespace {

const nlohmann::json kNull;

const nlohmann::json& at(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return kNull;
  const auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

std::int64_t integer(const nlohmann::json& value) {
  return value.is_number_integer() ? value.get<std::int64_t>() : 0;
}

bool has_true_condition(const nlohmann::json& status, std::string_view type) {
  const auto& conditions = at(status, "conditions");
  if (!conditions.is_array()) return false;
  return std::ranges::any_of(conditions, [&](const nlohmann::json& c) {
    return at(c, "type") == type && at(c, "status") == "True";
  });
}

}  // namespace

std::int64_t ready_replicas(const std::optional<ObservedChild>& deployment) {
  if (!deployment) return 0;
  return integer(at(at(deployment->object, "status"), "readyReplicas"));
}

Judgement judge_available(const std::optional<ObservedChild>& deployment,
                          std::string_view content_hash, std::int64_t replicas) {
  if (!deployment) return {"False", reason::kProgressing, "the Deployment is not created yet"};
  const auto& object = deployment->object;
  const auto& status = at(object, "status");
  const std::int64_t generation = integer(at(at(object, "metadata"), "generation"));
  const auto& template_hash =
      at(at(at(at(at(object, "spec"), "template"), "metadata"), "annotations"),
         kContentHashAnnotation);
  const std::int64_t ready = integer(at(status, "readyReplicas"));
  const std::int64_t updated = integer(at(status, "updatedReplicas"));
  const std::string counts =
      std::to_string(ready) + " of " + std::to_string(replicas) + " replicas ready";
  if (template_hash != content_hash || integer(at(status, "observedGeneration")) < generation) {
    return {"False", reason::kProgressing, "rolling out the current content; " + counts};
  }
  if (replicas == 0) return {"False", reason::kProgressing, "spec.site.replicas is 0"};
  if (ready >= 1 && updated >= std::min<std::int64_t>(replicas, 1) &&
      has_true_condition(status, "Available")) {
    return {"True", reason::kAvailable, counts};
  }
  return {"False", reason::kProgressing, counts};
}

}  // namespace rl::reconcile
