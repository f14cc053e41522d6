#include "readinglist/kube/request.hpp"

#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

namespace rl::kube {
namespace {

class Query {
 public:
  void add(std::string_view key, std::string_view value) {
    if (!text_.empty()) text_ += '&';
    text_ += key;
    text_ += '=';
    text_ += percent_encode(value);
  }
  void add_if(std::string_view key, std::string_view value) {
    if (!value.empty()) add(key, value);
  }
  std::string take() { return std::move(text_); }

 private:
  std::string text_;
};

// client-go's IsValidPathSegmentName: the value must stay one path segment.
std::optional<Error> check_segment(std::string_view what, std::string_view value) {
  if (value.empty()) return invalid_request(std::string(what) + " must not be empty");
  if (value == "." || value == ".." || value.find_first_of("/%") != std::string_view::npos) {
    return invalid_request(std::string(what) + " \"" + std::string(value) +
                           "\" cannot be used in a URL path (\".\", \"..\", '/' and '%' are not "
                           "allowed)");
  }
  return std::nullopt;
}

Result<std::string> collection_path(const ResourceRef& r, std::string_view ns, bool for_object) {
  if (auto e = check_segment("resource version", r.version)) return std::unexpected(*e);
  if (auto e = check_segment("resource plural", r.plural)) return std::unexpected(*e);
  if (!r.group.empty()) {
    if (auto e = check_segment("resource group", r.group)) return std::unexpected(*e);
  }
  std::string path = r.group.empty() ? "/api/" + r.version : "/apis/" + r.group + "/" + r.version;
  if (r.namespaced) {
    if (for_object && ns.empty()) {
      return std::unexpected(invalid_request("a namespace is required for " + r.plural));
    }
    if (!ns.empty()) {
      if (auto e = check_segment("namespace", ns)) return std::unexpected(*e);
      path += "/namespaces/";
      path += ns;
    }
  } else if (!ns.empty()) {
    return std::unexpected(invalid_request(r.plural + " are cluster-scoped; no namespace allowed"));
  }
  path += '/';
  path += r.plural;
  return path;
}

Result<std::string> object_path(const ResourceRef& r, std::string_view ns, std::string_view name,
                                std::string_view subresource) {
  auto path = collection_path(r, ns, /*for_object=*/true);
  if (!path) return path;
  if (auto e = check_segment("name", name)) return std::unexpected(*e);
  *path += '/';
  *path += name;
  if (!subresource.empty()) {
    if (auto e = check_segment("subresource", subresource)) return std::unexpected(*e);
    *path += '/';
    *path += subresource;
  }
  return path;
}

std::string_view patch_content_type(PatchType type) {
  switch (type) {
    case PatchType::Merge:
      return "application/merge-patch+json";
    case PatchType::Json:
      return "application/json-patch+json";
    case PatchType::StrategicMerge:
      return "application/strategic-merge-patch+json";
    case PatchType::Apply:
      return "application/apply-patch+yaml";
  }
  return "application/merge-patch+json";
}

std::string_view policy_name(PropagationPolicy p) {
  switch (p) {
    case PropagationPolicy::Background:
      return "Background";
    case PropagationPolicy::Foreground:
      return "Foreground";
    case PropagationPolicy::Orphan:
      return "Orphan";
    case PropagationPolicy::Unset:
      break;
  }
  return {};
}

}  // namespace

std::string ResourceRef::api_version() const {
  return group.empty() ? version : group + "/" + version;
}

std::string_view to_string(Method method) {
  switch (method) {
    case Method::Get:
      return "GET";
    case Method::Post:
      return "POST";
    case Method::Put:
      return "PUT";
    case Method::Patch:
      return "PATCH";
    case Method::Delete:
      return "DELETE";
  }
  return "GET";
}

std::string percent_encode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

Result<Request> get_request(const ResourceRef& resource, std::string_view ns, std::string_view name,
                            std::string_view subresource) {
  auto path = object_path(resource, ns, name, subresource);
  if (!path) return std::unexpected(path.error());
  Request req;
  req.path = std::move(*path);
  return req;
}

Result<Request> list_request(const ResourceRef& resource, std::string_view ns,
                             const ListOptions& options) {
  auto path = collection_path(resource, ns, /*for_object=*/false);
  if (!path) return std::unexpected(path.error());
  Query q;
  q.add_if("labelSelector", options.label_selector);
  q.add_if("fieldSelector", options.field_selector);
  if (options.resource_version) q.add("resourceVersion", *options.resource_version);
  q.add_if("resourceVersionMatch", options.resource_version_match);
  if (options.limit > 0) q.add("limit", std::to_string(options.limit));
  q.add_if("continue", options.continue_token);
  if (options.timeout_seconds) q.add("timeoutSeconds", std::to_string(*options.timeout_seconds));
  Request req;
  req.path = std::move(*path);
  req.query = q.take();
  // Plain JSON after the first choice: a server without the conversion answers with full objects.
  if (options.metadata_only) req.accept = std::string(kPartialMetadataList) + ",application/json";
  return req;
}

Result<Request> watch_request(const ResourceRef& resource, std::string_view ns,
                              const WatchOptions& options) {
  auto path = collection_path(resource, ns, /*for_object=*/false);
  if (!path) return std::unexpected(path.error());
  Query q;
  q.add("watch", "1");
  q.add_if("labelSelector", options.label_selector);
  q.add_if("fieldSelector", options.field_selector);
  q.add_if("resourceVersion", options.resource_version);
  if (options.allow_bookmarks) q.add("allowWatchBookmarks", "true");
  if (options.send_initial_events) {
    q.add("sendInitialEvents", "true");
    q.add("resourceVersionMatch", "NotOlderThan");
  }
  if (options.timeout_seconds > 0) q.add("timeoutSeconds", std::to_string(options.timeout_seconds));
  Request req;
  req.path = std::move(*path);
  req.query = q.take();
  req.watch = true;
  if (options.metadata_only) req.accept = std::string(kPartialMetadata) + ",application/json";
  return req;
}

Result<Request> create_request(const ResourceRef& resource, std::string_view ns,
                               const nlohmann::json& object, const WriteOptions& options) {
  auto path = collection_path(resource, ns, /*for_object=*/true);
  if (!path) return std::unexpected(path.error());
  Query q;
  if (options.dry_run) q.add("dryRun", "All");
  q.add_if("fieldManager", options.field_manager);
  Request req;
  req.method = Method::Post;
  req.path = std::move(*path);
  req.query = q.take();
  req.content_type = "application/json";
  req.body = object.dump();
  req.idempotent = false;
  return req;
}

Result<Request> update_request(const ResourceRef& resource, std::string_view ns,
                               std::string_view name, const nlohmann::json& object,
                               const WriteOptions& options, std::string_view subresource) {
  auto path = object_path(resource, ns, name, subresource);
  if (!path) return std::unexpected(path.error());
  Query q;
  if (options.dry_run) q.add("dryRun", "All");
  q.add_if("fieldManager", options.field_manager);
  Request req;
  req.method = Method::Put;
  req.path = std::move(*path);
  req.query = q.take();
  req.content_type = "application/json";
  req.body = object.dump();
  return req;
}

Result<Request> patch_request(const ResourceRef& resource, std::string_view ns,
                              std::string_view name, PatchType type, const nlohmann::json& patch,
                              const PatchOptions& options, std::string_view subresource) {
  if (type == PatchType::Apply && options.field_manager.empty()) {
    return std::unexpected(invalid_request("server-side apply needs a fieldManager"));
  }
  if (type != PatchType::Apply && options.force) {
    return std::unexpected(invalid_request("force is allowed only on server-side apply"));
  }
  auto path = object_path(resource, ns, name, subresource);
  if (!path) return std::unexpected(path.error());
  Query q;
  if (options.dry_run) q.add("dryRun", "All");
  q.add_if("fieldManager", options.field_manager);
  if (options.force) q.add("force", "true");
  Request req;
  req.method = Method::Patch;
  req.path = std::move(*path);
  req.query = q.take();
  req.content_type = patch_content_type(type);
  req.body = patch.dump();
  req.idempotent = type != PatchType::Json;
  return req;
}

Result<Request> delete_request(const ResourceRef& resource, std::string_view ns,
                               std::string_view name, const DeleteOptions& options) {
  auto path = object_path(resource, ns, name, {});
  if (!path) return std::unexpected(path.error());
  Request req;
  req.method = Method::Delete;
  req.path = std::move(*path);
  if (options.dry_run) req.query = "dryRun=All";
  nlohmann::json body = {{"kind", "DeleteOptions"}, {"apiVersion", "v1"}};
  bool has_body = false;
  if (options.propagation_policy != PropagationPolicy::Unset) {
    body["propagationPolicy"] = policy_name(options.propagation_policy);
    has_body = true;
  }
  if (options.grace_period_seconds) {
    body["gracePeriodSeconds"] = *options.grace_period_seconds;
    has_body = true;
  }
  if (!options.precondition_uid.empty()) {
    body["preconditions"]["uid"] = options.precondition_uid;
    has_body = true;
  }
  if (!options.precondition_resource_version.empty()) {
    body["preconditions"]["resourceVersion"] = options.precondition_resource_version;
    has_body = true;
  }
  if (has_body) {
    req.content_type = "application/json";
    req.body = body.dump();
  }
  return req;
}

}  // namespace rl::kube
