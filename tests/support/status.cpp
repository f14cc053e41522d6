#include "status.hpp"

#include "resources.hpp"

namespace rl::test_apiserver {

using nlohmann::json;

json status_body(const ApiError& error) {
  json body = {{"kind", "Status"},    {"apiVersion", "v1"},       {"metadata", json::object()},
               {"status", "Failure"}, {"message", error.message}, {"reason", error.reason},
               {"code", error.code}};
  json details = error.details.is_object() ? error.details : json::object();
  if (error.retry_after_seconds > 0) details["retryAfterSeconds"] = error.retry_after_seconds;
  if (!details.empty()) body["details"] = details;
  return body;
}

json success_status(const ResourceType& type, std::string_view name, std::string_view uid) {
  json details = {{"name", name}, {"kind", type.plural}, {"uid", uid}};
  if (!type.group.empty()) details["group"] = type.group;
  return {{"kind", "Status"},
          {"apiVersion", "v1"},
          {"metadata", json::object()},
          {"status", "Success"},
          {"details", details}};
}

std::string qualified_resource(const ResourceType& type) {
  return type.group.empty() ? type.plural : type.plural + "." + type.group;
}

std::string qualified_kind(const ResourceType& type) {
  return type.group.empty() ? type.kind : type.kind + "." + type.group;
}

namespace {
json object_details(const ResourceType& type, std::string_view name) {
  json details = {{"name", name}, {"kind", type.plural}};
  if (!type.group.empty()) details["group"] = type.group;
  return details;
}
std::string quoted(std::string_view s) {
  return json(std::string(s)).dump();
}
}  // namespace

ApiError page_not_found() {
  return {.code = 404, .reason = "NotFound", .message = "404 page not found\n", .plain_text = true};
}

ApiError not_found(const ResourceType& type, std::string_view name) {
  return {.code = 404,
          .reason = "NotFound",
          .message = qualified_resource(type) + " " + quoted(name) + " not found",
          .details = object_details(type, name)};
}

ApiError already_exists(const ResourceType& type, std::string_view name) {
  return {.code = 409,
          .reason = "AlreadyExists",
          .message = qualified_resource(type) + " " + quoted(name) + " already exists",
          .details = object_details(type, name)};
}

ApiError conflict(const ResourceType& type, std::string_view name, std::string_view why) {
  return {.code = 409,
          .reason = "Conflict",
          .message = "Operation cannot be fulfilled on " + qualified_resource(type) + " " +
                     quoted(name) + ": " + std::string(why),
          .details = object_details(type, name)};
}

ApiError stale_conflict(const ResourceType& type, std::string_view name) {
  return conflict(type, name,
                  "the object has been modified; please apply your changes to the latest "
                  "version and try again");
}

ApiError bad_request(std::string message) {
  return {.code = 400, .reason = "BadRequest", .message = std::move(message)};
}

ApiError method_not_allowed(std::string message) {
  return {.code = 405, .reason = "MethodNotAllowed", .message = std::move(message)};
}

ApiError unsupported_media_type(std::string message) {
  return {.code = 415, .reason = "UnsupportedMediaType", .message = std::move(message)};
}

ApiError forbidden(std::string message, json details) {
  return {.code = 403,
          .reason = "Forbidden",
          .message = std::move(message),
          .details = std::move(details)};
}

ApiError expired(std::string message) {
  return {.code = 410, .reason = "Expired", .message = std::move(message)};
}

ApiError internal_error(std::string message) {
  return {.code = 500,
          .reason = "InternalError",
          .message = "Internal error occurred: " + message,
          .details = {{"causes", {{{"message", message}}}}}};
}

ApiError unauthorized() {
  return {.code = 401, .reason = "Unauthorized", .message = "Unauthorized"};
}

ApiError too_large_resource_version(std::uint64_t requested, std::uint64_t current) {
  return {.code = 504,
          .reason = "Timeout",
          .message = "Too large resource version: " + std::to_string(requested) +
                     ", current: " + std::to_string(current),
          .details = {{"causes",
                       {{{"reason", "ResourceVersionTooLarge"},
                         {"message", "Too large resource version"}}}}},
          .retry_after_seconds = 1};
}

namespace {
std::string aggregate(const std::vector<FieldCause>& causes) {
  std::string out;
  for (const auto& cause : causes) {
    if (!out.empty()) out += ", ";
    out += cause.field + ": " + cause.detail;
  }
  return causes.size() > 1 ? "[" + out + "]" : out;
}
json cause_list(const std::vector<FieldCause>& causes) {
  json list = json::array();
  for (const auto& cause : causes) {
    list.push_back({{"reason", cause.type}, {"message", cause.detail}, {"field", cause.field}});
  }
  return list;
}
}  // namespace

ApiError invalid(const ResourceType& type, std::string_view name,
                 const std::vector<FieldCause>& causes) {
  json details = {{"name", name}, {"kind", type.kind}, {"causes", cause_list(causes)}};
  if (!type.group.empty()) details["group"] = type.group;
  return {
      .code = 422,
      .reason = "Invalid",
      .message = qualified_kind(type) + " " + quoted(name) + " is invalid: " + aggregate(causes),
      .details = details};
}

ApiError invalid_options(std::string_view kind, const std::vector<FieldCause>& causes) {
  return {.code = 422,
          .reason = "Invalid",
          .message = std::string(kind) + ".meta.k8s.io \"\" is invalid: " + aggregate(causes),
          .details = {{"group", "meta.k8s.io"}, {"kind", kind}, {"causes", cause_list(causes)}}};
}

}  // namespace rl::test_apiserver
