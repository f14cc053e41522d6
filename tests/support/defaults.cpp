// Server-side defaults of the built-in kinds (Deployment pod templates, Services), so that
// clients comparing desired and live objects meet the same extra fields a real cluster adds.
#include "encoding.hpp"
#include "validation.hpp"

namespace rl::test_apiserver {

using nlohmann::json;

namespace {

void default_pod_spec(json& pod) {
  if (!pod.is_object()) return;
  if (!pod.contains("restartPolicy")) pod["restartPolicy"] = "Always";
  if (!pod.contains("terminationGracePeriodSeconds")) pod["terminationGracePeriodSeconds"] = 30;
  if (!pod.contains("dnsPolicy")) pod["dnsPolicy"] = "ClusterFirst";
  if (!pod.contains("securityContext")) pod["securityContext"] = json::object();
  if (!pod.contains("schedulerName")) pod["schedulerName"] = "default-scheduler";
  for (const char* list : {"containers", "initContainers"}) {
    if (!pod.contains(list) || !pod[list].is_array()) continue;
    for (auto& c : pod[list]) {
      if (!c.is_object()) continue;
      if (!c.contains("terminationMessagePath")) {
        c["terminationMessagePath"] = "/dev/termination-log";
      }
      if (!c.contains("terminationMessagePolicy")) c["terminationMessagePolicy"] = "File";
      if (!c.contains("resources")) c["resources"] = json::object();
      if (!c.contains("imagePullPolicy")) {
        std::string image = c.contains("image") && c["image"].is_string()
                                ? c["image"].get<std::string>()
                                : std::string();
        auto slash = image.rfind('/');
        auto tag = image.find(':', slash == std::string::npos ? 0 : slash);
        bool latest = image.find('@') == std::string::npos &&
                      (tag == std::string::npos || image.substr(tag + 1) == "latest");
        c["imagePullPolicy"] = latest ? "Always" : "IfNotPresent";
      }
      if (c.contains("ports") && c["ports"].is_array()) {
        for (auto& p : c["ports"]) {
          if (p.is_object() && !p.contains("protocol")) p["protocol"] = "TCP";
        }
      }
      for (const char* probe : {"livenessProbe", "readinessProbe", "startupProbe"}) {
        if (!c.contains(probe) || !c[probe].is_object()) continue;
        auto& p = c[probe];
        for (const auto& [k, v] :
             {std::pair{"timeoutSeconds", 1}, std::pair{"periodSeconds", 10},
              std::pair{"successThreshold", 1}, std::pair{"failureThreshold", 3}}) {
          if (!p.contains(k)) p[k] = v;
        }
        if (p.contains("httpGet") && p["httpGet"].is_object() && !p["httpGet"].contains("scheme")) {
          p["httpGet"]["scheme"] = "HTTP";
        }
      }
    }
  }
  if (pod.contains("volumes") && pod["volumes"].is_array()) {
    for (auto& v : pod["volumes"]) {
      for (const char* source : {"configMap", "secret"}) {
        if (v.is_object() && v.contains(source) && v[source].is_object() &&
            !v[source].contains("defaultMode")) {
          v[source]["defaultMode"] = 420;
        }
      }
    }
  }
}

}  // namespace

void apply_builtin_defaults(const ResourceType& type, json& object) {
  if (type.custom) return;
  if (type.kind == "Secret") {
    // stringData is write-only: the server folds it into data (base64) and never stores it.
    if (object.contains("stringData") && object["stringData"].is_object()) {
      for (const auto& [k, v] : object["stringData"].items()) {
        if (v.is_string()) object["data"][k] = base64_encode(v.get<std::string>());
      }
    }
    object.erase("stringData");
    if (!object.contains("type")) object["type"] = "Opaque";
    return;
  }
  if (type.kind == "Deployment") {
    json& spec = object["spec"];
    if (!spec.is_object()) return;
    if (!spec.contains("replicas")) spec["replicas"] = 1;
    if (!spec.contains("revisionHistoryLimit")) spec["revisionHistoryLimit"] = 10;
    if (!spec.contains("progressDeadlineSeconds")) spec["progressDeadlineSeconds"] = 600;
    if (!spec.contains("strategy")) spec["strategy"] = {{"type", "RollingUpdate"}};
    if (spec["strategy"].value("type", "RollingUpdate") == "RollingUpdate" &&
        !spec["strategy"].contains("rollingUpdate")) {
      spec["strategy"]["type"] = "RollingUpdate";
      spec["strategy"]["rollingUpdate"] = {{"maxUnavailable", "25%"}, {"maxSurge", "25%"}};
    }
    if (spec.contains("template") && spec["template"].is_object()) {
      default_pod_spec(spec["template"]["spec"]);
    }
  } else if (type.kind == "Service") {
    json& spec = object["spec"];
    if (!spec.is_object()) return;
    if (!spec.contains("type")) spec["type"] = "ClusterIP";
    if (!spec.contains("sessionAffinity")) spec["sessionAffinity"] = "None";
    if (spec["type"] != "ExternalName") {
      if (!spec.contains("ipFamilies")) spec["ipFamilies"] = {"IPv4"};
      if (!spec.contains("ipFamilyPolicy")) spec["ipFamilyPolicy"] = "SingleStack";
      if (!spec.contains("internalTrafficPolicy")) spec["internalTrafficPolicy"] = "Cluster";
    }
    if (spec.contains("ports") && spec["ports"].is_array()) {
      for (auto& p : spec["ports"]) {
        if (!p.is_object()) continue;
        if (!p.contains("protocol")) p["protocol"] = "TCP";
        if (!p.contains("targetPort") && p.contains("port")) p["targetPort"] = p["port"];
      }
    }
  }
}

}  // namespace rl::test_apiserver
