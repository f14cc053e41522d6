#include "readinglist/kube/backoff.hpp"

#include <gtest/gtest.h>

namespace rl::kube {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

BackoffPolicy no_jitter() {
  BackoffPolicy policy;
  policy.jitter = 0.0;
  return policy;
}

TEST(Backoff, DoublesFrom800msUpToTheCapWithJitterOnTop) {
  Backoff backoff({}, 42);
  const Clock::TimePoint t{};
  const long long bases[] = {800, 1600, 3200, 6400, 12800, 25600, 30000, 30000, 30000};
  for (const auto base : bases) {
    const auto d = backoff.next(t);
    EXPECT_GE(d, milliseconds(base));
    EXPECT_LT(d, milliseconds(2 * base));
  }
}

TEST(Backoff, WithoutJitterIsExact) {
  Backoff backoff(no_jitter(), 1);
  const Clock::TimePoint t{};
  EXPECT_EQ(backoff.next(t), milliseconds(800));
  EXPECT_EQ(backoff.next(t), milliseconds(1600));
  EXPECT_EQ(backoff.next(t), milliseconds(3200));
}

TEST(Backoff, SameSeedSameDelays) {
  Backoff a({}, 7);
  Backoff b({}, 7);
  Backoff c({}, 8);
  const Clock::TimePoint t{};
  bool differs = false;
  for (int i = 0; i < 5; ++i) {
    const auto da = a.next(t);
    EXPECT_EQ(da, b.next(t));
    differs = differs || da != c.next(t);
  }
  EXPECT_TRUE(differs);
}

TEST(Backoff, ResetsAfterAQuietPeriod) {
  Backoff backoff(no_jitter(), 1);
  Clock::TimePoint t{};
  backoff.next(t);
  backoff.next(t);
  EXPECT_EQ(backoff.next(t + seconds(60)), milliseconds(3200));
  EXPECT_EQ(backoff.next(t + seconds(60) + seconds(121)), milliseconds(800));
}

TEST(Backoff, ResetStartsOver) {
  Backoff backoff(no_jitter(), 1);
  const Clock::TimePoint t{};
  backoff.next(t);
  backoff.next(t);
  backoff.reset();
  EXPECT_EQ(backoff.next(t), milliseconds(800));
}

TEST(Backoff, NeverOverflowsAfterManyFailures) {
  Backoff backoff(no_jitter(), 1);
  const Clock::TimePoint t{};
  for (int i = 0; i < 200; ++i)
    backoff.next(t);
  EXPECT_EQ(backoff.next(t), seconds(30));
}

}  // namespace
}  // namespace rl::kube
