// Lists (shape, selectors, paging, exact resourceVersion, 410) and watches (events, RVs,
// selector transitions, resume, bookmarks, streaming lists, 410 after the history).
#include "api_fixture.hpp"

namespace rl::test_apiserver::testing {
namespace {

using ListWatchTest = ApiTest;

std::vector<json> drain(Watch& w) {
  std::vector<json> out;
  while (auto line = w.try_pop()) {
    EXPECT_EQ(line->back(), '\n');
    out.push_back(json::parse(*line));
  }
  return out;
}

TEST_F(ListWatchTest, ListHasKindApiVersionResourceVersionAndItems) {
  create_ok(kCms, configmap("a"));
  auto r = call("GET", kCms);
  ASSERT_EQ(r.status, 200);
  auto list = body_of(r);
  EXPECT_EQ(list["kind"], "ConfigMapList");
  EXPECT_EQ(list["apiVersion"], "v1");
  EXPECT_EQ(list["metadata"]["resourceVersion"], std::to_string(api_.resource_version()));
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_FALSE(list["items"][0].contains("kind")) << "built-in list items carry no kind";
  install_widgets();
  create_ok(kWidgets, widget("w"));
  auto widgets = body_of(call("GET", kWidgets));
  EXPECT_EQ(widgets["kind"], "WidgetList");
  EXPECT_EQ(widgets["items"][0]["kind"], "Widget") << "custom resource items carry their kind";
}

TEST_F(ListWatchTest, AllNamespacesListSpansNamespaces) {
  create_ok(kCms, configmap("a"));
  create_ok("/api/v1/namespaces/kube-system/configmaps", configmap("b"));
  EXPECT_EQ(body_of(call("GET", "/api/v1/configmaps"))["items"].size(), 2u);
  EXPECT_EQ(body_of(call("GET", kCms))["items"].size(), 1u);
}

TEST_F(ListWatchTest, LabelAndFieldSelectorsFilter) {
  for (auto [name, tier] : {std::pair{"a", "web"}, {"b", "db"}, {"c", "web"}}) {
    json cm = configmap(name);
    cm["metadata"]["labels"] = {{"tier", tier}};
    create_ok(kCms, cm);
  }
  auto names = [&](const std::string& query) {
    std::vector<std::string> out;
    json list = body_of(call("GET", std::string(kCms) + "?" + query));
    for (const auto& i : list["items"]) {
      out.push_back(i["metadata"]["name"]);
    }
    return out;
  };
  EXPECT_EQ(names("labelSelector=tier=web"), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(names("labelSelector=tier!=web"), (std::vector<std::string>{"b"}));
  EXPECT_EQ(names("labelSelector=tier in (db,x)"), (std::vector<std::string>{"b"}));
  EXPECT_EQ(names("labelSelector=!tier"), (std::vector<std::string>{}));
  EXPECT_EQ(names("fieldSelector=metadata.name=b"), (std::vector<std::string>{"b"}));
  EXPECT_EQ(names("fieldSelector=metadata.name!=b,metadata.namespace=default"),
            (std::vector<std::string>{"a", "c"}));
  auto r = call("GET", std::string(kCms) + "?fieldSelector=data.k=v");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(body_of(r)["message"], "field label not supported: data.k");
}

TEST_F(ListWatchTest, PagingKeepsOneSnapshotAcrossChunks) {
  for (int i = 0; i < 25; ++i)
    create_ok(kCms, configmap("cm-" + std::to_string(100 + i)));
  auto first = body_of(call("GET", std::string(kCms) + "?limit=10"));
  ASSERT_EQ(first["items"].size(), 10u);
  std::string snapshot = first["metadata"]["resourceVersion"];
  EXPECT_EQ(first["metadata"]["remainingItemCount"], 15);
  // Changes after the first chunk do not show up in later chunks.
  create_ok(kCms, configmap("cm-999"));
  ASSERT_EQ(call("DELETE", std::string(kCms) + "/cm-124").status, 200);
  std::vector<std::string> names;
  for (const auto& i : first["items"])
    names.push_back(i["metadata"]["name"]);
  json page = first;
  while (page["metadata"].contains("continue")) {
    page = body_of(call("GET", std::string(kCms) + "?limit=10&continue=" +
                                   page["metadata"]["continue"].get<std::string>()));
    EXPECT_EQ(page["metadata"]["resourceVersion"], snapshot);
    for (const auto& i : page["items"])
      names.push_back(i["metadata"]["name"]);
  }
  EXPECT_EQ(names.size(), 25u);
  EXPECT_EQ(names.back(), "cm-124");
}

// A reflector's first list (resourceVersion=0, limit=500) comes from the watch cache, which
// ignores the limit.
TEST_F(ListWatchTest, WatchCacheListAtVersionZeroIgnoresTheLimit) {
  for (int i = 0; i < 25; ++i)
    create_ok(kCms, configmap("cm-" + std::to_string(100 + i)));
  auto all = body_of(call("GET", std::string(kCms) + "?resourceVersion=0&limit=10"));
  EXPECT_EQ(all["items"].size(), 25u);
  EXPECT_FALSE(all["metadata"].contains("continue"));
  EXPECT_EQ(body_of(call("GET", std::string(kCms) + "?limit=10"))["items"].size(), 10u);
}

TEST_F(ListWatchTest, ExpiredContinueTokenIs410) {
  for (int i = 0; i < 3; ++i)
    create_ok(kCms, configmap("cm-" + std::to_string(i)));
  auto first = body_of(call("GET", std::string(kCms) + "?limit=1"));
  create_ok(kCms, configmap("later"));
  api_.compact_history();
  auto r = call("GET", std::string(kCms) +
                           "?limit=1&continue=" + first["metadata"]["continue"].get<std::string>());
  EXPECT_EQ(r.status, 410);
  EXPECT_EQ(body_of(r)["reason"], "Expired");
}

TEST_F(ListWatchTest, ExactResourceVersionListShowsThePast) {
  auto a = create_ok(kCms, configmap("a"));
  create_ok(kCms, configmap("b"));
  auto r =
      call("GET", std::string(kCms) + "?resourceVersion=" + rv(a) + "&resourceVersionMatch=Exact");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(body_of(r)["items"].size(), 1u);
  api_.compact_history();
  r = call("GET", std::string(kCms) + "?resourceVersion=" + rv(a) + "&resourceVersionMatch=Exact");
  EXPECT_EQ(r.status, 410);
}

TEST_F(ListWatchTest, ListOptionRulesGive422) {
  EXPECT_EQ(call("GET", std::string(kCms) + "?resourceVersionMatch=Exact").status, 422);
  EXPECT_EQ(call("GET", std::string(kCms) + "?resourceVersion=0&resourceVersionMatch=Exact").status,
            422);
  auto r = call("GET", std::string(kCms) + "?sendInitialEvents=true");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(body_of(r)["details"]["kind"], "ListOptions");
  EXPECT_EQ(body_of(r)["details"]["group"], "meta.k8s.io");
}

TEST_F(ListWatchTest, TooLargeResourceVersionIs504WithRetryAfter) {
  auto r = call("GET", std::string(kCms) + "?resourceVersion=999999");
  EXPECT_EQ(r.status, 504);
  auto s = body_of(r);
  EXPECT_EQ(s["reason"], "Timeout");
  EXPECT_EQ(s["details"]["causes"][0]["reason"], "ResourceVersionTooLarge");
  EXPECT_EQ(s["details"]["retryAfterSeconds"], 1);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"Retry-After", "1"}));
}

TEST_F(ListWatchTest, WatchFromNowStartsWithSyntheticAdds) {
  create_ok(kCms, configmap("a"));
  auto r = call("GET", std::string(kCms) + "?watch=1");
  ASSERT_TRUE(r.watch);
  auto events = drain(*r.watch);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["type"], "ADDED");
  EXPECT_EQ(events[0]["object"]["kind"], "ConfigMap") << "watch objects carry kind";
}

TEST_F(ListWatchTest, WatchDeliversChangesWithTheirResourceVersions) {
  auto a = create_ok(kCms, configmap("a"));
  auto r = call("GET", std::string(kCms) + "?watch=1&resourceVersion=" + rv(a));
  ASSERT_TRUE(r.watch);
  EXPECT_TRUE(drain(*r.watch).empty()) << "resume from N sends only what came after N";
  auto b = create_ok(kCms, configmap("b"));
  a["data"]["k"] = "2";
  auto a2 = body_of(call("PUT", std::string(kCms) + "/a", a));
  auto del = call("DELETE", std::string(kCms) + "/b");
  auto events = drain(*r.watch);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0]["type"], "ADDED");
  EXPECT_EQ(rv(events[0]["object"]), rv(b));
  EXPECT_EQ(events[1]["type"], "MODIFIED");
  EXPECT_EQ(rv(events[1]["object"]), rv(a2));
  EXPECT_EQ(events[2]["type"], "DELETED");
  EXPECT_EQ(events[2]["object"]["data"]["k"], "v") << "DELETED carries the last state";
  EXPECT_EQ(std::stoull(rv(events[2]["object"])), api_.resource_version())
      << "... at the deletion's resourceVersion";
}

TEST_F(ListWatchTest, ReplayedEventsGetAndListCarryTheSameBytesAsTheWriteResponse) {
  install_widgets();
  auto from = std::to_string(api_.resource_version());
  auto created = call("POST", kWidgets, widget("w"));
  ASSERT_EQ(created.status, 201);
  json patch = {{"metadata", {{"labels", {{"round", "1"}}}}}};
  auto patched = call("PATCH", std::string(kWidgets) + "/w", patch, "application/merge-patch+json");
  ASSERT_EQ(patched.status, 200);
  auto r = call("GET", std::string(kWidgets) + "?watch=1&resourceVersion=" + from);
  ASSERT_TRUE(r.watch);
  std::vector<std::string> lines;
  while (auto line = r.watch->try_pop())
    lines.push_back(*line);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], R"({"type":"ADDED","object":)" + created.body + "}\n");
  EXPECT_EQ(lines[1], R"({"type":"MODIFIED","object":)" + patched.body + "}\n");
  EXPECT_EQ(call("GET", std::string(kWidgets) + "/w").body, patched.body);
  auto list = body_of(call("GET", kWidgets));
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0], json::parse(patched.body));
  EXPECT_EQ(call("GET", kWidgets).body, list.dump()) << "the list reads as one JSON document";
}

TEST_F(ListWatchTest, SelectorTransitionsArriveAsAddedAndDeleted) {
  auto a = create_ok(kCms, configmap("a"));
  auto r = call("GET", std::string(kCms) + "?watch=1&labelSelector=app=x&resourceVersion=" + rv(a));
  a["metadata"]["labels"] = {{"app", "x"}};
  a = body_of(call("PUT", std::string(kCms) + "/a", a));
  a["metadata"]["labels"] = {{"app", "y"}};
  a = body_of(call("PUT", std::string(kCms) + "/a", a));
  auto events = drain(*r.watch);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["type"], "ADDED");
  EXPECT_EQ(events[1]["type"], "DELETED");
  EXPECT_EQ(events[1]["object"]["metadata"]["labels"]["app"], "x") << "the old state";
  EXPECT_EQ(rv(events[1]["object"]), rv(a)) << "at the new resourceVersion";
}

TEST_F(ListWatchTest, ResumeFromBeforeTheHistoryIsExpired) {
  auto a = create_ok(kCms, configmap("a"));
  create_ok(kCms, configmap("b"));
  api_.compact_history();
  auto r = call("GET", std::string(kCms) + "?watch=1&resourceVersion=" + rv(a));
  ASSERT_EQ(r.status, 200) << "the error comes as an event on a 200 stream";
  auto events = drain(*r.watch);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["type"], "ERROR");
  EXPECT_EQ(events[0]["object"]["kind"], "Status");
  EXPECT_EQ(events[0]["object"]["code"], 410);
  EXPECT_EQ(events[0]["object"]["reason"], "Expired");
  EXPECT_TRUE(events[0]["object"]["message"].get<std::string>().starts_with(
      "too old resource version: " + rv(a)));
  EXPECT_TRUE(r.watch->closed());
}

TEST_F(ListWatchTest, BoundedHistoryExpiresOldResumePoints) {
  api_.set_history_limit(5);
  auto a = create_ok(kCms, configmap("a"));
  for (int i = 0; i < 10; ++i)
    create_ok(kCms, configmap("x" + std::to_string(i)));
  auto events = drain(*call("GET", std::string(kCms) + "?watch=1&resourceVersion=" + rv(a)).watch);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["object"]["code"], 410);
  auto recent = std::to_string(api_.resource_version() - 2);
  events = drain(*call("GET", std::string(kCms) + "?watch=1&resourceVersion=" + recent).watch);
  EXPECT_EQ(events.size(), 2u);
}

TEST_F(ListWatchTest, BookmarksCarryOnlyTheLatestResourceVersion) {
  auto a = create_ok(kCms, configmap("a"));
  auto r =
      call("GET",
           std::string(kCms) +
               "?watch=1&allowWatchBookmarks=true&labelSelector=app=none&resourceVersion=" + rv(a));
  for (int i = 0; i < 3; ++i)
    create_ok(kCms, configmap("x" + std::to_string(i)));
  EXPECT_TRUE(drain(*r.watch).empty()) << "filtered out";
  auto bookmark = r.watch->bookmark();
  ASSERT_TRUE(bookmark);
  auto b = json::parse(*bookmark);
  EXPECT_EQ(b["type"], "BOOKMARK");
  EXPECT_EQ(b["object"]["kind"], "ConfigMap");
  EXPECT_EQ(b["object"]["metadata"],
            json({{"resourceVersion", std::to_string(api_.resource_version())}}));
  auto plain = call("GET", std::string(kCms) + "?watch=1&resourceVersion=" + rv(a));
  EXPECT_FALSE(plain.watch->bookmark()) << "no bookmarks unless asked for";
}

TEST_F(ListWatchTest, StreamingListEndsInitialEventsWithAnnotatedBookmark) {
  create_ok(kCms, configmap("a"));
  create_ok(kCms, configmap("b"));
  auto r = call("GET", std::string(kCms) +
                           "?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&"
                           "resourceVersionMatch=NotOlderThan&resourceVersion=");
  auto events = drain(*r.watch);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0]["type"], "ADDED");
  EXPECT_EQ(events[1]["type"], "ADDED");
  EXPECT_EQ(events[2]["type"], "BOOKMARK");
  EXPECT_EQ(events[2]["object"]["metadata"]["annotations"]["k8s.io/initial-events-end"], "true");
  EXPECT_EQ(rv(events[2]["object"]), std::to_string(api_.resource_version()));
  auto bad = call("GET", std::string(kCms) + "?watch=1&sendInitialEvents=true");
  EXPECT_EQ(bad.status, 422) << "sendInitialEvents needs resourceVersionMatch=NotOlderThan";
}

TEST_F(ListWatchTest, WatchOnANamedObjectIsPinnedToIt) {
  create_ok(kCms, configmap("a"));
  create_ok(kCms, configmap("b"));
  auto r = call("GET", std::string(kCms) + "/a?watch=1");
  auto events = drain(*r.watch);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["object"]["metadata"]["name"], "a");
  EXPECT_EQ(call("GET", std::string(kCms) + "/a?watch=1&fieldSelector=metadata.name=b").status,
            400);
}

TEST_F(ListWatchTest, CloseWatchesEndsOpenStreams) {
  auto r = call("GET", std::string(kCms) + "?watch=1");
  api_.close_watches();
  EXPECT_TRUE(r.watch->closed());
}

TEST_F(ListWatchTest, WatchFromTheFutureIsAnError) {
  auto r = call("GET", std::string(kCms) + "?watch=1&resourceVersion=99999");
  auto events = drain(*r.watch);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["object"]["code"], 504);
}

TEST_F(ListWatchTest, EventsAreSharedBetweenTheTwoEventApis) {
  json ev = {{"apiVersion", "events.k8s.io/v1"},
             {"kind", "Event"},
             {"metadata", {{"name", "e1"}}},
             {"eventTime", "2026-01-01T00:00:00.000000Z"},
             {"reportingController", "example.com/op"},
             {"reportingInstance", "op-1"},
             {"action", "Reconcile"},
             {"reason", "Done"},
             {"type", "Normal"},
             {"note", "hello"},
             {"regarding", {{"kind", "Widget"}, {"name", "w"}, {"namespace", "default"}}}};
  create_ok("/apis/events.k8s.io/v1/namespaces/default/events", ev);
  auto core = body_of(call("GET",
                           "/api/v1/namespaces/default/events?fieldSelector="
                           "involvedObject.name=w,involvedObject.kind=Widget"));
  ASSERT_EQ(core["items"].size(), 1u);
  EXPECT_EQ(core["items"][0]["message"], "hello");
  EXPECT_EQ(core["items"][0]["reportingComponent"], "example.com/op");
  ev["metadata"]["name"] = "e2";
  ev.erase("reportingInstance");
  auto r = call("POST", "/apis/events.k8s.io/v1/namespaces/default/events", ev);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(body_of(r)["details"]["causes"][0]["field"], "reportingInstance");
}

}  // namespace
}  // namespace rl::test_apiserver::testing
