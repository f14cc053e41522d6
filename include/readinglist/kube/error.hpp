// The one error value of the Kubernetes client: what failed (an API Status, the connection, the
// configuration, an unreadable answer), the Status fields the server sent, and whether trying
// again can help. Every kube/ and runtime/ call that can fail returns std::expected<T, Error>.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rl::kube {

enum class ErrorKind {
  Api,        // the server answered with an HTTP error status; code/reason/details are set
  Transport,  // no usable answer: connect, TLS, read failure, idle timeout, truncated stream
  Decode,     // the answer could not be read: bad JSON, unexpected shape, over-long watch line
  Config,     // the cluster configuration (kubeconfig, in-cluster files) cannot be used
  Invalid,    // the caller asked for a request that cannot be built
  Cancelled,  // the caller's stop token fired
};

std::string_view to_string(ErrorKind kind);

// metav1.StatusCause: `reason` is the cause type (FieldValueInvalid, FieldManagerConflict...).
struct StatusCause {
  std::string reason;
  std::string message;
  std::string field;
  friend bool operator==(const StatusCause&, const StatusCause&) = default;
};

// metav1.StatusDetails. `kind` is often the plural resource, not the Kind.
struct StatusDetails {
  std::string name;
  std::string group;
  std::string kind;
  std::string uid;
  std::vector<StatusCause> causes;
  std::int64_t retry_after_seconds = 0;
  friend bool operator==(const StatusDetails&, const StatusDetails&) = default;
};

struct Error {
  ErrorKind kind = ErrorKind::Api;
  int code = 0;         // HTTP status (also set for watch ERROR events); 0 when there is none
  std::string reason;   // Status reason (NotFound, Conflict, Expired...), or derived from code
  std::string message;  // human readable; for non-API errors says what failed and where
  StatusDetails details;
  std::optional<std::chrono::seconds> retry_after;  // Retry-After header or retryAfterSeconds
  bool status_body = false;  // the server's body was a Status object (not text or HTML)

  // A later identical attempt may succeed (after waiting): transport failures, 429, 5xx.
  // Conflicts, expiry and 401 need something done first (re-read, relist, new token) and are
  // not "retryable" in this sense.
  bool retryable() const;

  bool is_not_found() const;                   // 404 for an object of a served resource type
  bool is_resource_type_missing() const;       // 404 as plain text / without details.name
  bool is_already_exists() const;              // 409 AlreadyExists
  bool is_conflict() const;                    // 409 Conflict (stale resourceVersion or SSA)
  bool is_field_manager_conflict() const;      // SSA conflict: a cause FieldManagerConflict
  bool is_expired() const;                     // 410 Expired/Gone: relist or restart the list
  bool is_resource_version_too_large() const;  // 504 ResourceVersionTooLarge: relist from ""
  bool is_unauthorized() const { return code == 401; }
  bool is_forbidden() const { return code == 403; }
  bool is_invalid() const { return code == 422; }
  bool is_too_many_requests() const { return code == 429; }
  bool is_server_error() const { return code >= 500 && code <= 599; }
  bool is_cancelled() const { return kind == ErrorKind::Cancelled; }

  // "422 Invalid: ConfigMap \"x\" is invalid: data: Too long (causes: data: Too long) [permanent]"
  std::string to_string() const;
};

template <typename T>
using Result = std::expected<T, Error>;

Error transport_error(std::string message);
Error decode_error(std::string message);
Error config_error(std::string message);
Error invalid_request(std::string message);
Error cancelled_error(std::string message = "cancelled");

}  // namespace rl::kube
