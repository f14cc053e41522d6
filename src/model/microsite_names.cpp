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
  return child_labels("readinglist-microsite", microsite);
}

std::string microsite_served_path(const Microsite& microsite) {
  const auto& site = microsite.spec.site;
  return site && site->ingress ? served_path(*site->ingress) : "/";
}

std::string microsite_url(const Microsite& microsite) {
  const auto& site = microsite.spec.site;
  return served_url(site ? site->ingress : std::nullopt, microsite_child_name(microsite.metadata),
                    microsite.metadata);
}

}  // namespace rl::model
