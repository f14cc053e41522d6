// Shared by the reconcile sources of both kinds: the metadata every child carries, and the
// serving children a ReadingList's site and a Microsite have in common (the content ConfigMap,
// the hardened nginx Deployment, its Service and Ingress), built once for both.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "readinglist/model/types.hpp"
#include "readinglist/render/render.hpp"

namespace rl::reconcile::detail {

// Whose children these are and what they are called: all that tells a list's children from a
// microsite's.
struct ChildIdentity {
  std::string name;  // "NAME-site" or "NAME-microsite" (the index ConfigMap overrides it)
  std::string namespace_;
  std::map<std::string, std::string> labels;  // app.kubernetes.io/*
  nlohmann::json owner;                       // the controller ownerReference
};

ChildIdentity list_identity(const model::ObjectMeta& list);

// name, namespace, the standard labels and the controller ownerReference.
nlohmann::json child_metadata(const ChildIdentity& identity);

// The labels that pick the pods (app.kubernetes.io/name and instance): stable for the life of
// the owner, because a Deployment's selector cannot change.
nlohmann::json selector_labels(const ChildIdentity& identity);

// How the nginx pods run: what a list's spec.site and a microsite's spec.site both say.
struct Serving {
  std::string image;
  std::optional<model::ResourceRequirements> resources;
  std::int64_t replicas = 1;
};

// The ConfigMap of `content`, annotated with its hash (which stands for the data in the cache).
nlohmann::json content_config_map(const ChildIdentity& identity, const render::Content& content);

// The nginx Deployment: `web_volume` (named "content") is mounted read-only as the web root,
// nginx.conf comes from the ConfigMap `config_map`, the pod template carries `content_hash`.
nlohmann::json site_deployment(const ChildIdentity& identity, const Serving& serving,
                               std::string_view content_hash, nlohmann::json web_volume,
                               const std::string& config_map);

nlohmann::json site_service(const ChildIdentity& identity);
nlohmann::json site_ingress(const ChildIdentity& identity, const model::IngressSpec& ingress);

}  // namespace rl::reconcile::detail
