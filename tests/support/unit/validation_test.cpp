// Object metadata and kind rules (422 with causes), and the CRD schema: pruning, defaults,
// types, required, enum, pattern, lengths and counts.
#include "api_fixture.hpp"

namespace rl::test_apiserver::testing {
namespace {

using ValidationTest = ApiTest;

json causes_of(const Response& r) {
  return body_of(r)["details"]["causes"];
}

TEST_F(ValidationTest, NamesMustBeDnsSubdomains) {
  auto r = call("POST", kCms, configmap("Bad_Name"));
  EXPECT_EQ(r.status, 422);
  auto s = body_of(r);
  EXPECT_EQ(s["details"]["kind"], "ConfigMap");
  EXPECT_EQ(s["details"]["name"], "Bad_Name");
  EXPECT_EQ(s["details"]["causes"][0]["field"], "metadata.name");
  EXPECT_EQ(s["details"]["causes"][0]["reason"], "FieldValueInvalid");
  EXPECT_TRUE(s["message"].get<std::string>().starts_with(
      "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase "
      "RFC 1123 subdomain"));
}

TEST_F(ValidationTest, LabelsAndAnnotationsAreChecked) {
  json cm = configmap("a");
  cm["metadata"]["labels"] = {{"ok", "fine"}, {"bad key!", "v"}};
  EXPECT_EQ(call("POST", kCms, cm).status, 422);
  cm["metadata"]["labels"] = {{"k", std::string(64, 'x')}};
  EXPECT_EQ(call("POST", kCms, cm).status, 422);
  cm["metadata"]["labels"] = json::object();
  cm["metadata"]["annotations"] = {{"big", std::string(256 * 1024 + 1, 'x')}};
  auto r = call("POST", kCms, cm);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(causes_of(r)[0]["reason"], "FieldValueTooLong");
}

TEST_F(ValidationTest, OwnerReferencesNeedAllFieldsAndOneController) {
  json cm = configmap("a");
  json ref = {{"apiVersion", "v1"},
              {"kind", "ConfigMap"},
              {"name", "o"},
              {"uid", "u"},
              {"controller", true}};
  cm["metadata"]["ownerReferences"] = {ref, ref};
  auto r = call("POST", kCms, cm);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("Only one reference can have Controller set to true"), std::string::npos);
  ref.erase("uid");
  cm["metadata"]["ownerReferences"] = {ref};
  EXPECT_EQ(call("POST", kCms, cm).status, 422);
}

TEST_F(ValidationTest, ConfigMapsOverOneMebibyteAreRefused) {
  auto r = call("POST", kCms, configmap("big", {{"a", std::string(1024 * 1024, 'x')}, {"b", "y"}}));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(causes_of(r)[0]["reason"], "FieldValueTooLong");
  EXPECT_EQ(call("POST", kCms, configmap("fits", {{"a", std::string(1000 * 1024, 'x')}})).status,
            201);
}

TEST_F(ValidationTest, ImmutableConfigMapsKeepTheirData) {
  json cm = configmap("a");
  cm["immutable"] = true;
  create_ok(kCms, cm);
  auto r = call("PATCH", std::string(kCms) + "/a", json{{"data", {{"k", "changed"}}}},
                "application/merge-patch+json");
  EXPECT_EQ(r.status, 422);
}

TEST_F(ValidationTest, LeaseDurationsMustBePositive) {
  json lease = {{"apiVersion", "coordination.k8s.io/v1"},
                {"kind", "Lease"},
                {"metadata", {{"name", "l"}}},
                {"spec", {{"leaseDurationSeconds", 0}}}};
  EXPECT_EQ(call("POST", "/apis/coordination.k8s.io/v1/namespaces/default/leases", lease).status,
            422);
}

TEST_F(ValidationTest, SchemaPrunesUnknownFieldsAndWarnsOrRefusesWhenStrict) {
  install_widgets();
  json w = widget("w");
  w["spec"]["unknown"] = 1;
  auto created = create_ok(kWidgets, w);
  EXPECT_FALSE(created["spec"].contains("unknown"));
  w["metadata"]["name"] = "strict";
  auto r = call("POST", std::string(kWidgets) + "?fieldValidation=Strict", w);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["message"], "strict decoding error: unknown field \"spec.unknown\"");
}

TEST_F(ValidationTest, SchemaAppliesDefaults) {
  install_widgets();
  EXPECT_EQ(create_ok(kWidgets, widget("w"))["spec"]["color"], "red");
}

TEST_F(ValidationTest, SchemaChecksTypesRequiredEnumPatternLengthsAndCounts) {
  install_widgets();
  auto reasons = [&](json spec) {
    json w = widget("w");
    w["spec"] = std::move(spec);
    auto r = call("POST", kWidgets, w);
    EXPECT_EQ(r.status, 422) << r.body;
    std::vector<std::string> out;
    for (const auto& c : causes_of(r))
      out.push_back(c["field"].get<std::string>() + " " + c["reason"].get<std::string>());
    return out;
  };
  EXPECT_EQ(reasons({{"size", "big"}}),
            (std::vector<std::string>{"spec.size FieldValueTypeInvalid"}));
  EXPECT_EQ(reasons(json::object()), (std::vector<std::string>{"spec.size FieldValueRequired"}));
  EXPECT_EQ(reasons({{"size", 0}}), (std::vector<std::string>{"spec.size FieldValueInvalid"}));
  EXPECT_EQ(reasons({{"size", 1}, {"color", "green"}}),
            (std::vector<std::string>{"spec.color FieldValueNotSupported"}));
  EXPECT_EQ(reasons({{"size", 1}, {"title", "much too long"}}),
            (std::vector<std::string>{"spec.title FieldValueTooLong"}));
  EXPECT_EQ(reasons({{"size", 1}, {"code", "ABC"}}),
            (std::vector<std::string>{"spec.code FieldValueInvalid"}));
  EXPECT_EQ(reasons({{"size", 1}, {"tags", {"a", "b", "c"}}}),
            (std::vector<std::string>{"spec.tags FieldValueTooMany"}));
}

TEST_F(ValidationTest, ServicesGetAClusterIpThatSurvivesUpdates) {
  json svc = json::parse(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
    "spec":{"selector":{"app":"web"},"ports":[{"port":80}]}})");
  auto created = create_ok("/api/v1/namespaces/default/services", svc);
  std::string ip = created["spec"]["clusterIP"];
  EXPECT_TRUE(ip.starts_with("10.96."));
  EXPECT_EQ(created["spec"]["ports"][0]["targetPort"], 80);
  EXPECT_EQ(created["spec"]["type"], "ClusterIP");
  svc["metadata"]["resourceVersion"] = rv(created);
  auto updated = body_of(call("PUT", "/api/v1/namespaces/default/services/web", svc));
  EXPECT_EQ(updated["spec"]["clusterIP"], ip);
  EXPECT_EQ(call("POST", "/api/v1/namespaces/default/services",
                 json::parse(R"({"metadata":{"name":"1bad"},"spec":{"ports":[{"port":80}]}})"))
                .status,
            422)
      << "Service names are DNS-1035 labels";
}

TEST_F(ValidationTest, IngressPathsNeedAPathType) {
  json ing = json::parse(R"({"apiVersion":"networking.k8s.io/v1","kind":"Ingress",
    "metadata":{"name":"web"},"spec":{"rules":[{"http":{"paths":[{"path":"/",
    "backend":{"service":{"name":"web","port":{"number":80}}}}]}}]}})");
  auto r = call("POST", "/apis/networking.k8s.io/v1/namespaces/default/ingresses", ing);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(causes_of(r)[0]["field"], "spec.rules[0].http.paths[0].pathType");
}

TEST_F(ValidationTest, SecretStringDataIsFoldedIntoData) {
  json secret = {{"apiVersion", "v1"},
                 {"kind", "Secret"},
                 {"metadata", {{"name", "s"}}},
                 {"data", {{"a", "YQ=="}}},
                 {"stringData", {{"b", "bee"}}}};
  auto created = create_ok("/api/v1/namespaces/default/secrets", secret);
  EXPECT_EQ(created["data"], json({{"a", "YQ=="}, {"b", "YmVl"}}));
  EXPECT_FALSE(created.contains("stringData"));
  EXPECT_EQ(created["type"], "Opaque");
}

}  // namespace
}  // namespace rl::test_apiserver::testing
