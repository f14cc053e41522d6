// The structural OpenAPI v3 schema of a CRD version applied to a custom resource as the real
// server does before storing it: prune unknown fields, apply defaults, then validate types,
// required, enum, pattern, lengths, item counts and bounds. CEL rules
// (x-kubernetes-validations) are not evaluated.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "status.hpp"

namespace rl::test_apiserver {

struct SchemaOutcome {
  std::vector<FieldCause> causes;
  std::vector<std::string> unknown_fields;  // pruned: ".spec.foo"
};

// The schemas' `pattern`s, compiled once: compiling a std::regex for every string checked was
// most of the cost of a write of a ReadingList. Not thread-safe (the server's lock guards it).
class PatternCache {
 public:
  // Null when std::regex cannot compile the pattern (RE2-only syntax: not checked).
  const std::regex* find(const std::string& pattern);

 private:
  std::map<std::string, std::optional<std::regex>, std::less<>> compiled_;
};

// `object` is a whole custom resource; metadata, apiVersion and kind are left alone.
SchemaOutcome apply_schema(const nlohmann::json& schema, nlohmann::json& object,
                           PatternCache& patterns);

}  // namespace rl::test_apiserver
