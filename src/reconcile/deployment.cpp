// The nginx Deployment of a site, a list's or a microsite's: non-root, read-only root filesystem,
// every capability dropped (the "restricted" Pod Security Standard), probes on /healthz, the
// content hash on the pod template, and a rolling update that never takes the last ready pod away.
#include "readinglist/model/names.hpp"
#include "readinglist/reconcile/children.hpp"
#include "reconcile_detail.hpp"

namespace rl::reconcile {
namespace {

// The uid of the default image (nginxinc/nginx-unprivileged); any image running nginx as a
// non-root user works with it.
constexpr int kNginxUid = 101;

nlohmann::json resources(const std::optional<model::ResourceRequirements>& requirements) {
  if (!requirements) {
    return {{"requests", {{"cpu", "10m"}, {"memory", "16Mi"}}}, {"limits", {{"memory", "64Mi"}}}};
  }
  nlohmann::json out = nlohmann::json::object();
  if (!requirements->requests.empty()) out["requests"] = requirements->requests;
  if (!requirements->limits.empty()) out["limits"] = requirements->limits;
  return out;
}

nlohmann::json probe(int period_seconds) {
  return {{"httpGet", {{"path", "/healthz"}, {"port", "http"}}},
          {"periodSeconds", period_seconds},
          {"failureThreshold", 3}};
}

// The web root, then nginx.conf alone under conf/ (never served), then nginx's scratch space.
nlohmann::json volumes(nlohmann::json web_volume, const std::string& config_map) {
  return nlohmann::json::array({
      std::move(web_volume),
      {{"name", "config"},
       {"configMap",
        {{"name", config_map},
         {"items", nlohmann::json::array({{{"key", "nginx.conf"}, {"path", "nginx.conf"}}})}}}},
      {{"name", "tmp"}, {"emptyDir", {{"sizeLimit", "16Mi"}}}},
  });
}

nlohmann::json container(const detail::Serving& serving) {
  const std::string prefix(kSitePrefix);
  return {
      {"name", "nginx"},
      {"image", serving.image},
      // -e: the error log before the config is read; the image's default path is not
      // writable on a read-only root filesystem.
      {"command",
       {"nginx", "-p", prefix, "-c", "conf/nginx.conf", "-e", "stderr", "-g", "daemon off;"}},
      {"ports", nlohmann::json::array(
                    {{{"name", "http"}, {"containerPort", kSitePort}, {"protocol", "TCP"}}})},
      {"readinessProbe", probe(5)},
      {"livenessProbe", probe(10)},
      {"resources", resources(serving.resources)},
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

namespace detail {

nlohmann::json site_deployment(const ChildIdentity& identity, const Serving& serving,
                               std::string_view content_hash, nlohmann::json web_volume,
                               const std::string& config_map) {
  const nlohmann::json metadata = child_metadata(identity);
  nlohmann::json pod_spec = {
      {"automountServiceAccountToken", false},
      {"enableServiceLinks", false},
      {"securityContext",
       {{"runAsNonRoot", true},
        {"runAsUser", kNginxUid},
        {"runAsGroup", kNginxUid},
        {"seccompProfile", {{"type", "RuntimeDefault"}}}}},
      {"containers", nlohmann::json::array({container(serving)})},
      {"volumes", volumes(std::move(web_volume), config_map)},
  };
  return {
      {"apiVersion", "apps/v1"},
      {"kind", "Deployment"},
      {"metadata", metadata},
      {"spec",
       {{"replicas", serving.replicas},
        {"revisionHistoryLimit", 3},
        {"selector", {{"matchLabels", selector_labels(identity)}}},
        // A new pod must be ready before an old one goes: no downtime on a content change.
        {"strategy",
         {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxUnavailable", 0}, {"maxSurge", 1}}}}},
        {"template",
         {{"metadata",
           {{"labels", metadata["labels"]},
            {"annotations", {{kContentHashAnnotation, content_hash}}}}},
          {"spec", pod_spec}}}}},
  };
}

}  // namespace detail

// The web root gets every content file but nginx.conf, which goes to conf/ and is never served.
nlohmann::json desired_deployment(const model::ReadingList& list, const render::Content& content) {
  const auto site = list.spec.effective_site();
  const std::string config_map = model::child_name(list.metadata);
  nlohmann::json web_items = nlohmann::json::array();
  for (const auto& file : content.files) {
    if (file.name != "nginx.conf") web_items.push_back({{"key", file.name}, {"path", file.name}});
  }
  nlohmann::json web_volume = {{"name", "content"},
                               {"configMap", {{"name", config_map}, {"items", web_items}}}};
  return detail::site_deployment(
      detail::list_identity(list.metadata),
      {site.effective_image(), site.resources, site.effective_replicas()}, content.hash(),
      std::move(web_volume), config_map);
}

}  // namespace rl::reconcile
