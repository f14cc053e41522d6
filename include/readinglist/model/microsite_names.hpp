// Names and addresses derived from a Microsite: its children's names and labels, and the URL the
// site is served at. Pure; shared by the renderer and the reconciler. The suffixes differ from a
// ReadingList's "-site", so a list and a microsite of the same name never share a child.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "readinglist/model/microsite.hpp"

namespace rl::model {

inline constexpr std::string_view kIndexSuffix = "-index";
inline constexpr std::string_view kMicrositeSuffix = "-microsite";

// "NAME-index": the ConfigMap holding the index page, its feed, style and nginx.conf.
std::string microsite_index_name(const ObjectMeta& microsite);

// "NAME-microsite": the Deployment, Service and Ingress that serve the whole site.
std::string microsite_child_name(const ObjectMeta& microsite);

// The app.kubernetes.io/* labels every child of a microsite carries (name: readinglist-microsite).
std::map<std::string, std::string> microsite_child_labels(const ObjectMeta& microsite);

// The Ingress path the site is served under, without trailing slashes, or "/".
std::string microsite_served_path(const Microsite& microsite);

// The Ingress URL (https with tlsSecretName) when an ingress is set, else
// "http://NAME-microsite.NS.svc"; ends with "/" only when the path is the root.
std::string microsite_url(const Microsite& microsite);

}  // namespace rl::model
