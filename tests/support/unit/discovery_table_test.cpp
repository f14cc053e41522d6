// Discovery, OpenAPI v3 (what kubectl reads) and Table responses with printer columns.
#include "api_fixture.hpp"
#include "table.hpp"

namespace rl::test_apiserver::testing {
namespace {

using DiscoveryTest = ApiTest;

TEST_F(DiscoveryTest, ServesGroupsAndResourcesIncludingCustomOnes) {
  install_widgets();
  auto groups = body_of(call("GET", "/apis"));
  EXPECT_EQ(groups["kind"], "APIGroupList");
  bool found = false;
  for (const auto& g : groups["groups"])
    found = found || g["name"] == "example.com";
  EXPECT_TRUE(found);
  auto resources = body_of(call("GET", "/apis/example.com/v1"));
  EXPECT_EQ(resources["groupVersion"], "example.com/v1");
  EXPECT_EQ(resources["resources"][0]["name"], "widgets");
  EXPECT_EQ(resources["resources"][0]["shortNames"], json({"wd"}));
  EXPECT_EQ(resources["resources"][1]["name"], "widgets/status");
  EXPECT_EQ(body_of(call("GET", "/api"))["versions"], json({"v1"}));
}

TEST_F(DiscoveryTest, OpenApiV3DeclaresTheFieldValidationParameter) {
  auto index = body_of(call("GET", "/openapi/v3"));
  std::string url = index["paths"]["apis/apps/v1"]["serverRelativeURL"];
  EXPECT_TRUE(url.starts_with("/openapi/v3/apis/apps/v1?hash="));
  auto doc = body_of(call("GET", "/openapi/v3/apis/apps/v1"));
  const auto& patch =
      doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"];
  EXPECT_EQ(patch["x-kubernetes-group-version-kind"]["kind"], "Deployment");
  bool has = false;
  for (const auto& p : patch["parameters"])
    has = has || p["name"] == "fieldValidation";
  EXPECT_TRUE(has);
}

TEST_F(DiscoveryTest, TablesShowPrinterColumns) {
  install_widgets();
  create_ok(kWidgets, widget("w", 3));
  auto w = body_of(call("GET", std::string(kWidgets) + "/w"));
  w["status"] = {{"conditions", {{{"type", "Ready"}, {"status", "True"}}}}};
  ASSERT_EQ(call("PUT", std::string(kWidgets) + "/w/status", w).status, 200);
  now_ += std::chrono::seconds(75);
  Request r = req("GET", kWidgets);
  r.accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
  auto table = body_of(call(r));
  EXPECT_EQ(table["kind"], "Table");
  std::vector<std::string> names;
  for (const auto& c : table["columnDefinitions"])
    names.push_back(c["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"Name", "Size", "Ready", "Age"}));
  EXPECT_EQ(table["rows"][0]["cells"], json({"w", 3, "True", "75s"}));
  EXPECT_EQ(table["rows"][0]["object"]["kind"], "PartialObjectMetadata");
  r.accept = "application/json";
  EXPECT_EQ(body_of(call(r))["kind"], "WidgetList");
}

TEST_F(DiscoveryTest, WatchesAskingForTablesGetOneRowTables) {
  Request r = req("GET", std::string(kCms) + "?watch=1&resourceVersion=1");
  r.accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
  auto w = call(r).watch;
  ASSERT_TRUE(w);
  create_ok(kCms, configmap("a"));
  auto event = json::parse(*w->try_pop());
  EXPECT_EQ(event["type"], "ADDED");
  EXPECT_EQ(event["object"]["kind"], "Table");
  EXPECT_EQ(event["object"]["rows"][0]["cells"][0], "a");
}

// What client-go's metadata informers (and the operator's ConfigMap informer) ask for.
TEST_F(DiscoveryTest, MetadataOnlyListsAndWatchesSendPartialObjectMetadata) {
  auto cm = configmap("a");
  cm["data"] = {{"index.html", "a page"}};
  create_ok(kCms, cm);
  Request r = req("GET", std::string(kCms) + "?limit=10");
  r.accept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
  auto list = body_of(call(r));
  EXPECT_EQ(list["kind"], "PartialObjectMetadataList");
  EXPECT_EQ(list["apiVersion"], "meta.k8s.io/v1");
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["kind"], "PartialObjectMetadata");
  EXPECT_EQ(list["items"][0]["metadata"]["name"], "a");
  EXPECT_TRUE(list["items"][0]["metadata"].contains("managedFields"));
  EXPECT_FALSE(list["items"][0].contains("data"));

  Request w = req("GET", std::string(kCms) + "?watch=1&resourceVersion=" +
                             list["metadata"]["resourceVersion"].get<std::string>());
  w.accept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";
  auto watch = call(w).watch;
  ASSERT_TRUE(watch);
  create_ok(kCms, configmap("b"));
  auto event = json::parse(*watch->try_pop());
  EXPECT_EQ(event["type"], "ADDED");
  EXPECT_EQ(event["object"]["kind"], "PartialObjectMetadata");
  EXPECT_EQ(event["object"]["metadata"]["name"], "b");
  EXPECT_FALSE(event["object"].contains("data"));
}

TEST(JsonPath, SupportsTheSubsetPrinterColumnsUse) {
  json o = json::parse(R"({"a":{"b":[{"t":"x","v":1},{"t":"y","v":2}]},"m":{"k.1":"z"}})");
  EXPECT_EQ(json_path(o, ".a.b[1].v"), std::vector<json>{2});
  EXPECT_EQ(json_path(o, ".a.b[*].t"), (std::vector<json>{"x", "y"}));
  EXPECT_EQ(json_path(o, ".a.b[?(@.t==\"y\")].v"), std::vector<json>{2});
  EXPECT_EQ(json_path(o, ".m['k.1']"), std::vector<json>{"z"});
  EXPECT_TRUE(json_path(o, ".a.missing").empty());
}

TEST(HumanDuration, MatchesKubectl) {
  using std::chrono::seconds;
  EXPECT_EQ(human_duration(seconds(5)), "5s");
  EXPECT_EQ(human_duration(seconds(119)), "119s");
  EXPECT_EQ(human_duration(seconds(185)), "3m5s");
  EXPECT_EQ(human_duration(seconds(3600 * 5 + 60 * 7)), "5h7m");
  EXPECT_EQ(human_duration(seconds(3600 * 30)), "30h");
  EXPECT_EQ(human_duration(seconds(86400 * 3 + 3600 * 2)), "3d2h");
  EXPECT_EQ(human_duration(seconds(86400 * 400)), "400d");
}

}  // namespace
}  // namespace rl::test_apiserver::testing
