// Children's names, labels and the URL of a Microsite.
#include "readinglist/model/microsite_names.hpp"

#include "readinglist/model/names.hpp"

namespace rl::model {

std::string microsite_index_name(const ObjectMeta& microsite) {
  return microsite.name + std::string(kIndexSuffix);
}

std::string microsite_child_name(const ObjectMeta& microsite) {
  return microsite.name + std::string(kMicrositeSuffix);
}

std::map<std::string, std::string> microsite_child_labels(const ObjectMeta& microsite) {
  return {
      {"app.kubernetes.io/name", "readinglist-microsite"},
      {"app.kubernetes.io/instance", microsite.name},
      {"app.kubernetes.io/managed-by", std::string(kManagedBy)},
      {"app.kubernetes.io/part-of", microsite.name},
  };
}

std::string microsite_served_path(const Microsite& microsite) {
  const auto& site = microsite.spec.site;
  return site && site->ingress ? served_path(*site->ingress) : "/";
}

std::string microsite_url(const Microsite& microsite) {
  const auto& site = microsite.spec.site;
  if (site && site->ingress) {
    const auto& ingress = *site->ingress;
    return (ingress.tls_secret_name ? "https://" : "http://") + ingress.host +
           microsite_served_path(microsite);
  }
  const std::string ns =
      microsite.metadata.namespace_.empty() ? "default" : microsite.metadata.namespace_;
  return "http://" + microsite_child_name(microsite.metadata) + '.' + ns + ".svc";
}

}  // namespace rl::model
