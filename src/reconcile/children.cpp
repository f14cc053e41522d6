// Desired ConfigMap, Service and Ingress of a list (the Deployment has its own file).
#include "readinglist/reconcile/children.hpp"

#include <stdexcept>

#include "readinglist/model/names.hpp"
#include "reconcile_detail.hpp"

namespace rl::reconcile {

const ChildResource& resource_of(ChildKind kind) {
  static constexpr ChildResource kConfigMap{"", "v1", "v1", "ConfigMap", "configmaps"};
  static constexpr ChildResource kDeployment{"apps", "v1", "apps/v1", "Deployment", "deployments"};
  static constexpr ChildResource kService{"", "v1", "v1", "Service", "services"};
  static constexpr ChildResource kIngress{"networking.k8s.io", "v1", "networking.k8s.io/v1",
                                          "Ingress", "ingresses"};
  switch (kind) {
    case ChildKind::ConfigMap:
      return kConfigMap;
    case ChildKind::Deployment:
      return kDeployment;
    case ChildKind::Service:
      return kService;
    case ChildKind::Ingress:
      return kIngress;
  }
  throw std::logic_error("unknown ChildKind");
}

std::string_view to_string(ChildKind kind) {
  return resource_of(kind).kind;
}

nlohmann::json owner_reference(const model::ObjectMeta& list) {
  return {{"apiVersion", model::kApiVersion},
          {"kind", model::kKind},
          {"name", list.name},
          {"uid", list.uid},
          {"controller", true},
          {"blockOwnerDeletion", true}};
}

namespace detail {

nlohmann::json child_metadata(const model::ObjectMeta& list) {
  nlohmann::json labels = nlohmann::json::object();
  for (const auto& [key, value] : model::child_labels(list))
    labels[key] = value;
  return {{"name", model::child_name(list)},
          {"namespace", list.namespace_},
          {"labels", labels},
          {"ownerReferences", nlohmann::json::array({owner_reference(list)})}};
}

nlohmann::json selector_labels(const model::ObjectMeta& list) {
  return {{"app.kubernetes.io/name", "readinglist-site"},
          {"app.kubernetes.io/instance", list.name}};
}

}  // namespace detail

nlohmann::json desired_config_map(const model::ReadingList& list, const render::Content& content) {
  nlohmann::json metadata = detail::child_metadata(list.metadata);
  metadata["annotations"] = {{kContentHashAnnotation, content.hash()}};
  nlohmann::json data = nlohmann::json::object();
  for (const auto& file : content.files)
    data[file.name] = file.data;
  return {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", metadata}, {"data", data}};
}

nlohmann::json desired_service(const model::ReadingList& list) {
  return {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata", detail::child_metadata(list.metadata)},
          {"spec",
           {{"type", "ClusterIP"},
            {"selector", detail::selector_labels(list.metadata)},
            {"ports", nlohmann::json::array({{{"name", "http"},
                                              {"port", kServicePort},
                                              {"targetPort", "http"},
                                              {"protocol", "TCP"}}})}}}};
}

nlohmann::json desired_ingress(const model::ReadingList& list) {
  const auto site = list.spec.effective_site();
  if (!site.ingress) throw std::logic_error("desired_ingress without spec.site.ingress");
  const model::IngressSpec& ingress = *site.ingress;
  nlohmann::json metadata = detail::child_metadata(list.metadata);
  if (!ingress.annotations.empty()) {
    metadata["annotations"] = nlohmann::json::object();
    for (const auto& [key, value] : ingress.annotations)
      metadata["annotations"][key] = value;
  }
  const nlohmann::json backend = {
      {"service", {{"name", model::child_name(list.metadata)}, {"port", {{"name", "http"}}}}}};
  nlohmann::json spec = {
      {"rules", nlohmann::json::array({{{"host", ingress.host},
                                        {"http",
                                         {{"paths", nlohmann::json::array({{
                                                        {"path", ingress.effective_path()},
                                                        {"pathType", "Prefix"},
                                                        {"backend", backend},
                                                    }})}}}}})}};
  if (ingress.class_name) spec["ingressClassName"] = *ingress.class_name;
  if (ingress.tls_secret_name) {
    spec["tls"] = nlohmann::json::array({{{"hosts", nlohmann::json::array({ingress.host})},
                                          {"secretName", *ingress.tls_secret_name}}});
  }
  return {{"apiVersion", "networking.k8s.io/v1"},
          {"kind", "Ingress"},
          {"metadata", metadata},
          {"spec", spec}};
}

}  // namespace rl::reconcile
