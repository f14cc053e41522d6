// The plan steps both kinds share (plan_detail.hpp).
#include <algorithm>

#include "plan_detail.hpp"

namespace rl::reconcile {

namespace detail {
namespace {

constexpr std::size_t kErrorsInMessage = 5;

// One Event per verb and reconcile ("created ConfigMap x, Deployment x, Service x"), not one per
// child: Events are writes too, and a new site would otherwise cost three of them.
void child_events(const std::vector<ApplyChild>& applies, const std::vector<DeleteChild>& deletes,
                  std::vector<EventRecord>& events) {
  std::string created;
  std::string updated;
  std::string deleted;
  const auto add = [](std::string& message, ChildKind kind, const std::string& name) {
    message += (message.empty() ? "" : ", ") + std::string(to_string(kind)) + " " + name;
  };
  for (const auto& apply : applies)
    add(apply.exists ? updated : created, apply.kind, apply.name);
  for (const auto& del : deletes)
    add(deleted, del.kind, del.name);
  if (!created.empty()) events.push_back({"Normal", "Created", "created " + created});
  if (!updated.empty()) events.push_back({"Normal", "Updated", "updated " + updated});
  if (!deleted.empty()) events.push_back({"Normal", "Deleted", "deleted " + deleted});
}

}  // namespace

std::string describe(const std::vector<model::FieldError>& errors) {
  std::string message;
  for (std::size_t i = 0; i < errors.size() && i < kErrorsInMessage; ++i) {
    if (i > 0) message += "; ";
    message += errors[i].to_string();
  }
  if (errors.size() > kErrorsInMessage) {
    message += " (and " + std::to_string(errors.size() - kErrorsInMessage) + " more)";
  }
  return message;
}

Judgement judge_served(const Judgement& rendered, const Judgement& available,
                       const std::string& url) {
  if (rendered.status != "True") return rendered;
  if (available.status == "True") {
    return {"True", reason::kAvailable, "serving " + url + " (" + available.message + ")"};
  }
  return {"False", reason::kProgressing, available.message};
}

void plan_applies(std::vector<ApplyChild>& applies,
                  std::vector<std::pair<ChildKind, nlohmann::json>> desired,
                  const ObservedChildren& children) {
  for (auto& [kind, body] : desired) {
    const auto& observed = children.of(kind);
    if (observed && up_to_date(*observed, body)) continue;
    std::string name = body["metadata"]["name"].get<std::string>();
    applies.push_back({kind, std::move(name), std::move(body), observed.has_value()});
  }
}

void plan_deletes(std::vector<DeleteChild>& deletes, const ObservedChildren& children,
                  std::initializer_list<ChildKind> unwanted, const std::string& name,
                  const model::ObjectMeta& owner) {
  for (const ChildKind kind : unwanted) {
    const auto& child = children.of(kind);
    if (child && child->controller_uid() == owner.uid) {
      deletes.push_back({kind, name, child->uid()});
    }
  }
}

bool content_current(const ObservedChildren& children, const std::vector<ApplyChild>& applies,
                     const std::string& hash) {
  return children.config_map && children.config_map->data_hash == hash &&
         std::ranges::none_of(
             applies, [](const ApplyChild& apply) { return apply.kind == ChildKind::ConfigMap; });
}

void plan_events(const std::vector<ApplyChild>& applies, const std::vector<DeleteChild>& deletes,
                 const std::vector<model::Condition>& before,
                 const std::vector<model::Condition>& after, std::vector<EventRecord>& events) {
  child_events(applies, deletes, events);
  const model::Condition* old_ready = find_condition(before, condition::kReady);
  const model::Condition* new_ready = find_condition(after, condition::kReady);
  if (new_ready == nullptr) return;
  const bool changed = old_ready == nullptr || old_ready->status != new_ready->status ||
                       old_ready->reason != new_ready->reason;
  const bool refused =
      new_ready->reason == reason::kInvalidSpec || new_ready->reason == reason::kContentTooLarge;
  if (refused && (changed || old_ready->message != new_ready->message)) {
    events.push_back({"Warning", new_ready->reason, new_ready->message});
  } else if (changed && new_ready->status == "True") {
    events.push_back({"Normal", new_ready->reason, new_ready->message});
  }
}

void set_conditions(std::vector<model::Condition>& conditions, const Judgement& ready,
                    const Judgement& rendered, const Judgement& available, std::int64_t generation,
                    std::chrono::system_clock::time_point now) {
  const std::string now_text = rfc3339(now);
  set_condition(conditions, condition::kReady, ready, generation, now_text);
  set_condition(conditions, condition::kRendered, rendered, generation, now_text);
  set_condition(conditions, condition::kAvailable, available, generation, now_text);
}

}  // namespace detail
}  // namespace rl::reconcile
