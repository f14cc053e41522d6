// Children's names, labels and the page URL of a ReadingList.
#include "readinglist/model/names.hpp"

namespace rl::model {

std::string child_name(const ObjectMeta& list) {
  return list.name + std::string(kSiteSuffix);
}

std::map<std::string, std::string> child_labels(std::string_view app, const ObjectMeta& owner) {
  return {
      {"app.kubernetes.io/name", std::string(app)},
      {"app.kubernetes.io/instance", owner.name},
      {"app.kubernetes.io/managed-by", std::string(kManagedBy)},
      {"app.kubernetes.io/part-of", owner.name},
  };
}

std::map<std::string, std::string> child_labels(const ObjectMeta& list) {
  return child_labels("readinglist-site", list);
}

std::string served_path(const IngressSpec& ingress) {
  std::string path = ingress.effective_path();
  if (path.empty() || path.front() != '/') path.insert(0, 1, '/');
  // "/docs/" and "/docs" serve the same page; only the root keeps its slash.
  while (path.size() > 1 && path.back() == '/')
    path.pop_back();
  return path;
}

std::string served_path(const ReadingList& list) {
  const auto& site = list.spec.site;
  return site && site->ingress ? served_path(*site->ingress) : "/";
}

std::string served_url(const std::optional<IngressSpec>& ingress, const std::string& service,
                       const ObjectMeta& owner) {
  if (ingress) {
    return (ingress->tls_secret_name ? "https://" : "http://") + ingress->host +
           served_path(*ingress);
  }
  const std::string ns = owner.namespace_.empty() ? "default" : owner.namespace_;
  return "http://" + service + '.' + ns + ".svc";
}

std::string site_url(const ReadingList& list) {
  const auto& site = list.spec.site;
  return served_url(site ? site->ingress : std::nullopt, child_name(list.metadata), list.metadata);
}

}  // namespace rl::model
