// The three non-apply patch formats of PATCH: JSON merge patch (RFC 7386), JSON patch
// (RFC 6902) and the strategic merge patch kubectl sends for built-in kinds, with the merge
// keys of the fields those kinds use and the $patch/$retainKeys/$setElementOrder directives.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "status.hpp"

namespace rl::test_apiserver {

nlohmann::json merge_patch(nlohmann::json target, const nlohmann::json& patch);

// 400 for a malformed patch, 413 over 10,000 operations, 422 when an operation fails.
Result<nlohmann::json> json_patch(nlohmann::json target, const nlohmann::json& operations);

// 400 for a malformed patch (an unknown $patch directive, a non-object patch).
Result<nlohmann::json> strategic_merge_patch(nlohmann::json target, const nlohmann::json& patch);

}  // namespace rl::test_apiserver
