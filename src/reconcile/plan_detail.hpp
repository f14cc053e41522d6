// The steps of a plan that a ReadingList and a Microsite share: which desired children need an
// apply, which owned children a delete, the Events, the conditions, and the refusals (an
// unreadable spec, a failed API call), over either kind's status and plan types.
#pragma once

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "readinglist/model/errors.hpp"
#include "readinglist/reconcile/plan.hpp"
#include "readinglist/reconcile/status.hpp"

namespace rl::reconcile::detail {

// Every error, up to a few, so `kubectl describe` shows what to fix without a wall of text.
std::string describe(const std::vector<model::FieldError>& errors);

// Ready from Rendered and Available, for a site that is served at `url`.
Judgement judge_served(const Judgement& rendered, const Judgement& available,
                       const std::string& url);

// Applies for the desired children (kind, body; named by their metadata) that the cache does not
// already show as they are.
void plan_applies(std::vector<ApplyChild>& applies,
                  std::vector<std::pair<ChildKind, nlohmann::json>> desired,
                  const ObservedChildren& children);

// Deletes for the children of `unwanted` kinds that `owner` controls; another owner's object of
// the same name is never touched.
void plan_deletes(std::vector<DeleteChild>& deletes, const ObservedChildren& children,
                  std::initializer_list<ChildKind> unwanted, const std::string& name,
                  const model::ObjectMeta& owner);

// The content ConfigMap holds `hash` and no apply of it is planned.
bool content_current(const ObservedChildren& children, const std::vector<ApplyChild>& applies,
                     const std::string& hash);

// One Event per verb for the child writes, a Warning when the spec is refused (again, with a new
// message) and a Normal Event when Ready turns True.
void plan_events(const std::vector<ApplyChild>& applies, const std::vector<DeleteChild>& deletes,
                 const std::vector<model::Condition>& before,
                 const std::vector<model::Condition>& after, std::vector<EventRecord>& events);

void set_conditions(std::vector<model::Condition>& conditions, const Judgement& ready,
                    const Judgement& rendered, const Judgement& available, std::int64_t generation,
                    std::chrono::system_clock::time_point now);

// The Events, and the status when it differs from the stored one (or none is stored yet).
template <class PlanT, class Status>
void finish(PlanT& plan, const std::optional<Status>& stored, const Status& before, Status after) {
  plan_events(plan.applies, plan.deletes, before.conditions, after.conditions, plan.events);
  if (!stored || after != before) plan.status = std::move(after);
}

// For an object whose spec could not be decoded: Ready and Rendered False, InvalidSpec.
template <class PlanT, class Object>
PlanT plan_unreadable_of(const Object& object, const std::string& error,
                         std::chrono::system_clock::time_point now) {
  PlanT plan;
  if (object.metadata.deletion_timestamp) return plan;
  const auto before = object.status.value_or(typename decltype(Object::status)::value_type{});
  auto status = before;
  const std::int64_t generation = object.metadata.generation;
  status.observed_generation = generation;
  const Judgement refused{"False", reason::kInvalidSpec, error};
  const std::string now_text = rfc3339(now);
  set_condition(status.conditions, condition::kReady, refused, generation, now_text);
  set_condition(status.conditions, condition::kRendered, refused, generation, now_text);
  finish(plan, object.status, before, std::move(status));
  return plan;
}

// Ready=False ApiError naming `what`; empty when the status already says so.
template <class Object>
auto status_after_api_error_of(const Object& object, const std::string& what,
                               std::chrono::system_clock::time_point now)
    -> std::optional<typename decltype(Object::status)::value_type> {
  auto status = object.status.value_or(typename decltype(Object::status)::value_type{});
  const model::Condition* ready = find_condition(status.conditions, condition::kReady);
  if (ready && ready->reason == reason::kApiError && ready->message == what) return std::nullopt;
  set_condition(status.conditions, condition::kReady, {"False", reason::kApiError, what},
                object.metadata.generation, rfc3339(now));
  return status;
}

}  // namespace rl::reconcile::detail
