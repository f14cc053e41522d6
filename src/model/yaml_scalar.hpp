// Private to the YAML reader: what a plain (unquoted) scalar means under the YAML 1.2 core
// schema, the schema Kubernetes users expect (`2019` is a number, `yes` is a string).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace rl::model::detail {

// null (`~`, `null`, empty), a boolean (`true`/`false` in three casings), an integer (decimal,
// `0o17`, `0x1F`), a float (`1.5`, `1e3`, `.inf`, `.nan`; out of range becomes infinite), or
// else the string itself. Integers beyond 64 bits become floats.
nlohmann::json resolve_plain_scalar(std::string_view text);

}  // namespace rl::model::detail
