// The ReadingList and Microsite CustomResourceDefinitions, generated from the same definitions the
// validators use (limits.hpp, patterns.hpp, kEntryTypeNames, ...). `readinglist-operator crd`
// prints them; crds/ holds copies that tests keep identical.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace rl::model {

// apiextensions.k8s.io/v1 CustomResourceDefinition readinglists.readinglist.dev. Ordered, so the
// YAML keeps the order people read a CRD in (apiVersion, kind, metadata, spec; description first).
nlohmann::ordered_json readinglist_crd();

// The same, as the YAML document written to crds/readinglist.dev_readinglists.yaml
// (deterministic: same build, same bytes).
std::string readinglist_crd_yaml();

// microsites.readinglist.dev, built the same way.
nlohmann::ordered_json microsite_crd();

// The same, as the YAML document written to crds/readinglist.dev_microsites.yaml.
std::string microsite_crd_yaml();

}  // namespace rl::model
