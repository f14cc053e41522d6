// Discovery (/api, /apis, /apis/<g>/<v>), /version and the OpenAPI v3 documents kubectl reads
// to learn that the server validates fields itself (the fieldValidation parameter of PATCH).
#include <functional>

#include "api_internal.hpp"

namespace rl::test_apiserver {

using nlohmann::json;

namespace {

json resource_list(const std::vector<TypePtr>& types, const std::string& gv) {
  json resources = json::array();
  for (const auto& t : types) {
    json r = {
        {"name", t->plural},
        {"singularName", t->singular},
        {"namespaced", t->namespaced},
        {"kind", t->kind},
        {"verbs",
         {"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"}}};
    if (!t->short_names.empty()) r["shortNames"] = t->short_names;
    if (!t->categories.empty()) r["categories"] = t->categories;
    resources.push_back(std::move(r));
    if (t->status_subresource) {
      resources.push_back({{"name", t->plural + "/status"},
                           {"singularName", ""},
                           {"namespaced", t->namespaced},
                           {"kind", t->kind},
                           {"verbs", {"get", "patch", "update"}}});
    }
  }
  return {{"kind", "APIResourceList"},
          {"apiVersion", "v1"},
          {"groupVersion", gv},
          {"resources", resources}};
}

json query_param(const char* name) {
  return {{"name", name}, {"in", "query"}, {"schema", {{"type", "string"}}}, {"uniqueItems", true}};
}

json gvk_extension(const ResourceType& t) {
  return {{"group", t.group}, {"version", t.version}, {"kind", t.kind}};
}

json openapi_document(const std::vector<TypePtr>& types) {
  json paths = json::object();
  json schemas = json::object();
  for (const auto& t : types) {
    std::string base =
        t->group_version_path() + (t->namespaced ? "/namespaces/{namespace}/" : "/") + t->plural;
    std::string schema_name =
        (t->group.empty() ? "io.k8s.api.core" : t->group) + "." + t->version + "." + t->kind;
    json ref = {{"$ref", "#/components/schemas/" + schema_name}};
    json ok = {
        {"200", {{"description", "OK"}, {"content", {{"application/json", {{"schema", ref}}}}}}}};
    auto op = [&](const char* action) {
      return json{{"x-kubernetes-action", action},
                  {"x-kubernetes-group-version-kind", gvk_extension(*t)},
                  {"responses", ok}};
    };
    json patch = op("patch");
    patch["parameters"] = {query_param("dryRun"), query_param("fieldManager"),
                           query_param("fieldValidation"), query_param("force")};
    patch["requestBody"] = {{"content",
                             {{"application/json-patch+json", {{"schema", ref}}},
                              {"application/merge-patch+json", {{"schema", ref}}},
                              {"application/apply-patch+yaml", {{"schema", ref}}}}}};
    json post = op("post");
    post["parameters"] = {query_param("dryRun"), query_param("fieldManager"),
                          query_param("fieldValidation")};
    paths[base] = {{"get", op("list")}, {"post", post}};
    paths[base + "/{name}"] = {
        {"get", op("get")}, {"put", op("put")}, {"patch", patch}, {"delete", op("delete")}};
    json schema = t->schema.is_object() ? t->schema : json{{"type", "object"}};
    schema["x-kubernetes-group-version-kind"] = json::array({gvk_extension(*t)});
    schemas[schema_name] = std::move(schema);
  }
  return {{"openapi", "3.0.0"},
          {"info", {{"title", "Kubernetes"}, {"version", "v1.32.0"}}},
          {"paths", paths},
          {"components", {{"schemas", schemas}}}};
}

std::string hash_of(const std::string& text) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016zX", std::hash<std::string>{}(text));
  return buf;
}

}  // namespace

std::optional<Response> ApiServer::discovery(const Request& request) const {
  if (request.method != "GET") return std::nullopt;
  const std::string& p = request.path;
  if (p == "/healthz" || p == "/readyz" || p == "/livez") {
    Response r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "ok";
    return r;
  }
  if (p == "/version") {
    return json_response(200, {{"major", "1"},
                               {"minor", "32"},
                               {"gitVersion", "v1.32.0-readinglist-test"},
                               {"gitCommit", "0000000000000000000000000000000000000000"},
                               {"gitTreeState", "clean"},
                               {"buildDate", "2026-01-01T00:00:00Z"},
                               {"goVersion", "go1.23"},
                               {"compiler", "gc"},
                               {"platform", "linux/amd64"}});
  }
  if (p == "/api" || p == "/api/") {
    return json_response(200, {{"kind", "APIVersions"}, {"versions", {"v1"}}});
  }
  auto gvs = registry_.group_versions();
  auto types_of = [&](const std::string& g, const std::string& v) {
    std::vector<TypePtr> out;
    for (const auto& t : registry_.all()) {
      if (t->group == g && t->version == v) out.push_back(t);
    }
    return out;
  };
  auto group_json = [&](const std::string& g) {
    json versions = json::array();
    for (const auto& [gg, v] : gvs) {
      if (gg == g) versions.push_back({{"groupVersion", g + "/" + v}, {"version", v}});
    }
    return json{{"name", g}, {"versions", versions}, {"preferredVersion", versions.at(0)}};
  };
  if (p == "/apis" || p == "/apis/") {
    json groups = json::array();
    std::vector<std::string> seen;
    for (const auto& [g, v] : gvs) {
      if (g.empty() || std::ranges::find(seen, g) != seen.end()) continue;
      seen.push_back(g);
      groups.push_back(group_json(g));
    }
    return json_response(200, {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}});
  }
  for (const auto& [g, v] : gvs) {
    std::string gv_path = g.empty() ? "/api/" + v : "/apis/" + g + "/" + v;
    if (p == gv_path || p == gv_path + "/") {
      return json_response(200, resource_list(types_of(g, v), g.empty() ? v : g + "/" + v));
    }
    if (!g.empty() && (p == "/apis/" + g || p == "/apis/" + g + "/")) {
      json group = group_json(g);
      group["kind"] = "APIGroup";
      group["apiVersion"] = "v1";
      return json_response(200, group);
    }
  }
  if (p == "/openapi/v3" || p == "/openapi/v3/") {
    json index = json::object();
    for (const auto& [g, v] : gvs) {
      std::string key = g.empty() ? "api/" + v : "apis/" + g + "/" + v;
      std::string doc = openapi_document(types_of(g, v)).dump();
      index[key] = {{"serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash_of(doc)}};
    }
    return json_response(200, {{"paths", index}});
  }
  if (p.starts_with("/openapi/v3/")) {
    std::string key = p.substr(std::string("/openapi/v3/").size());
    for (const auto& [g, v] : gvs) {
      if (key == (g.empty() ? "api/" + v : "apis/" + g + "/" + v)) {
        return json_response(200, openapi_document(types_of(g, v)));
      }
    }
  }
  return std::nullopt;
}

}  // namespace rl::test_apiserver
