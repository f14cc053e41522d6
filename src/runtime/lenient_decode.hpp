// Private to the runtime: decoding an object of ours from a watch so that a problem still leaves
// something to report it on. A status this version cannot read is dropped (it is written anew);
// a spec that cannot be decoded keeps the object's identity and status with the reason.
#pragma once

#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "readinglist/kube/api_client.hpp"
#include "readinglist/model/errors.hpp"

namespace rl::runtime::detail {

// kubectl's client-side apply keeps the whole manifest in an annotation: nothing here reads it,
// and it would double what an object costs the cache.
inline constexpr std::string_view kLastApplied = "kubectl.kubernetes.io/last-applied-configuration";

template <typename T>
struct Decoded {
  T object;                  // with the placeholder spec {title: "-"} when decode_error is set
  std::string decode_error;  // why the spec cannot be read; "" when it could
};

inline std::string describe_parse_error(const model::ParseError& error) {
  std::string text;
  for (const auto& field : error.fields) {
    if (!text.empty()) text += "; ";
    text += field.to_string();
  }
  return text.empty() ? error.message : text;
}

// `from_json(value, source)` is the kind's strict decoder; `api_version` and `kind` name it.
template <typename T, typename FromJson>
std::expected<Decoded<T>, std::string> decode_leniently(const nlohmann::json& object,
                                                        FromJson from_json,
                                                        std::string_view api_version,
                                                        std::string_view kind) {
  const std::string source =
      kube::meta_string(object, "namespace") + "/" + kube::meta_string(object, "name");
  auto decoded = from_json(object, source);
  if (decoded) return Decoded<T>{std::move(*decoded), {}};
  // A status this version cannot read (written by another version of the operator) is not
  // the user's problem: reconcile as if there were none, and the status is written anew.
  if (object.contains("status")) {
    nlohmann::json without_status = object;
    without_status.erase("status");
    if (auto spec_only = from_json(without_status, source)) {
      return Decoded<T>{std::move(*spec_only), {}};
    }
  }
  // Keep what identifies the object (and its status) so the error can be reported on it.
  nlohmann::json skeleton = {{"apiVersion", api_version},
                             {"kind", kind},
                             {"metadata", object.value("metadata", nlohmann::json::object())},
                             {"spec", {{"title", "-"}}}};
  const std::string error = describe_parse_error(decoded.error());
  if (object.contains("status")) {
    skeleton["status"] = object["status"];
    if (auto with_status = from_json(skeleton, source)) {
      return Decoded<T>{std::move(*with_status), error};
    }
    skeleton.erase("status");
  }
  auto meta_only = from_json(skeleton, source);
  if (!meta_only) return std::unexpected("cannot read " + source + ": " + error);
  return Decoded<T>{std::move(*meta_only), error};
}

}  // namespace rl::runtime::detail
