// create and update (PUT): the metadata the server owns, status subresource rules,
// generation, optimistic concurrency, finalizers while deleting, validation and defaults.
#include <algorithm>

#include "api_internal.hpp"
#include "json_access.hpp"
#include "schema.hpp"
#include "validation.hpp"

namespace rl::test_apiserver {

using nlohmann::json;

namespace {

Scope write_scope(const ResourceType& type, const std::string& subresource) {
  if (subresource == "status") return Scope::StatusOnly;
  return type.status_subresource ? Scope::MainOnly : Scope::All;
}

Result<void> check_kind(const ResourceType& type, const json& object) {
  if (!object.is_object()) return std::unexpected(bad_request("the body must be a JSON object"));
  std::string api_version = object.value("apiVersion", "");
  if (!api_version.empty() && api_version != type.api_version()) {
    return std::unexpected(bad_request("the API version in the data (" + api_version +
                                       ") does not match the expected API version (" +
                                       type.api_version() + ")"));
  }
  std::string kind = object.value("kind", "");
  if (!kind.empty() && kind != type.kind) {
    return std::unexpected(bad_request("the kind in the data (" + kind +
                                       ") does not match the expected kind (" + type.kind + ")"));
  }
  return {};
}

// Whether the spec-like part of two objects (all but metadata, and status when it is a
// subresource) differs: what a generation bump looks at. Compared in place, without copies.
bool generation_view_differs(const ResourceType& type, const json& a, const json& b) {
  auto ignored = [&](const std::string& key) {
    return key == "metadata" || (type.status_subresource && key == "status");
  };
  if (!a.is_object() || !b.is_object()) return a != b;
  for (const auto& [key, value] : a.items()) {
    if (ignored(key)) continue;
    const auto other = b.find(key);
    if (other == b.end() || *other != value) return true;
  }
  for (const auto& [key, value] : b.items()) {
    if (!ignored(key) && !a.contains(key)) return true;
  }
  return false;
}

void keep_field(json& to, const json& from, const char* field) {
  if (from.contains(field)) {
    to[field] = from[field];
  } else {
    to.erase(field);
  }
}

json crd_status(const json& crd, TimePoint now) {
  json stored_versions = json::array();
  for (const auto& v : member_or(crd["spec"], "versions", kEmptyArray)) {
    if (v.value("storage", false)) stored_versions.push_back(v.value("name", ""));
  }
  std::string t = format_time(now);
  return {{"acceptedNames", member_or(crd["spec"], "names", kEmptyObject)},
          {"storedVersions", stored_versions},
          {"conditions",
           {{{"type", "NamesAccepted"},
             {"status", "True"},
             {"reason", "NoConflicts"},
             {"message", "no conflicts found"},
             {"lastTransitionTime", t}},
            {{"type", "Established"},
             {"status", "True"},
             {"reason", "InitialNamesAccepted"},
             {"message", "the initial names have been accepted"},
             {"lastTransitionTime", t}}}}};
}

}  // namespace

Result<void> ApiServer::validate_and_default(const ResourceType& type, json& object,
                                             const json& old, const WriteOptions& options,
                                             std::vector<std::string>& warnings) {
  apply_builtin_defaults(type, object);
  std::string name = meta_string(object, "name");
  std::vector<FieldCause> causes = validate_metadata(type, object, old);
  if (type.custom && type.schema.is_object()) {
    auto outcome = apply_schema(type.schema, object, patterns_);
    if (!outcome.unknown_fields.empty() && options.field_validation == "Strict") {
      std::string message = "strict decoding error: ";
      for (std::size_t i = 0; i < outcome.unknown_fields.size(); ++i) {
        message += (i ? ", " : "") + std::string("unknown field \"") +
                   outcome.unknown_fields[i].substr(1) + "\"";
      }
      return std::unexpected(bad_request(message));
    }
    if (options.field_validation == "Warn") {
      for (const auto& f : outcome.unknown_fields) {
        warnings.push_back("unknown field \"" + f.substr(1) + "\"");
      }
    }
    causes.insert(causes.end(), outcome.causes.begin(), outcome.causes.end());
  }
  auto kind_causes = validate_kind(type, object, old);
  causes.insert(causes.end(), kind_causes.begin(), kind_causes.end());
  if (type.kind == "CustomResourceDefinition" && type.group == "apiextensions.k8s.io") {
    auto crd = validate_crd(type, object);
    if (!crd) return crd;
  }
  if (!causes.empty()) return std::unexpected(invalid(type, name, causes));
  return {};
}

Result<Written> ApiServer::create_object(const ResourceType& type, const std::string& ns,
                                         json object, const WriteOptions& options, TimePoint now) {
  if (auto ok = check_kind(type, object); !ok) return std::unexpected(ok.error());
  object["apiVersion"] = type.api_version();
  object["kind"] = type.kind;
  if (!object.contains("metadata") || !object["metadata"].is_object()) {
    object["metadata"] = json::object();
  }
  json& meta = object["metadata"];
  if (type.namespaced) {
    std::string body_ns = meta.value("namespace", "");
    if (!body_ns.empty() && body_ns != ns) {
      return std::unexpected(
          bad_request("the namespace of the provided object does not match "
                      "the namespace sent on the request"));
    }
    meta["namespace"] = ns;
  } else {
    meta.erase("namespace");
  }
  if (!meta.value("resourceVersion", "").empty()) {
    return std::unexpected(
        internal_error("resourceVersion should not be set on objects to be created"));
  }
  std::string name = meta.value("name", "");
  if (name.empty() && !meta.value("generateName", "").empty()) {
    std::string prefix = meta.value("generateName", "").substr(0, 58);
    for (int attempt = 0; attempt < 8; ++attempt) {
      name = prefix + random_suffix(5);
      if (!store_.get(type.storage, object_key(ns, name))) break;
    }
    meta["name"] = name;
  }
  if (type.status_subresource && type.kind != "Namespace") object.erase("status");
  meta["uid"] = new_uid();
  meta["creationTimestamp"] = format_time(now);
  for (const char* f :
       {"deletionTimestamp", "deletionGracePeriodSeconds", "resourceVersion", "selfLink"}) {
    meta.erase(f);
  }
  if (type.uses_generation) {
    meta["generation"] = 1;
  } else {
    meta.erase("generation");
  }
  if (!options.managed_fields_done) meta.erase("managedFields");
  if (type.kind == "Namespace") {
    meta["labels"]["kubernetes.io/metadata.name"] = name;
    object["spec"]["finalizers"] = {"kubernetes"};
    object["status"] = {{"phase", "Active"}};
  }
  if (type.kind == "Service" && !object["spec"].contains("clusterIP") &&
      object["spec"].value("type", "ClusterIP") != "ExternalName") {
    std::string ip =
        "10.96." + std::to_string(rng_() % 254 + 1) + "." + std::to_string(rng_() % 254 + 1);
    object["spec"]["clusterIP"] = ip;
    object["spec"]["clusterIPs"] = {ip};
  }

  std::vector<std::string> warnings;
  if (auto ok = validate_and_default(type, object, json(), options, warnings); !ok) {
    return std::unexpected(ok.error());
  }
  if (type.namespaced) {
    auto ns_type = registry_.find("", "v1", "namespaces");
    auto ns_object = store_.get(ns_type->storage, object_key("", ns));
    if (!ns_object) return std::unexpected(not_found(*ns_type, ns));
    if (metadata_of(*ns_object).contains("deletionTimestamp")) {
      std::string message =
          "unable to create new content in namespace " + ns + " because it is being terminated";
      return std::unexpected(
          forbidden(qualified_resource(type) + " \"" + name + "\" is forbidden: " + message,
                    {{"name", name},
                     {"kind", type.plural},
                     {"causes",
                      {{{"reason", "NamespaceTerminating"},
                        {"message", message},
                        {"field", "metadata.namespace"}}}}}));
    }
  }
  if (store_.get(type.storage, object_key(ns, name))) {
    return std::unexpected(already_exists(type, name));
  }
  if (type.kind == "CustomResourceDefinition") object["status"] = crd_status(object, now);
  if (!options.managed_fields_done) {
    record_update(object, json(), options.writer, Scope::All);
  }
  if (options.dry_run) return Written{.stored = nullptr, .object = std::move(object)};
  auto stored = store_.put(type.storage, to_storage(type, std::move(object)));
  after_write(type, stored->value());
  return Written{.stored = std::move(stored), .object = {}};
}

void ApiServer::after_write(const ResourceType& type, const json& stored) {
  if (type.kind == "CustomResourceDefinition" && type.group == "apiextensions.k8s.io" &&
      !metadata_of(stored).contains("deletionTimestamp")) {
    (void)registry_.add_crd(stored);
  }
}

Result<Written> ApiServer::update_object(const ResourceType& type, const std::string& ns,
                                         const std::string& name, json object,
                                         const WriteOptions& options, TimePoint /*now*/) {
  if (auto ok = check_kind(type, object); !ok) return std::unexpected(ok.error());
  auto existing = store_.get_revision(type.storage, object_key(ns, name));
  if (!existing) return std::unexpected(not_found(type, name));
  if (!object.contains("metadata") || !object["metadata"].is_object()) {
    object["metadata"] = json::object();
  }
  json& meta = object["metadata"];
  std::string body_name = meta.value("name", "");
  if (!body_name.empty() && body_name != name) {
    return std::unexpected(bad_request("the name of the object (" + body_name +
                                       ") does not match the name on the URL (" + name + ")"));
  }
  if (type.namespaced && !meta.value("namespace", "").empty() && meta["namespace"] != ns) {
    return std::unexpected(
        bad_request("the namespace of the provided object does not match "
                    "the namespace sent on the request"));
  }
  // The live object as served; the stored one itself when that is the same (no copy).
  const bool old_as_stored = served_as_stored(type, existing->value());
  const json old_converted = old_as_stored ? json() : wire(type, existing->value());
  const json& old = old_as_stored ? existing->value() : old_converted;
  const json& old_meta = old["metadata"];
  std::string body_rv = meta.value("resourceVersion", "");
  if (!body_rv.empty() && body_rv != old_meta.value("resourceVersion", "")) {
    return std::unexpected(stale_conflict(type, name));
  }
  if (body_rv.empty() && options.is_put && !type.allow_unconditional_update) {
    ApiError e = invalid(type, name,
                         {{"FieldValueInvalid", "metadata.resourceVersion",
                           "Invalid value: 0x0: must be specified for an update"}});
    e.message = qualified_resource(type) + " \"" + name +
                "\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified "
                "for an update";
    return std::unexpected(e);
  }
  std::string body_uid = meta.value("uid", "");
  if (!body_uid.empty() && body_uid != old_meta.value("uid", "")) {
    return std::unexpected(conflict(type, name,
                                    "Precondition failed: UID in precondition: " + body_uid +
                                        ", UID in object meta: " + old_meta.value("uid", "")));
  }

  const std::string& sub = options.writer.subresource;
  json next;
  if (sub == "status") {
    next = old;
    keep_field(next, object, "status");
  } else {
    next = std::move(object);
    next["apiVersion"] = type.api_version();
    next["kind"] = type.kind;
    json& m = next["metadata"];
    m["name"] = name;
    if (type.namespaced) m["namespace"] = ns;
    for (const char* f : {"uid", "creationTimestamp", "deletionTimestamp",
                          "deletionGracePeriodSeconds", "generation", "resourceVersion"}) {
      keep_field(m, old_meta, f);
    }
    if (!options.managed_fields_done) keep_field(m, old_meta, "managedFields");
    m.erase("selfLink");
    if (type.status_subresource) keep_field(next, old, "status");
    if (type.kind == "Service" && next["spec"].is_object() && old.contains("spec")) {
      // Allocated values survive an update that does not mention them.
      for (const char* f : {"clusterIP", "clusterIPs"}) {
        if (!next["spec"].contains(f) && old["spec"].contains(f)) next["spec"][f] = old["spec"][f];
      }
    }
  }
  if (old_meta.contains("deletionTimestamp")) {
    auto old_finalizers = member_or(old_meta, "finalizers", kEmptyArray);
    json added = json::array();
    for (const auto& f : member_or(metadata_of(next), "finalizers", kEmptyArray)) {
      if (std::ranges::find(old_finalizers, f) == old_finalizers.end()) added.push_back(f);
    }
    if (!added.empty()) {
      std::string list;
      for (const auto& f : added)
        list += (list.empty() ? "" : ", ") + f.dump();
      return std::unexpected(invalid(
          type, name,
          {{"FieldValueForbidden", "metadata.finalizers",
            "Forbidden: no new finalizers can be added if the object is being deleted, found new "
            "finalizers []string{" +
                list + "}"}}));
    }
  }
  std::vector<std::string> warnings;
  if (auto ok = validate_and_default(type, next, old, options, warnings); !ok) {
    return std::unexpected(ok.error());
  }
  if (type.uses_generation && generation_view_differs(type, next, old)) {
    next["metadata"]["generation"] = old_meta.value("generation", std::int64_t{0}) + 1;
  }
  if (!options.managed_fields_done) {
    record_update(next, old, options.writer, write_scope(type, sub));
  }
  if (next == old) {  // nothing changed: no new RV, no event
    if (old_as_stored) return Written{.stored = existing, .object = {}};
    return Written{.stored = nullptr, .object = old};
  }
  if (options.dry_run) return Written{.stored = nullptr, .object = std::move(next)};
  if (metadata_of(next).contains("deletionTimestamp") &&
      member_or(metadata_of(next), "finalizers", kEmptyArray).empty() && type.kind != "Namespace") {
    // The update that removes the last finalizer deletes the object (one DELETED event).
    auto deleted = finish_delete(type, object_key(ns, name));
    return Written{.stored = nullptr, .object = wire(type, *deleted)};
  }
  auto stored = store_.put(type.storage, to_storage(type, std::move(next)));
  after_write(type, stored->value());
  return Written{.stored = std::move(stored), .object = {}};
}

}  // namespace rl::test_apiserver
