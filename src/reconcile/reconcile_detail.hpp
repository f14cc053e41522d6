// Shared by the reconcile sources: metadata and selectors every child carries.
#pragma once

#include <nlohmann/json.hpp>

#include "readinglist/model/types.hpp"

namespace rl::reconcile::detail {

// name, namespace, the standard labels and the controller ownerReference to the list.
nlohmann::json child_metadata(const model::ObjectMeta& list);

// The labels that pick a list's pods: stable for the life of the list, because a
// Deployment's selector cannot change.
nlohmann::json selector_labels(const model::ObjectMeta& list);

}  // namespace rl::reconcile::detail
