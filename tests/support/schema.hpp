// The structural OpenAPI v3 schema of a CRD version applied to a custom resource as the real
// server does before storing it: prune unknown fields, apply defaults, then validate types,
// required, enum, pattern, lengths, item counts and bounds. CEL rules
// (x-kubernetes-validations) are not evaluated.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "status.hpp"

namespace rl::test_apiserver {

struct SchemaOutcome {
  std::vector<FieldCause> causes;
  std::vector<std::string> unknown_fields;  // pruned: ".spec.foo"
};

// `object` is a whole custom resource; metadata, apiVersion and kind are left alone.
SchemaOutcome apply_schema(const nlohmann::json& schema, nlohmann::json& object);

}  // namespace rl::test_apiserver
