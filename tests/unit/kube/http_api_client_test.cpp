#include "readinglist/kube/http_api_client.hpp"

#include <gtest/gtest.h>

#include <deque>

namespace rl::kube {
namespace {

const ResourceRef kConfigMaps{"", "v1", "configmaps", true};

// Answers from a queue; streams bodies in the pieces a test chooses.
class FakeTransport final : public Transport {
 public:
  struct Stream {
    std::vector<std::string> pieces;
    Result<void> end;
  };
  std::deque<Result<HttpResponse>> answers;
  std::deque<Stream> streams;
  std::vector<Request> sent;
  std::vector<Clock::Duration> idle_timeouts;

  Result<HttpResponse> send(const Request& request, std::stop_token) override {
    sent.push_back(request);
    auto answer = std::move(answers.front());
    answers.pop_front();
    return answer;
  }

  Result<void> stream(const Request& request, Clock::Duration idle_timeout,
                      const BodyChunkHandler& on_chunk, std::stop_token) override {
    sent.push_back(request);
    idle_timeouts.push_back(idle_timeout);
    auto s = std::move(streams.front());
    streams.pop_front();
    for (const auto& piece : s.pieces) {
      if (!on_chunk(piece)) return {};
    }
    return s.end;
  }
};

struct Fixture {
  FakeTransport* transport = nullptr;
  std::unique_ptr<HttpApiClient> client;
  Fixture() {
    auto t = std::make_unique<FakeTransport>();
    transport = t.get();
    client = std::make_unique<HttpApiClient>(std::move(t), ClientOptions{});
  }
};

HttpResponse answer(int status, std::string body, std::string retry_after = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.retry_after = std::move(retry_after);
  return r;
}

TEST(HttpApiClient, SuccessfulAnswerIsParsedJson) {
  Fixture f;
  f.transport->answers.push_back(answer(200, R"({"metadata":{"name":"a"}})"));
  const auto got = f.client->get(kConfigMaps, "ns", "a", {});
  ASSERT_TRUE(got);
  EXPECT_EQ((*got)["metadata"]["name"], "a");
  EXPECT_EQ(f.transport->sent[0].path, "/api/v1/namespaces/ns/configmaps/a");
}

TEST(HttpApiClient, ErrorStatusBecomesAnApiError) {
  Fixture f;
  f.transport->answers.push_back(answer(
      409, R"({"kind":"Status","reason":"AlreadyExists","code":409,"details":{"name":"a"}})"));
  const auto created = f.client->create(kConfigMaps, "ns", {{"metadata", {{"name", "a"}}}}, {});
  ASSERT_FALSE(created);
  EXPECT_TRUE(created.error().is_already_exists());
}

TEST(HttpApiClient, TooManyRequestsKeepsRetryAfter) {
  Fixture f;
  f.transport->answers.push_back(answer(429, "Too many requests", "3"));
  const auto got = f.client->get(kConfigMaps, "ns", "a", {});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().retry_after, std::chrono::seconds(3));
}

TEST(HttpApiClient, NonJsonSuccessIsADecodeError) {
  Fixture f;
  f.transport->answers.push_back(answer(200, "<html>proxy</html>"));
  const auto got = f.client->get(kConfigMaps, "ns", "a", {});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, ErrorKind::Decode);
}

TEST(HttpApiClient, InvalidRequestIsRefusedWithoutSending) {
  Fixture f;
  const auto got = f.client->get(kConfigMaps, "", "a", {});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, ErrorKind::Invalid);
  EXPECT_TRUE(f.transport->sent.empty());
}

TEST(HttpApiClient, WatchDecodesEventsSplitAcrossChunks) {
  Fixture f;
  const std::string a =
      R"({"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"2"}}})";
  const std::string b = R"({"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"9"}}})";
  f.transport->streams.push_back(
      {{a.substr(0, 10), a.substr(10) + "\n" + b.substr(0, 5), b.substr(5) + "\n"}, {}});
  std::vector<WatchEvent> events;
  WatchOptions options;
  options.timeout_seconds = 300;
  const auto r = f.client->watch(kConfigMaps, "ns", options,
                                 [&](WatchEvent&& e) {
                                   events.push_back(std::move(e));
                                   return true;
                                 },
                                 {});
  ASSERT_TRUE(r);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].resource_version(), "9");
  EXPECT_EQ(f.transport->idle_timeouts[0], std::chrono::seconds(310));
  EXPECT_TRUE(f.transport->sent[0].watch);
}

TEST(HttpApiClient, WatchEndingMidEventIsATransportError) {
  Fixture f;
  f.transport->streams.push_back({{R"({"type":"ADDED","obj)"}, {}});
  const auto r = f.client->watch(kConfigMaps, "ns", {}, [](WatchEvent&&) { return true; }, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Transport);
}

TEST(HttpApiClient, WatchHandlerCanStopTheStream) {
  Fixture f;
  const std::string line =
      R"({"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"2"}}})"
      "\n";
  f.transport->streams.push_back({{line + line + line}, {}});
  int seen = 0;
  const auto r =
      f.client->watch(kConfigMaps, "ns", {}, [&](WatchEvent&&) { return ++seen < 2; }, {});
  EXPECT_TRUE(r);
  EXPECT_EQ(seen, 2);
}

TEST(HttpApiClient, WatchGarbageIsADecodeErrorAfterTheGoodEvents) {
  Fixture f;
  const std::string line =
      R"({"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"2"}}})"
      "\n";
  f.transport->streams.push_back({{line + "garbage\n" + line}, {}});
  int seen = 0;
  const auto r = f.client->watch(kConfigMaps, "ns", {},
                                 [&](WatchEvent&&) {
                                   ++seen;
                                   return true;
                                 },
                                 {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::Decode);
  EXPECT_EQ(seen, 1);
}

TEST(HttpApiClient, WatchTransportFailureIsPassedOn) {
  Fixture f;
  f.transport->streams.push_back({{}, std::unexpected(transport_error("reset"))});
  const auto r = f.client->watch(kConfigMaps, "ns", {}, [](WatchEvent&&) { return true; }, {});
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().retryable());
}

TEST(ListAll, FollowsContinueAndRestartsOnceWhenTheTokenExpires) {
  Fixture f;
  f.transport->answers.push_back(
      answer(200, R"({"metadata":{"resourceVersion":"5","continue":"t1"},"items":[{"a":1}]})"));
  f.transport->answers.push_back(answer(410, R"({"kind":"Status","reason":"Expired","code":410})"));
  f.transport->answers.push_back(
      answer(200, R"({"metadata":{"resourceVersion":"8","continue":"t2"},"items":[{"a":1}]})"));
  f.transport->answers.push_back(
      answer(200, R"({"metadata":{"resourceVersion":"8"},"items":null})"));
  ListOptions options;
  options.limit = 1;
  const auto all = list_all(*f.client, kConfigMaps, "ns", options);
  ASSERT_TRUE(all) << all.error().to_string();
  EXPECT_EQ(all->resource_version, "8");
  EXPECT_EQ(all->items.size(), 1u);
  ASSERT_EQ(f.transport->sent.size(), 4u);
  EXPECT_EQ(f.transport->sent[1].query, "limit=1&continue=t1");
  EXPECT_EQ(f.transport->sent[2].query, "limit=1");
}

TEST(Apply, NeedsANameAndSendsAnApplyPatch) {
  Fixture f;
  EXPECT_FALSE(apply(*f.client, kConfigMaps, "ns", nlohmann::json::object(), "mgr"));
  f.transport->answers.push_back(answer(201, R"({"metadata":{"name":"a"}})"));
  ASSERT_TRUE(apply(*f.client, kConfigMaps, "ns", {{"metadata", {{"name", "a"}}}}, "mgr"));
  EXPECT_EQ(f.transport->sent[0].content_type, "application/apply-patch+yaml");
  EXPECT_EQ(f.transport->sent[0].query, "fieldManager=mgr&force=true");
}

}  // namespace
}  // namespace rl::kube
