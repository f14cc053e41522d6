// What the real server checks on every write besides the CRD schema: object metadata (names,
// labels, annotations, owner references, finalizers) and the rules of the built-in kinds the
// operator writes (ConfigMap size and keys, Deployment selector, Service ports, Ingress paths,
// Lease durations, events.k8s.io required fields). Also the defaults those kinds get.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "resources.hpp"
#include "status.hpp"

namespace rl::test_apiserver {

std::vector<FieldCause> validate_metadata(const ResourceType& type, const nlohmann::json& object,
                                          const nlohmann::json& old);
std::vector<FieldCause> validate_kind(const ResourceType& type, const nlohmann::json& object,
                                      const nlohmann::json& old);
// Server-side defaults of the built-in kinds (what a real cluster adds to a Deployment, a
// Service, ...), so that clients comparing desired and live objects meet them here too.
void apply_builtin_defaults(const ResourceType& type, nlohmann::json& object);

bool is_dns1123_subdomain(const std::string& s);
bool is_dns1123_label(const std::string& s);
bool is_qualified_name(const std::string& s);  // label keys, finalizers

}  // namespace rl::test_apiserver
