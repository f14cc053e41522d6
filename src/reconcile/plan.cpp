// plan_reconcile: render, compare with the cache, judge the conditions, name the Events.
#include "readinglist/reconcile/plan.hpp"

#include "readinglist/model/names.hpp"
#include "readinglist/reconcile/status.hpp"
#include "readinglist/render/render.hpp"

namespace rl::reconcile {

const std::optional<ObservedChild>& ObservedChildren::of(ChildKind kind) const {
  switch (kind) {
    case ChildKind::ConfigMap:
      return config_map;
    case ChildKind::Deployment:
      return deployment;
    case ChildKind::Service:
      return service;
    case ChildKind::Ingress:
      return ingress;
  }
  throw std::logic_error("unknown ChildKind");
}

std::optional<ObservedChild>& ObservedChildren::of(ChildKind kind) {
  return const_cast<std::optional<ObservedChild>&>(std::as_const(*this).of(kind));
}

namespace {

constexpr std::size_t kErrorsInMessage = 5;

bool is_too_large(const std::vector<model::FieldError>& errors) {
  return errors.size() == 1 && errors[0].path == "spec" &&
         errors[0].message.starts_with("rendered content is");
}

// Every error, up to a few, so `kubectl describe` shows what to fix without a wall of text.
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

bool owned_by(const std::optional<ObservedChild>& child, const model::ObjectMeta& list) {
  return child && child->controller_uid() == list.uid;
}

struct Judged {
  Judgement rendered;
  Judgement available;
};

Judgement judge_ready(const Judged& judged, const model::SiteSpec& site, const std::string& url) {
  if (judged.rendered.status != "True") return judged.rendered;
  if (!site.effective_enabled()) {
    return {"True", reason::kSiteDisabled,
            "rendered; not served because spec.site.enabled is false"};
  }
  if (judged.available.status == "True") {
    return {"True", reason::kAvailable, "serving " + url + " (" + judged.available.message + ")"};
  }
  return {"False", reason::kProgressing, judged.available.message};
}

// Child writes, for an up-to-date content render.
void plan_children(Plan& plan, const model::ReadingList& list, const ObservedChildren& children,
                   const render::Content& content) {
  const auto site = list.spec.effective_site();
  std::vector<std::pair<ChildKind, nlohmann::json>> desired;
  desired.emplace_back(ChildKind::ConfigMap, desired_config_map(list, content));
  if (site.effective_enabled()) {
    desired.emplace_back(ChildKind::Deployment, desired_deployment(list, content));
    desired.emplace_back(ChildKind::Service, desired_service(list));
    if (site.ingress) desired.emplace_back(ChildKind::Ingress, desired_ingress(list));
  }
  const std::string name = model::child_name(list.metadata);
  for (auto& [kind, body] : desired) {
    const auto& observed = children.of(kind);
    if (observed && up_to_date(*observed, body)) continue;
    plan.applies.push_back({kind, name, std::move(body), observed.has_value()});
  }
  for (const ChildKind kind : {ChildKind::Deployment, ChildKind::Service, ChildKind::Ingress}) {
    const bool wanted = site.effective_enabled() && (kind != ChildKind::Ingress || site.ingress);
    if (!wanted && owned_by(children.of(kind), list.metadata)) {
      plan.deletes.push_back({kind, name, children.of(kind)->uid()});
    }
  }
}

// One Event per verb and reconcile ("created ConfigMap x, Deployment x, Service x"), not one per
// child: Events are writes too, and a new list would otherwise cost three of them.
void plan_child_events(Plan& plan) {
  std::string created;
  std::string updated;
  std::string deleted;
  const auto add = [](std::string& message, ChildKind kind, const std::string& name) {
    message += (message.empty() ? "" : ", ") + std::string(to_string(kind)) + " " + name;
  };
  for (const auto& apply : plan.applies)
    add(apply.exists ? updated : created, apply.kind, apply.name);
  for (const auto& del : plan.deletes)
    add(deleted, del.kind, del.name);
  if (!created.empty()) plan.events.push_back({"Normal", "Created", "created " + created});
  if (!updated.empty()) plan.events.push_back({"Normal", "Updated", "updated " + updated});
  if (!deleted.empty()) plan.events.push_back({"Normal", "Deleted", "deleted " + deleted});
}

void plan_events(Plan& plan, const model::ReadingListStatus& before,
                 const model::ReadingListStatus& after) {
  plan_child_events(plan);
  const model::Condition* old_ready = find_condition(before.conditions, condition::kReady);
  const model::Condition* new_ready = find_condition(after.conditions, condition::kReady);
  if (new_ready == nullptr) return;
  const bool changed = old_ready == nullptr || old_ready->status != new_ready->status ||
                       old_ready->reason != new_ready->reason;
  const bool refused =
      new_ready->reason == reason::kInvalidSpec || new_ready->reason == reason::kContentTooLarge;
  if (refused && (changed || old_ready->message != new_ready->message)) {
    plan.events.push_back({"Warning", new_ready->reason, new_ready->message});
  } else if (changed && new_ready->status == "True") {
    plan.events.push_back({"Normal", new_ready->reason, new_ready->message});
  }
}

}  // namespace

Plan plan_reconcile(const model::ReadingList& list, const ObservedChildren& children,
                    std::chrono::system_clock::time_point now) {
  Plan plan;
  // Deletion belongs to the garbage collector (ownerReferences): do not fight it.
  if (list.metadata.deletion_timestamp) return plan;

  const std::string now_text = rfc3339(now);
  const std::int64_t generation = list.metadata.generation;
  const model::ReadingListStatus before = list.status.value_or(model::ReadingListStatus{});
  model::ReadingListStatus status = before;
  status.observed_generation = generation;
  status.entry_count = model::count_entries(list.spec);
  status.section_count = static_cast<std::int64_t>(list.spec.sections.size());
  status.ready_replicas = ready_replicas(children.deployment);
  const auto site = list.spec.effective_site();
  const Judgement site_disabled{"False", reason::kSiteDisabled, "spec.site.enabled is false"};

  Judged judged;
  const auto rendered = render::render_checked(list);
  if (!rendered) {
    // Nothing is written: the last good page stays served until the list is fixed.
    const auto refusal =
        is_too_large(rendered.error()) ? reason::kContentTooLarge : reason::kInvalidSpec;
    judged.rendered = {"False", refusal, describe(rendered.error())};
    judged.available = site.effective_enabled()
                           ? judge_available(children.deployment, before.content_hash.value_or(""),
                                             site.effective_replicas())
                           : site_disabled;
  } else {
    const std::string hash = rendered->hash();
    plan_children(plan, list, children, *rendered);
    const bool content_current =
        children.config_map && children.config_map->data_hash == hash &&
        (plan.applies.empty() || plan.applies.front().kind != ChildKind::ConfigMap);
    judged.rendered =
        content_current
            ? Judgement{"True", reason::kRendered,
                        std::to_string(status.entry_count) + " entries in " +
                            std::to_string(status.section_count) + " sections"}
            : Judgement{"False", reason::kProgressing,
                        "writing the content ConfigMap " + model::child_name(list.metadata)};
    judged.available = site.effective_enabled()
                           ? judge_available(children.deployment, hash, site.effective_replicas())
                           : site_disabled;
    status.content_hash = hash;
    status.url = model::site_url(list);
  }
  set_condition(status.conditions, condition::kReady,
                judge_ready(judged, site, status.url.value_or("")), generation, now_text);
  set_condition(status.conditions, condition::kRendered, judged.rendered, generation, now_text);
  set_condition(status.conditions, condition::kAvailable, judged.available, generation, now_text);
  plan_events(plan, before, status);
  if (!list.status || status != before) plan.status = std::move(status);
  return plan;
}

Plan plan_unreadable(const model::ReadingList& list, const std::string& error,
                     std::chrono::system_clock::time_point now) {
  Plan plan;
  if (list.metadata.deletion_timestamp) return plan;
  const model::ReadingListStatus before = list.status.value_or(model::ReadingListStatus{});
  model::ReadingListStatus status = before;
  status.observed_generation = list.metadata.generation;
  const Judgement refused{"False", reason::kInvalidSpec, error};
  const std::string now_text = rfc3339(now);
  set_condition(status.conditions, condition::kReady, refused, list.metadata.generation, now_text);
  set_condition(status.conditions, condition::kRendered, refused, list.metadata.generation,
                now_text);
  plan_events(plan, before, status);
  if (!list.status || status != before) plan.status = std::move(status);
  return plan;
}

std::optional<model::ReadingListStatus> status_after_api_error(
    const model::ReadingList& list, const std::string& what,
    std::chrono::system_clock::time_point now) {
  model::ReadingListStatus status = list.status.value_or(model::ReadingListStatus{});
  const model::Condition* ready = find_condition(status.conditions, condition::kReady);
  if (ready && ready->reason == reason::kApiError && ready->message == what) return std::nullopt;
  set_condition(status.conditions, condition::kReady, {"False", reason::kApiError, what},
                list.metadata.generation, rfc3339(now));
  return status;
}

}  // namespace rl::reconcile
