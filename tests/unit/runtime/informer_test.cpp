#include "readinglist/runtime/informer.hpp"

#include <gtest/gtest.h>

#include "scripted_api.hpp"

namespace rl::runtime {
namespace {

using testing::event_line;
using testing::list_page;
using testing::object;
using testing::ScriptedApi;
using testing::WatchScript;

const kube::ResourceRef kConfigMaps{"", "v1", "configmaps", true};

// The typed value the cache keeps: just what a controller would read.
struct Item {
  std::string name;
  std::string value;
};

std::expected<Item, std::string> decode(const nlohmann::json& obj) {
  if (!obj.contains("metadata") || !obj["metadata"].contains("name")) {
    return std::unexpected(std::string("no name"));
  }
  if (obj.contains("data") && !obj["data"].is_object()) {
    return std::unexpected(std::string("data must be an object"));
  }
  return Item{obj["metadata"]["name"].get<std::string>(),
              obj.value("/data/v"_json_pointer, std::string{})};
}

nlohmann::json item(std::string_view name, std::string_view rv, std::string_view value = "") {
  auto obj = object("ns", name, rv);
  if (!value.empty()) obj["data"]["v"] = value;
  return obj;
}

struct Recorder {
  std::vector<std::string> log;
  Informer<Item>::Handlers handlers() {
    return {[this](const auto& now) { log.push_back("add " + now->name); },
            [this](const auto& old, const auto& now) {
              log.push_back("update " + old->name + " " + old->value + "->" + now->value);
            },
            [this](const auto& old) { log.push_back("delete " + old->name); }};
  }
};

WatcherConfig config() {
  WatcherConfig c;
  c.resource = kConfigMaps;
  c.namespace_ = "ns";
  return c;
}

void init(Informer<Item>& informer, std::vector<nlohmann::json> items, std::string rv) {
  informer.apply({WatcherEventType::InitStarted, {}, {}});
  for (auto& obj : items)
    informer.apply({WatcherEventType::InitApply, std::move(obj), {}});
  informer.apply({WatcherEventType::InitDone, {}, std::move(rv)});
}

TEST(Informer, FirstListAddsEverythingAndMarksSynced) {
  kube::ManualClock clock;
  ScriptedApi api(clock);
  Recorder rec;
  Informer<Item> informer(api, clock, config(), decode, rec.handlers());
  EXPECT_FALSE(informer.has_synced());
  init(informer, {item("a", "1"), item("b", "2")}, "10");
  EXPECT_TRUE(informer.has_synced());
  EXPECT_EQ(informer.store().size(), 2u);
  EXPECT_EQ(informer.store().get("ns/a")->name, "a");
  EXPECT_EQ(rec.log, (std::vector<std::string>{"add a", "add b"}));
}

TEST(Informer, RelistReplacesTheCacheAndReportsOnlyDifferences) {
  kube::ManualClock clock;
  ScriptedApi api(clock);
  Recorder rec;
  Informer<Item> informer(api, clock, config(), decode, rec.handlers());
  init(informer, {item("a", "1", "x"), item("b", "2"), item("c", "3", "x")}, "10");
  rec.log.clear();
  // b was deleted and c changed while we were not watching; a is unchanged.
  init(informer, {item("a", "1", "x"), item("c", "7", "y"), item("d", "8")}, "20");
  EXPECT_EQ(rec.log, (std::vector<std::string>{"update c x->y", "add d", "delete b"}));
  EXPECT_EQ(informer.store().keys(), (std::vector<std::string>{"ns/a", "ns/c", "ns/d"}));
}

TEST(Informer, AnInterruptedListLeavesTheCacheAlone) {
  kube::ManualClock clock;
  ScriptedApi api(clock);
  Recorder rec;
  Informer<Item> informer(api, clock, config(), decode, rec.handlers());
  init(informer, {item("a", "1")}, "10");
  informer.apply({WatcherEventType::InitStarted, {}, {}});
  informer.apply({WatcherEventType::InitApply, item("z", "5"), {}});
  // The list failed; the watcher starts over.
  init(informer, {item("a", "1"), item("b", "6")}, "12");
  EXPECT_EQ(rec.log, (std::vector<std::string>{"add a", "add b"}));
  EXPECT_EQ(informer.store().size(), 2u);
}

TEST(Informer, WatchEventsAddUpdateAndDelete) {
  kube::ManualClock clock;
  ScriptedApi api(clock);
  Recorder rec;
  Informer<Item> informer(api, clock, config(), decode, rec.handlers());
  init(informer, {}, "1");
  informer.apply({WatcherEventType::Apply, item("a", "2", "x"), {}});
  informer.apply({WatcherEventType::Apply, item("a", "3", "y"), {}});
  informer.apply({WatcherEventType::Delete, item("a", "4", "y"), {}});
  EXPECT_EQ(rec.log, (std::vector<std::string>{"add a", "update a x->y", "delete a"}));
  EXPECT_EQ(informer.store().size(), 0u);
}

TEST(Informer, DeleteOfAnUnknownObjectStillReportsItsLastState) {
  kube::ManualClock clock;
  ScriptedApi api(clock);
  Recorder rec;
  Informer<Item> informer(api, clock, config(), decode, rec.handlers());
  init(informer, {}, "1");
  informer.apply({WatcherEventType::Delete, item("ghost", "4"), {}});
  EXPECT_EQ(rec.log, (std::vector<std::string>{"delete ghost"}));
}

TEST(Informer, UndecodableObjectIsReportedAndTheLastGoodStateKept) {
  kube::ManualClock clock;
  ScriptedApi api(clock);
  Recorder rec;
  std::vector<kube::Error> errors;
  Informer<Item> informer(api, clock, config(), decode, rec.handlers(),
                          [&](const kube::Error& e) { errors.push_back(e); });
  init(informer, {item("a", "1", "x")}, "1");
  auto broken = item("a", "2");
  broken["data"] = "oops";
  informer.apply({WatcherEventType::Apply, broken, {}});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("ns/a"), std::string::npos);
  EXPECT_EQ(informer.store().get("ns/a")->value, "x");
}

TEST(Informer, LastSyncVersionFollowsListsEventsAndBookmarks) {
  kube::ManualClock clock;
  ScriptedApi api(clock);
  Informer<Item> informer(api, clock, config(), decode);
  EXPECT_EQ(informer.last_sync_resource_version(), "");
  init(informer, {item("a", "3")}, "10");
  EXPECT_EQ(informer.last_sync_resource_version(), "10");
  informer.apply({WatcherEventType::Apply, item("a", "11"), {}});
  EXPECT_EQ(informer.last_sync_resource_version(), "11");
  informer.apply({WatcherEventType::Bookmark, {}, "40"});
  EXPECT_EQ(informer.last_sync_resource_version(), "40");
  EXPECT_EQ(informer.store().get("ns/a")->name, "a");  // a bookmark changes no object
  informer.apply({WatcherEventType::Delete, item("a", "41"), {}});
  EXPECT_EQ(informer.last_sync_resource_version(), "41");
}

TEST(Informer, ClusterScopedObjectsAreKeyedByName) {
  auto obj = object("", "node-1", "1");
  EXPECT_EQ(object_key(obj), "node-1");
  EXPECT_EQ(object_key(object("ns", "a", "1")), "ns/a");
  EXPECT_EQ(object_key(nlohmann::json::object()), "");
}

TEST(Informer, ThreadListsWatchesAndSignalsSynced) {
  kube::ManualClock clock(kube::ManualClock::Mode::AutoAdvance);
  ScriptedApi api(clock);
  api.lists.push_back(list_page("10", {item("a", "5", "x")}));
  WatchScript s;
  s.lines = {event_line("MODIFIED", item("a", "11", "y")), event_line("ADDED", item("b", "12"))};
  api.watches.push_back(s);
  Recorder rec;
  Informer<Item> informer(api, clock, config(), decode, rec.handlers());
  informer.start();
  EXPECT_TRUE(informer.wait_for_sync());
  // The script ends by requesting stop on its own source; wait for the thread to get there.
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock lock(m);
  cv.wait(lock, api.done.get_token(), [] { return false; });
  informer.stop();
  EXPECT_EQ(informer.store().get("ns/a")->value, "y");
  EXPECT_NE(informer.store().get("ns/b"), nullptr);
  EXPECT_EQ(rec.log, (std::vector<std::string>{"add a", "update a x->y", "add b"}));
}

}  // namespace
}  // namespace rl::runtime
