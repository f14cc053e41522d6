// The versioned store: one growing counter, history, snapshots, compaction, save and load.
#include "store.hpp"

#include <gtest/gtest.h>

namespace rl::test_apiserver {
namespace {

using nlohmann::json;

json object(const std::string& name, const std::string& value = "v") {
  return {{"metadata", {{"name", name}, {"namespace", "ns"}, {"uid", "uid-" + name}}},
          {"data", value}};
}

TEST(Store, EveryWriteTakesTheNextResourceVersion) {
  Store store;
  auto a = store.put("cm", object("a"));
  auto b = store.put("other", object("b"));
  EXPECT_EQ(a->value()["metadata"]["resourceVersion"], "1");
  EXPECT_EQ(b->value()["metadata"]["resourceVersion"], "2");
  auto gone = store.remove("cm", "ns/a");
  EXPECT_EQ((*gone)["metadata"]["resourceVersion"], "3");
  EXPECT_EQ(store.resource_version(), 3u);
  EXPECT_FALSE(store.get("cm", "ns/a"));
  EXPECT_FALSE(store.find_uid("uid-a"));
  EXPECT_TRUE(store.find_uid("uid-b"));
}

TEST(Store, ARevisionsTextIsItsJsonMadeOnceAndShared) {
  Store store;
  auto stored = store.put("cm", object("a"));
  EXPECT_EQ(stored->text(), stored->value().dump());
  EXPECT_EQ(&stored->text(), &store.get_revision("cm", "ns/a")->text()) << "one text per revision";
  EXPECT_EQ(store.get("cm", "ns/a").get(), &stored->value()) << "get() shares the revision";
}

TEST(Store, SnapshotRebuildsThePastFromTheHistory) {
  Store store;
  store.put("cm", object("a", "1"));
  store.put("cm", object("b"));
  store.put("cm", object("a", "2"));
  store.remove("cm", "ns/b");
  auto at2 = store.snapshot("cm", 2);
  ASSERT_TRUE(at2);
  ASSERT_EQ(at2->size(), 2u);
  EXPECT_EQ(at2->at("ns/a")->value()["data"], "1");
  EXPECT_EQ(store.snapshot("cm", 4)->size(), 1u);
  store.compact();
  EXPECT_FALSE(store.snapshot("cm", 2));
  EXPECT_TRUE(store.snapshot("cm", 4));
}

TEST(Store, HistoryIsBounded) {
  Store store(3);
  for (int i = 0; i < 10; ++i)
    store.put("cm", object("o" + std::to_string(i)));
  EXPECT_EQ(store.events_after(0).size(), 3u);
  EXPECT_EQ(store.oldest_resumable(), 7u);
}

TEST(Store, SaveAndLoadKeepTheCounterAndOptionallyTheHistory) {
  Store store;
  store.put("cm", object("a"));
  store.put("cm", object("b"));
  auto saved = store.save();
  Store restored;
  restored.load(saved, true);
  EXPECT_EQ(restored.resource_version(), 2u);
  EXPECT_EQ(restored.events_after(0).size(), 2u);
  EXPECT_EQ(restored.put("cm", object("c"))->value()["metadata"]["resourceVersion"], "3");
  Store fresh;
  fresh.load(saved, false);
  EXPECT_EQ(fresh.oldest_resumable(), 2u) << "a restart without history: older RVs expire";
  EXPECT_EQ(fresh.list("cm", "ns").size(), 2u);
}

}  // namespace
}  // namespace rl::test_apiserver
