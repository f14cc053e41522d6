// Field ownership (metadata.managedFields) and server-side apply, simplified as the behaviour
// document allows: maps merge, lists are atomic, owners are tracked per leaf field, conflicts
// are reported in the real server's shape (409, FieldManagerConflict causes).
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "status.hpp"

namespace rl::test_apiserver {

using FieldPath = std::vector<std::string>;
using FieldSet = std::set<FieldPath>;

// Which part of an object a write may touch: the main endpoint of a kind with a status
// subresource leaves .status alone, the /status endpoint touches only .status.
enum class Scope { All, MainOnly, StatusOnly };

// Leaf fields an object sets (maps are walked, lists and scalars are leaves), without the
// fields the server owns (uid, resourceVersion, ...) and apiVersion/kind/name/namespace.
FieldSet leaf_fields(const nlohmann::json& object, Scope scope);
nlohmann::json to_fields_v1(const FieldSet& fields);
FieldSet from_fields_v1(const nlohmann::json& fields_v1);
std::string render_path(const FieldPath& path);  // ".spec.title"

struct Writer {
  std::string manager;
  std::string api_version;
  std::string subresource;  // "" or "status"
  std::string time;         // RFC 3339, seconds
};

// After a create/update/patch: `updated.metadata.managedFields` gets the writer's Update entry
// with the fields it changed; other managers lose those fields. `old` is null on create.
void record_update(nlohmann::json& updated, const nlohmann::json& old, const Writer& writer,
                   Scope scope);

// Server-side apply of `applied` over `live` (null when the object does not exist yet).
// The result carries the updated managedFields; 409 with FieldManagerConflict causes when the
// applier would change a field another manager owns and `force` is false.
Result<nlohmann::json> server_side_apply(const nlohmann::json& live, const nlohmann::json& applied,
                                         const Writer& writer, bool force, Scope scope);

}  // namespace rl::test_apiserver
