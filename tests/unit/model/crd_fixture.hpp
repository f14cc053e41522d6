// Shared by the CRD tests: the generated CRDs as plain JSON, a walk over every schema in one, and
// the check that a copy in crds/ is current.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "../read_file.hpp"
#include "readinglist/model/crd.hpp"

namespace rl::model::testing {

using nlohmann::json;

inline json crd() {
  return json::parse(readinglist_crd().dump());
}
inline json schema() {
  return crd()["spec"]["versions"][0]["schema"]["openAPIV3Schema"];
}
inline json microsite_crd_json() {
  return json::parse(microsite_crd().dump());
}
inline json microsite_schema() {
  return microsite_crd_json()["spec"]["versions"][0]["schema"]["openAPIV3Schema"];
}
inline json microsite_spec_property(const std::string& pointer) {
  return microsite_schema()["properties"]["spec"].at(json::json_pointer(pointer));
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

// Fails, naming the first differing line, unless the file at `path` holds `generated`.
inline void expect_file_is_current(const std::string& path, const std::string& generated) {
  const std::string on_disk = rl::testing::read_file(path);
  if (on_disk == generated) return;
  const auto lines_of = [](const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
      lines.push_back(line);
    return lines;
  };
  const auto disk_lines = lines_of(on_disk);
  const auto generated_lines = lines_of(generated);
  std::size_t line = 0;
  while (line < disk_lines.size() && line < generated_lines.size() &&
         disk_lines[line] == generated_lines[line]) {
    ++line;
  }
  ADD_FAILURE() << path
                << " differs from the generated CRD: run scripts/update-crd and commit the "
                   "result.\nFirst difference at line "
                << line + 1 << ":\n  in crds/:   "
                << (line < disk_lines.size() ? disk_lines[line] : "<end of file>")
                << "\n  generated: "
                << (line < generated_lines.size() ? generated_lines[line] : "<end of file>");
}

}  // namespace rl::model::testing
