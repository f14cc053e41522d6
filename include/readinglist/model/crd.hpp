// The ReadingList CustomResourceDefinition, generated from the same definitions the validator
// uses (limits.hpp, kEntryTypeNames, ...). `readinglist-operator crd` prints it; crds/ holds a
// copy that a test keeps identical.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace rl::model {

// apiextensions.k8s.io/v1 CustomResourceDefinition readinglists.readinglist.dev. Ordered, so the
// YAML keeps the order people read a CRD in (apiVersion, kind, metadata, spec; description first).
nlohmann::ordered_json readinglist_crd();

// The same, as the YAML document written to crds/readinglist.dev_readinglists.yaml
// (deterministic: same build, same bytes).
std::string readinglist_crd_yaml();

}  // namespace rl::model
