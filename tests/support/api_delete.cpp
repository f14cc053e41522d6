// DELETE of one object or a collection: preconditions, propagation policy finalizers,
// deletionTimestamp while finalizers remain, and what removal implies for CRDs.
#include <algorithm>

#include "api_internal.hpp"
#include "json_access.hpp"

namespace rl::test_apiserver {

using nlohmann::json;

namespace {

Result<json> delete_options(const Request& request) {
  json options = json::object();
  if (request.body.find_first_not_of(" \t\r\n") != std::string::npos) {
    auto body = parse_body(request.body, false);
    if (!body) return body;
    if (!body->is_object()) return std::unexpected(bad_request("DeleteOptions must be an object"));
    options = std::move(*body);
  } else {
    if (auto p = query_value(request, "propagationPolicy"); !p.empty()) {
      options["propagationPolicy"] = p;
    }
    if (auto o = query_value(request, "orphanDependents"); !o.empty()) {
      options["orphanDependents"] = o == "true";
    }
  }
  std::string policy = options.value("propagationPolicy", "");
  if (!policy.empty() && policy != "Foreground" && policy != "Background" && policy != "Orphan") {
    return std::unexpected(invalid_options(
        "DeleteOptions", {{"FieldValueNotSupported", "propagationPolicy",
                           "Unsupported value: " + json(policy).dump() +
                               ": supported values: \"Foreground\", \"Background\", "
                               "\"Orphan\", \"nil\""}}));
  }
  return options;
}

}  // namespace

ObjectPtr ApiServer::finish_delete(const ResourceType& type, const std::string& key) {
  auto stored = store_.get(type.storage, key);
  if (!stored) return nullptr;
  if (type.kind == "CustomResourceDefinition" && type.group == "apiextensions.k8s.io") {
    // Deleting a CRD deletes every object of it.
    const json& spec = (*stored)["spec"];
    std::string storage = spec["names"].value("plural", "") + "." + spec.value("group", "");
    for (const auto& object : store_.list(storage, "")) {
      const auto& meta = metadata_of(*object);
      store_.remove(storage, object_key(meta.value("namespace", ""), meta.value("name", "")));
    }
    registry_.remove_crd(*stored);
  }
  return store_.remove(type.storage, key);
}

Result<json> ApiServer::delete_object(const ResourceType& type, const std::string& key,
                                      const json& options, bool dry_run, TimePoint now,
                                      bool* removed) {
  *removed = false;
  auto existing = store_.get(type.storage, key);
  std::string name = key.substr(key.find('/') + 1);
  if (!existing) return std::unexpected(not_found(type, name));
  json object = wire(type, *existing);
  json& meta = object["metadata"];
  const auto& pre = member_or(options, "preconditions", kEmptyObject);
  if (auto uid = pre.value("uid", ""); !uid.empty() && uid != meta.value("uid", "")) {
    return std::unexpected(conflict(type, name,
                                    "Precondition failed: UID in precondition: " + uid +
                                        ", UID in object meta: " + meta.value("uid", "")));
  }
  if (auto rv = pre.value("resourceVersion", "");
      !rv.empty() && rv != meta.value("resourceVersion", "")) {
    return std::unexpected(
        conflict(type, name,
                 "Precondition failed: ResourceVersion in precondition: " + rv +
                     ", ResourceVersion in object meta: " + meta.value("resourceVersion", "")));
  }
  if (meta.contains("deletionTimestamp")) return object;  // already being deleted

  json finalizers = member_or(meta, "finalizers", kEmptyArray);
  std::string policy = options.value("propagationPolicy", "");
  if (policy.empty() && options.value("orphanDependents", false)) policy = "Orphan";
  auto add = [&](const char* f) {
    if (std::ranges::find(finalizers, json(f)) == finalizers.end()) finalizers.push_back(f);
  };
  if (policy == "Foreground") add("foregroundDeletion");
  if (policy == "Orphan") add("orphan");
  bool is_namespace = type.kind == "Namespace" && type.group.empty();
  if (finalizers.empty() && !is_namespace) {
    if (dry_run) return object;
    *removed = true;
    auto deleted = finish_delete(type, key);
    return wire(type, *deleted);
  }
  // Finalizers (or a namespace's contents) remain: mark the object and keep it.
  if (!finalizers.empty()) meta["finalizers"] = finalizers;
  meta["deletionTimestamp"] = format_time(now);
  meta["deletionGracePeriodSeconds"] = 0;
  if (type.uses_generation && meta.value("generation", std::int64_t{0}) > 0) {
    meta["generation"] = meta.value("generation", std::int64_t{0}) + 1;
  }
  if (is_namespace) object["status"]["phase"] = "Terminating";
  if (dry_run) return object;
  meta.erase("resourceVersion");
  auto stored = store_.put(type.storage, to_storage(type, std::move(object)));
  return wire(type, stored->value());
}

Result<Response> ApiServer::remove(const Route& r, const Request& request, TimePoint now) {
  if (!r.subresource.empty()) {
    return std::unexpected(
        method_not_allowed("the server does not allow this method on the "
                           "requested resource"));
  }
  auto options = delete_options(request);
  if (!options) return std::unexpected(options.error());
  bool dry_run = query_value(request, "dryRun") == "All" ||
                 options->value("dryRun", json::array()).dump().find("All") != std::string::npos;
  bool removed = false;
  auto result = delete_object(*r.type, object_key(r.ns, r.name), *options, dry_run, now, &removed);
  if (!result) return std::unexpected(result.error());
  if (removed) {
    return json_response(200, success_status(*r.type, r.name, meta_string(*result, "uid")));
  }
  return json_response(200, *result);
}

Result<Response> ApiServer::remove_collection(const Route& r, const Request& request,
                                              TimePoint now) {
  auto options = delete_options(request);
  if (!options) return std::unexpected(options.error());
  auto labels = LabelSelector::parse(query_value(request, "labelSelector"));
  if (!labels) return std::unexpected(labels.error());
  auto fields =
      FieldSelector::parse(query_value(request, "fieldSelector"), r.type->selectable_fields);
  if (!fields) return std::unexpected(fields.error());
  WatchFilter filter{.ns = r.ns, .labels = std::move(*labels), .fields = std::move(*fields)};
  json items = json::array();
  for (const auto& stored : store_.list(r.type->storage, r.ns)) {
    json object = wire(*r.type, *stored);
    if (!filter.matches(object)) continue;
    bool removed = false;
    auto result = delete_object(
        *r.type, object_key(meta_string(object, "namespace"), meta_string(object, "name")),
        *options, query_value(request, "dryRun") == "All", now, &removed);
    if (result) items.push_back(*result);
  }
  return json_response(200, {{"kind", r.type->list_kind},
                             {"apiVersion", r.type->api_version()},
                             {"metadata", json::object()},
                             {"items", items}});
}

}  // namespace rl::test_apiserver
