// Turns the server's answer to a failed request into an Error. The HTTP status decides; the body
// is read as a metav1.Status only when it is JSON with kind Status (429s from APF, unknown paths
// and proxies answer with text or HTML).
#pragma once

#include <chrono>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string_view>

#include "readinglist/kube/error.hpp"

namespace rl::kube {

// `retry_after_header` is the Retry-After value ("" when absent).
Error error_from_response(int http_status, std::string_view body,
                          std::string_view retry_after_header = {});

// A Status object carried by a watch ERROR event (or any Status JSON).
Error error_from_status(const nlohmann::json& status);

// Retry-After in delta-seconds form; the HTTP-date form and garbage give nullopt.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value);

// The Status reason the server would use for a bare HTTP code (client-go's reasonForCode).
std::string_view reason_for_code(int http_status);

}  // namespace rl::kube
