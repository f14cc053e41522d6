// The nginx Deployment of a list: non-root, read-only root filesystem, every capability
// dropped (the "restricted" Pod Security Standard), probes on /healthz, the content hash on
// the pod template, and a rolling update that never takes the last ready pod away.
#include "readinglist/model/names.hpp"
#include "readinglist/reconcile/children.hpp"
#include "reconcile_detail.hpp"

namespace rl::reconcile {
namespace {

// The uid of the default image (nginxinc/nginx-unprivileged); any image running nginx as a
// non-root user works with it.
constexpr int kNginxUid = 101;

nlohmann::json resources(const model::SiteSpec& site) {
  if (!site.resources) {
    return {{"requests", {{"cpu", "10m"}, {"memory", "16Mi"}}}, {"limits", {{"memory", "64Mi"}}}};
  }
  nlohmann::json out = nlohmann::json::object();
  if (!site.resources->requests.empty()) out["requests"] = site.resources->requests;
  if (!site.resources->limits.empty()) out["limits"] = site.resources->limits;
  return out;
}

nlohmann::json probe(int period_seconds) {
  return {{"httpGet", {{"path", "/healthz"}, {"port", "http"}}},
          {"periodSeconds", period_seconds},
          {"failureThreshold", 3}};
}

// The web root gets every content file but nginx.conf, which goes to conf/ and is never
// served.
nlohmann::json volumes(const model::ObjectMeta& list, const render::Content& content) {
  const std::string config_map = model::child_name(list);
  nlohmann::json web_items = nlohmann::json::array();
  for (const auto& file : content.files) {
    if (file.name != "nginx.conf") web_items.push_back({{"key", file.name}, {"path", file.name}});
  }
  return nlohmann::json::array({
      {{"name", "content"}, {"configMap", {{"name", config_map}, {"items", web_items}}}},
      {{"name", "config"},
       {"configMap",
        {{"name", config_map},
         {"items", nlohmann::json::array({{{"key", "nginx.conf"}, {"path", "nginx.conf"}}})}}}},
      {{"name", "tmp"}, {"emptyDir", {{"sizeLimit", "16Mi"}}}},
  });
}

nlohmann::json container(const model::SiteSpec& site) {
  const std::string prefix(kSitePrefix);
  return {
      {"name", "nginx"},
      {"image", site.effective_image()},
      // -e: the error log before the config is read; the image's default path is not
      // writable on a read-only root filesystem.
      {"command",
       {"nginx", "-p", prefix, "-c", "conf/nginx.conf", "-e", "stderr", "-g", "daemon off;"}},
      {"ports", nlohmann::json::array(
                    {{{"name", "http"}, {"containerPort", kSitePort}, {"protocol", "TCP"}}})},
      {"readinessProbe", probe(5)},
      {"livenessProbe", probe(10)},
      {"resources", resources(site)},
      {"securityContext",
       {{"allowPrivilegeEscalation", false},
        {"readOnlyRootFilesystem", true},
        {"runAsNonRoot", true},
        {"capabilities", {{"drop", {"ALL"}}}},
        {"seccompProfile", {{"type", "RuntimeDefault"}}}}},
      {"volumeMounts",
       nlohmann::json::array({
           {{"name", "content"}, {"mountPath", prefix + "html"}, {"readOnly", true}},
           {{"name", "config"}, {"mountPath", prefix + "conf"}, {"readOnly", true}},
           {{"name", "tmp"}, {"mountPath", prefix + "tmp"}},
       })},
  };
}

}  // namespace

nlohmann::json desired_deployment(const model::ReadingList& list, const render::Content& content) {
  const auto site = list.spec.effective_site();
  nlohmann::json template_labels = detail::child_metadata(list.metadata)["labels"];
  nlohmann::json pod_spec = {
      {"automountServiceAccountToken", false},
      {"enableServiceLinks", false},
      {"securityContext",
       {{"runAsNonRoot", true},
        {"runAsUser", kNginxUid},
        {"runAsGroup", kNginxUid},
        {"seccompProfile", {{"type", "RuntimeDefault"}}}}},
      {"containers", nlohmann::json::array({container(site)})},
      {"volumes", volumes(list.metadata, content)},
  };
  return {
      {"apiVersion", "apps/v1"},
      {"kind", "Deployment"},
      {"metadata", detail::child_metadata(list.metadata)},
      {"spec",
       {{"replicas", site.effective_replicas()},
        {"revisionHistoryLimit", 3},
        {"selector", {{"matchLabels", detail::selector_labels(list.metadata)}}},
        // A new pod must be ready before an old one goes: no downtime on a content change.
        {"strategy",
         {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxUnavailable", 0}, {"maxSurge", 1}}}}},
        {"template",
         {{"metadata",
           {{"labels", template_labels},
            {"annotations", {{kContentHashAnnotation, content.hash()}}}}},
          {"spec", pod_spec}}}}},
  };
}

}  // namespace rl::reconcile
