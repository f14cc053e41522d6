// Children's names, labels and the page URL of a ReadingList.
#include "readinglist/model/names.hpp"

namespace rl::model {

std::string child_name(const ObjectMeta& list) {
  return list.name + std::string(kSiteSuffix);
}

std::map<std::string, std::string> child_labels(const ObjectMeta& list) {
  return {
      {"app.kubernetes.io/name", "readinglist-site"},
      {"app.kubernetes.io/instance", list.name},
      {"app.kubernetes.io/managed-by", std::string(kManagedBy)},
      {"app.kubernetes.io/part-of", list.name},
  };
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

std::string site_url(const ReadingList& list) {
  const auto& site = list.spec.site;
  if (site && site->ingress) {
    const auto& ingress = *site->ingress;
    return (ingress.tls_secret_name ? "https://" : "http://") + ingress.host + served_path(list);
  }
  const std::string ns = list.metadata.namespace_.empty() ? "default" : list.metadata.namespace_;
  return "http://" + child_name(list.metadata) + '.' + ns + ".svc";
}

}  // namespace rl::model
