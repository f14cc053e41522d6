// plan_reconcile: render, compare with the cache, judge the conditions, name the Events.
#include "readinglist/reconcile/plan.hpp"

#include "plan_detail.hpp"
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

bool is_too_large(const std::vector<model::FieldError>& errors) {
  return errors.size() == 1 && errors[0].path == "spec" &&
         errors[0].message.starts_with("rendered content is");
}

struct Judged {
  Judgement rendered;
  Judgement available;
};

Judgement judge_ready(const Judged& judged, const model::SiteSpec& site, const std::string& url) {
  if (judged.rendered.status == "True" && !site.effective_enabled()) {
    return {"True", reason::kSiteDisabled,
            "rendered; not served because spec.site.enabled is false"};
  }
  return detail::judge_served(judged.rendered, judged.available, url);
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
  detail::plan_applies(plan.applies, std::move(desired), children);
  const std::string name = model::child_name(list.metadata);
  if (!site.effective_enabled()) {
    detail::plan_deletes(plan.deletes, children,
                         {ChildKind::Deployment, ChildKind::Service, ChildKind::Ingress}, name,
                         list.metadata);
  } else if (!site.ingress) {
    detail::plan_deletes(plan.deletes, children, {ChildKind::Ingress}, name, list.metadata);
  }
}

}  // namespace

Plan plan_reconcile(const model::ReadingList& list, const ObservedChildren& children,
                    std::chrono::system_clock::time_point now) {
  Plan plan;
  // Deletion belongs to the garbage collector (ownerReferences): do not fight it.
  if (list.metadata.deletion_timestamp) return plan;

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
    judged.rendered = {"False", refusal, detail::describe(rendered.error())};
    judged.available = site.effective_enabled()
                           ? judge_available(children.deployment, before.content_hash.value_or(""),
                                             site.effective_replicas())
                           : site_disabled;
  } else {
    const std::string hash = rendered->hash();
    plan_children(plan, list, children, *rendered);
    judged.rendered =
        detail::content_current(children, plan.applies, hash)
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
  detail::set_conditions(status.conditions, judge_ready(judged, site, status.url.value_or("")),
                         judged.rendered, judged.available, generation, now);
  detail::finish(plan, list.status, before, std::move(status));
  return plan;
}

Plan plan_unreadable(const model::ReadingList& list, const std::string& error,
                     std::chrono::system_clock::time_point now) {
  return detail::plan_unreadable_of<Plan>(list, error, now);
}

std::optional<model::ReadingListStatus> status_after_api_error(
    const model::ReadingList& list, const std::string& what,
    std::chrono::system_clock::time_point now) {
  return detail::status_after_api_error_of(list, what, now);
}

}  // namespace rl::reconcile
