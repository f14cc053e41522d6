// The informer against the test API server: after every kind of fault the server can inject
// (closed watches, throttled and failing watches, expired history, restarts with and without
// history) its cache and what its handlers reported converge to the server's state.
#include "readinglist/runtime/informer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <mutex>

#include "harness.hpp"
#include "readinglist/kube/api_client.hpp"

namespace rl::kube::testing {
namespace {

using runtime::Informer;
using runtime::WatcherConfig;
using State = std::map<std::string, std::string>;  // name -> data.v
constexpr const char* kInformerAgent = "rl-informer";

struct Cm {
  std::string name;
  std::string value;
};

std::expected<Cm, std::string> decode(const nlohmann::json& obj) {
  Cm cm{meta_string(obj, "name"), {}};
  if (cm.name.empty()) return std::unexpected(std::string("no name"));
  if (obj.contains("data") && obj["data"].contains("v") && obj["data"]["v"].is_string()) {
    cm.value = obj["data"]["v"].get<std::string>();
  }
  return cm;
}

class InformerConvergence : public ::testing::Test {
 protected:
  InformerConvergence() { informer = make_informer(*informer_api, watcher_config()); }

  static WatcherConfig watcher_config() {
    WatcherConfig wc;
    wc.resource = kConfigMaps;
    wc.namespace_ = "default";
    wc.label_selector = "app=it";
    wc.backoff.initial = std::chrono::milliseconds(100);
    wc.backoff.cap = std::chrono::seconds(1);
    wc.seed = 11;
    return wc;
  }

  std::unique_ptr<Informer<Cm>> make_informer(ApiClient& through, WatcherConfig wc) {
    Informer<Cm>::Handlers handlers{
        [this](const auto& now) { record(now->name, now->value); },
        [this](const auto&, const auto& now) { record(now->name, now->value); },
        [this](const auto& old) {
          std::lock_guard lock(mutex);
          seen.erase(old->name);
        }};
    return std::make_unique<Informer<Cm>>(through, clock, std::move(wc), decode, handlers,
                                          [this](const Error& e) {
                                            std::lock_guard lock(mutex);
                                            errors.push_back(e);
                                          });
  }
  ~InformerConvergence() override { informer->stop(); }

  void record(const std::string& name, const std::string& value) {
    std::lock_guard lock(mutex);
    seen[name] = value;
  }

  State server_state() {
    ListOptions options;
    options.label_selector = "app=it";
    // Across all namespaces: fault rules aimed at the informer's path leave this list alone.
    const auto listed = list_all(*api, kConfigMaps, "", options);
    if (!listed) return {{"<error>", listed.error().to_string()}};
    State state;
    for (const auto& item : listed->items) {
      auto cm = decode(item);
      if (cm) state[cm->name] = cm->value;
    }
    return state;
  }

  State cache_state() const {
    State state;
    for (const auto& cm : informer->store().list())
      state[cm->name] = cm->value;
    return state;
  }

  State handler_state() {
    std::lock_guard lock(mutex);
    return seen;
  }

  // Both the cache and what the handlers said match the server.
  void expect_converged(const char* step) {
    State expected;
    const bool ok = eventually([&] {
      expected = server_state();
      return cache_state() == expected && handler_state() == expected;
    });
    EXPECT_TRUE(ok) << step << ": cache has " << cache_state().size() << ", handlers "
                    << handler_state().size() << ", server " << expected.size();
  }

  void put(const std::string& name, const std::string& value) {
    ASSERT_TRUE(eventually([&] {
      auto obj = config_map(name, value, {{"app", "it"}});
      return apply(*api, kConfigMaps, "default", obj, "rl-it").has_value();
    })) << "apply "
        << name;
  }

  void drop(const std::string& name) {
    ASSERT_TRUE(eventually([&] {
      auto removed = api->remove(kConfigMaps, "default", name, {});
      return removed.has_value() || removed.error().is_not_found();
    })) << "delete "
        << name;
  }

  SystemClock clock;
  std::unique_ptr<Server> server = start_server();
  ClusterConfig config = config_of(*server);
  std::unique_ptr<HttpApiClient> api = client_for(config, clock);
  // The informer's own client, so the request log tells its requests from the test's.
  std::unique_ptr<HttpApiClient> informer_api =
      client_for(config, clock, fast_options(kInformerAgent));
  // Short watches and a short idle margin, so that a stalled watch is noticed in seconds.
  std::unique_ptr<HttpApiClient> impatient_api = client_for(config, clock, [] {
    auto options = fast_options(kInformerAgent);
    options.watch_idle_margin = std::chrono::seconds(1);
    return options;
  }());
  Control control{*server};
  std::mutex mutex;
  State seen;
  std::vector<Error> errors;  // what the informer ran into (and recovered from)
  std::unique_ptr<Informer<Cm>> informer;
};

TEST_F(InformerConvergence, ConvergesAfterEveryInjectedFault) {
  for (int i = 0; i < 5; ++i)
    put("cm-" + std::to_string(i), "v0");
  ASSERT_TRUE(api->create(kConfigMaps, "default", config_map("noise", "n"), {}));
  informer->start();
  ASSERT_TRUE(eventually([&] { return informer->has_synced(); }));
  expect_converged("initial list");
  EXPECT_EQ(cache_state().count("noise"), 0u);

  put("cm-0", "v1");
  drop("cm-1");
  put("cm-5", "v0");
  expect_converged("live watch");

  // The server ends the watches: resume from the last version, no relist.
  const auto lists = control.count("list", 0, kInformerAgent);
  control.close_watches();
  put("cm-2", "v2");
  expect_converged("closed watch");
  EXPECT_EQ(control.count("list", 0, kInformerAgent), lists);

  // Throttled re-watch: back off, then resume, still no relist.
  control.fault({{"code", 429}, {"count", 2}, {"verb", "watch"}, {"retryAfterSeconds", 1}});
  control.close_watches();
  put("cm-3", "v3");
  expect_converged("throttled watch");
  EXPECT_EQ(control.count("list", 0, kInformerAgent), lists);

  // The re-watch fails with 503 while things change: like client-go, the informer relists
  // after a backoff and learns about the deletion it never saw as an event.
  control.fault({{"code", 503}, {"count", -1}, {"verb", "watch"}});
  control.close_watches();
  ASSERT_TRUE(eventually([&] { return control.count("watch", 503, kInformerAgent) > 0; }));
  drop("cm-4");
  put("cm-0", "v4");
  put("cm-6", "v0");
  control.expire_history();
  control.clear_faults();
  expect_converged("watch failing with 503");
  EXPECT_GT(control.count("list", 0, kInformerAgent), lists);

  // Throttled for as long as it takes to compact the history: the watcher keeps its resume
  // point through the 429s, then gets 410 Expired on it and relists.
  const auto relists = control.count("list", 0, kInformerAgent);
  const auto throttled = control.count("watch", 429, kInformerAgent);
  control.fault({{"code", 429}, {"count", -1}, {"verb", "watch"}, {"retryAfterSeconds", 1}});
  control.close_watches();
  ASSERT_TRUE(eventually([&] { return control.count("watch", 429, kInformerAgent) > throttled; }));
  drop("cm-0");
  put("cm-8", "v0");
  control.expire_history();
  control.clear_faults();
  expect_converged("expired while throttled");
  EXPECT_GT(control.count("list", 0, kInformerAgent), relists);

  // A restart that keeps the history: connections drop, the watch resumes.
  control.restart(300, true);
  put("cm-2", "v5");
  expect_converged("restart keeping history");

  // A restart that loses the history: 410 on resume, relist.
  control.restart(300, false);
  drop("cm-3");
  put("cm-7", "v0");
  expect_converged("restart losing history");

  // Expired while throttled, and the relist throttled too.
  const auto list_429 = control.count("list", 429, kInformerAgent);
  const auto watch_429 = control.count("watch", 429, kInformerAgent);
  control.fault({{"code", 429},
                 {"count", 2},
                 {"verb", "list"},
                 {"path", "/namespaces/default/configmaps$"},
                 {"retryAfterSeconds", 1}});
  control.fault({{"code", 429}, {"count", 3}, {"verb", "watch"}, {"retryAfterSeconds", 1}});
  control.close_watches();
  ASSERT_TRUE(eventually([&] { return control.count("watch", 429, kInformerAgent) > watch_429; }));
  put("cm-5", "v6");
  control.expire_history();
  expect_converged("throttled relist");
  EXPECT_EQ(control.count("list", 429, kInformerAgent), list_429 + 2);

  std::lock_guard lock(mutex);
  for (const auto& e : errors)
    std::cerr << "informer recovered from: " << e.to_string() << "\n";
  EXPECT_TRUE(std::ranges::any_of(errors, [](const Error& e) { return e.is_expired(); }));
}

// Bookmarks keep a filtered informer resumable: the events that fill the history are not its
// own, yet after the server closes its watch it resumes from the bookmark without a relist.
TEST_F(InformerConvergence, ResumesFromABookmarkAfterTheHistoryMovesOn) {
  control.settings({{"bookmarkIntervalMs", 100}, {"historyLimit", 5}});
  put("cm-0", "v0");
  informer->start();
  ASSERT_TRUE(eventually([&] { return informer->has_synced(); }));
  expect_converged("initial list");
  // The server logs a watch once it is registered: only then may the history move on.
  ASSERT_TRUE(eventually([&] { return control.count("watch", 200, kInformerAgent) > 0; }));
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(
        api->create(kConfigMaps, "default", config_map("noise-" + std::to_string(i), "n"), {}));
  }
  const auto latest = control.resource_version();
  ASSERT_TRUE(eventually([&] { return informer->last_sync_resource_version() == latest; }))
      << "the informer is at " << informer->last_sync_resource_version() << ", the server at "
      << latest;

  const auto lists = control.count("list", 0, kInformerAgent);
  control.close_watches();
  put("cm-1", "v1");
  expect_converged("resumed from a bookmark");
  EXPECT_EQ(control.count("list", 0, kInformerAgent), lists);
  std::lock_guard lock(mutex);
  EXPECT_FALSE(std::ranges::any_of(errors, [](const Error& e) { return e.is_expired(); }));
}

// The server cuts watches without their final chunk, cuts them in the middle of an event, and
// stalls them (connection open, no bytes): each time the informer re-watches from the last
// event it fully processed, without a relist, and misses nothing written meanwhile.
TEST_F(InformerConvergence, ResumesAfterCutAndStalledWatches) {
  auto wc = watcher_config();
  wc.min_watch_timeout = std::chrono::seconds(2);
  informer = make_informer(*impatient_api, wc);
  for (int i = 0; i < 3; ++i)
    put("cm-" + std::to_string(i), "v0");
  informer->start();
  ASSERT_TRUE(eventually([&] { return informer->has_synced(); }));
  expect_converged("initial list");
  const auto lists = control.count("list", 0, kInformerAgent);

  control.call("POST", "watches/close", {{"cut", true}});
  put("cm-0", "v1");
  expect_converged("cut watch");

  control.call("POST", "watches/close", {{"midEvent", true}});
  put("cm-1", "v1");
  drop("cm-2");
  expect_converged("watch cut in the middle of an event");

  ASSERT_TRUE(eventually([&] { return control.count("watch", 200, kInformerAgent) > 0; }));
  control.call("POST", "watches/stall");
  put("cm-0", "v2");
  put("cm-3", "v0");
  expect_converged("stalled watch");
  EXPECT_EQ(control.count("list", 0, kInformerAgent), lists);
}

}  // namespace
}  // namespace rl::kube::testing
