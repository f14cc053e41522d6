// Builds Kubernetes API requests without doing any I/O: resource + namespace + name +
// subresource + options -> method, path, query string, content type and body. Paths follow the
// core (/api/v1) and named-group (/apis/g/v) shapes; every value is percent-encoded.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "readinglist/kube/error.hpp"

namespace rl::kube {

// Which collection a request addresses. The core group has group "".
struct ResourceRef {
  std::string group;
  std::string version;
  std::string plural;
  bool namespaced = true;

  std::string api_version() const;  // "v1" or "group/version"
  friend bool operator==(const ResourceRef&, const ResourceRef&) = default;
};

inline constexpr std::string_view kPartialMetadataList =
    "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";
inline constexpr std::string_view kPartialMetadata =
    "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";

struct ListOptions {
  std::string label_selector;
  std::string field_selector;
  std::optional<std::string> resource_version;  // unset: most recent (consistent read)
  std::string resource_version_match;           // "", "NotOlderThan" or "Exact"
  std::int64_t limit = 0;                       // 0: no paging
  std::string continue_token;
  std::optional<std::int64_t> timeout_seconds;
  // Items as meta.k8s.io/v1 PartialObjectMetadata (metadata only), as client-go's metadata
  // informers ask: the server never sends the rest of the objects.
  bool metadata_only = false;
};

struct WatchOptions {
  std::string label_selector;
  std::string field_selector;
  std::string resource_version;  // "" or "0": synthetic ADDEDs first; "N": changes after N
  bool allow_bookmarks = true;
  // A streaming list (WatchList): ADDED for every object at a version not older than
  // resource_version ("" = the most recent), then a bookmark annotated
  // k8s.io/initial-events-end, then changes. Sends resourceVersionMatch=NotOlderThan with it.
  bool send_initial_events = false;
  std::int64_t timeout_seconds = 0;  // 0: let the server pick (30-60 min)
  bool metadata_only = false;        // objects as PartialObjectMetadata
  // A field of each object (e.g. "spec") handed over as its JSON text, unparsed: see
  // kube::json_text_of. For a cache that keeps the field as text anyway.
  std::string unparsed_field;
};

struct WriteOptions {
  std::string field_manager;
  bool dry_run = false;
};

enum class PatchType { Merge, Json, StrategicMerge, Apply };

struct PatchOptions {
  std::string field_manager;  // required for Apply
  bool force = false;         // Apply only
  bool dry_run = false;
};

enum class PropagationPolicy { Unset, Background, Foreground, Orphan };

struct DeleteOptions {
  PropagationPolicy propagation_policy = PropagationPolicy::Unset;
  std::optional<std::int64_t> grace_period_seconds;
  std::string precondition_uid;
  std::string precondition_resource_version;
  bool dry_run = false;
};

enum class Method { Get, Post, Put, Patch, Delete };
std::string_view to_string(Method method);

struct Request {
  Method method = Method::Get;
  std::string path;   // percent-encoded
  std::string query;  // without '?', percent-encoded, parameters in a fixed order
  std::string content_type;
  std::string accept = "application/json";
  std::string body;
  bool watch = false;
  // Sending it twice has the same effect as once, so a 5xx with Retry-After may be retried.
  // False for create (POST) and JSON patch.
  bool idempotent = true;

  std::string target() const { return query.empty() ? path : path + "?" + query; }
};

// `ns` is the namespace: required for objects of namespaced resources, empty for cluster-scoped
// ones; on list/watch an empty `ns` means all namespaces.
Result<Request> get_request(const ResourceRef& resource, std::string_view ns, std::string_view name,
                            std::string_view subresource = {});
Result<Request> list_request(const ResourceRef& resource, std::string_view ns,
                             const ListOptions& options);
Result<Request> watch_request(const ResourceRef& resource, std::string_view ns,
                              const WatchOptions& options);
Result<Request> create_request(const ResourceRef& resource, std::string_view ns,
                               const nlohmann::json& object, const WriteOptions& options = {});
// PUT: `object` should carry the metadata.resourceVersion last read (optimistic concurrency).
Result<Request> update_request(const ResourceRef& resource, std::string_view ns,
                               std::string_view name, const nlohmann::json& object,
                               const WriteOptions& options = {}, std::string_view subresource = {});
// Apply sends `patch` as application/apply-patch+yaml (JSON is valid YAML).
Result<Request> patch_request(const ResourceRef& resource, std::string_view ns,
                              std::string_view name, PatchType type, const nlohmann::json& patch,
                              const PatchOptions& options, std::string_view subresource = {});
Result<Request> delete_request(const ResourceRef& resource, std::string_view ns,
                               std::string_view name, const DeleteOptions& options = {});

// RFC 3986 percent-encoding of everything but unreserved characters.
std::string percent_encode(std::string_view value);

}  // namespace rl::kube
