// The HTTP verbs that write: POST, PUT, PATCH (merge, JSON, strategic, apply) and their
// query options (fieldManager, dryRun, fieldValidation, force).
#include "api_internal.hpp"
#include "patch.hpp"
#include "protobuf.hpp"

namespace rl::test_apiserver {

using nlohmann::json;

namespace {

std::string media_type(const std::string& content_type) {
  std::string out = content_type.substr(0, content_type.find(';'));
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

bool is_yaml(const std::string& media) {
  return media == "application/yaml" || media == "application/apply-patch+yaml";
}

// POST/PUT bodies: JSON or YAML, and protobuf for the kinds kubectl's typed clients create.
Result<json> parse_object_body(const Request& request) {
  std::string media = media_type(request.content_type);
  if (media == kProtobufMediaType) return decode_protobuf_object(request.body);
  if (!media.empty() && media != "application/json" && !is_yaml(media)) {
    return std::unexpected(unsupported_media_type(
        "the body of the request was in an unknown format - accepted media types include: "
        "application/json, application/yaml"));
  }
  return parse_body(request, is_yaml(media));
}

}  // namespace

namespace {

Result<WriteOptions> write_options(const Route& r, const Request& request, TimePoint now,
                                   bool apply, const char* options_kind) {
  WriteOptions o;
  std::string manager = query_value(request, "fieldManager");
  if (manager.empty() && apply) {
    return std::unexpected(invalid_options(
        "PatchOptions",
        {{"FieldValueRequired", "fieldManager", "Required value: is required for apply patch"}}));
  }
  if (manager.empty()) {
    manager = request.user_agent.substr(0, request.user_agent.find('/'));
  }
  if (manager.size() > 128) {
    return std::unexpected(invalid_options(
        options_kind,
        {{"FieldValueTooLong", "fieldManager", "Too long: may not be more than 128 bytes"}}));
  }
  if (request.query.contains("force") && !apply) {
    return std::unexpected(invalid_options(
        "PatchOptions",
        {{"FieldValueForbidden", "force", "Forbidden: may not be specified for non-apply patch"}}));
  }
  std::string dry = query_value(request, "dryRun");
  if (!dry.empty() && dry != "All") {
    return std::unexpected(invalid_options(
        options_kind,
        {{"FieldValueNotSupported", "dryRun",
          "Unsupported value: " + json(dry).dump() + ": supported values: \"All\""}}));
  }
  o.dry_run = dry == "All";
  std::string validation = query_value(request, "fieldValidation");
  if (!validation.empty()) {
    if (validation != "Ignore" && validation != "Warn" && validation != "Strict") {
      return std::unexpected(
          bad_request("fieldValidation: Unsupported value: " + json(validation).dump()));
    }
    o.field_validation = validation;
  }
  o.writer = {.manager = manager,
              .api_version = r.type->api_version(),
              .subresource = r.subresource,
              .time = format_time(now)};
  return o;
}

}  // namespace

Result<Response> ApiServer::create(const Route& r, const Request& request, TimePoint now) {
  if (r.type->namespaced && r.ns.empty()) {
    return std::unexpected(
        method_not_allowed("the server does not allow this method on the "
                           "requested resource"));
  }
  auto options = write_options(r, request, now, false, "CreateOptions");
  if (!options) return std::unexpected(options.error());
  auto body = parse_object_body(request);
  if (!body) return std::unexpected(body.error());
  auto created = create_object(*r.type, r.ns, std::move(*body), *options, now);
  if (!created) return std::unexpected(created.error());
  return written_response(201, r.type, std::move(*created));
}

Result<Response> ApiServer::update(const Route& r, const Request& request, TimePoint now) {
  auto options = write_options(r, request, now, false, "UpdateOptions");
  if (!options) return std::unexpected(options.error());
  options->is_put = true;
  auto body = parse_object_body(request);
  if (!body) return std::unexpected(body.error());
  if (r.type->allow_create_on_update && r.subresource.empty() &&
      !store_.get(r.type->storage, object_key(r.ns, r.name))) {
    std::string body_name = meta_string(*body, "name");
    if (body_name != r.name) {
      return std::unexpected(bad_request("the name of the object (" + body_name +
                                         ") does not match the name on the URL (" + r.name + ")"));
    }
    auto created = create_object(*r.type, r.ns, std::move(*body), *options, now);
    if (!created) return std::unexpected(created.error());
    return written_response(201, r.type, std::move(*created));
  }
  auto updated = update_object(*r.type, r.ns, r.name, std::move(*body), *options, now);
  if (!updated) return std::unexpected(updated.error());
  return written_response(200, r.type, std::move(*updated));
}

Result<Response> ApiServer::patch(const Route& r, const Request& request, TimePoint now) {
  std::string media = media_type(request.content_type);
  bool apply = media == "application/apply-patch+yaml";
  bool known = apply || media == "application/merge-patch+json" ||
               media == "application/json-patch+json" ||
               media == "application/strategic-merge-patch+json";
  if (!known || (media == "application/strategic-merge-patch+json" && r.type->custom)) {
    std::string accepted = r.type->custom
                               ? "application/json-patch+json, application/merge-patch+json, "
                                 "application/apply-patch+yaml"
                               : "application/json-patch+json, application/merge-patch+json, "
                                 "application/strategic-merge-patch+json, "
                                 "application/apply-patch+yaml";
    return std::unexpected(unsupported_media_type(
        "the body of the request was in an unknown format - accepted media types include: " +
        accepted));
  }
  auto options = write_options(r, request, now, apply, "PatchOptions");
  if (!options) return std::unexpected(options.error());
  auto body = parse_body(request, apply);
  if (!body) return std::unexpected(body.error());
  auto existing = store_.get(r.type->storage, object_key(r.ns, r.name));

  if (apply) {
    if (!body->is_object()) return std::unexpected(bad_request("the apply patch must be a map"));
    if (metadata_of(*body).contains("managedFields")) {
      return std::unexpected(bad_request("metadata.managedFields must be nil"));
    }
    std::string api_version = body->value("apiVersion", "");
    if (api_version != r.type->api_version()) {
      return std::unexpected(bad_request(
          "Incorrect version specified in apply patch. Specified patch version: " + api_version +
          ", expected: " + r.type->api_version()));
    }
    if (body->value("kind", "") != r.type->kind) {
      return std::unexpected(bad_request("the kind in the apply patch (" + body->value("kind", "") +
                                         ") does not match the expected kind (" + r.type->kind +
                                         ")"));
    }
    std::string body_name = meta_string(*body, "name");
    if (body_name != r.name) {
      return std::unexpected(bad_request("the name of the object (" + body_name +
                                         ") does not match the name on the URL (" + r.name + ")"));
    }
    if (!existing && !r.subresource.empty()) return std::unexpected(not_found(*r.type, r.name));
    Scope scope = r.subresource == "status"
                      ? Scope::StatusOnly
                      : (r.type->status_subresource ? Scope::MainOnly : Scope::All);
    json live = existing ? wire(*r.type, *existing) : json();
    auto merged =
        server_side_apply(live, *body, options->writer, query_flag(request, "force"), scope);
    if (!merged) {
      ApiError e = merged.error();
      if (e.details.is_object()) {
        e.details["name"] = r.name;
        e.details["kind"] = r.type->plural;
        if (!r.type->group.empty()) e.details["group"] = r.type->group;
      }
      return std::unexpected(e);
    }
    options->managed_fields_done = true;
    if (!existing) {
      auto created = create_object(*r.type, r.ns, std::move(*merged), *options, now);
      if (!created) return std::unexpected(created.error());
      return written_response(201, r.type, std::move(*created));
    }
    auto updated = update_object(*r.type, r.ns, r.name, std::move(*merged), *options, now);
    if (!updated) return std::unexpected(updated.error());
    return written_response(200, r.type, std::move(*updated));
  }

  if (!existing) return std::unexpected(not_found(*r.type, r.name));
  json live = wire(*r.type, *existing);
  Result<json> patched = json();
  if (media == "application/merge-patch+json") {
    if (!body->is_object()) return std::unexpected(bad_request("a merge patch must be an object"));
    patched = merge_patch(std::move(live), *body);
  } else if (media == "application/json-patch+json") {
    patched = json_patch(std::move(live), *body);
  } else {
    patched = strategic_merge_patch(std::move(live), *body);
  }
  if (!patched) return std::unexpected(patched.error());
  auto updated = update_object(*r.type, r.ns, r.name, std::move(*patched), *options, now);
  if (!updated) return std::unexpected(updated.error());
  return written_response(200, r.type, std::move(*updated));
}

}  // namespace rl::test_apiserver
