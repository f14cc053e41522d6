#include "resources.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace rl::test_apiserver {

using nlohmann::json;

namespace {

ResourceType builtin(std::string group, std::string version, std::string plural,
                     std::string singular, std::string kind, bool namespaced) {
  ResourceType t;
  t.group = std::move(group);
  t.version = std::move(version);
  t.plural = std::move(plural);
  t.singular = std::move(singular);
  t.kind = kind;
  t.list_kind = kind + "List";
  t.namespaced = namespaced;
  t.storage = t.plural + "." + t.group;
  return t;
}

std::string key(std::string_view group, std::string_view version, std::string_view plural) {
  return std::string(group) + "/" + std::string(version) + "/" + std::string(plural);
}

std::vector<std::string> strings(const json& list) {
  std::vector<std::string> out;
  if (!list.is_array()) return out;
  for (const auto& item : list) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::string str(const json& object, const char* field) {
  auto it = object.find(field);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Registry::Registry() {
  auto ns = builtin("", "v1", "namespaces", "namespace", "Namespace", false);
  ns.status_subresource = true;
  ns.short_names = {"ns"};
  add(ns);
  auto cm = builtin("", "v1", "configmaps", "configmap", "ConfigMap", true);
  cm.short_names = {"cm"};
  add(cm);
  auto secret = builtin("", "v1", "secrets", "secret", "Secret", true);
  add(secret);
  auto svc = builtin("", "v1", "services", "service", "Service", true);
  svc.status_subresource = true;
  svc.short_names = {"svc"};
  svc.categories = {"all"};
  add(svc);
  auto ev = builtin("", "v1", "events", "event", "Event", true);
  ev.short_names = {"ev"};
  ev.storage = "events";
  ev.selectable_fields = {"involvedObject.kind",
                          "involvedObject.namespace",
                          "involvedObject.name",
                          "involvedObject.uid",
                          "involvedObject.apiVersion",
                          "involvedObject.resourceVersion",
                          "involvedObject.fieldPath",
                          "reason",
                          "reportingComponent",
                          "source",
                          "type"};
  add(ev);
  auto deploy = builtin("apps", "v1", "deployments", "deployment", "Deployment", true);
  deploy.status_subresource = true;
  deploy.uses_generation = true;
  deploy.short_names = {"deploy"};
  deploy.categories = {"all"};
  add(deploy);
  auto ing = builtin("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true);
  ing.status_subresource = true;
  ing.uses_generation = true;
  ing.short_names = {"ing"};
  add(ing);
  auto lease = builtin("coordination.k8s.io", "v1", "leases", "lease", "Lease", true);
  lease.allow_unconditional_update = false;
  lease.allow_create_on_update = true;
  add(lease);
  auto events = builtin("events.k8s.io", "v1", "events", "event", "Event", true);
  events.storage = "events";
  events.short_names = {"ev"};
  events.selectable_fields = {
      "regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid", "reason", "type"};
  add(events);
  // What manifests/ installs besides the operator's own kinds, so `kubectl apply -k` works.
  auto sa = builtin("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true);
  sa.short_names = {"sa"};
  add(sa);
  add(builtin("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole",
              false));
  add(builtin("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding",
              "ClusterRoleBinding", false));
  add(builtin("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true));
  add(builtin("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding",
              true));
  auto pdb = builtin("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget",
                     "PodDisruptionBudget", true);
  pdb.status_subresource = true;
  pdb.uses_generation = true;
  pdb.short_names = {"pdb"};
  add(pdb);
  auto crd = builtin("apiextensions.k8s.io", "v1", "customresourcedefinitions",
                     "customresourcedefinition", "CustomResourceDefinition", false);
  crd.status_subresource = true;
  crd.uses_generation = true;
  crd.short_names = {"crd", "crds"};
  add(crd);
}

void Registry::add(ResourceType type) {
  auto k = key(type.group, type.version, type.plural);
  if (!types_.contains(k)) order_.push_back(k);
  types_[k] = std::make_shared<const ResourceType>(std::move(type));
}

TypePtr Registry::find(std::string_view group, std::string_view version,
                       std::string_view plural) const {
  auto it = types_.find(key(group, version, plural));
  return it == types_.end() ? nullptr : it->second;
}

TypePtr Registry::find_kind(std::string_view api_version, std::string_view kind) const {
  for (const auto& k : order_) {
    const auto& t = types_.at(k);
    if (t->kind == kind && t->api_version() == api_version) return t;
  }
  return nullptr;
}

std::vector<TypePtr> Registry::all() const {
  std::vector<TypePtr> out;
  for (const auto& k : order_)
    out.push_back(types_.at(k));
  return out;
}

std::vector<std::pair<std::string, std::string>> Registry::group_versions() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& t : all()) {
    std::pair gv{t->group, t->version};
    if (std::ranges::find(out, gv) == out.end()) out.push_back(gv);
  }
  return out;
}

Result<void> validate_crd(const ResourceType& crd_type, const json& crd) {
  const auto& spec = crd.value("spec", json::object());
  const auto& names = spec.value("names", json::object());
  std::string name = crd.value("metadata", json::object()).value("name", "");
  std::vector<FieldCause> causes;
  std::string plural = str(names, "plural");
  std::string group = str(spec, "group");
  if (group.empty()) causes.push_back({"FieldValueRequired", "spec.group", "Required value"});
  if (plural.empty()) {
    causes.push_back({"FieldValueRequired", "spec.names.plural", "Required value"});
  }
  if (str(names, "kind").empty()) {
    causes.push_back({"FieldValueRequired", "spec.names.kind", "Required value"});
  }
  if (!plural.empty() && !group.empty() && name != plural + "." + group) {
    causes.push_back(
        {"FieldValueInvalid", "metadata.name",
         "Invalid value: " + json(name).dump() + ": must be spec.names.plural+\".\"+spec.group"});
  }
  std::string scope = str(spec, "scope");
  if (scope != "Namespaced" && scope != "Cluster") {
    causes.push_back({"FieldValueNotSupported", "spec.scope",
                      "Unsupported value: " + json(scope).dump() +
                          ": supported values: \"Cluster\", \"Namespaced\""});
  }
  const auto& versions = spec.value("versions", json::array());
  int storage = 0;
  for (const auto& v : versions)
    storage += v.value("storage", false) ? 1 : 0;
  if (!versions.is_array() || versions.empty()) {
    causes.push_back({"FieldValueRequired", "spec.versions",
                      "Required value: must have exactly "
                      "one version marked as storage "
                      "version"});
  } else if (storage != 1) {
    causes.push_back({"FieldValueInvalid", "spec.versions",
                      "Invalid value: " + versions.dump() +
                          ": must have exactly one version marked as storage version"});
  }
  if (!causes.empty()) return std::unexpected(invalid(crd_type, name, causes));
  return {};
}

Result<void> Registry::add_crd(const json& crd) {
  const auto& spec = crd.at("spec");
  const auto& names = spec.at("names");
  for (const auto& v : spec.value("versions", json::array())) {
    if (!v.value("served", true)) continue;
    ResourceType t;
    t.group = str(spec, "group");
    t.version = str(v, "name");
    t.plural = str(names, "plural");
    t.singular = str(names, "singular");
    if (t.singular.empty()) {
      t.singular = str(names, "kind");
      std::ranges::transform(t.singular, t.singular.begin(),
                             [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    }
    t.kind = str(names, "kind");
    t.list_kind = str(names, "listKind");
    if (t.list_kind.empty()) t.list_kind = t.kind + "List";
    t.namespaced = str(spec, "scope") != "Cluster";
    t.custom = true;
    t.uses_generation = true;
    t.allow_unconditional_update = false;
    t.storage = t.plural + "." + t.group;
    t.short_names = strings(names.value("shortNames", json::array()));
    t.categories = strings(names.value("categories", json::array()));
    const auto& sub = v.value("subresources", json::object());
    t.status_subresource = sub.contains("status");
    for (const auto& f : v.value("selectableFields", json::array())) {
      std::string path = str(f, "jsonPath");
      if (path.starts_with(".")) path.erase(0, 1);
      t.selectable_fields.push_back(path);
    }
    for (const auto& c : v.value("additionalPrinterColumns", json::array())) {
      t.columns.push_back({.name = str(c, "name"),
                           .type = str(c, "type"),
                           .format = str(c, "format"),
                           .description = str(c, "description"),
                           .json_path = str(c, "jsonPath"),
                           .priority = c.value("priority", 0)});
    }
    t.schema = v.value("schema", json::object()).value("openAPIV3Schema", json());
    add(std::move(t));
  }
  return {};
}

void Registry::remove_crd(const json& crd) {
  const auto& spec = crd.at("spec");
  std::string group = str(spec, "group");
  std::string plural = str(spec.at("names"), "plural");
  std::erase_if(types_, [&](const auto& entry) {
    return entry.second->custom && entry.second->group == group && entry.second->plural == plural;
  });
  std::erase_if(order_, [&](const std::string& k) { return !types_.contains(k); });
}

namespace {
// events.k8s.io/v1 field <-> core/v1 field (the rest have the same name).
constexpr std::array<std::pair<const char*, const char*>, 7> kEventFields = {{
    {"regarding", "involvedObject"},
    {"note", "message"},
    {"reportingController", "reportingComponent"},
    {"deprecatedSource", "source"},
    {"deprecatedFirstTimestamp", "firstTimestamp"},
    {"deprecatedLastTimestamp", "lastTimestamp"},
    {"deprecatedCount", "count"},
}};

void rename(json& object, const char* from, const char* to) {
  auto it = object.find(from);
  if (it == object.end()) return;
  json value = std::move(*it);
  object.erase(it);
  object[to] = std::move(value);
}
}  // namespace

json to_storage(const ResourceType& type, json object) {
  if (type.group == "events.k8s.io" && object.is_object()) {
    for (const auto& [wire, stored] : kEventFields)
      rename(object, wire, stored);
    object["apiVersion"] = "v1";
    object["kind"] = "Event";
  } else if (object.is_object()) {
    object["apiVersion"] = type.api_version();
    object["kind"] = type.kind;
  }
  return object;
}

json from_storage(const ResourceType& type, json object) {
  if (type.group == "events.k8s.io" && object.is_object()) {
    for (const auto& [wire, stored] : kEventFields)
      rename(object, stored, wire);
  }
  if (object.is_object()) {
    object["apiVersion"] = type.api_version();
    object["kind"] = type.kind;
  }
  return object;
}

bool served_as_stored(const ResourceType& type, const json& stored) {
  if (type.group == "events.k8s.io" || !stored.is_object()) return false;
  const auto api_version = stored.find("apiVersion");
  const auto kind = stored.find("kind");
  return api_version != stored.end() && kind != stored.end() &&
         *api_version == type.api_version() && *kind == type.kind;
}

}  // namespace rl::test_apiserver
