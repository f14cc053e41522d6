// The Kubernetes protobuf encoding of the few built-in kinds kubectl's typed clients create
// (`kubectl create configmap|secret|namespace` send protobuf, not JSON), decoded to the JSON
// form the rest of the server works on. Other kinds answer 415 as before.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "status.hpp"

namespace rl::test_apiserver {

inline constexpr std::string_view kProtobufMediaType = "application/vnd.kubernetes.protobuf";

// A "k8s\0"-prefixed runtime.Unknown envelope holding a ConfigMap, Secret or Namespace.
// 415 for any other kind, 400 for bytes that do not decode.
Result<nlohmann::json> decode_protobuf_object(std::string_view body);

}  // namespace rl::test_apiserver
