// Shared by the CRD tests: the generated CRD as plain JSON, and a walk over every schema in it.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "readinglist/model/crd.hpp"

namespace rl::model::testing {

using nlohmann::json;

inline json crd() {
  return json::parse(readinglist_crd().dump());
}
inline json schema() {
  return crd()["spec"]["versions"][0]["schema"]["openAPIV3Schema"];
}
inline json spec_property(const std::string& pointer) {
  return schema()["properties"]["spec"].at(json::json_pointer(pointer));
}

// Calls `visit(path, schema)` for every property schema, at every depth, and for array items and
// map values (whose path ends in "[]" or "{}").
inline void walk(const json& node, const std::string& path,
                 const std::function<void(const std::string&, const json&)>& visit) {
  visit(path, node);
  if (node.contains("properties")) {
    for (const auto& [name, property] : node["properties"].items()) {
      walk(property, path + "." + name, visit);
    }
  }
  if (node.contains("items")) walk(node["items"], path + "[]", visit);
  if (node.contains("additionalProperties") && node["additionalProperties"].is_object()) {
    walk(node["additionalProperties"], path + "{}", visit);
  }
}

// apiVersion, kind and metadata: their schema is the API server's, not ours.
inline bool is_envelope(const std::string& path) {
  return path == ".apiVersion" || path == ".kind" || path == ".metadata";
}

}  // namespace rl::model::testing
