#include "readinglist/kube/clock.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace rl::kube {
namespace {

using std::chrono::seconds;

TEST(ManualClock, MovesOnlyWhenAdvanced) {
  ManualClock clock;
  const auto t0 = clock.now();
  EXPECT_EQ(clock.now(), t0);
  clock.advance(seconds(5));
  EXPECT_EQ(clock.now() - t0, seconds(5));
}

TEST(ManualClock, SleeperWakesWhenTimeReachesTheDeadline) {
  ManualClock clock;
  bool reached = false;
  std::jthread sleeper([&] { reached = clock.sleep_for(seconds(10), {}); });
  ASSERT_TRUE(clock.wait_for_sleepers(1));
  clock.advance(seconds(9));
  EXPECT_EQ(clock.sleepers(), 1u);
  clock.advance(seconds(1));
  sleeper.join();
  EXPECT_TRUE(reached);
}

TEST(ManualClock, StopWakesASleeperEarly) {
  ManualClock clock;
  bool reached = true;
  std::jthread sleeper([&](std::stop_token stop) { reached = clock.sleep_for(seconds(10), stop); });
  ASSERT_TRUE(clock.wait_for_sleepers(1));
  sleeper.request_stop();
  sleeper.join();
  EXPECT_FALSE(reached);
}

TEST(ManualClock, AutoAdvanceJumpsToTheDeadline) {
  ManualClock clock(ManualClock::Mode::AutoAdvance);
  const auto t0 = clock.now();
  EXPECT_TRUE(clock.sleep_for(seconds(30), {}));
  EXPECT_EQ(clock.now() - t0, seconds(30));
}

TEST(SystemClock, StopRequestedBeforeSleepingReturnsAtOnce) {
  SystemClock clock;
  std::stop_source stop;
  stop.request_stop();
  EXPECT_FALSE(clock.sleep_for(std::chrono::hours(1), stop.get_token()));
}

}  // namespace
}  // namespace rl::kube
