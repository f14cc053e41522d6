// The HTTP client against the test API server: every verb with its status codes, paging,
// Retry-After and safe retries, and watches (large events, bookmarks, expiry, cancellation).
#include <gtest/gtest.h>

#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"
#include "readinglist/kube/api_client.hpp"
#include "readinglist/kube/status_error.hpp"

namespace rl::kube::testing {
namespace {

using std::chrono::seconds;

class Client : public ::testing::Test {
 protected:
  SystemClock clock;
  std::unique_ptr<Server> server = start_server();
  ClusterConfig config = config_of(*server);
  std::unique_ptr<HttpApiClient> api = client_for(config, clock);
  Control control{*server};
};

TEST_F(Client, EveryVerbWithItsStatusCodes) {
  ASSERT_TRUE(api->create(kConfigMaps, "default", config_map("cm", "1"), {}));
  const auto again = api->create(kConfigMaps, "default", config_map("cm", "1"), {});
  ASSERT_FALSE(again);
  EXPECT_TRUE(again.error().is_already_exists()) << again.error().to_string();

  auto current = api->get(kConfigMaps, "default", "cm", {});
  ASSERT_TRUE(current);
  auto changed = *current;
  changed["data"]["v"] = "2";
  const auto updated = api->update(kConfigMaps, "default", "cm", changed, {}, {});
  ASSERT_TRUE(updated) << updated.error().to_string();
  EXPECT_NE(meta_string(*updated, "resourceVersion"), meta_string(*current, "resourceVersion"));

  // The same stale resourceVersion again: optimistic concurrency says no.
  changed["data"]["v"] = "3";
  const auto stale = api->update(kConfigMaps, "default", "cm", changed, {}, {});
  ASSERT_FALSE(stale);
  EXPECT_TRUE(stale.error().is_conflict()) << stale.error().to_string();

  const auto patched =
      api->patch(kConfigMaps, "default", "cm", PatchType::Merge, {{"data", {{"w", "x"}}}}, {}, {});
  ASSERT_TRUE(patched) << patched.error().to_string();
  EXPECT_EQ((*patched)["data"]["v"], "2");
  EXPECT_EQ((*patched)["data"]["w"], "x");

  const auto applied = apply(*api, kConfigMaps, "default", config_map("applied", "a"), "rl-it");
  ASSERT_TRUE(applied) << applied.error().to_string();
  EXPECT_EQ((*applied)["data"]["v"], "a");

  DeleteOptions background;
  background.propagation_policy = PropagationPolicy::Background;
  ASSERT_TRUE(api->remove(kConfigMaps, "default", "cm", background));
  const auto gone = api->get(kConfigMaps, "default", "cm", {});
  ASSERT_FALSE(gone);
  EXPECT_TRUE(gone.error().is_not_found()) << gone.error().to_string();
  const auto gone_again = api->remove(kConfigMaps, "default", "cm", {});
  ASSERT_FALSE(gone_again);
  EXPECT_TRUE(gone_again.error().is_not_found());
}

TEST_F(Client, InvalidObjectComesBackWithItsCauses) {
  auto bad = config_map("Not_A_Valid_Name", "1");
  const auto created = api->create(kConfigMaps, "default", bad, {});
  ASSERT_FALSE(created);
  EXPECT_TRUE(created.error().is_invalid()) << created.error().to_string();
  EXPECT_FALSE(created.error().details.causes.empty());
}

TEST_F(Client, MissingResourceTypeIsToldApartFromAMissingObject) {
  const ResourceRef unknown{"example.com", "v1", "widgets", true};
  const auto got = api->get(unknown, "default", "x", {});
  ASSERT_FALSE(got);
  EXPECT_TRUE(got.error().is_resource_type_missing()) << got.error().to_string();
  EXPECT_FALSE(got.error().is_not_found());
}

TEST_F(Client, ClusterScopedObjectsAndSubresources) {
  const nlohmann::json ns = {
      {"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "it-ns"}}}};
  ASSERT_TRUE(api->create(kNamespaces, "", ns, {}));
  const auto status = api->get(kNamespaces, "", "it-ns", "status");
  ASSERT_TRUE(status) << status.error().to_string();
  EXPECT_EQ(meta_string(*status, "name"), "it-ns");
  EXPECT_FALSE(api->get(kNamespaces, "default", "it-ns", {}));  // refused before sending
}

TEST_F(Client, ListPagesThroughLimitAndContinue) {
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(api->create(kConfigMaps, "default",
                            config_map("page-" + std::to_string(i), "v", {{"set", "paging"}}), {}));
  }
  control.clear_requests();
  ListOptions options;
  options.label_selector = "set=paging";
  options.limit = 3;
  const auto all = list_all(*api, kConfigMaps, "default", options);
  ASSERT_TRUE(all) << all.error().to_string();
  EXPECT_EQ(all->items.size(), 7u);
  EXPECT_FALSE(all->resource_version.empty());
  EXPECT_EQ(control.count("list"), 3u);
}

TEST_F(Client, TooManyRequestsIsRetriedAfterRetryAfter) {
  control.fault({{"code", 429}, {"count", 2}, {"verb", "get"}, {"retryAfterSeconds", 1}});
  ASSERT_TRUE(api->create(kConfigMaps, "default", config_map("busy", "1"), {}));
  const auto start = std::chrono::steady_clock::now();
  const auto got = api->get(kConfigMaps, "default", "busy", {});
  ASSERT_TRUE(got) << got.error().to_string();
  EXPECT_GE(std::chrono::steady_clock::now() - start, seconds(2));
  EXPECT_EQ(control.count("get", 429), 2u);
  EXPECT_EQ(control.count("get", 200), 1u);
}

TEST_F(Client, CreateIsNotRepeatedAfterAServerError) {
  control.fault({{"code", 503}, {"count", 1}, {"verb", "create"}, {"retryAfterSeconds", 1}});
  const auto created = api->create(kConfigMaps, "default", config_map("once", "1"), {});
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, 503);
  EXPECT_TRUE(created.error().retryable());
  EXPECT_EQ(control.count("create"), 1u);
}

TEST_F(Client, IdempotentWriteIsRetriedAfterAServerErrorWithRetryAfter) {
  ASSERT_TRUE(api->create(kConfigMaps, "default", config_map("p", "1"), {}));
  control.fault({{"code", 500}, {"count", 1}, {"verb", "patch"}, {"retryAfterSeconds", 1}});
  const auto patched =
      api->patch(kConfigMaps, "default", "p", PatchType::Merge, {{"data", {{"v", "2"}}}}, {}, {});
  ASSERT_TRUE(patched) << patched.error().to_string();
  EXPECT_EQ(control.count("patch"), 2u);
}

// Records what the transport reports, as the metrics do.
class RecordingObserver final : public RequestObserver {
 public:
  void request_finished(std::string_view method, std::string_view host, int status,
                        Clock::Duration) override {
    std::lock_guard lock(mutex_);
    attempts.push_back(std::string(method) + " " + std::to_string(status));
    hosts.emplace_back(host);
  }
  void rate_limiter_waited(std::string_view, std::string_view, Clock::Duration) override {
    std::lock_guard lock(mutex_);
    ++limiter_waits;
  }
  std::mutex mutex_;
  std::vector<std::string> attempts;
  std::vector<std::string> hosts;
  int limiter_waits = 0;
};

TEST_F(Client, ObserverSeesEveryAttemptWithItsMethodStatusAndHost) {
  auto options = fast_options();
  const auto observer = std::make_shared<RecordingObserver>();
  options.transport.observer = observer;
  const auto observed = client_for(config, clock, options);
  ASSERT_TRUE(observed->create(kConfigMaps, "default", config_map("seen", "1"), {}));
  control.fault({{"code", 500}, {"count", 1}, {"verb", "patch"}, {"retryAfterSeconds", 1}});
  ASSERT_TRUE(observed->patch(kConfigMaps, "default", "seen", PatchType::Merge,
                              {{"data", {{"v", "2"}}}}, {}, {}));
  EXPECT_EQ(observer->attempts, (std::vector<std::string>{"POST 201", "PATCH 500", "PATCH 200"}));
  EXPECT_EQ(observer->limiter_waits, 3);
  ASSERT_FALSE(observer->hosts.empty());
  EXPECT_EQ(observer->hosts.front(), "127.0.0.1:" + std::to_string(server->port()));
}

TEST_F(Client, WatchDeliversEventsAndEndsCleanlyWhenTheServerCloses) {
  const auto listed = list_all(*api, kConfigMaps, "default", {});
  ASSERT_TRUE(listed);
  std::vector<WatchEvent> events;
  std::mutex mutex;
  Result<void> outcome;
  std::jthread watcher([&](std::stop_token stop) {
    WatchOptions options;
    options.resource_version = listed->resource_version;
    options.timeout_seconds = 60;
    outcome = api->watch(
        kConfigMaps, "default", options,
        [&](WatchEvent&& e) {
          std::lock_guard lock(mutex);
          events.push_back(std::move(e));
          return true;
        },
        stop);
  });
  ASSERT_TRUE(api->create(kConfigMaps, "default", config_map("w", "1"), {}));
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(mutex);
    return !events.empty();
  }));
  control.close_watches();
  watcher.join();
  EXPECT_TRUE(outcome) << outcome.error().to_string();
  std::lock_guard lock(mutex);
  EXPECT_EQ(events[0].type, WatchEventType::Added);
  EXPECT_EQ(meta_string(events[0].object, "name"), "w");
}

TEST_F(Client, WatchFromACompactedVersionGetsExpired) {
  const auto listed = list_all(*api, kConfigMaps, "default", {});
  ASSERT_TRUE(listed);
  ASSERT_TRUE(api->create(kConfigMaps, "default", config_map("x", "1"), {}));
  control.expire_history();
  std::vector<WatchEvent> events;
  WatchOptions options;
  options.resource_version = listed->resource_version;
  options.timeout_seconds = 30;
  const auto outcome = api->watch(kConfigMaps, "default", options,
                                  [&](WatchEvent&& e) {
                                    events.push_back(std::move(e));
                                    return true;
                                  },
                                  {});
  ASSERT_TRUE(outcome) << outcome.error().to_string();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, WatchEventType::Error);
  EXPECT_EQ(events[0].object["code"], 410);
}

TEST_F(Client, ServerSideApplyConflictsUnlessForced) {
  ASSERT_TRUE(apply(*api, kConfigMaps, "default", config_map("ssa", "mine"), "owner", false));
  const auto conflict =
      apply(*api, kConfigMaps, "default", config_map("ssa", "theirs"), "intruder", false);
  ASSERT_FALSE(conflict);
  EXPECT_TRUE(conflict.error().is_field_manager_conflict()) << conflict.error().to_string();
  ASSERT_FALSE(conflict.error().details.causes.empty());
  EXPECT_EQ(conflict.error().details.causes[0].field, ".data.v");

  const auto forced =
      apply(*api, kConfigMaps, "default", config_map("ssa", "theirs"), "intruder", true);
  ASSERT_TRUE(forced) << forced.error().to_string();
  EXPECT_EQ((*forced)["data"]["v"], "theirs");
}

TEST_F(Client, JsonPatchTestOpFailureIsInvalid) {
  ASSERT_TRUE(api->create(kConfigMaps, "default", config_map("jp", "1"), {}));
  const nlohmann::json ops =
      nlohmann::json::array({{{"op", "test"}, {"path", "/data/v"}, {"value", "1"}},
                             {{"op", "replace"}, {"path", "/data/v"}, {"value", "2"}}});
  const auto patched = api->patch(kConfigMaps, "default", "jp", PatchType::Json, ops, {}, {});
  ASSERT_TRUE(patched) << patched.error().to_string();
  EXPECT_EQ((*patched)["data"]["v"], "2");
  const auto stale = api->patch(kConfigMaps, "default", "jp", PatchType::Json, ops, {}, {});
  ASSERT_FALSE(stale);
  EXPECT_TRUE(stale.error().is_invalid()) << stale.error().to_string();
}

TEST_F(Client, DeletePropagationPolicyReachesTheServer) {
  ASSERT_TRUE(api->create(kConfigMaps, "default", config_map("fg", "1"), {}));
  DeleteOptions foreground;
  foreground.propagation_policy = PropagationPolicy::Foreground;
  const auto marked = api->remove(kConfigMaps, "default", "fg", foreground);
  ASSERT_TRUE(marked) << marked.error().to_string();
  // Foreground deletion keeps the object, marked, until the garbage collector is done.
  EXPECT_FALSE(meta_string(*marked, "deletionTimestamp").empty());
  EXPECT_EQ((*marked)["metadata"]["finalizers"], nlohmann::json::array({"foregroundDeletion"}));

  ASSERT_TRUE(api->create(kConfigMaps, "default", config_map("bg", "1"), {}));
  const auto removed = api->remove(kConfigMaps, "default", "bg", {});
  ASSERT_TRUE(removed) << removed.error().to_string();
  EXPECT_EQ((*removed)["kind"], "Status");
  EXPECT_EQ((*removed)["status"], "Success");
}

TEST_F(Client, WatchReadsAnEventFarLargerThanOneChunk) {
  const auto listed = list_all(*api, kConfigMaps, "default", {});
  ASSERT_TRUE(listed);
  const std::string big(900 * 1024, 'x');  // just under the 1 MiB ConfigMap limit
  ASSERT_TRUE(api->create(kConfigMaps, "default", config_map("big", big), {}));
  std::vector<WatchEvent> events;
  WatchOptions options;
  options.resource_version = listed->resource_version;
  options.timeout_seconds = 30;
  const auto outcome = api->watch(kConfigMaps, "default", options,
                                  [&](WatchEvent&& e) {
                                    events.push_back(std::move(e));
                                    return false;  // one event is all this test wants
                                  },
                                  {});
  ASSERT_TRUE(outcome) << outcome.error().to_string();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, WatchEventType::Added);
  EXPECT_EQ(events[0].object["data"]["v"], big);
}

// A filtered watch sees none of the events that fill the history; its bookmarks still carry
// the latest version, which stays resumable while the list's version has been compacted away.
TEST_F(Client, BookmarkVersionStaysResumableWhenTheHistoryMovesOn) {
  control.settings({{"bookmarkIntervalMs", 100}, {"historyLimit", 5}});
  const nlohmann::json selected = {{"app", "bm"}};
  ASSERT_TRUE(api->create(kConfigMaps, "default", config_map("watched", "1", selected), {}));
  ListOptions list_options;
  list_options.label_selector = "app=bm";
  const auto listed = list_all(*api, kConfigMaps, "default", list_options);
  ASSERT_TRUE(listed);

  WatchOptions options;
  options.label_selector = "app=bm";
  options.resource_version = listed->resource_version;
  options.timeout_seconds = 30;
  std::mutex mutex;
  std::string target;  // stop at the first bookmark carrying this version
  std::string bookmark;
  std::size_t changes = 0;
  Result<void> watched;
  std::jthread watcher([&](std::stop_token stop) {
    watched = api->watch(
        kConfigMaps, "default", options,
        [&](WatchEvent&& e) {
          std::lock_guard lock(mutex);
          if (e.type != WatchEventType::Bookmark) {
            ++changes;
            return true;
          }
          bookmark = e.resource_version();
          return target.empty() || bookmark != target;
        },
        stop);
  });
  // The first bookmark says the watch is open: only then may the history move past its start.
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(mutex);
    return !bookmark.empty();
  }));
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(
        api->create(kConfigMaps, "default", config_map("noise-" + std::to_string(i), "n"), {}));
  }
  const auto latest = control.resource_version();
  {
    std::lock_guard lock(mutex);
    target = latest;
  }
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(mutex);
    return bookmark == latest;
  })) << "last bookmark "
      << bookmark << ", server at " << latest << ", " << changes << " changes seen";
  watcher.join();
  ASSERT_TRUE(watched) << watched.error().to_string();
  EXPECT_EQ(changes, 0u);

  const auto first_event = [&](const std::string& rv) {
    WatchOptions resume = options;
    resume.resource_version = rv;
    resume.allow_bookmarks = false;
    resume.timeout_seconds = 1;
    std::optional<WatchEvent> first;
    const auto outcome = api->watch(kConfigMaps, "default", resume,
                                    [&](WatchEvent&& e) {
                                      first = std::move(e);
                                      return false;
                                    },
                                    {});
    EXPECT_TRUE(outcome) << outcome.error().to_string();
    return first;
  };
  const auto from_bookmark = first_event(bookmark);
  EXPECT_FALSE(from_bookmark) << from_bookmark->object.dump();  // clean timeout, no error
  const auto from_list = first_event(listed->resource_version);
  ASSERT_TRUE(from_list);
  EXPECT_EQ(from_list->type, WatchEventType::Error);
  EXPECT_TRUE(error_from_status(from_list->object).is_expired());
}

TEST_F(Client, StoppingAWatchClosesItPromptly) {
  std::stop_source stop;
  Result<void> outcome;
  std::jthread watcher([&] {
    WatchOptions options;
    options.timeout_seconds = 300;
    outcome = api->watch(
        kConfigMaps, "default", options, [](WatchEvent&&) { return true; }, stop.get_token());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto start = std::chrono::steady_clock::now();
  stop.request_stop();
  watcher.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(5));
  ASSERT_FALSE(outcome);
  EXPECT_TRUE(outcome.error().is_cancelled()) << outcome.error().to_string();
}

}  // namespace
}  // namespace rl::kube::testing
