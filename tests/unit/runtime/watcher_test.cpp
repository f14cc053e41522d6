#include "readinglist/runtime/watcher.hpp"

#include <gtest/gtest.h>

#include <set>

#include "scripted_api.hpp"

namespace rl::runtime {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::api_error;
using testing::event_line;
using testing::list_page;
using testing::object;
using testing::ScriptedApi;
using testing::WatchScript;

const kube::ResourceRef kConfigMaps{"", "v1", "configmaps", true};

struct Fixture {
  kube::ManualClock clock{kube::ManualClock::Mode::AutoAdvance};
  ScriptedApi api{clock};
  std::vector<WatcherEvent> events;
  std::vector<kube::Error> errors;

  WatcherConfig config() {
    WatcherConfig c;
    c.resource = kConfigMaps;
    c.namespace_ = "ns";
    c.seed = 3;
    return c;
  }

  void run(WatcherConfig c) {
    Watcher watcher(api, clock, std::move(c));
    watcher.run([this](WatcherEvent&& e) { events.push_back(std::move(e)); }, api.done.get_token(),
                [this](const kube::Error& e) { errors.push_back(e); });
  }
  void run() { run(config()); }

  std::vector<WatcherEventType> types() const {
    std::vector<WatcherEventType> out;
    for (const auto& e : events)
      out.push_back(e.type);
    return out;
  }
};

WatchScript stream(std::vector<std::string> lines, kube::Result<void> end = {}) {
  WatchScript s;
  s.lines = std::move(lines);
  s.end = std::move(end);
  return s;
}

using T = WatcherEventType;

TEST(Watcher, ColdStartListsFromTheCacheThenWatchesFromTheListVersion) {
  Fixture f;
  f.api.lists.push_back(list_page("10", {object("ns", "a", "5"), object("ns", "b", "7")}));
  f.api.watches.push_back(stream({event_line("ADDED", object("ns", "c", "11"))}));
  f.run();
  ASSERT_EQ(f.api.list_calls.size(), 1u);
  EXPECT_EQ(f.api.list_calls[0].resource_version, "0");
  EXPECT_EQ(f.api.list_calls[0].limit, 500);
  ASSERT_GE(f.api.watch_calls.size(), 1u);
  EXPECT_EQ(f.api.watch_calls[0].resource_version, "10");
  EXPECT_TRUE(f.api.watch_calls[0].allow_bookmarks);
  EXPECT_EQ(f.types(),
            (std::vector{T::InitStarted, T::InitApply, T::InitApply, T::InitDone, T::Apply}));
  EXPECT_EQ(f.events[3].resource_version, "10");
  EXPECT_EQ(f.events[4].object["metadata"]["name"], "c");
}

TEST(Watcher, WatchTimeoutsAreSpreadOverFiveToTenMinutes) {
  Fixture f;
  f.api.lists.push_back(list_page("10", {}));
  for (int i = 0; i < 20; ++i)
    f.api.watches.push_back(stream({}));
  f.run();
  std::set<std::int64_t> seen;
  for (const auto& w : f.api.watch_calls) {
    EXPECT_GE(w.timeout_seconds, 300);
    EXPECT_LT(w.timeout_seconds, 600);
    seen.insert(w.timeout_seconds);
  }
  EXPECT_GT(seen.size(), 5u);
}

TEST(Watcher, PagedListFollowsContinueTokensOnTheFirstSnapshot) {
  Fixture f;
  f.api.lists.push_back(list_page("10", {object("ns", "a", "1")}, "tok1"));
  f.api.lists.push_back(list_page("10", {object("ns", "b", "2")}, "tok2"));
  f.api.lists.push_back(list_page("10", {object("ns", "c", "3")}));
  f.run();
  ASSERT_EQ(f.api.list_calls.size(), 3u);
  EXPECT_EQ(f.api.list_calls[1].continue_token, "tok1");
  EXPECT_FALSE(f.api.list_calls[1].resource_version.has_value());
  EXPECT_EQ(f.api.list_calls[2].continue_token, "tok2");
  EXPECT_EQ(f.types(),
            (std::vector{T::InitStarted, T::InitApply, T::InitApply, T::InitApply, T::InitDone}));
  EXPECT_EQ(f.api.watch_calls[0].resource_version, "10");
}

TEST(Watcher, ExpiredContinueTokenRestartsTheList) {
  Fixture f;
  f.api.lists.push_back(list_page("10", {object("ns", "a", "1")}, "tok1"));
  f.api.lists.push_back(std::unexpected(api_error(410, "Expired")));
  f.api.lists.push_back(list_page("30", {object("ns", "a", "1"), object("ns", "b", "2")}));
  f.run();
  ASSERT_EQ(f.api.list_calls.size(), 3u);
  EXPECT_TRUE(f.api.list_calls[2].continue_token.empty());
  EXPECT_EQ(f.types(), (std::vector{T::InitStarted, T::InitApply, T::InitStarted, T::InitApply,
                                    T::InitApply, T::InitDone}));
  EXPECT_EQ(f.api.watch_calls[0].resource_version, "30");
}

TEST(Watcher, ResumesFromTheLastVersionAfterTheServerClosesWithoutRelisting) {
  Fixture f;
  f.api.lists.push_back(list_page("10", {}));
  f.api.watches.push_back(stream({event_line("ADDED", object("ns", "a", "11")),
                                  event_line("MODIFIED", object("ns", "a", "12"))}));
  f.api.watches.push_back(stream({event_line("DELETED", object("ns", "a", "13"))}));
  f.run();
  EXPECT_EQ(f.api.list_calls.size(), 1u);
  ASSERT_EQ(f.api.watch_calls.size(), 3u);
  EXPECT_EQ(f.api.watch_calls[1].resource_version, "12");
  EXPECT_EQ(f.api.watch_calls[2].resource_version, "13");
  EXPECT_EQ(f.types(), (std::vector{T::InitStarted, T::InitDone, T::Apply, T::Apply, T::Delete}));
  EXPECT_TRUE(f.errors.empty());
}

TEST(Watcher, BookmarkMovesTheResumePointWithoutAChange) {
  Fixture f;
  f.api.lists.push_back(list_page("10", {}));
  f.api.watches.push_back(stream({event_line(
      "BOOKMARK", {{"kind", "ConfigMap"},
                   {"metadata", {{"resourceVersion", "50"}, {"creationTimestamp", nullptr}}}})}));
  f.run();
  ASSERT_EQ(f.api.watch_calls.size(), 2u);
  EXPECT_EQ(f.api.watch_calls[1].resource_version, "50");
  EXPECT_EQ(f.types(), (std::vector{T::InitStarted, T::InitDone, T::Bookmark}));
  EXPECT_EQ(f.events.back().resource_version, "50");
  EXPECT_TRUE(f.events.back().object.is_null());
}

TEST(Watcher, ExpiredWatchRelistsAtTheLastVersionThenWatchesFromTheNewList) {
  Fixture f;
  f.api.lists.push_back(list_page("10", {object("ns", "a", "5")}));
  f.api.watches.push_back(stream({event_line("MODIFIED", object("ns", "a", "12")),
                                  R"({"type":"ERROR","object":{"kind":"Status","code":410,)"
                                  R"("reason":"Expired","message":"too old"}})"}));
  f.api.lists.push_back(list_page("20", {object("ns", "b", "15")}));
  f.api.watches.push_back(stream({}));
  const auto start = f.clock.now();
  f.run();
  ASSERT_EQ(f.api.list_calls.size(), 2u);
  EXPECT_EQ(f.api.list_calls[1].resource_version, "12");
  EXPECT_EQ(f.api.list_calls[1].limit, 0);
  EXPECT_EQ(f.api.watch_calls[1].resource_version, "20");
  ASSERT_EQ(f.errors.size(), 1u);
  EXPECT_TRUE(f.errors[0].is_expired());
  // No backoff for an ordinary expiry: only the two watches' own durations passed.
  EXPECT_EQ(f.clock.now() - start, seconds(60));
}

TEST(Watcher, HooksCountEveryEndedWatchAndEveryListAfterTheFirst) {
  Fixture f;
  f.api.lists.push_back(list_page("10", {object("ns", "a", "5")}));
  f.api.watches.push_back(stream({R"({"type":"ERROR","object":{"kind":"Status","code":410,)"
                                  R"("reason":"Expired","message":"too old"}})"}));
  f.api.lists.push_back(list_page("20", {}));
  f.api.watches.push_back(stream({event_line("ADDED", object("ns", "b", "21"))}));
  int restarts = 0;
  int relists = 0;
  auto config = f.config();
  config.on_watch_restart = [&] { ++restarts; };
  config.on_relist = [&] { ++relists; };
  f.run(std::move(config));
  ASSERT_EQ(f.api.watch_calls.size(), 3u);  // the third ends the script: the watcher stops
  EXPECT_EQ(restarts, 2);
  EXPECT_EQ(relists, 1);
}

TEST(Watcher, ExpiredRelistFallsBackToAConsistentRead) {
  Fixture f;
  f.api.lists.push_back(list_page("10", {}));
  f.api.watches.push_back(stream({}, std::unexpected(api_error(410, "Expired"))));
  f.api.lists.push_back(std::unexpected(api_error(410, "Expired")));
  f.api.lists.push_back(list_page("40", {}));
  f.run();
  ASSERT_EQ(f.api.list_calls.size(), 3u);
  EXPECT_EQ(f.api.list_calls[1].resource_version, "10");
  EXPECT_EQ(f.api.list_calls[2].resource_version, "");
  EXPECT_EQ(f.api.watch_calls[1].resource_version, "40");
}

TEST(Watcher, ConnectionFailureBacksOffAndRewatchesWithoutRelisting) {
  Fixture f;
  f.api.lists.push_back(list_page("10", {}));
  auto refused = stream({}, std::unexpected(kube::transport_error("connection refused")));
  refused.duration = {};
  f.api.watches.push_back(refused);
  f.api.watches.push_back(refused);
  f.api.watches.push_back(stream({}));
  const auto start = f.clock.now();
  f.run();
  EXPECT_EQ(f.api.list_calls.size(), 1u);
  ASSERT_EQ(f.api.watch_calls.size(), 4u);
  for (const auto& w : f.api.watch_calls)
    EXPECT_EQ(w.resource_version, "10");
  // Two backoffs: 800ms..1.6s then 1.6s..3.2s, plus the 30 s stream.
  const auto waited = f.clock.now() - start - seconds(30);
  EXPECT_GE(waited, milliseconds(2400));
  EXPECT_LT(waited, milliseconds(4800));
}

TEST(Watcher, TooManyRequestsOnWatchBacksOffWithoutRelisting) {
  Fixture f;
  f.api.lists.push_back(list_page("10", {}));
  auto throttled = stream({}, std::unexpected(api_error(429, "TooManyRequests")));
  throttled.duration = {};
  f.api.watches.push_back(throttled);
  f.run();
  EXPECT_EQ(f.api.list_calls.size(), 1u);
  ASSERT_EQ(f.api.watch_calls.size(), 2u);
  EXPECT_EQ(f.api.watch_calls[1].resource_version, "10");
}

TEST(Watcher, StreamCutMidwayResumesFromTheLastFullyProcessedEvent) {
  Fixture f;
  f.api.lists.push_back(list_page("10", {}));
  f.api.watches.push_back(stream({event_line("ADDED", object("ns", "a", "11"))},
                                 std::unexpected(kube::transport_error("truncated chunk"))));
  f.run();
  EXPECT_EQ(f.api.list_calls.size(), 1u);
  ASSERT_EQ(f.api.watch_calls.size(), 2u);
  EXPECT_EQ(f.api.watch_calls[1].resource_version, "11");
}

TEST(Watcher, VeryShortEmptyWatchCountsAsAFailureAndRelists) {
  Fixture f;
  f.api.lists.push_back(list_page("10", {}));
  auto instant = stream({});
  instant.duration = milliseconds(100);
  f.api.watches.push_back(instant);
  f.api.lists.push_back(list_page("10", {}));
  const auto start = f.clock.now();
  f.run();
  EXPECT_EQ(f.api.list_calls.size(), 2u);
  ASSERT_EQ(f.errors.size(), 1u);
  EXPECT_NE(f.errors[0].message.find("very short watch"), std::string::npos);
  EXPECT_GE(f.clock.now() - start, milliseconds(900));
}

TEST(Watcher, GarbageOnTheStreamRelistsAfterBackoff) {
  Fixture f;
  f.api.lists.push_back(list_page("10", {}));
  f.api.watches.push_back(stream({"{not json"}));
  f.api.lists.push_back(list_page("12", {}));
  f.run();
  EXPECT_EQ(f.api.list_calls.size(), 2u);
  ASSERT_EQ(f.errors.size(), 1u);
  EXPECT_EQ(f.errors[0].kind, kube::ErrorKind::Decode);
}

TEST(Watcher, TooLargeResourceVersionRelistsFromScratch) {
  Fixture f;
  f.api.lists.push_back(list_page("99", {}));
  f.api.watches.push_back(stream({R"({"type":"ERROR","object":{"kind":"Status","code":504,)"
                                  R"("reason":"Timeout","message":"Too large resource version: )"
                                  R"(99, current: 3","details":{"causes":[{"reason":)"
                                  R"("ResourceVersionTooLarge"}]}}})"}));
  f.api.lists.push_back(list_page("4", {}));
  f.run();
  ASSERT_EQ(f.api.list_calls.size(), 2u);
  EXPECT_EQ(f.api.list_calls[1].resource_version, "");
  EXPECT_EQ(f.api.watch_calls[1].resource_version, "4");
}

TEST(Watcher, FailedListIsRetriedWithBackoff) {
  Fixture f;
  f.api.lists.push_back(std::unexpected(kube::transport_error("connection refused")));
  f.api.lists.push_back(std::unexpected(api_error(503, "ServiceUnavailable")));
  f.api.lists.push_back(list_page("10", {object("ns", "a", "3")}));
  const auto start = f.clock.now();
  f.run();
  EXPECT_EQ(f.api.list_calls.size(), 3u);
  EXPECT_EQ(f.api.list_calls[2].resource_version, "0");
  EXPECT_EQ(f.errors.size(), 2u);
  EXPECT_GE(f.clock.now() - start, milliseconds(2400));
  EXPECT_EQ(f.types().back(), T::InitDone);
}

TEST(Watcher, ForbiddenWatchRelistsAfterBackoff) {
  Fixture f;
  f.api.lists.push_back(list_page("10", {}));
  f.api.watches.push_back(stream({}, std::unexpected(api_error(403, "Forbidden"))));
  f.api.lists.push_back(list_page("10", {}));
  f.run();
  EXPECT_EQ(f.api.list_calls.size(), 2u);
}

TEST(Watcher, ManagedFieldsAreStrippedFromListedAndWatchedObjects) {
  Fixture f;
  auto obj = object("ns", "a", "5");
  obj["metadata"]["managedFields"] = nlohmann::json::array({{{"manager", "kubectl"}}});
  f.api.lists.push_back(list_page("10", {obj}));
  obj["metadata"]["resourceVersion"] = "11";
  f.api.watches.push_back(stream({event_line("MODIFIED", obj)}));
  f.run();
  ASSERT_EQ(f.events.size(), 4u);
  EXPECT_FALSE(f.events[1].object["metadata"].contains("managedFields"));
  EXPECT_FALSE(f.events[3].object["metadata"].contains("managedFields"));
  EXPECT_EQ(f.events[3].object["metadata"]["resourceVersion"], "11");
}

TEST(Watcher, AMetadataOnlyWatcherAsksForMetadataAndCanKeepManagedFields) {
  Fixture f;
  auto c = f.config();
  c.metadata_only = true;
  c.keep_managed_fields = true;
  auto obj = object("ns", "a", "5");
  obj["metadata"]["managedFields"] = nlohmann::json::array({{{"manager", "kubectl"}}});
  f.api.lists.push_back(list_page("10", {obj}));
  obj["metadata"]["resourceVersion"] = "11";
  f.api.watches.push_back(stream({event_line("MODIFIED", obj)}));
  f.run(c);
  EXPECT_TRUE(f.api.list_calls[0].metadata_only);
  EXPECT_TRUE(f.api.watch_calls[0].metadata_only);
  ASSERT_EQ(f.events.size(), 4u);
  EXPECT_TRUE(f.events[1].object["metadata"].contains("managedFields"));
  EXPECT_TRUE(f.events[3].object["metadata"].contains("managedFields"));
}

nlohmann::json initial_events_end(std::string_view rv) {
  return {{"kind", "ConfigMap"},
          {"metadata",
           {{"resourceVersion", rv}, {"annotations", {{"k8s.io/initial-events-end", "true"}}}}}};
}

WatcherConfig streaming(WatcherConfig c) {
  c.streaming_list = true;
  return c;
}

TEST(Watcher, AStreamingListAnnouncesTheStateThenGoesOnAsAWatch) {
  Fixture f;
  f.api.watches.push_back(stream({event_line("ADDED", object("ns", "b", "7")),
                                  event_line("ADDED", object("ns", "a", "5")),
                                  event_line("BOOKMARK", initial_events_end("10")),
                                  event_line("ADDED", object("ns", "c", "11"))}));
  f.run(streaming(f.config()));
  EXPECT_TRUE(f.api.list_calls.empty()) << "no list: the watch carried the state";
  ASSERT_EQ(f.api.watch_calls.size(), 2u);
  EXPECT_TRUE(f.api.watch_calls[0].send_initial_events);
  EXPECT_EQ(f.api.watch_calls[0].resource_version, "") << "the most recent state";
  EXPECT_TRUE(f.api.watch_calls[0].allow_bookmarks);
  EXPECT_EQ(f.types(),
            (std::vector{T::InitStarted, T::InitApply, T::InitApply, T::InitDone, T::Apply}));
  EXPECT_EQ(f.events[3].resource_version, "10");
  EXPECT_EQ(f.events[4].object["metadata"]["name"], "c");
  // The stream ended cleanly after the state: an ordinary watch from the last event resumes.
  EXPECT_FALSE(f.api.watch_calls[1].send_initial_events);
  EXPECT_EQ(f.api.watch_calls[1].resource_version, "11");
  EXPECT_TRUE(f.errors.empty());
}

TEST(Watcher, AStreamingListCutBeforeItsBookmarkStartsTheStateAgain) {
  Fixture f;
  f.api.watches.push_back(stream({event_line("ADDED", object("ns", "a", "5")),
                                  event_line("BOOKMARK", object("ns", "", "6"))}));
  f.api.watches.push_back(stream({}, std::unexpected(api_error(503, "ServiceUnavailable"))));
  f.api.watches.push_back(stream({event_line("ADDED", object("ns", "b", "7")),
                                  event_line("BOOKMARK", initial_events_end("9"))}));
  f.run(streaming(f.config()));
  EXPECT_TRUE(f.api.list_calls.empty()) << "a cut stream or a 503 is asked again, not listed";
  ASSERT_EQ(f.api.watch_calls.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(f.api.watch_calls[i].send_initial_events) << i;
    EXPECT_EQ(f.api.watch_calls[i].resource_version, "") << i;
  }
  EXPECT_EQ(f.types(), (std::vector{T::InitStarted, T::InitApply, T::InitStarted, T::InitStarted,
                                    T::InitApply, T::InitDone}));
  EXPECT_EQ(f.events.back().resource_version, "9");
  EXPECT_EQ(f.api.watch_calls[3].resource_version, "9");
  EXPECT_FALSE(f.api.watch_calls[3].send_initial_events);
  ASSERT_EQ(f.errors.size(), 2u) << "the early end and the 503";
  EXPECT_NE(f.errors[0].message.find("ended before its initial events"), std::string::npos);
}

TEST(Watcher, AServerWithoutWatchListIsListedAndWatchedInstead) {
  Fixture f;
  f.api.watches.push_back(stream({}, std::unexpected(api_error(422, "Invalid"))));
  f.api.lists.push_back(list_page("10", {object("ns", "a", "5")}));
  f.api.watches.push_back(stream({}, std::unexpected(api_error(410, "Expired"))));
  f.api.watches.push_back(stream({}, std::unexpected(api_error(422, "Invalid"))));
  f.api.lists.push_back(list_page("12", {object("ns", "a", "5")}));
  f.run(streaming(f.config()));
  ASSERT_EQ(f.api.list_calls.size(), 2u);
  EXPECT_EQ(f.api.list_calls[0].resource_version, "0");
  EXPECT_EQ(f.api.list_calls[1].resource_version, "10");
  ASSERT_GE(f.api.watch_calls.size(), 4u);
  EXPECT_FALSE(f.api.watch_calls[1].send_initial_events);
  EXPECT_EQ(f.api.watch_calls[1].resource_version, "10");
  EXPECT_TRUE(f.api.watch_calls[2].send_initial_events) << "each relist tries streaming first";
  EXPECT_EQ(f.api.watch_calls[2].resource_version, "10");
  EXPECT_EQ(f.api.watch_calls[3].resource_version, "12");
  EXPECT_EQ(f.types(), (std::vector{T::InitStarted, T::InitStarted, T::InitApply, T::InitDone,
                                    T::InitStarted, T::InitStarted, T::InitApply, T::InitDone}));
  ASSERT_FALSE(f.errors.empty());
  EXPECT_NE(f.errors[0].message.find("streaming list not served"), std::string::npos)
      << f.errors[0].to_string();
  EXPECT_EQ(f.errors[0].code, 422);
}

TEST(Watcher, AnExpiredWatchAfterAStreamingListStreamsTheStateAgain) {
  Fixture f;
  f.api.watches.push_back(stream({event_line("BOOKMARK", initial_events_end("10"))}));
  f.api.watches.push_back(stream({}, std::unexpected(api_error(410, "Expired"))));
  f.api.watches.push_back(stream({event_line("BOOKMARK", initial_events_end("20"))}));
  f.run(streaming(f.config()));
  EXPECT_TRUE(f.api.list_calls.empty());
  ASSERT_GE(f.api.watch_calls.size(), 3u);
  EXPECT_FALSE(f.api.watch_calls[1].send_initial_events);
  EXPECT_TRUE(f.api.watch_calls[2].send_initial_events);
  EXPECT_EQ(f.api.watch_calls[2].resource_version, "10") << "not older than what we saw";
  EXPECT_EQ(f.types(), (std::vector{T::InitStarted, T::InitDone, T::InitStarted, T::InitDone}));
}

TEST(Watcher, LabelSelectorGoesToListAndWatch) {
  Fixture f;
  auto c = f.config();
  c.label_selector = "app=web";
  f.api.lists.push_back(list_page("10", {}));
  f.run(c);
  EXPECT_EQ(f.api.list_calls[0].label_selector, "app=web");
  EXPECT_EQ(f.api.watch_calls[0].label_selector, "app=web");
}

}  // namespace
}  // namespace rl::runtime
