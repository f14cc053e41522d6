// plan_microsite: validate, render the index over the selection, compare with the cache, judge
// the conditions and name the Events, through the same steps as a list's plan (plan_detail.hpp).
#include "plan_detail.hpp"
#include "readinglist/model/limits.hpp"
#include "readinglist/model/microsite_names.hpp"
#include "readinglist/model/microsite_validate.hpp"
#include "readinglist/reconcile/microsite.hpp"
#include "readinglist/reconcile/status.hpp"
#include "readinglist/render/microsite.hpp"

namespace rl::reconcile {
namespace {

std::string lists(std::int64_t count) {
  return std::to_string(count) + (count == 1 ? " list" : " lists");
}

// "3 lists on the index", and how many selected lists are left out for being invalid (each
// list's own status says why).
std::string rendered_message(const model::MicrositeListCounts& counts) {
  std::string message = lists(counts.valid) + " on the index";
  if (counts.selected > counts.valid) {
    message +=
        " (" + std::to_string(counts.selected - counts.valid) + " selected left out as invalid)";
  }
  return message;
}

// The index must fit in its ConfigMap like a list's page; the lists' own files are not in it.
std::vector<model::FieldError> too_large(const render::Content& content) {
  const std::size_t size = content.total_bytes();
  if (size <= model::limits::kContentMax) return {};
  return {{"spec", "rendered index is " + std::to_string(size) + " bytes, over the limit of " +
                       std::to_string(model::limits::kContentMax) +
                       " bytes (the index ConfigMap must fit in 1 MiB)"}};
}

void plan_children(MicrositePlan& plan, const model::Microsite& microsite,
                   const Selection& selection, const ObservedChildren& children,
                   const render::Content& content) {
  const auto site = microsite.spec.effective_site();
  std::vector<std::pair<ChildKind, nlohmann::json>> desired;
  desired.emplace_back(ChildKind::ConfigMap, desired_microsite_config_map(microsite, content));
  desired.emplace_back(ChildKind::Deployment,
                       desired_microsite_deployment(microsite, content, selection));
  desired.emplace_back(ChildKind::Service, desired_microsite_service(microsite));
  if (site.ingress) desired.emplace_back(ChildKind::Ingress, desired_microsite_ingress(microsite));
  detail::plan_applies(plan.applies, std::move(desired), children);
  if (!site.ingress) {
    detail::plan_deletes(plan.deletes, children, {ChildKind::Ingress},
                         model::microsite_child_name(microsite.metadata), microsite.metadata);
  }
}

}  // namespace

MicrositePlan plan_microsite(const model::Microsite& microsite, const Selection& selection,
                             const ObservedChildren& children,
                             std::chrono::system_clock::time_point now) {
  MicrositePlan plan;
  // Deletion belongs to the garbage collector (ownerReferences): do not fight it.
  if (microsite.metadata.deletion_timestamp) return plan;

  const std::int64_t generation = microsite.metadata.generation;
  const model::MicrositeStatus before = microsite.status.value_or(model::MicrositeStatus{});
  model::MicrositeStatus status = before;
  status.observed_generation = generation;
  status.lists = selection.counts;
  status.ready_replicas = ready_replicas(children.deployment);
  const std::int64_t replicas = microsite.spec.effective_site().effective_replicas();

  Judgement rendered;
  Judgement available;
  auto errors = model::validate(microsite);
  std::optional<render::Content> content;
  if (errors.empty()) {
    content = render::render_microsite(microsite, selection.lists);
    errors = too_large(*content);
  }
  if (!errors.empty()) {
    // Nothing is written: the last good site stays served until the microsite is fixed.
    rendered = {"False", content ? reason::kContentTooLarge : reason::kInvalidSpec,
                detail::describe(errors)};
    available = judge_available(children.deployment, before.content_hash.value_or(""), replicas);
  } else {
    const std::string hash = content->hash();
    plan_children(plan, microsite, selection, children, *content);
    rendered = detail::content_current(children, plan.applies, hash)
                   ? Judgement{"True", reason::kRendered, rendered_message(selection.counts)}
                   : Judgement{"False", reason::kProgressing,
                               "writing the index ConfigMap " +
                                   model::microsite_index_name(microsite.metadata)};
    available = judge_available(children.deployment, hash, replicas);
    status.content_hash = hash;
    status.url = model::microsite_url(microsite);
  }
  detail::set_conditions(status.conditions,
                         detail::judge_served(rendered, available, status.url.value_or("")),
                         rendered, available, generation, now);
  detail::finish(plan, microsite.status, before, std::move(status));
  return plan;
}

MicrositePlan plan_unreadable_microsite(const model::Microsite& microsite, const std::string& error,
                                        std::chrono::system_clock::time_point now) {
  return detail::plan_unreadable_of<MicrositePlan>(microsite, error, now);
}

std::optional<model::MicrositeStatus> microsite_status_after_api_error(
    const model::Microsite& microsite, const std::string& what,
    std::chrono::system_clock::time_point now) {
  return detail::status_after_api_error_of(microsite, what, now);
}

}  // namespace rl::reconcile
