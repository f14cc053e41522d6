// Private to the codec: writing model values as JSON for both kinds. Only present fields are
// written (absent optionals, empty strings and maps left out), so decoding gives back the value;
// and the key order a person reads a manifest in.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "readinglist/model/types.hpp"

namespace rl::model::detail {

template <typename T>
void put(nlohmann::json& out, const char* name, const std::optional<T>& value) {
  if (value) out[name] = *value;
}

inline void put(nlohmann::json& out, const char* name, const std::string& value) {
  if (!value.empty()) out[name] = value;
}

inline void put(nlohmann::json& out, const char* name,
                const std::map<std::string, std::string>& value) {
  if (!value.empty()) out[name] = value;
}

// An array of `encode(value)`; left out when empty unless `always`.
template <typename T, typename Encode>
void put_list(nlohmann::json& out, const char* name, const std::vector<T>& values, Encode encode,
              bool always) {
  if (values.empty() && !always) return;
  nlohmann::json array = nlohmann::json::array();
  for (const auto& value : values)
    array.push_back(encode(value));
  out[name] = std::move(array);
}

nlohmann::json encode(const ResourceRequirements& resources);
nlohmann::json encode(const IngressSpec& ingress);
nlohmann::json encode(const Condition& condition);

// What both kinds' statuses hold. Counters and conditions are always written: a status update
// replaces the whole status, and "0 ready replicas" or "no conditions" is information, not
// absence.
template <typename Status>
nlohmann::json encode_status(const Status& status) {
  nlohmann::json out = {{"observedGeneration", status.observed_generation},
                        {"readyReplicas", status.ready_replicas}};
  put_list(
      out, "conditions", status.conditions, [](const Condition& c) { return encode(c); }, true);
  put(out, "url", status.url);
  put(out, "contentHash", status.content_hash);
  return out;
}

// The whole object: apiVersion, `kind`, metadata, spec, and status when present (through the
// kind's to_json overloads).
template <typename Object>
nlohmann::json encode_object(std::string_view kind, const Object& object) {
  nlohmann::json out = {{"apiVersion", kApiVersion},
                        {"kind", kind},
                        {"metadata", to_json(object.metadata)},
                        {"spec", to_json(object.spec)}};
  if (object.status) out["status"] = to_json(*object.status);
  return out;
}

// Block-style YAML of `value` with the keys of every object in `order` (keys not listed follow
// alphabetically).
std::string to_yaml_in_order(const nlohmann::json& value, std::span<const std::string_view> order);

}  // namespace rl::model::detail
