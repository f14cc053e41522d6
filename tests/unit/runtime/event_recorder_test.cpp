// EventRecorder against a recording fake API: one Event per new occurrence, a count bump for a
// repeat within ten minutes, a new Event after that or when the old one expired.
#include "readinglist/runtime/event_recorder.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace rl::runtime {
namespace {

using namespace std::chrono_literals;

struct Call {
  std::string verb;
  std::string ns;
  std::string name;
  nlohmann::json body;
};

// Records writes to Events; a patch of an Event it never created answers 404.
class RecordingApi final : public kube::ApiClient {
 public:
  std::vector<Call> calls;
  std::set<std::string> existing;

  kube::Result<nlohmann::json> get(const kube::ResourceRef&, std::string_view, std::string_view,
                                   std::string_view) override {
    return std::unexpected(kube::invalid_request("unused"));
  }
  kube::Result<nlohmann::json> list(const kube::ResourceRef&, std::string_view,
                                    const kube::ListOptions&) override {
    return std::unexpected(kube::invalid_request("unused"));
  }
  kube::Result<nlohmann::json> create(const kube::ResourceRef& resource, std::string_view ns,
                                      const nlohmann::json& object,
                                      const kube::WriteOptions&) override {
    EXPECT_EQ(resource.plural, "events");
    const std::string name = object["metadata"]["name"];
    calls.push_back({"create", std::string(ns), name, object});
    existing.insert(name);
    return object;
  }
  kube::Result<nlohmann::json> update(const kube::ResourceRef&, std::string_view, std::string_view,
                                      const nlohmann::json&, const kube::WriteOptions&,
                                      std::string_view) override {
    return std::unexpected(kube::invalid_request("unused"));
  }
  kube::Result<nlohmann::json> patch(const kube::ResourceRef&, std::string_view ns,
                                     std::string_view name, kube::PatchType type,
                                     const nlohmann::json& body, const kube::PatchOptions&,
                                     std::string_view) override {
    EXPECT_EQ(type, kube::PatchType::Merge);
    calls.push_back({"patch", std::string(ns), std::string(name), body});
    if (!existing.contains(std::string(name))) {
      kube::Error error;
      error.code = 404;
      error.reason = "NotFound";
      error.details.name = name;
      error.details.kind = "events";
      error.status_body = true;
      return std::unexpected(error);
    }
    return body;
  }
  kube::Result<nlohmann::json> remove(const kube::ResourceRef&, std::string_view, std::string_view,
                                      const kube::DeleteOptions&) override {
    return std::unexpected(kube::invalid_request("unused"));
  }
  kube::Result<void> watch(const kube::ResourceRef&, std::string_view, const kube::WatchOptions&,
                           const kube::WatchEventHandler&, std::stop_token) override {
    return std::unexpected(kube::invalid_request("unused"));
  }
};

model::ReadingList list_named(std::string name) {
  model::ReadingList list;
  list.metadata.name = std::move(name);
  list.metadata.namespace_ = "talks";
  list.metadata.uid = "uid-" + list.metadata.name;
  list.metadata.resource_version = "42";
  return list;
}

class EventRecorderTest : public ::testing::Test {
 protected:
  std::chrono::system_clock::time_point now{std::chrono::seconds(1'700'000'000)};
  RecordingApi api;
  EventRecorder recorder{api, [this] { return now; }, "readinglist-operator"};
};

TEST_F(EventRecorderTest, CreatesAnEventAboutTheList) {
  recorder.record(list_named("talk"), {"Warning", "InvalidSpec", "spec.title: is required"});
  ASSERT_EQ(api.calls.size(), 1u);
  const auto& event = api.calls[0].body;
  EXPECT_EQ(api.calls[0].ns, "talks");
  EXPECT_EQ(event["involvedObject"]["kind"], "ReadingList");
  EXPECT_EQ(event["involvedObject"]["apiVersion"], "readinglist.dev/v1alpha1");
  EXPECT_EQ(event["involvedObject"]["name"], "talk");
  EXPECT_EQ(event["involvedObject"]["uid"], "uid-talk");
  EXPECT_EQ(event["type"], "Warning");
  EXPECT_EQ(event["reason"], "InvalidSpec");
  EXPECT_EQ(event["message"], "spec.title: is required");
  EXPECT_EQ(event["source"]["component"], "readinglist-operator");
  EXPECT_EQ(event["count"], 1);
  EXPECT_EQ(event["firstTimestamp"], "2023-11-14T22:13:20Z");
  EXPECT_TRUE(event["metadata"]["name"].get<std::string>().starts_with("talk."));
}

TEST_F(EventRecorderTest, ARepeatWithinTenMinutesBumpsTheCount) {
  const auto list = list_named("talk");
  recorder.record(list, {"Normal", "Created", "created Service talk-site"});
  now += 9min;
  recorder.record(list, {"Normal", "Created", "created Service talk-site"});
  ASSERT_EQ(api.calls.size(), 2u);
  EXPECT_EQ(api.calls[1].verb, "patch");
  EXPECT_EQ(api.calls[1].name, api.calls[0].name);
  EXPECT_EQ(api.calls[1].body["count"], 2);
  EXPECT_EQ(api.calls[1].body["lastTimestamp"], "2023-11-14T22:22:20Z");
  now += 11min;
  recorder.record(list, {"Normal", "Created", "created Service talk-site"});
  ASSERT_EQ(api.calls.size(), 3u);
  EXPECT_EQ(api.calls[2].verb, "create");
  EXPECT_NE(api.calls[2].name, api.calls[0].name);
}

TEST_F(EventRecorderTest, DifferentMessagesOrObjectsAreDifferentEvents) {
  recorder.record(list_named("a"), {"Normal", "Created", "created Service a-site"});
  recorder.record(list_named("b"), {"Normal", "Created", "created Service a-site"});
  recorder.record(list_named("a"), {"Normal", "Created", "created ConfigMap a-site"});
  ASSERT_EQ(api.calls.size(), 3u);
  for (const auto& call : api.calls)
    EXPECT_EQ(call.verb, "create");
}

TEST_F(EventRecorderTest, AnEventThatExpiredOnTheServerIsCreatedAgain) {
  const auto list = list_named("talk");
  recorder.record(list, {"Normal", "Updated", "updated ConfigMap talk-site"});
  api.existing.clear();  // the server's event TTL removed it
  recorder.record(list, {"Normal", "Updated", "updated ConfigMap talk-site"});
  ASSERT_EQ(api.calls.size(), 3u);
  EXPECT_EQ(api.calls[1].verb, "patch");
  EXPECT_EQ(api.calls[2].verb, "create");
}

}  // namespace
}  // namespace rl::runtime
