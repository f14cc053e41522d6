// What the operator keeps of a child it saw in the cache, and "does this child already have
// every field we would apply?", the question that makes a converged list cost zero writes.
// Pure.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "readinglist/reconcile/children.hpp"

namespace rl::reconcile {

// A child as cached: the object without managedFields (the largest part of most objects) and,
// for a ConfigMap, without its data: the operator watches ConfigMaps as metadata only, and their
// data is known by a digest (the content-hash annotation our apply wrote, unless managedFields
// show that someone else has written to the data since), so no page is downloaded or held.
struct ObservedChild {
  nlohmann::json object;
  std::optional<std::string> data_hash;  // ConfigMaps only

  const nlohmann::json& metadata() const;
  std::string uid() const;
  // The ReadingList uid of its controller ownerReference, if any.
  std::optional<std::string> controller_uid() const;
};

// `object` is a whole child, or for a ConfigMap also its PartialObjectMetadata (with
// managedFields: they tell whether the data is still ours).
ObservedChild observe(ChildKind kind, nlohmann::json object);

// True when every field `desired` sets holds the same value in `observed`; fields the server
// or other managers added are ignored. Lists must match element by element.
bool satisfies(const nlohmann::json& observed, const nlohmann::json& desired);

// satisfies() for a whole child; a ConfigMap's data is compared through its hash.
bool up_to_date(const ObservedChild& observed, const nlohmann::json& desired);

}  // namespace rl::reconcile
