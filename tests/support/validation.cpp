#include "validation.hpp"

#include <algorithm>
#include <regex>

#include "json_access.hpp"

namespace rl::test_apiserver {

using nlohmann::json;

namespace {

const std::regex kSubdomain(R"([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)");
const std::regex kLabel(R"([a-z0-9]([-a-z0-9]*[a-z0-9])?)");
const std::regex kDns1035(R"([a-z]([-a-z0-9]*[a-z0-9])?)");
const std::regex kQualifiedPart(R"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])");
const std::regex kConfigMapKey(R"([-._a-zA-Z0-9]+)");

std::string q(const std::string& s) {
  return json(s).dump();
}

FieldCause bad(const std::string& field, const json& value, const std::string& why) {
  return {"FieldValueInvalid", field, "Invalid value: " + value.dump() + ": " + why};
}
FieldCause required(const std::string& field, const std::string& why = "") {
  return {"FieldValueRequired", field, why.empty() ? "Required value" : "Required value: " + why};
}

std::string str(const json& o, const char* f) {
  auto it = o.find(f);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void check_label_value(const std::string& field, const json& value, std::vector<FieldCause>& out) {
  if (!value.is_string()) {
    out.push_back(bad(field, value, "label values must be strings"));
    return;
  }
  std::string v = value.get<std::string>();
  if (!v.empty() && (v.size() > 63 || !std::regex_match(v, kQualifiedPart))) {
    out.push_back(bad(field, value,
                      "a valid label must be an empty string or consist of alphanumeric "
                      "characters, '-', '_' or '.', and must start and end with an alphanumeric "
                      "character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
                      "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
  }
}

void check_key(const std::string& field, const std::string& key, std::vector<FieldCause>& out) {
  if (!is_qualified_name(key)) {
    out.push_back(bad(field, key,
                      "name part must consist of alphanumeric characters, '-', '_' or '.', and "
                      "must start and end with an alphanumeric character (e.g. 'MyName',  or "
                      "'my.name',  or '123-abc', regex used for validation is "
                      "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
  }
}

void check_name(const ResourceType& type, const json& meta, std::vector<FieldCause>& out) {
  std::string name = str(meta, "name");
  if (name.empty()) {
    out.push_back(required("metadata.name", "name or generateName is required"));
    return;
  }
  if (type.kind == "Namespace" && type.group.empty()) {
    if (name.size() > 63 || !std::regex_match(name, kLabel)) {
      out.push_back(bad("metadata.name", name,
                        "a lowercase RFC 1123 label must consist of lower case alphanumeric "
                        "characters or '-', and must start and end with an alphanumeric character "
                        "(e.g. 'my-name',  or '123-abc', regex used for validation is "
                        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
    }
  } else if (type.kind == "Service" && type.group.empty()) {
    if (name.size() > 63 || !std::regex_match(name, kDns1035)) {
      out.push_back(bad("metadata.name", name,
                        "a DNS-1035 label must consist of lower case alphanumeric characters or "
                        "'-', start with an alphabetic character, and end with an alphanumeric "
                        "character (e.g. 'my-name',  or 'abc-123', regex used for validation is "
                        "'[a-z]([-a-z0-9]*[a-z0-9])?')"));
    }
  } else if (!is_dns1123_subdomain(name)) {
    out.push_back(bad("metadata.name", name,
                      name.size() > 253
                          ? "must be no more than 253 characters"
                          : "a lowercase RFC 1123 subdomain must consist of lower case "
                            "alphanumeric characters, '-' or '.', and must start and end with an "
                            "alphanumeric character (e.g. 'example.com', regex used for "
                            "validation is "
                            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
  }
}

void check_owner_references(const json& meta, std::vector<FieldCause>& out) {
  const auto& refs = member_or(meta, "ownerReferences", kEmptyArray);
  if (!refs.is_array()) return;
  std::vector<std::string> controllers;
  for (const auto& ref : refs) {
    static constexpr std::pair<const char*, const char*> kRequired[] = {
        {"apiVersion", "version must not be empty"},
        {"kind", "kind must not be empty"},
        {"name", "name must not be empty"},
        {"uid", "uid must not be empty"}};
    for (const auto& [f, why] : kRequired) {
      if (str(ref, f).empty()) {
        out.push_back(bad(std::string("metadata.ownerReferences.") + f, "", why));
      }
    }
    if (str(ref, "kind") == "Event" && str(ref, "apiVersion") == "v1") {
      out.push_back(
          bad("metadata.ownerReferences", "v1/Event", "is disallowed from being an owner"));
    }
    if (ref.value("controller", false))
      controllers.push_back(str(ref, "kind") + "/" + str(ref, "name"));
  }
  if (controllers.size() > 1) {
    std::string found;
    for (const auto& c : controllers)
      found += (found.empty() ? "" : ", ") + c;
    out.push_back(bad("metadata.ownerReferences", refs,
                      "Only one reference can have Controller set to true. Found \"true\" in "
                      "references for " +
                          found));
  }
}

void validate_configmap(const json& object, const json& old, std::vector<FieldCause>& out) {
  std::size_t total = 0;
  const auto& data = member_or(object, "data", kEmptyObject);
  const auto& binary = member_or(object, "binaryData", kEmptyObject);
  for (const auto& [section, map] : {std::pair{"data", &data}, std::pair{"binaryData", &binary}}) {
    if (!map->is_object()) continue;
    for (const auto& [k, v] : map->items()) {
      if (k.size() > 253 || !std::regex_match(k, kConfigMapKey) || k == "." || k == "..") {
        out.push_back(bad(std::string(section), k,
                          "a valid config key must consist of alphanumeric characters, '-', '_' "
                          "or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used "
                          "for validation is '[-._a-zA-Z0-9]+')"));
      }
      if (std::string(section) == "binaryData" && data.is_object() && data.contains(k)) {
        out.push_back(bad("data", k, "duplicate of key present in binaryData"));
      }
      if (v.is_string()) {
        total += std::string(section) == "binaryData" ? v.get<std::string>().size() * 3 / 4
                                                      : v.get<std::string>().size();
      }
    }
  }
  if (total > 1024 * 1024) {
    out.push_back({"FieldValueTooLong", "[]", "Too long: must have at most 1048576 bytes"});
  }
  if (old.is_object() && old.value("immutable", false)) {
    if (member_or(object, "data", kNullJson) != member_or(old, "data", kNullJson) ||
        member_or(object, "binaryData", kNullJson) != member_or(old, "binaryData", kNullJson)) {
      out.push_back(
          {"FieldValueForbidden", "data", "Forbidden: field is immutable when `immutable` is set"});
    }
    if (!object.value("immutable", false)) {
      out.push_back({"FieldValueForbidden", "immutable",
                     "Forbidden: field is immutable when `immutable` is set"});
    }
  }
}

void validate_deployment(const json& object, const json& old, std::vector<FieldCause>& out) {
  const auto& spec = member_or(object, "spec", kEmptyObject);
  const auto& selector = member_or(spec, "selector", kNullJson);
  if (!selector.is_object() || selector.empty()) {
    out.push_back(required("spec.selector"));
  } else {
    const auto& labels =
        member_or(member_or(member_or(spec, "template", kEmptyObject), "metadata", kEmptyObject),
                  "labels", kEmptyObject);
    const json match_labels = member_or(selector, "matchLabels", kEmptyObject);
    for (const auto& [k, v] : match_labels.items()) {
      if (!labels.is_object() || !labels.contains(k) || labels[k] != v) {
        out.push_back(bad("spec.template.metadata.labels", labels,
                          "`selector` does not match template `labels`"));
        break;
      }
    }
    if (old.is_object() && member_or(old["spec"], "selector", kNullJson) != selector) {
      out.push_back(bad("spec.selector", selector, "field is immutable"));
    }
  }
  if (spec.value("replicas", 0) < 0) {
    out.push_back(bad("spec.replicas", spec["replicas"], "must be greater than or equal to 0"));
  }
  const auto& containers =
      member_or(member_or(member_or(spec, "template", kEmptyObject), "spec", kEmptyObject),
                "containers", kEmptyArray);
  if (!containers.is_array() || containers.empty()) {
    out.push_back(required("spec.template.spec.containers"));
    return;
  }
  for (std::size_t i = 0; i < containers.size(); ++i) {
    std::string path = "spec.template.spec.containers[" + std::to_string(i) + "]";
    if (str(containers[i], "name").empty()) out.push_back(required(path + ".name"));
    if (str(containers[i], "image").empty()) out.push_back(required(path + ".image"));
  }
}

void validate_service(const json& object, std::vector<FieldCause>& out) {
  const auto& spec = member_or(object, "spec", kEmptyObject);
  std::string type = spec.value("type", "ClusterIP");
  static constexpr std::string_view kTypes[] = {"ClusterIP", "NodePort", "LoadBalancer",
                                                "ExternalName"};
  if (std::ranges::find(kTypes, type) == std::end(kTypes)) {
    out.push_back({"FieldValueNotSupported", "spec.type",
                   "Unsupported value: " + q(type) +
                       ": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", "
                       "\"NodePort\""});
  }
  const auto& ports = member_or(spec, "ports", kEmptyArray);
  if (type != "ExternalName" && spec.value("clusterIP", "") != "None" &&
      (!ports.is_array() || ports.empty())) {
    out.push_back(required("spec.ports"));
  }
  if (!ports.is_array()) return;
  for (std::size_t i = 0; i < ports.size(); ++i) {
    std::string path = "spec.ports[" + std::to_string(i) + "]";
    auto port = ports[i].value("port", 0);
    if (port < 1 || port > 65535) {
      out.push_back(bad(path + ".port", ports[i].value("port", json(0)),
                        "must be between 1 and 65535, inclusive"));
    }
    if (ports.size() > 1 && str(ports[i], "name").empty()) out.push_back(required(path + ".name"));
  }
}

void validate_ingress(const json& object, std::vector<FieldCause>& out) {
  const auto& rules = member_or(member_or(object, "spec", kEmptyObject), "rules", kEmptyArray);
  if (!rules.is_array()) return;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& paths = member_or(member_or(rules[i], "http", kEmptyObject), "paths", kEmptyArray);
    for (std::size_t j = 0; j < paths.size(); ++j) {
      std::string path =
          "spec.rules[" + std::to_string(i) + "].http.paths[" + std::to_string(j) + "]";
      std::string path_type = str(paths[j], "pathType");
      if (path_type.empty()) {
        out.push_back(required(path + ".pathType", "pathType must be specified"));
      } else if (path_type != "Exact" && path_type != "Prefix" &&
                 path_type != "ImplementationSpecific") {
        out.push_back(
            {"FieldValueNotSupported", path + ".pathType",
             "Unsupported value: " + q(path_type) +
                 ": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\""});
      }
      std::string p = str(paths[j], "path");
      if (path_type != "ImplementationSpecific" && !p.starts_with("/")) {
        out.push_back(bad(path + ".path", p, "must be an absolute path"));
      }
      if (!paths[j].contains("backend")) out.push_back(required(path + ".backend"));
    }
  }
}

void validate_lease(const json& object, std::vector<FieldCause>& out) {
  const auto& spec = member_or(object, "spec", kEmptyObject);
  if (spec.contains("leaseDurationSeconds") && spec.value("leaseDurationSeconds", 0) <= 0) {
    out.push_back(
        bad("spec.leaseDurationSeconds", spec["leaseDurationSeconds"], "must be greater than 0"));
  }
  if (spec.contains("leaseTransitions") && spec.value("leaseTransitions", 0) < 0) {
    out.push_back(bad("spec.leaseTransitions", spec["leaseTransitions"],
                      "must be greater than or equal to 0"));
  }
}

void validate_new_event(const json& event, std::vector<FieldCause>& out) {
  if (str(event, "eventTime").empty()) out.push_back(required("eventTime"));
  std::string type = str(event, "type");
  if (type != "Normal" && type != "Warning") {
    out.push_back(
        {"FieldValueNotSupported", "type",
         "Unsupported value: " + q(type) + ": supported values: \"Normal\", \"Warning\""});
  }
  std::string controller = str(event, "reportingController");
  if (controller.empty()) {
    out.push_back(required("reportingController"));
  } else if (!is_qualified_name(controller)) {
    out.push_back(bad("reportingController", controller, "must be a qualified name"));
  }
  for (const char* f : {"reportingInstance", "action", "reason"}) {
    std::string v = str(event, f);
    if (v.empty()) {
      out.push_back(required(f));
    } else if (v.size() > 128) {
      out.push_back({"FieldValueTooLong", f, "Too long: may not be more than 128 bytes"});
    }
  }
  if (str(event, "note").size() > 1024) {
    out.push_back({"FieldValueTooLong", "note", "Too long: may not be more than 1024 bytes"});
  }
  if (event.contains("series")) {
    const auto& series = event["series"];
    if (series.value("count", 0) < 2) {
      out.push_back(bad("series.count", series.value("count", json(0)), "should be at least 2"));
    }
    if (str(series, "lastObservedTime").empty()) out.push_back(required("series.lastObservedTime"));
  }
  std::string ns = member_or(event, "metadata", kEmptyObject).value("namespace", "");
  if (str(member_or(event, "regarding", kEmptyObject), "namespace").empty() && ns != "default" &&
      ns != "kube-system") {
    out.push_back(bad("metadata.namespace", ns,
                      "does not match regarding.namespace (cluster-scoped objects' events live "
                      "in default or kube-system)"));
  }
}

}  // namespace

bool is_dns1123_subdomain(const std::string& s) {
  return !s.empty() && s.size() <= 253 && std::regex_match(s, kSubdomain);
}

bool is_dns1123_label(const std::string& s) {
  return !s.empty() && s.size() <= 63 && std::regex_match(s, kLabel);
}

bool is_qualified_name(const std::string& s) {
  auto slash = s.find('/');
  std::string name = slash == std::string::npos ? s : s.substr(slash + 1);
  if (slash != std::string::npos && !is_dns1123_subdomain(s.substr(0, slash))) return false;
  return !name.empty() && name.size() <= 63 && std::regex_match(name, kQualifiedPart);
}

std::vector<FieldCause> validate_metadata(const ResourceType& type, const json& object,
                                          const json& /*old*/) {
  std::vector<FieldCause> out;
  const auto& meta = member_or(object, "metadata", kEmptyObject);
  check_name(type, meta, out);
  if (const auto& labels = member_or(meta, "labels", kEmptyObject); labels.is_object()) {
    for (const auto& [k, v] : labels.items()) {
      check_key("metadata.labels", k, out);
      check_label_value("metadata.labels", v, out);
    }
  }
  if (const auto& annotations = member_or(meta, "annotations", kEmptyObject);
      annotations.is_object()) {
    std::size_t total = 0;
    for (const auto& [k, v] : annotations.items()) {
      std::string lower = k;
      std::ranges::transform(lower, lower.begin(),
                             [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      check_key("metadata.annotations", lower, out);
      total += k.size() + (v.is_string() ? v.get<std::string>().size() : v.dump().size());
    }
    if (total > 256 * 1024) {
      out.push_back({"FieldValueTooLong", "metadata.annotations",
                     "Too long: must have at most 262144 bytes"});
    }
  }
  check_owner_references(meta, out);
  const auto& finalizers = member_or(meta, "finalizers", kEmptyArray);
  if (finalizers.is_array()) {
    bool orphan = false;
    bool foreground = false;
    for (const auto& f : finalizers) {
      std::string name = f.is_string() ? f.get<std::string>() : f.dump();
      if (!is_qualified_name(name)) {
        out.push_back(bad("metadata.finalizers", name,
                          "name part must consist of alphanumeric characters, '-', '_' or '.', "
                          "and must start and end with an alphanumeric character"));
      }
      orphan = orphan || name == "orphan";
      foreground = foreground || name == "foregroundDeletion";
    }
    if (orphan && foreground) {
      out.push_back(bad("metadata.finalizers", "foregroundDeletion",
                        "finalizer foregroundDeletion and orphan cannot be both set"));
    }
  }
  return out;
}

std::vector<FieldCause> validate_kind(const ResourceType& type, const json& object,
                                      const json& old) {
  std::vector<FieldCause> out;
  if (type.custom) return out;
  if (type.kind == "ConfigMap") validate_configmap(object, old, out);
  if (type.kind == "Deployment") validate_deployment(object, old, out);
  if (type.kind == "Service") validate_service(object, out);
  if (type.kind == "Ingress") validate_ingress(object, out);
  if (type.kind == "Lease") validate_lease(object, out);
  if (type.kind == "Event" && type.group == "events.k8s.io" && !old.is_object()) {
    validate_new_event(object, out);
  }
  if (type.kind == "Event" && type.group.empty()) {
    std::string ns = member_or(object, "metadata", kEmptyObject).value("namespace", "");
    std::string involved = str(member_or(object, "involvedObject", kEmptyObject), "namespace");
    if (!involved.empty() && involved != ns) {
      out.push_back(bad("involvedObject.namespace", involved, "does not match event.namespace"));
    }
  }
  return out;
}

}  // namespace rl::test_apiserver
