// WorkQueue on a manual clock: deduplication, one worker per key, delays, per-key and overall
// retry limits, shutdown with in-flight work.
#include "readinglist/runtime/work_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace rl::runtime {
namespace {

using namespace std::chrono_literals;
using kube::ManualClock;

// Liveness only (the delay thread runs on its own): waits, in real time, for the queue to
// hold `depth` keys ready for a worker.
bool wait_for_depth(const WorkQueue& queue, std::size_t depth) {
  for (int i = 0; i < 5000; ++i) {
    if (queue.stats().depth == depth) return true;
    std::this_thread::sleep_for(1ms);
  }
  return false;
}

// Advances the clock once the delay thread sleeps on it, so no deadline is missed.
void advance_when_asleep(ManualClock& clock, kube::Clock::Duration by) {
  clock.wait_for_sleepers(1);
  clock.advance(by);
}

TEST(WorkQueue, AKeyIsQueuedOnceHoweverManyEventsArrive) {
  ManualClock clock;
  WorkQueue queue(clock);
  queue.add("ns/a");
  queue.add("ns/a");
  queue.add("ns/b");
  queue.add("ns/a");
  EXPECT_EQ(queue.stats().depth, 2u);
  EXPECT_EQ(queue.stats().adds, 2u);
  EXPECT_EQ(queue.get(), "ns/a");
  EXPECT_EQ(queue.get(), "ns/b");
  EXPECT_EQ(queue.stats().depth, 0u);
}

TEST(WorkQueue, AKeyBeingProcessedIsNeverHandedToASecondWorker) {
  ManualClock clock;
  WorkQueue queue(clock);
  queue.add("ns/a");
  ASSERT_EQ(queue.get(), "ns/a");
  queue.add("ns/a");  // an event while a worker reconciles it
  queue.add("ns/a");
  EXPECT_EQ(queue.stats().depth, 0u);
  EXPECT_EQ(queue.stats().processing, 1u);
  queue.done("ns/a");
  EXPECT_EQ(queue.stats().depth, 1u);  // once more, for the event it has not seen
  EXPECT_EQ(queue.get(), "ns/a");
  queue.done("ns/a");
  EXPECT_EQ(queue.stats().depth, 0u);
}

TEST(WorkQueue, DelayedKeysWaitForTheClockAndTheEarliestDeadlineWins) {
  ManualClock clock;
  WorkQueue queue(clock);
  queue.add_after("ns/a", 60s);
  queue.add_after("ns/a", 10s);
  queue.add_after("ns/a", 30s);
  EXPECT_EQ(queue.stats().waiting, 1u);
  advance_when_asleep(clock, 9s);
  advance_when_asleep(clock, 0s);  // the delay thread has looked at the new time and slept again
  EXPECT_EQ(queue.stats().depth, 0u);
  advance_when_asleep(clock, 1s);
  ASSERT_TRUE(wait_for_depth(queue, 1));
  EXPECT_EQ(queue.stats().waiting, 0u);
  EXPECT_EQ(queue.get(), "ns/a");
}

TEST(WorkQueue, AnEarlierDelayWakesTheDelayThread) {
  ManualClock clock;
  WorkQueue queue(clock);
  queue.add_after("ns/late", 1h);
  clock.wait_for_sleepers(1);
  queue.add_after("ns/soon", 1s);
  advance_when_asleep(clock, 1s);
  ASSERT_TRUE(wait_for_depth(queue, 1));
  EXPECT_EQ(queue.get(), "ns/soon");
  EXPECT_EQ(queue.stats().waiting, 1u);
}

TEST(WorkQueue, FailedKeysBackOffExponentiallyPerKeyUntilForgotten) {
  ManualClock clock;
  WorkQueue queue(clock,
                  {.retry_base = 100ms, .retry_cap = 1s, .retry_qps = 1000, .retry_burst = 1000});
  for (const auto expected : {100ms, 200ms, 400ms, 800ms, 1000ms, 1000ms}) {
    queue.add_rate_limited("ns/a");
    advance_when_asleep(clock, expected - 1ms);
    advance_when_asleep(clock, 0ms);
    EXPECT_EQ(queue.stats().depth, 0u) << expected.count();
    advance_when_asleep(clock, 1ms);
    ASSERT_TRUE(wait_for_depth(queue, 1)) << expected.count();
    ASSERT_EQ(queue.get(), "ns/a");
    queue.done("ns/a");
  }
  EXPECT_EQ(queue.failures("ns/a"), 6);
  EXPECT_EQ(queue.failures("ns/b"), 0);
  queue.forget("ns/a");
  EXPECT_EQ(queue.failures("ns/a"), 0);
  queue.add_rate_limited("ns/a");
  advance_when_asleep(clock, 100ms);
  EXPECT_TRUE(wait_for_depth(queue, 1));
  EXPECT_EQ(queue.stats().retries, 7u);
}

TEST(WorkQueue, RetriesOfAllKeysShareAnOverallRateLimit) {
  ManualClock clock;
  WorkQueue queue(clock, {.retry_base = 1ms, .retry_cap = 1s, .retry_qps = 1, .retry_burst = 1});
  queue.add_rate_limited("ns/a");  // takes the only token
  queue.add_rate_limited("ns/b");  // waits a second for the next
  advance_when_asleep(clock, 1ms);
  ASSERT_TRUE(wait_for_depth(queue, 1));
  EXPECT_EQ(queue.get(), "ns/a");
  advance_when_asleep(clock, 998ms);
  advance_when_asleep(clock, 0ms);
  EXPECT_EQ(queue.stats().depth, 0u);
  advance_when_asleep(clock, 1ms);
  ASSERT_TRUE(wait_for_depth(queue, 1));
  EXPECT_EQ(queue.get(), "ns/b");
}

TEST(WorkQueue, ShutdownStopsHandingOutKeysAndWaitsForInFlightWork) {
  ManualClock clock;
  WorkQueue queue(clock);
  queue.add("ns/a");
  queue.add("ns/b");
  ASSERT_EQ(queue.get(), "ns/a");
  queue.shut_down();
  EXPECT_EQ(queue.get(), std::nullopt);
  queue.add("ns/c");
  EXPECT_EQ(queue.stats().depth, 1u);  // ns/b stays; nothing new is taken
  std::atomic<bool> idle = false;
  std::jthread waiter([&] { idle = queue.wait_until_idle(); });
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(idle);
  queue.done("ns/a");
  waiter.join();
  EXPECT_TRUE(idle);
}

TEST(WorkQueue, AWorkerBlockedInGetIsReleasedByShutdown) {
  ManualClock clock;
  WorkQueue queue(clock);
  std::optional<std::string> got = "unset";
  std::jthread worker([&] { got = queue.get(); });
  std::this_thread::sleep_for(10ms);
  queue.shut_down();
  worker.join();
  EXPECT_EQ(got, std::nullopt);
}

TEST(WorkQueue, ReportsTheLongestRunningKeyAndTheSumOfUnfinishedWork) {
  ManualClock clock;
  WorkQueue queue(clock);
  queue.add("ns/a");
  queue.add("ns/b");
  ASSERT_EQ(queue.get(), "ns/a");
  clock.advance(5s);
  ASSERT_EQ(queue.get(), "ns/b");
  clock.advance(2s);
  EXPECT_EQ(queue.stats().longest_running, 7s);
  EXPECT_EQ(queue.stats().unfinished_work, 9s);
  EXPECT_EQ(queue.stats().processing, 2u);
}

}  // namespace
}  // namespace rl::runtime
