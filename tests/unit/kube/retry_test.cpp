#include "readinglist/kube/retry.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace rl::kube {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const ResourceRef kConfigMaps{"", "v1", "configmaps", true};

Request get() {
  return *get_request(kConfigMaps, "ns", "a");
}
Request create() {
  return *create_request(kConfigMaps, "ns", nlohmann::json::object());
}
Request put() {
  return *update_request(kConfigMaps, "ns", "a", nlohmann::json::object());
}
Request watch() {
  return *watch_request(kConfigMaps, "ns", {});
}

TEST(RetryWait, TooManyRequestsWithRetryAfterIsRetriedForAnyVerb) {
  EXPECT_EQ(retry_wait(get(), 429, seconds(2), 0, milliseconds(100)), seconds(2));
  EXPECT_EQ(retry_wait(create(), 429, seconds(2), 0, milliseconds(100)), seconds(2));
  EXPECT_EQ(retry_wait(watch(), 429, seconds(1), 0, milliseconds(100)), seconds(1));
}

TEST(RetryWait, WaitsTheLongerOfRetryAfterAndBackoff) {
  EXPECT_EQ(retry_wait(get(), 429, seconds(1), 3, seconds(5)), seconds(5));
}

TEST(RetryWait, NoRetryAfterNoRetry) {
  EXPECT_FALSE(retry_wait(get(), 429, std::nullopt, 0, milliseconds(100)));
  EXPECT_FALSE(retry_wait(get(), 503, std::nullopt, 0, milliseconds(100)));
}

TEST(RetryWait, ServerErrorsWithRetryAfterOnlyForIdempotentRequests) {
  EXPECT_TRUE(retry_wait(get(), 503, seconds(1), 0, milliseconds(1)));
  EXPECT_TRUE(retry_wait(put(), 500, seconds(2), 0, milliseconds(1)));
  EXPECT_FALSE(retry_wait(create(), 504, seconds(1), 0, milliseconds(1)));
}

TEST(RetryWait, ConnectionFailuresOnlyForPlainGets) {
  EXPECT_EQ(retry_wait(get(), 0, std::nullopt, 0, milliseconds(300)), milliseconds(300));
  EXPECT_FALSE(retry_wait(put(), 0, std::nullopt, 0, milliseconds(300)));
  EXPECT_FALSE(retry_wait(create(), 0, std::nullopt, 0, milliseconds(300)));
  EXPECT_FALSE(retry_wait(watch(), 0, std::nullopt, 0, milliseconds(300)));
}

TEST(RetryWait, StopsAfterMaxRetries) {
  EXPECT_TRUE(retry_wait(get(), 429, seconds(1), 9, milliseconds(1)));
  EXPECT_FALSE(retry_wait(get(), 429, seconds(1), 10, milliseconds(1)));
}

TEST(RetryWait, ClientErrorsAreNeverRetried) {
  for (const int status : {400, 401, 403, 404, 409, 410, 422}) {
    EXPECT_FALSE(retry_wait(get(), status, seconds(1), 0, milliseconds(1))) << status;
  }
}

}  // namespace
}  // namespace rl::kube
