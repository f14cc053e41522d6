// Errors the test API server answers with, and the metav1.Status bodies that carry them
// (kubernetes-api-behaviour.md §6). Constructors use the real server's message formats.
#pragma once

#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace rl::test_apiserver {

struct ResourceType;

struct ApiError {
  int code = 500;
  std::string reason;  // StatusReason: NotFound, Conflict, Invalid, ...
  std::string message;
  nlohmann::json details = nullptr;  // StatusDetails or null
  int retry_after_seconds = 0;       // > 0 adds details.retryAfterSeconds and Retry-After
  bool plain_text = false;           // body is `message` as text/plain (404 page, APF 429)
};

template <typename T>
using Result = std::expected<T, ApiError>;

// The Status JSON for an error (kind Status, apiVersion v1, status Failure).
nlohmann::json status_body(const ApiError& error);
// {"kind":"Status",...,"status":"Success","details":{name,group,kind,uid}} for a finished delete.
nlohmann::json success_status(const ResourceType& type, std::string_view name,
                              std::string_view uid);

// `resource` or `resource.group`: how the server names a resource in messages.
std::string qualified_resource(const ResourceType& type);
// `Kind` or `Kind.group`: how Invalid messages name the kind.
std::string qualified_kind(const ResourceType& type);

ApiError page_not_found();
ApiError not_found(const ResourceType& type, std::string_view name);
ApiError already_exists(const ResourceType& type, std::string_view name);
ApiError conflict(const ResourceType& type, std::string_view name, std::string_view why);
ApiError stale_conflict(const ResourceType& type, std::string_view name);
ApiError bad_request(std::string message);
ApiError method_not_allowed(std::string message);
ApiError unsupported_media_type(std::string message);
ApiError forbidden(std::string message, nlohmann::json details = nullptr);
ApiError expired(std::string message);
ApiError internal_error(std::string message);
ApiError unauthorized();
ApiError too_large_resource_version(std::uint64_t requested, std::uint64_t current);

struct FieldCause {
  std::string type;    // FieldValueInvalid, FieldValueRequired, ...
  std::string field;   // metadata.name
  std::string detail;  // "Invalid value: \"X\": must be ..." or "Required value"
};
// 422: `<Kind.group> "<name>" is invalid: <field>: <detail>, ...`.
ApiError invalid(const ResourceType& type, std::string_view name,
                 const std::vector<FieldCause>& causes);
// 422 for a bad request option (ListOptions, PatchOptions, DeleteOptions) in meta.k8s.io.
ApiError invalid_options(std::string_view kind, const std::vector<FieldCause>& causes);

}  // namespace rl::test_apiserver
