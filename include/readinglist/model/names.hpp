// Names and addresses derived from a ReadingList: its children's name, the standard labels they
// carry, and the URL the page is served at. Pure; shared by the renderer and the reconciler.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "readinglist/model/types.hpp"

namespace rl::model {

inline constexpr std::string_view kManagedBy = "readinglist-operator";
inline constexpr std::string_view kSiteSuffix = "-site";

// "NAME-site": the ConfigMap, Deployment, Service and Ingress of a list.
std::string child_name(const ObjectMeta& list);

// The app.kubernetes.io/* labels every child carries.
std::map<std::string, std::string> child_labels(const ObjectMeta& list);
// The same for a child of any owner of ours; `app` is its app.kubernetes.io/name.
std::map<std::string, std::string> child_labels(std::string_view app, const ObjectMeta& owner);

// Where a site is served: the Ingress URL (https when tlsSecretName is set) when there is one,
// else "http://SERVICE.NS.svc". For a list's site and a microsite alike.
std::string served_url(const std::optional<IngressSpec>& ingress, const std::string& service,
                       const ObjectMeta& owner);

// The Ingress path the site is served under, without trailing slashes ("/reading"), or "/"
// when there is no Ingress or its path is the root.
std::string served_path(const ReadingList& list);
// The same for one Ingress setting (a list's or a microsite's).
std::string served_path(const IngressSpec& ingress);

// Where the page is served: the Ingress URL (https when tlsSecretName is set) if an ingress is
// configured, else "http://NAME-site.NS.svc". Ends without a trailing slash unless the ingress
// path is "/", where it ends with "/".
std::string site_url(const ReadingList& list);

}  // namespace rl::model
