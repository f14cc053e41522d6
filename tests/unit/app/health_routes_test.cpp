// The pure half of the health server: bind addresses and what each path answers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "readinglist/app/health_server.hpp"

namespace rl::app {
namespace {

using ::testing::HasSubstr;

TEST(BindAddress, ZeroTurnsTheEndpointOff) {
  const auto parsed = parse_bind_address("0");
  ASSERT_TRUE(parsed);
  EXPECT_FALSE(parsed->has_value());
}

TEST(BindAddress, ColonPortMeansEveryInterface) {
  const auto parsed = parse_bind_address(":8080");
  ASSERT_TRUE(parsed && parsed->has_value());
  EXPECT_EQ(**parsed, (BindAddress{"", 8080}));
  EXPECT_EQ((*parsed)->to_string(), ":8080");
}

TEST(BindAddress, HostAndPortIncludingBracketedIpv6AndPortZero) {
  EXPECT_EQ(**parse_bind_address("127.0.0.1:9090"), (BindAddress{"127.0.0.1", 9090}));
  EXPECT_EQ(**parse_bind_address("localhost:0"), (BindAddress{"localhost", 0}));
  const auto v6 = **parse_bind_address("[::1]:8081");
  EXPECT_EQ(v6, (BindAddress{"::1", 8081}));
  EXPECT_EQ(v6.to_string(), "[::1]:8081");
}

TEST(BindAddress, MalformedAddressesSayWhatIsExpected) {
  for (const auto* text :
       {"", "8080", "host:", "host:http", ":65536", ":-1", "::1:80", "[::1:80", "a b:80", ":80x"}) {
    const auto parsed = parse_bind_address(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_THAT(parsed.error(), HasSubstr("host:port")) << text;
  }
}

struct Sources {
  bool ready = false;
  int scrapes = 0;
  ProbeSources get() {
    return {.ready = [this] { return ready; },
            .metrics =
                [this] {
                  ++scrapes;
                  return std::string("# TYPE up gauge\nup 1\n");
                }};
  }
};

TEST(ProbeRoutes, HealthzIsOkWhileTheProcessAnswers) {
  Sources sources;
  const auto reply = answer_probe("GET", "/healthz", true, false, sources.get());
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "ok");
}

TEST(ProbeRoutes, ReadyzFollowsTheCaches) {
  Sources sources;
  EXPECT_EQ(answer_probe("GET", "/readyz", true, false, sources.get()).status, 503);
  sources.ready = true;
  EXPECT_EQ(answer_probe("GET", "/readyz", true, false, sources.get()).status, 200);
}

TEST(ProbeRoutes, MetricsCarriesThePrometheusTextContentType) {
  Sources sources;
  const auto reply = answer_probe("GET", "/metrics", false, true, sources.get());
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(reply.body, "# TYPE up gauge\nup 1\n");
}

TEST(ProbeRoutes, EachListenerAnswersOnlyItsOwnPaths) {
  Sources sources;
  EXPECT_EQ(answer_probe("GET", "/metrics", true, false, sources.get()).status, 404);
  EXPECT_EQ(answer_probe("GET", "/healthz", false, true, sources.get()).status, 404);
  EXPECT_EQ(answer_probe("GET", "/", true, true, sources.get()).status, 404);
  EXPECT_EQ(answer_probe("GET", "/healthz/", true, true, sources.get()).status, 404);
  EXPECT_EQ(answer_probe("GET", "/metrics", true, true, sources.get()).status, 200);
  EXPECT_EQ(answer_probe("GET", "/healthz", true, true, sources.get()).status, 200);
}

TEST(ProbeRoutes, OnlyGetAndHeadAreAllowed) {
  Sources sources;
  const auto post = answer_probe("POST", "/metrics", false, true, sources.get());
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.allow, "GET, HEAD");
  EXPECT_EQ(sources.scrapes, 0);
  const auto head = answer_probe("HEAD", "/healthz", true, false, sources.get());
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
}

}  // namespace
}  // namespace rl::app
