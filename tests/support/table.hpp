// meta.k8s.io/v1 Table responses for `kubectl get`: CRD additionalPrinterColumns (with a
// JSONPath subset), and a few columns of the built-in kinds; ages as kubectl shows them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api.hpp"
#include "resources.hpp"

namespace rl::test_apiserver {

// True when the Accept header asks for a Table (`application/json;as=Table;v=v1;g=meta.k8s.io`).
bool wants_table(const std::string& accept);

// True when the Accept header asks for metadata only (`application/json;as=PartialObjectMetadata
// List;v=v1;g=meta.k8s.io` on a list, `as=PartialObjectMetadata` on a watch): what client-go's
// metadata informers ask for.
bool wants_partial_metadata(const std::string& accept);
// An object as a meta.k8s.io/v1 PartialObjectMetadata: its metadata and nothing else.
nlohmann::json partial_metadata(const nlohmann::json& object);

// `items` are wire-form objects; `include_object` is None, Metadata (default) or Object.
nlohmann::json make_table(const ResourceType& type, const std::vector<nlohmann::json>& items,
                          const nlohmann::json& list_metadata, const std::string& include_object,
                          TimePoint now);

// Values selected by a printer-column JSONPath: `.a.b`, `['k']`, `[0]`, `[*]`,
// `[?(@.type=="Ready")]`; missing paths give no values.
std::vector<nlohmann::json> json_path(const nlohmann::json& object, const std::string& path);

// "5s", "3m2s", "10d": kubectl's HumanDuration.
std::string human_duration(std::chrono::seconds d);

}  // namespace rl::test_apiserver
