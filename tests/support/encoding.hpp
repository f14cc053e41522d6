// Base64 (standard alphabet, padded), for continue tokens and kubeconfig data fields.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rl::test_apiserver {

std::string base64_encode(std::string_view data);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace rl::test_apiserver
