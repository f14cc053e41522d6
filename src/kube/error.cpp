#include "readinglist/kube/error.hpp"

#include <algorithm>

namespace rl::kube {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Api:
      return "api";
    case ErrorKind::Transport:
      return "transport";
    case ErrorKind::Decode:
      return "decode";
    case ErrorKind::Config:
      return "config";
    case ErrorKind::Invalid:
      return "invalid request";
    case ErrorKind::Cancelled:
      return "cancelled";
  }
  return "unknown";
}

bool Error::retryable() const {
  switch (kind) {
    case ErrorKind::Transport:
      return true;
    case ErrorKind::Api:
      return code == 429 || (code >= 500 && code <= 599);
    default:
      return false;
  }
}

bool Error::is_resource_type_missing() const {
  return code == 404 && (!status_body || details.name.empty());
}

bool Error::is_not_found() const {
  return code == 404 && !is_resource_type_missing();
}

bool Error::is_already_exists() const {
  return code == 409 && reason == "AlreadyExists";
}

bool Error::is_conflict() const {
  return code == 409 && reason != "AlreadyExists";
}

bool Error::is_field_manager_conflict() const {
  return is_conflict() && std::ranges::any_of(details.causes, [](const StatusCause& c) {
           return c.reason == "FieldManagerConflict";
         });
}

bool Error::is_expired() const {
  // Servers up to 1.17 said Gone; both come with 410, and client-go treats both as expiry.
  return code == 410 || reason == "Expired" || reason == "Gone";
}

bool Error::is_resource_version_too_large() const {
  if (code != 504) return false;
  return std::ranges::any_of(
             details.causes,
             [](const StatusCause& c) { return c.reason == "ResourceVersionTooLarge"; }) ||
         message.find("Too large resource version") != std::string::npos;
}

std::string Error::to_string() const {
  std::string out;
  if (code != 0) {
    out += std::to_string(code);
    out += ' ';
  }
  if (!reason.empty()) {
    out += reason;
  } else {
    out += rl::kube::to_string(kind);
    out += " error";
  }
  if (!message.empty()) {
    out += ": ";
    out += message;
  }
  if (!details.causes.empty()) {
    out += " (causes:";
    for (const auto& cause : details.causes) {
      out += ' ';
      if (!cause.field.empty()) out += cause.field + ": ";
      out += cause.message.empty() ? cause.reason : cause.message;
      out += ';';
    }
    out.back() = ')';
  }
  if (retry_after) out += " (retry after " + std::to_string(retry_after->count()) + "s)";
  out += retryable() ? " [retryable]" : " [permanent]";
  return out;
}

namespace {
Error make(ErrorKind kind, std::string message) {
  Error e;
  e.kind = kind;
  e.message = std::move(message);
  return e;
}
}  // namespace

Error transport_error(std::string message) {
  return make(ErrorKind::Transport, std::move(message));
}
Error decode_error(std::string message) {
  return make(ErrorKind::Decode, std::move(message));
}
Error config_error(std::string message) {
  return make(ErrorKind::Config, std::move(message));
}
Error invalid_request(std::string message) {
  return make(ErrorKind::Invalid, std::move(message));
}
Error cancelled_error(std::string message) {
  return make(ErrorKind::Cancelled, std::move(message));
}

}  // namespace rl::kube
