// Reconcile as a pure function: (the ReadingList, the children seen in the cache, now) -> what
// to apply, what to delete, the status to write and the Events to record. A list that has
// converged gives an empty plan, so it costs no API writes. The runtime only carries it out.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "readinglist/model/types.hpp"
#include "readinglist/reconcile/children.hpp"
#include "readinglist/reconcile/observed.hpp"

namespace rl::reconcile {

struct ObservedChildren {
  std::optional<ObservedChild> config_map;
  std::optional<ObservedChild> deployment;
  std::optional<ObservedChild> service;
  std::optional<ObservedChild> ingress;

  const std::optional<ObservedChild>& of(ChildKind kind) const;
  std::optional<ObservedChild>& of(ChildKind kind);
};

struct ApplyChild {
  ChildKind kind;
  std::string name;
  nlohmann::json body;  // a complete apply configuration
  // The cache shows the child (ours, by its label): an update, applied with force; else a
  // creation, applied without force so that a same-named object of someone else is refused.
  bool exists = false;
};

struct DeleteChild {
  ChildKind kind;
  std::string name;
  std::string uid;  // delete precondition: never remove an object that replaced ours
};

struct EventRecord {
  std::string type;  // Normal | Warning
  std::string reason;
  std::string message;
  friend bool operator==(const EventRecord&, const EventRecord&) = default;
};

// What one reconcile of a readinglist.dev object writes; `Status` is its kind's status type
// (a ReadingList's here, a Microsite's in microsite.hpp).
template <class Status>
struct BasicPlan {
  std::vector<ApplyChild> applies;
  std::vector<DeleteChild> deletes;
  std::optional<Status> status;  // only when it differs from the object's
  std::vector<EventRecord> events;

  bool empty() const { return applies.empty() && deletes.empty() && !status && events.empty(); }
};

using Plan = BasicPlan<model::ReadingListStatus>;

Plan plan_reconcile(const model::ReadingList& list, const ObservedChildren& children,
                    std::chrono::system_clock::time_point now);

// For a list whose spec could not even be decoded (e.g. a field this operator does not know):
// Ready and Rendered False with reason InvalidSpec and `error`; no child is touched.
Plan plan_unreadable(const model::ReadingList& list, const std::string& error,
                     std::chrono::system_clock::time_point now);

// The status after a failed API call on `what` (e.g. "apply Deployment x-site: 500 ..."):
// Ready=False, reason ApiError, everything else as the list has it. Empty when the status
// already says so.
std::optional<model::ReadingListStatus> status_after_api_error(
    const model::ReadingList& list, const std::string& what,
    std::chrono::system_clock::time_point now);

}  // namespace rl::reconcile
