// The children every site has, built from an identity (a list's or a microsite's): metadata,
// content ConfigMap, Service and Ingress; and a ReadingList's own (its Deployment: deployment.cpp).
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

nlohmann::json owner_reference(const model::ObjectMeta& owner, std::string_view kind) {
  return {{"apiVersion", model::kApiVersion},
          {"kind", kind},
          {"name", owner.name},
          {"uid", owner.uid},
          {"controller", true},
          {"blockOwnerDeletion", true}};
}

namespace detail {

ChildIdentity list_identity(const model::ObjectMeta& list) {
  return {model::child_name(list), list.namespace_, model::child_labels(list),
          owner_reference(list, model::kKind)};
}

nlohmann::json child_metadata(const ChildIdentity& identity) {
  nlohmann::json labels = nlohmann::json::object();
  for (const auto& [key, value] : identity.labels)
    labels[key] = value;
  return {{"name", identity.name},
          {"namespace", identity.namespace_},
          {"labels", labels},
          {"ownerReferences", nlohmann::json::array({identity.owner})}};
}

nlohmann::json selector_labels(const ChildIdentity& identity) {
  nlohmann::json selector = nlohmann::json::object();
  for (const char* key : {"app.kubernetes.io/name", "app.kubernetes.io/instance"}) {
    if (const auto it = identity.labels.find(key); it != identity.labels.end())
      selector[key] = it->second;
  }
  return selector;
}

nlohmann::json content_config_map(const ChildIdentity& identity, const render::Content& content) {
  nlohmann::json metadata = child_metadata(identity);
  metadata["annotations"] = {{kContentHashAnnotation, content.hash()}};
  nlohmann::json data = nlohmann::json::object();
  for (const auto& file : content.files)
    data[file.name] = file.data;
  return {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", metadata}, {"data", data}};
}

nlohmann::json site_service(const ChildIdentity& identity) {
  return {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata", child_metadata(identity)},
          {"spec",
           {{"type", "ClusterIP"},
            {"selector", selector_labels(identity)},
            {"ports", nlohmann::json::array({{{"name", "http"},
                                              {"port", kServicePort},
                                              {"targetPort", "http"},
                                              {"protocol", "TCP"}}})}}}};
}

nlohmann::json site_ingress(const ChildIdentity& identity, const model::IngressSpec& ingress) {
  nlohmann::json metadata = child_metadata(identity);
  if (!ingress.annotations.empty()) {
    metadata["annotations"] = nlohmann::json::object();
    for (const auto& [key, value] : ingress.annotations)
      metadata["annotations"][key] = value;
  }
  const nlohmann::json backend = {
      {"service", {{"name", identity.name}, {"port", {{"name", "http"}}}}}};
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

}  // namespace detail

nlohmann::json desired_config_map(const model::ReadingList& list, const render::Content& content) {
  return detail::content_config_map(detail::list_identity(list.metadata), content);
}

nlohmann::json desired_service(const model::ReadingList& list) {
  return detail::site_service(detail::list_identity(list.metadata));
}

nlohmann::json desired_ingress(const model::ReadingList& list) {
  const auto site = list.spec.effective_site();
  if (!site.ingress) throw std::logic_error("desired_ingress without spec.site.ingress");
  return detail::site_ingress(detail::list_identity(list.metadata), *site.ingress);
}

}  // namespace rl::reconcile
