// Behaviour only visible on the wire: chunked watch streams, bookmarks, timeouts, the
// watch-closing and restart controls, faults as HTTP answers, abrupt disconnects and
// concurrent clients.
#include <gtest/gtest.h>

#include <thread>

#include "apiserver_process.hpp"

namespace rl::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
constexpr const char* kCms = "/api/v1/namespaces/default/configmaps";

json configmap(const std::string& name) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}}},
          {"data", {{"k", "v"}}}};
}

class WireTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = ApiServerProcess::start();
    ASSERT_TRUE(started) << started.error();
    server_ = std::move(*started);
  }
  std::unique_ptr<ApiServerProcess> server_;
};

TEST_F(WireTest, WatchStreamsChunkedLinesAsChangesHappen) {
  auto watch = server_->client().stream(std::string(kCms) + "?watch=1&resourceVersion=1");
  ASSERT_TRUE(watch) << watch.error();
  EXPECT_EQ(watch->status(), 200);
  EXPECT_EQ(watch->headers().at("content-type"), "application/json");
  EXPECT_EQ(watch->headers().at("transfer-encoding"), "chunked");
  ASSERT_EQ(server_->client().post(kCms, configmap("a"))->status, 201);
  auto event = watch->next_json(5s);
  EXPECT_EQ(event["type"], "ADDED");
  EXPECT_EQ(event["object"]["metadata"]["name"], "a");
}

TEST_F(WireTest, BookmarksArriveAtTheConfiguredInterval) {
  server_->settings({{"bookmarkIntervalMs", 100}});
  auto watch = server_->client().stream(std::string(kCms) +
                                        "?watch=1&allowWatchBookmarks=true&resourceVersion=1");
  ASSERT_TRUE(watch) << watch.error();
  auto event = watch->next_json(5s);
  EXPECT_EQ(event["type"], "BOOKMARK");
  EXPECT_FALSE(event["object"]["metadata"]["resourceVersion"].get<std::string>().empty());
}

TEST_F(WireTest, TimeoutSecondsEndsTheStreamCleanly) {
  auto watch = server_->client().stream(std::string(kCms) + "?watch=1&timeoutSeconds=1");
  ASSERT_TRUE(watch) << watch.error();
  std::string line;
  EXPECT_EQ(watch->next_line(line, 10s), LineStream::Read::End);
}

TEST_F(WireTest, CloseWatchesControlEndsOpenStreams) {
  auto watch = server_->client().stream(std::string(kCms) + "?watch=1");
  ASSERT_TRUE(watch) << watch.error();
  server_->control("POST", "watches/close");
  std::string line;
  EXPECT_EQ(watch->next_line(line, 10s), LineStream::Read::End);
}

TEST_F(WireTest, CutWatchesEndWithoutTheFinalChunk) {
  auto watch = server_->client().stream(std::string(kCms) + "?watch=1");
  ASSERT_TRUE(watch) << watch.error();
  ASSERT_EQ(server_->client().post(kCms, configmap("a"))->status, 201);
  EXPECT_EQ(watch->next_json(5s)["type"], "ADDED");
  server_->close_watches(ApiServerProcess::WatchEnding::Cut);
  std::string line;
  EXPECT_EQ(watch->next_line(line, 10s), LineStream::Read::Error);
  EXPECT_EQ(watch->unterminated(), "");
}

TEST_F(WireTest, WatchesCanBeCutInTheMiddleOfAnEvent) {
  auto watch = server_->client().stream(std::string(kCms) + "?watch=1");
  ASSERT_TRUE(watch) << watch.error();
  server_->close_watches(ApiServerProcess::WatchEnding::CutMidEvent);
  std::string line;
  EXPECT_EQ(watch->next_line(line, 10s), LineStream::Read::Error);
  EXPECT_TRUE(watch->unterminated().starts_with("{\"type\":")) << watch->unterminated();
  EXPECT_TRUE(json::parse(watch->unterminated(), nullptr, false).is_discarded());
}

TEST_F(WireTest, StalledWatchesStayOpenAndSilentPastTheirTimeout) {
  server_->settings({{"bookmarkIntervalMs", 50}});
  auto watch = server_->client().stream(
      std::string(kCms) + "?watch=1&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion=1");
  ASSERT_TRUE(watch) << watch.error();
  EXPECT_EQ(watch->next_json(5s)["type"], "BOOKMARK");
  server_->stall_watches();
  ASSERT_EQ(server_->client().post(kCms, configmap("a"))->status, 201);
  // Drain what was already on its way before the stall took effect.
  std::string line;
  auto read = LineStream::Read::Line;
  while (read == LineStream::Read::Line) {
    read = watch->next_line(line, 2500ms);
    if (read == LineStream::Read::Line) {
      EXPECT_EQ(json::parse(line)["type"], "BOOKMARK") << "no events once stalled";
    }
  }
  EXPECT_EQ(read, LineStream::Read::Timeout) << "still open after timeoutSeconds=1";
  server_->close_watches();
  EXPECT_EQ(watch->next_line(line, 10s), LineStream::Read::End);
}

TEST_F(WireTest, ExpiringTheHistoryMakesOldResumePointsGone) {
  auto a = server_->client().post(kCms, configmap("a"))->json();
  server_->client().post(kCms, configmap("b"));
  server_->control("POST", "history/expire");
  auto watch = server_->client().stream(std::string(kCms) + "?watch=1&resourceVersion=" +
                                        a["metadata"]["resourceVersion"].get<std::string>());
  ASSERT_TRUE(watch) << watch.error();
  EXPECT_EQ(watch->status(), 200);
  auto event = watch->next_json(5s);
  EXPECT_EQ(event["type"], "ERROR");
  EXPECT_EQ(event["object"]["reason"], "Expired");
  std::string line;
  EXPECT_EQ(watch->next_line(line, 5s), LineStream::Read::End);
}

TEST_F(WireTest, RestartControlDropsConnectionsAndComesBackWithTheSameData) {
  ASSERT_EQ(server_->client().post(kCms, configmap("a"))->status, 201);
  auto watch = server_->client().stream(std::string(kCms) + "?watch=1&resourceVersion=1");
  ASSERT_TRUE(watch) << watch.error();
  server_->control("POST", "restart", {{"downMs", 500}});
  std::string line;
  while (watch->next_line(line, 10s) == LineStream::Read::Line) {
  }
  std::expected<HttpResponse, std::string> back;
  for (int i = 0; i < 100; ++i) {
    back = server_->client().get(std::string(kCms) + "/a");
    if (back && back->status == 200) break;
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->status, 200);
}

TEST_F(WireTest, TooManyRequestsFaultHasATextBodyAndRetryAfter) {
  server_->add_fault({{"code", 429}, {"count", 1}, {"retryAfterSeconds", 2}});
  auto r = server_->client().get(kCms);
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(r->header("retry-after"), "2");
  EXPECT_TRUE(r->header("content-type").starts_with("text/plain"));
  EXPECT_TRUE(r->json().is_null()) << "not JSON";
  EXPECT_EQ(server_->client().get(kCms)->status, 200);
}

TEST_F(WireTest, LatencyFaultDelaysTheAnswer) {
  server_->add_fault({{"latencyMs", 300}, {"count", 1}});
  auto start = std::chrono::steady_clock::now();
  auto r = server_->client().get(kCms);
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 250ms);
}

TEST_F(WireTest, SurvivesAbruptDisconnectsAndConcurrentClients) {
  server_->settings({{"bookmarkIntervalMs", 50}});
  for (int i = 0; i < 20; ++i) {
    auto w = server_->client().stream(std::string(kCms) + "?watch=1&allowWatchBookmarks=1");
    ASSERT_TRUE(w) << w.error();
    w->close();  // gone without reading
  }
  std::vector<std::jthread> writers;
  std::atomic<int> created{0};
  for (int t = 0; t < 6; ++t) {
    writers.emplace_back([&, t] {
      auto client = server_->client();
      for (int i = 0; i < 40; ++i) {
        auto r = client.post(kCms, configmap("c-" + std::to_string(t) + "-" + std::to_string(i)));
        if (r && r->status == 201) ++created;
      }
    });
  }
  writers.clear();
  EXPECT_EQ(created.load(), 240);
  auto list = server_->client().get(kCms);
  ASSERT_TRUE(list) << list.error();
  EXPECT_EQ(list->json()["items"].size(), 240u);
}

TEST_F(WireTest, DeploymentStatusFollowsTheSettableDelay) {
  server_->settings({{"deploymentReadyDelayMs", nullptr}});
  json d = json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
    "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":
    {"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}})");
  ASSERT_EQ(server_->client().post("/apis/apps/v1/namespaces/default/deployments", d)->status, 201);
  auto available = [&] {
    auto got = server_->client().get("/apis/apps/v1/namespaces/default/deployments/web")->json();
    for (const auto& c : got["status"].value("conditions", json::array())) {
      if (c["type"] == "Available") return c["status"].get<std::string>();
    }
    return std::string("none");
  };
  server_->control("POST", "controllers/run");
  EXPECT_EQ(available(), "False") << "stuck while the delay is 'never'";
  server_->settings({{"deploymentReadyDelayMs", 0}});
  server_->control("POST", "controllers/run");
  EXPECT_EQ(available(), "True");
}

}  // namespace
}  // namespace rl::testing
