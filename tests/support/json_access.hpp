// Reading members of JSON objects without copies: json::value(key, default) returns a copy of the
// member, which for a spec, a schema or a ConfigMap's data is a deep copy of a large tree.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace rl::test_apiserver {

inline const nlohmann::json kNullJson;
inline const nlohmann::json kEmptyObject = nlohmann::json::object();
inline const nlohmann::json kEmptyArray = nlohmann::json::array();

// object[key] if present, else `fallback`; like value(), throws type_error on a non-object.
inline const nlohmann::json& member_or(const nlohmann::json& object, std::string_view key,
                                       const nlohmann::json& fallback) {
  if (!object.is_object()) (void)object.value(std::string(key), fallback);  // throws
  const auto it = object.find(key);
  return it == object.end() ? fallback : *it;
}

}  // namespace rl::test_apiserver
