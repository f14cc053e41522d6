#include "readinglist/kube/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace rl::kube {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(TokenBucket, BurstGoesThroughAtOnce) {
  const Clock::TimePoint t0{};
  TokenBucket bucket(10.0, 5, t0);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(bucket.reserve(t0), Clock::Duration::zero());
  EXPECT_GT(bucket.reserve(t0), Clock::Duration::zero());
}

TEST(TokenBucket, CallersBeyondTheBurstWaitInTurn) {
  const Clock::TimePoint t0{};
  TokenBucket bucket(10.0, 1, t0);
  EXPECT_EQ(bucket.reserve(t0), Clock::Duration::zero());
  EXPECT_EQ(bucket.reserve(t0), milliseconds(100));
  EXPECT_EQ(bucket.reserve(t0), milliseconds(200));
  EXPECT_EQ(bucket.reserve(t0 + milliseconds(300)), milliseconds(0));
}

TEST(TokenBucket, RefillsAtQpsUpToBurst) {
  const Clock::TimePoint t0{};
  TokenBucket bucket(2.0, 4, t0);
  for (int i = 0; i < 4; ++i)
    bucket.reserve(t0);
  EXPECT_DOUBLE_EQ(bucket.available(t0), 0.0);
  EXPECT_DOUBLE_EQ(bucket.available(t0 + seconds(1)), 2.0);
  EXPECT_DOUBLE_EQ(bucket.available(t0 + seconds(100)), 4.0);
}

TEST(TokenBucket, ZeroQpsMeansUnlimited) {
  const Clock::TimePoint t0{};
  TokenBucket bucket(0.0, 1, t0);
  for (int i = 0; i < 1000; ++i)
    EXPECT_EQ(bucket.reserve(t0), Clock::Duration::zero());
}

TEST(RateLimiter, WaitsOnTheInjectedClock) {
  ManualClock clock(ManualClock::Mode::AutoAdvance);
  RateLimiter limiter(clock, 5.0, 2);
  const auto start = clock.now();
  for (int i = 0; i < 12; ++i)
    EXPECT_TRUE(limiter.acquire());
  // 2 immediately, then 10 more at 5 per second.
  const auto elapsed = std::chrono::duration_cast<milliseconds>(clock.now() - start);
  EXPECT_NEAR(static_cast<double>(elapsed.count()), 2000.0, 1.0);
}

TEST(RateLimiter, StopEndsTheWait) {
  ManualClock clock;
  RateLimiter limiter(clock, 1.0, 1);
  EXPECT_TRUE(limiter.acquire());
  std::stop_source stop;
  stop.request_stop();
  EXPECT_FALSE(limiter.acquire(stop.get_token()));
}

TEST(RateLimiter, DefaultsAreWellAboveClientGo) {
  EXPECT_GE(kDefaultQps, 50.0);
  EXPECT_GE(kDefaultBurst, 100);
}

}  // namespace
}  // namespace rl::kube
