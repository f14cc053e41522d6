// Helpers for the unit tests of the test API server: requests built in one line, a fixed
// clock value, and a small CRD (widgets.example.com) with a status subresource, printer
// columns and a schema.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "api.hpp"

namespace rl::test_apiserver::testing {

using nlohmann::json;

inline TimePoint t0() {
  return std::chrono::system_clock::from_time_t(1767225600);
}  // 2026-01-01

inline Request req(std::string method, std::string path, const json& body = nullptr,
                   std::string content_type = "application/json") {
  Request r;
  r.method = std::move(method);
  auto q = path.find('?');
  if (q != std::string::npos) {
    std::string query = path.substr(q + 1);
    path = path.substr(0, q);
    std::size_t start = 0;
    while (start < query.size()) {
      auto amp = query.find('&', start);
      if (amp == std::string::npos) amp = query.size();
      std::string kv = query.substr(start, amp - start);
      auto eq = kv.find('=');
      r.query[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
      start = amp + 1;
    }
  }
  r.path = std::move(path);
  r.content_type = std::move(content_type);
  r.user_agent = "unit-test/1.0 (linux)";
  if (!body.is_null()) r.body = body.is_string() ? body.get<std::string>() : body.dump();
  return r;
}

inline json body_of(const Response& r) {
  return json::parse(r.body, nullptr, false);
}

inline json configmap(const std::string& name, json data = {{"k", "v"}}) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}}},
          {"data", std::move(data)}};
}

inline json widget_crd() {
  json schema = {
      {"type", "object"},
      {"properties",
       {{"apiVersion", {{"type", "string"}}},
        {"kind", {{"type", "string"}}},
        {"metadata", {{"type", "object"}}},
        {"spec",
         {{"type", "object"},
          {"required", {"size"}},
          {"properties",
           {{"size", {{"type", "integer"}, {"minimum", 1}}},
            {"color", {{"type", "string"}, {"enum", {"red", "blue"}}, {"default", "red"}}},
            {"title", {{"type", "string"}, {"maxLength", 10}}},
            {"code", {{"type", "string"}, {"pattern", "^[a-z]+$"}}},
            {"tags", {{"type", "array"}, {"maxItems", 2}, {"items", {{"type", "string"}}}}},
            {"x", {{"type", "string"}}},
            {"y", {{"type", "string"}}}}}}},
        {"status",
         {{"type", "object"},
          {"properties",
           {{"phase", {{"type", "string"}}},
            {"count", {{"type", "integer"}}},
            {"conditions",
             {{"type", "array"},
              {"items",
               {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}}}}}}}}}}}};
  return {{"apiVersion", "apiextensions.k8s.io/v1"},
          {"kind", "CustomResourceDefinition"},
          {"metadata", {{"name", "widgets.example.com"}}},
          {"spec",
           {{"group", "example.com"},
            {"scope", "Namespaced"},
            {"names",
             {{"plural", "widgets"},
              {"singular", "widget"},
              {"kind", "Widget"},
              {"listKind", "WidgetList"},
              {"shortNames", {"wd"}}}},
            {"versions",
             {{{"name", "v1"},
               {"served", true},
               {"storage", true},
               {"subresources", {{"status", json::object()}}},
               {"additionalPrinterColumns",
                {{{"name", "Size"}, {"type", "integer"}, {"jsonPath", ".spec.size"}},
                 {{"name", "Ready"},
                  {"type", "string"},
                  {"jsonPath", ".status.conditions[?(@.type==\"Ready\")].status"}},
                 {{"name", "Age"}, {"type", "date"}, {"jsonPath", ".metadata.creationTimestamp"}}}},
               {"schema", {{"openAPIV3Schema", schema}}}}}}}}};
}

inline json widget(const std::string& name, int size = 1) {
  return {{"apiVersion", "example.com/v1"},
          {"kind", "Widget"},
          {"metadata", {{"name", name}}},
          {"spec", {{"size", size}}}};
}

constexpr const char* kCms = "/api/v1/namespaces/default/configmaps";
constexpr const char* kWidgets = "/apis/example.com/v1/namespaces/default/widgets";

class ApiTest : public ::testing::Test {
 protected:
  ApiTest() : api_(ApiOptions{.seed = 7, .start_time = t0()}) {}

  Response call(const Request& r) { return api_.handle(r, now_); }
  Response call(std::string method, std::string path, const json& body = nullptr,
                std::string content_type = "application/json") {
    return call(req(std::move(method), std::move(path), body, std::move(content_type)));
  }
  json create_ok(const std::string& collection, const json& object) {
    auto r = call("POST", collection, object);
    EXPECT_EQ(r.status, 201) << r.body;
    return body_of(r);
  }
  void install_widgets() {
    auto r = call("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", widget_crd());
    ASSERT_EQ(r.status, 201) << r.body;
  }
  static std::string rv(const json& o) { return o["metadata"]["resourceVersion"]; }

  ApiServer api_;
  TimePoint now_ = t0();
};

}  // namespace rl::test_apiserver::testing
