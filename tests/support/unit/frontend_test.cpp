// Authentication, token rotation, fault injection and the request log, through the control
// API, without sockets.
#include "frontend.hpp"

#include "api_fixture.hpp"

namespace rl::test_apiserver::testing {
namespace {

class FrontendTest : public ApiTest {
 protected:
  FrontendTest() : front_(api_, {.tokens = {"good"}, .control_token = "admin"}) {}
  Frontend::Outcome send(std::string method, std::string path, const json& body = nullptr,
                         std::string token = "good") {
    Request r = req(std::move(method), std::move(path), body);
    r.authorization = "Bearer " + token;
    return front_.handle(r, now_);
  }
  Frontend front_;
};

TEST_F(FrontendTest, AWrongOrMissingTokenIs401) {
  auto out = send("GET", kCms, nullptr, "bad");
  EXPECT_EQ(out.response.status, 401);
  EXPECT_EQ(body_of(out.response)["reason"], "Unauthorized");
  Request r = req("GET", kCms);
  EXPECT_EQ(front_.handle(r, now_).response.status, 401);
  EXPECT_EQ(send("GET", kCms).response.status, 200);
}

TEST_F(FrontendTest, TokensCanBeRotatedAtRuntime) {
  ASSERT_EQ(send("POST", "/_control/tokens", json{{"tokens", {"new"}}}).response.status, 200);
  EXPECT_EQ(send("GET", kCms, nullptr, "good").response.status, 401);
  EXPECT_EQ(send("GET", kCms, nullptr, "new").response.status, 200);
  EXPECT_EQ(send("GET", "/_control/requests", nullptr, "admin").response.status, 200)
      << "the control token keeps working";
  EXPECT_EQ(send("GET", kCms, nullptr, "admin").response.status, 401)
      << "... only on the control API";
}

TEST_F(FrontendTest, TooManyRequestsFaultAnswersLikeApf) {
  ASSERT_EQ(send("POST", "/_control/faults",
                 json{{"code", 429}, {"count", 2}, {"verb", "create"}, {"retryAfterSeconds", 2}})
                .response.status,
            200);
  EXPECT_EQ(send("GET", kCms).response.status, 200) << "other verbs pass";
  for (int i = 0; i < 2; ++i) {
    auto out = send("POST", kCms, configmap("a"));
    EXPECT_EQ(out.response.status, 429);
    EXPECT_EQ(out.response.content_type, "text/plain; charset=utf-8");
    EXPECT_EQ(out.response.body, "Too many requests, please try again later.\n");
    EXPECT_EQ(out.response.headers,
              (std::vector<std::pair<std::string, std::string>>{{"Retry-After", "2"}}));
  }
  EXPECT_EQ(send("POST", kCms, configmap("a")).response.status, 201) << "the third one passes";
}

TEST_F(FrontendTest, ServerErrorFaultsAnswerWithStatusBodies) {
  for (int code : {500, 503, 504}) {
    send("POST", "/_control/faults", json{{"code", code}, {"path", "/configmaps/a$"}});
    send("POST", kCms, configmap("a"));
    EXPECT_EQ(send("GET", kCms).response.status, 200) << "the path does not match";
    auto out = send("GET", std::string(kCms) + "/a");
    EXPECT_EQ(out.response.status, code);
    EXPECT_EQ(body_of(out.response)["kind"], "Status");
    EXPECT_EQ(body_of(out.response)["code"], code);
    EXPECT_EQ(send("GET", std::string(kCms) + "/a").response.status, 200);
  }
}

TEST_F(FrontendTest, LatencyFaultsReportTheirDelay) {
  send("POST", "/_control/faults", json{{"latencyMs", 250}, {"count", -1}, {"verb", "list"}});
  EXPECT_EQ(send("GET", kCms).latency, std::chrono::milliseconds(250));
  EXPECT_EQ(send("GET", kCms).latency, std::chrono::milliseconds(250));
  send("DELETE", "/_control/faults");
  EXPECT_EQ(send("GET", kCms).latency, std::chrono::milliseconds(0));
}

TEST_F(FrontendTest, EveryApiRequestIsLogged) {
  send("POST", kCms, configmap("a"));
  send("GET", std::string(kCms) + "?labelSelector=x");
  send("GET", kCms, nullptr, "bad");
  auto log = body_of(send("GET", "/_control/requests").response);
  ASSERT_EQ(log.size(), 3u) << "control requests are not logged";
  EXPECT_EQ(log[0]["verb"], "create");
  EXPECT_EQ(log[0]["code"], 201);
  EXPECT_EQ(log[0]["userAgent"], "unit-test/1.0 (linux)");
  EXPECT_EQ(log[1]["verb"], "list");
  EXPECT_EQ(log[1]["query"], "labelSelector=x");
  EXPECT_EQ(log[2]["code"], 401);
  send("DELETE", "/_control/requests");
  EXPECT_TRUE(body_of(send("GET", "/_control/requests").response).empty());
}

TEST_F(FrontendTest, ControlsReachTheServer) {
  auto cm = body_of(send("POST", kCms, configmap("a")).response);
  send("POST", "/_control/history/expire");
  auto w = send("GET", std::string(kCms) + "?watch=1&resourceVersion=1");
  ASSERT_TRUE(w.response.watch);
  EXPECT_NE(w.response.watch->try_pop()->find("\"code\":410"), std::string::npos);
  auto open = send("GET", std::string(kCms) + "?watch=1").response.watch;
  send("POST", "/_control/watches/close");
  EXPECT_TRUE(open->closed());
  send("POST", "/_control/settings", json{{"bookmarkIntervalMs", 100}});
  EXPECT_EQ(front_.bookmark_interval(), std::chrono::milliseconds(100));
  auto restart = send("POST", "/_control/restart", json{{"downMs", 300}, {"keepHistory", false}});
  ASSERT_TRUE(restart.restart);
  EXPECT_EQ(restart.restart->down, std::chrono::milliseconds(300));
  EXPECT_FALSE(restart.restart->keep_history);
  EXPECT_EQ(body_of(send("GET", "/_control/state").response)["resourceVersion"], rv(cm));
}

TEST_F(FrontendTest, WatchesCanBeCutOrStalled) {
  auto clean = send("GET", std::string(kCms) + "?watch=1").response.watch;
  send("POST", "/_control/watches/close");
  EXPECT_EQ(clean->ending(), Watch::Ending::Clean);
  auto cut = send("GET", std::string(kCms) + "?watch=1").response.watch;
  send("POST", "/_control/watches/close", json{{"cut", true}});
  EXPECT_EQ(cut->ending(), Watch::Ending::Cut);
  auto half = send("GET", std::string(kCms) + "?watch=1").response.watch;
  send("POST", "/_control/watches/close", json{{"cut", true}, {"midEvent", true}});
  EXPECT_EQ(half->ending(), Watch::Ending::CutMidEvent);

  auto stalled =
      send("GET", std::string(kCms) + "?watch=1&allowWatchBookmarks=true&resourceVersion=1")
          .response.watch;
  send("POST", "/_control/watches/stall");
  send("POST", kCms, configmap("a"));
  EXPECT_TRUE(stalled->stalled());
  EXPECT_FALSE(stalled->try_pop()) << "a stalled watch sends no events";
  EXPECT_FALSE(stalled->bookmark()) << "nor bookmarks";
  EXPECT_FALSE(stalled->closed());
}

}  // namespace
}  // namespace rl::test_apiserver::testing
