// The children a ReadingList should have, as server-side apply bodies: the content ConfigMap,
// the nginx Deployment that serves it, the Service and (when asked) the Ingress. Pure: the
// same list and content always give the same objects.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "readinglist/model/types.hpp"
#include "readinglist/render/render.hpp"

namespace rl::reconcile {

// The one field manager every write of the operator uses, so server-side apply can tell our
// fields from a user's and drop the ones we stop setting.
inline constexpr std::string_view kFieldManager = "readinglist-operator";
// On the ConfigMap and on the Deployment's pod template: a changed list changes the template,
// so new pods roll out at once instead of waiting for the kubelet's ConfigMap sync.
inline constexpr std::string_view kContentHashAnnotation = "readinglist.dev/content-hash";

enum class ChildKind { ConfigMap, Deployment, Service, Ingress };
inline constexpr std::array kChildKinds = {ChildKind::ConfigMap, ChildKind::Deployment,
                                           ChildKind::Service, ChildKind::Ingress};

// Where a kind lives in the API.
struct ChildResource {
  std::string_view group;  // "" for the core group
  std::string_view version;
  std::string_view api_version;
  std::string_view kind;
  std::string_view plural;
};
const ChildResource& resource_of(ChildKind kind);
std::string_view to_string(ChildKind kind);

// Where nginx finds its files in the site container (the nginx prefix; see nginx.conf).
inline constexpr std::string_view kSitePrefix = "/srv/site/";
inline constexpr int kSitePort = 8080;
inline constexpr int kServicePort = 80;

// The controller ownerReference to a readinglist.dev object: `kind` is model::kKind for a
// ReadingList, model::kMicrositeKind for a Microsite.
nlohmann::json owner_reference(const model::ObjectMeta& owner,
                               std::string_view kind = model::kKind);

nlohmann::json desired_config_map(const model::ReadingList& list, const render::Content& content);
nlohmann::json desired_deployment(const model::ReadingList& list, const render::Content& content);
nlohmann::json desired_service(const model::ReadingList& list);
// Only meaningful when spec.site.ingress is set.
nlohmann::json desired_ingress(const model::ReadingList& list);

}  // namespace rl::reconcile
