// LeaderElector against an in-memory Lease API on virtual time: acquiring, respecting and taking
// over Leases, conflicts, renewal, losing leadership, release and leaseTransitions.
#include "readinglist/runtime/leader_elector.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "lease_api_fake.hpp"

namespace rl::runtime {
namespace {

using namespace std::chrono_literals;
using ::testing::Contains;
using ::testing::ElementsAre;
using testing::FakeLeaseApi;
using ::testing::Not;
using ::testing::StartsWith;

const auto kWallStart = std::chrono::sys_days{std::chrono::November / 29 / 2026} + 12h;

class LeaderElectorTest : public ::testing::Test {
 protected:
  // Wall time follows virtual time, so Lease timestamps are predictable.
  std::string wall_text(kube::Clock::Duration since_start) const {
    return model::micro_time(kWallStart +
                             std::chrono::duration_cast<std::chrono::microseconds>(since_start));
  }
  kube::Clock::Duration elapsed() const { return clock_.now() - start_; }

  LeaderElectionConfig config(std::string identity) const {
    LeaderElectionConfig config;
    config.namespace_ = "ops";
    config.name = "operator-lock";
    config.identity = std::move(identity);
    config.jitter_factor = 0;
    return config;
  }

  std::unique_ptr<LeaderElector> elector(const LeaderElectionConfig& config) {
    const std::string self = config.identity;
    LeaderCallbacks callbacks{
        .on_started_leading = [this, self] { events_.push_back("started " + self); },
        .on_stopped_leading = [this, self] { events_.push_back("stopped " + self); },
        .on_new_leader = [this](const std::string& who) { events_.push_back("leader " + who); },
        .on_error = [this](const kube::Error& e) { events_.push_back("error " + e.reason); }};
    auto made = LeaderElector::create(
        api_, clock_,
        [this] {
          return kWallStart + std::chrono::duration_cast<std::chrono::microseconds>(elapsed());
        },
        config, std::move(callbacks));
    EXPECT_TRUE(made) << made.error().to_string();
    return made ? std::move(*made) : nullptr;
  }
  std::unique_ptr<LeaderElector> elector(std::string identity) {
    return elector(config(std::move(identity)));
  }

  // A rival's record as it would write it.
  model::LeaseRecord held_by(std::string holder, std::int64_t transitions = 0) const {
    return {.holder_identity = std::move(holder),
            .lease_duration_seconds = 15,
            .acquire_time = "2026-11-29T11:00:00.000000Z",
            .renew_time = "2026-11-29T11:59:59.000000Z",
            .lease_transitions = transitions};
  }

  // What a holder leaves behind when it releases the Lease.
  static model::LeaseRecord released(std::int64_t transitions) {
    model::LeaseRecord record;
    record.lease_duration_seconds = 1;
    record.lease_transitions = transitions;
    return record;
  }

  std::size_t count(std::string_view verb) const {
    return static_cast<std::size_t>(std::ranges::count(api_.calls, verb));
  }

  // AutoAdvance: each wait of the elector jumps virtual time to its deadline at once.
  kube::ManualClock clock_{kube::ManualClock::Mode::AutoAdvance};
  kube::Clock::TimePoint start_ = clock_.now();
  FakeLeaseApi api_;
  std::vector<std::string> events_;
};

TEST_F(LeaderElectorTest, CreatesTheLeaseWhenItIsMissing) {
  auto a = elector("a");
  EXPECT_TRUE(a->try_acquire_or_renew());
  EXPECT_TRUE(a->is_leader());
  const auto record = api_.record();
  EXPECT_EQ(record.holder_identity, "a");
  EXPECT_EQ(record.lease_duration_seconds, 15);
  EXPECT_EQ(record.lease_transitions, 0);
  EXPECT_EQ(record.acquire_time, "2026-11-29T12:00:00.000000Z");
  EXPECT_EQ(record.renew_time, record.acquire_time);
  EXPECT_THAT(api_.calls, ElementsAre("get", "create"));
  EXPECT_THAT(events_, ElementsAre("leader a"));
}

TEST_F(LeaderElectorTest, TakesALeaseNobodyHolds) {
  api_.write(released(4));
  auto a = elector("a");
  EXPECT_TRUE(a->try_acquire_or_renew());
  EXPECT_EQ(api_.record().holder_identity, "a");
  EXPECT_EQ(api_.record().lease_transitions, 5);
  EXPECT_EQ(api_.record().acquire_time, wall_text(0s));
}

TEST_F(LeaderElectorTest, RespectsAnUnexpiredLeaseOfAnotherHolder) {
  api_.write(held_by("b"));
  auto a = elector("a");
  EXPECT_FALSE(a->try_acquire_or_renew());
  clock_.advance(14s);
  EXPECT_FALSE(a->try_acquire_or_renew());
  EXPECT_FALSE(a->is_leader());
  EXPECT_EQ(a->leader(), "b");
  EXPECT_EQ(count("update"), 0U);
  EXPECT_EQ(api_.record(), held_by("b"));
  EXPECT_THAT(events_, ElementsAre("leader b"));
}

TEST_F(LeaderElectorTest, TakesALeaseUnchangedForItsDurationWhateverItsRenewTimeSays) {
  auto record = held_by("b", 2);
  record.renew_time = "2099-01-01T00:00:00.000000Z";  // a holder whose clock runs far ahead
  api_.write(record);
  auto a = elector("a");
  EXPECT_FALSE(a->try_acquire_or_renew());
  clock_.advance(15s);
  EXPECT_TRUE(a->try_acquire_or_renew());
  EXPECT_EQ(api_.record().holder_identity, "a");
  EXPECT_EQ(api_.record().lease_transitions, 3);
  EXPECT_EQ(api_.record().acquire_time, wall_text(15s));
  EXPECT_THAT(events_, ElementsAre("leader b", "leader a"));
}

TEST_F(LeaderElectorTest, ARenewalByTheHolderRestartsTheExpiry) {
  api_.write(held_by("b"));
  auto a = elector("a");
  EXPECT_FALSE(a->try_acquire_or_renew());
  clock_.advance(10s);
  auto renewed = held_by("b");
  renewed.renew_time = "2026-11-29T12:00:10.000000Z";
  api_.write(renewed);
  EXPECT_FALSE(a->try_acquire_or_renew());  // sees the change at 10s
  clock_.advance(14s);
  EXPECT_FALSE(a->try_acquire_or_renew());
  clock_.advance(1s);
  EXPECT_TRUE(a->try_acquire_or_renew());
}

TEST_F(LeaderElectorTest, AConflictingUpdateMeansAnotherCandidateWon) {
  api_.write(released(0));
  api_.before = [this](std::string_view verb) {
    if (verb == "update" && count("update") == 1) api_.write(held_by("c", 1));
  };
  auto a = elector("a");
  EXPECT_FALSE(a->try_acquire_or_renew());
  EXPECT_FALSE(a->is_leader());
  EXPECT_EQ(api_.record().holder_identity, "c");
  EXPECT_THAT(events_, Contains("error Conflict"));
  EXPECT_FALSE(a->try_acquire_or_renew());  // c's Lease is fresh
  EXPECT_EQ(a->leader(), "c");
}

TEST_F(LeaderElectorTest, OfTwoCandidatesCreatingTheLeaseOnlyOneWins) {
  api_.before = [this](std::string_view verb) {
    if (verb == "create") api_.write(held_by("c"));
  };
  auto a = elector("a");
  EXPECT_FALSE(a->try_acquire_or_renew());
  EXPECT_THAT(events_, Contains("error AlreadyExists"));
  EXPECT_EQ(api_.record().holder_identity, "c");
}

TEST_F(LeaderElectorTest, RenewalKeepsAcquireTimeAndTransitionsWithoutReadingFirst) {
  api_.write(held_by("", 7));
  auto a = elector("a");
  ASSERT_TRUE(a->try_acquire_or_renew());
  clock_.advance(2s);
  api_.calls.clear();
  EXPECT_TRUE(a->try_acquire_or_renew());
  EXPECT_THAT(api_.calls, ElementsAre("update"));
  EXPECT_EQ(api_.record().acquire_time, wall_text(0s));
  EXPECT_EQ(api_.record().renew_time, wall_text(2s));
  EXPECT_EQ(api_.record().lease_transitions, 8);
  EXPECT_THAT(events_, ElementsAre("leader a"));
}

TEST_F(LeaderElectorTest, LeadershipIsLostWhenNoRenewalSucceedsWithinTheRenewDeadline) {
  auto a = elector("a");
  std::stop_source stop;
  bool leading_before_deadline = false;
  api_.before = [&](std::string_view) {
    if (elapsed() == 6s) {
      api_.failing = testing::status_error(503, "ServiceUnavailable", "operator-lock");
    }
    if (elapsed() == 12s) leading_before_deadline = a->is_leader();
    if (elapsed() > 60s) stop.request_stop();  // a broken elector must not spin forever
  };
  a->run(stop.get_token());
  EXPECT_FALSE(stop.stop_requested());
  // Rounds at 6, 8, 10, 12 and 14s fail (one error each: the read after the direct renewal).
  EXPECT_THAT(events_,
              ElementsAre("leader a", "started a", "error ServiceUnavailable",
                          "error ServiceUnavailable", "error ServiceUnavailable",
                          "error ServiceUnavailable", "error ServiceUnavailable", "stopped a"));
  EXPECT_TRUE(leading_before_deadline);
  // The last success was the round at 4s: the deadline of 10s ends it at 14s.
  EXPECT_EQ(elapsed(), 14s);
  EXPECT_FALSE(a->is_leader());
}

TEST_F(LeaderElectorTest, ARenewalFailureWithinTheDeadlineIsRiddenOut) {
  auto a = elector("a");
  std::stop_source stop;
  api_.before = [&](std::string_view) {
    if (elapsed() == 4s) api_.failing = testing::status_error(500, "InternalError", "x");
    if (elapsed() == 12s) api_.failing.reset();
    if (elapsed() >= 30s) stop.request_stop();
  };
  a->run(stop.get_token());
  EXPECT_THAT(events_, Not(Contains("stopped a")));
  EXPECT_TRUE(a->is_leader());
  EXPECT_EQ(api_.record().renew_time, wall_text(30s));
}

TEST_F(LeaderElectorTest, LeadershipIsLostAtOnceWhenAnotherHolderTakesTheLease) {
  auto a = elector("a");
  std::stop_source stop;
  api_.before = [&](std::string_view verb) {
    if (elapsed() == 5s && verb == "update") api_.write(held_by("thief"));
    if (elapsed() > 60s) stop.request_stop();
  };
  clock_.advance(1s);
  a->run(stop.get_token());
  EXPECT_THAT(events_, ElementsAre("leader a", "started a", "leader thief", "stopped a"));
  EXPECT_EQ(elapsed(), 5s);  // the round that saw it, well before the renew deadline
  EXPECT_FALSE(a->is_leader());
  EXPECT_EQ(api_.record().holder_identity, "thief");
}

TEST_F(LeaderElectorTest, ACampaignRetriesEveryRetryPeriodWithJitter) {
  api_.write(held_by("b"));
  auto with_jitter = config("a");
  with_jitter.jitter_factor = 1.2;
  with_jitter.seed = 42;
  auto a = elector(with_jitter);
  std::stop_source stop;
  std::vector<kube::Clock::Duration> reads;
  kube::Clock::Duration last_renewal_by_b{};
  api_.before = [&](std::string_view verb) {
    if (verb == "get" && !a->is_leader()) reads.push_back(elapsed());
    if (elapsed() < 15s) {  // b keeps renewing until 15s
      auto renewed = held_by("b");
      renewed.renew_time = wall_text(elapsed());
      api_.write(renewed);
      last_renewal_by_b = elapsed();
    }
    if (elapsed() > 60s) stop.request_stop();
  };
  a->run(stop.get_token());  // a takes over 15s after b's last renewal it saw
  ASSERT_GE(reads.size(), 8U);
  EXPECT_GE(reads.back(), last_renewal_by_b + 15s);
  EXPECT_LT(reads.back(), last_renewal_by_b + 15s + 4400ms);
  std::set<kube::Clock::Duration> gaps;
  for (std::size_t i = 1; i < reads.size(); ++i) {
    const auto gap = reads[i] - reads[i - 1];
    EXPECT_GE(gap, 2s);
    EXPECT_LT(gap, 4400ms);
    gaps.insert(gap);
  }
  EXPECT_GT(gaps.size(), 1U) << "the waits are jittered";
  EXPECT_THAT(events_, Contains("started a"));
}

TEST_F(LeaderElectorTest, AStoppedRunKeepsTheLeaseUntilReleased) {
  auto a = elector("a");
  std::stop_source stop;
  api_.before = [&](std::string_view) {
    if (elapsed() >= 6s) stop.request_stop();
  };
  a->run(stop.get_token());
  EXPECT_TRUE(a->is_leader());
  EXPECT_THAT(events_, Not(Contains("stopped a")));
  EXPECT_EQ(api_.record().holder_identity, "a");
  ASSERT_TRUE(a->release());
  EXPECT_EQ(api_.record().holder_identity, "");
}

TEST_F(LeaderElectorTest, ReleaseClearsTheHolderSoAnotherCandidateTakesItAtOnce) {
  auto a = elector("a");
  ASSERT_TRUE(a->try_acquire_or_renew());
  clock_.advance(3s);
  ASSERT_TRUE(a->release());
  EXPECT_FALSE(a->is_leader());
  const auto record = api_.record();
  EXPECT_EQ(record.holder_identity, "");
  EXPECT_EQ(record.lease_duration_seconds, 1);
  EXPECT_EQ(record.renew_time, wall_text(3s));
  EXPECT_EQ(record.acquire_time, wall_text(3s));
  EXPECT_EQ(record.lease_transitions, 0);

  auto b = elector("b");
  EXPECT_TRUE(b->try_acquire_or_renew());
  EXPECT_EQ(api_.record().holder_identity, "b");
}

TEST_F(LeaderElectorTest, ReleaseRetriesOnceWhenItsCopyOfTheLeaseIsStale) {
  auto a = elector("a");
  ASSERT_TRUE(a->try_acquire_or_renew());
  api_.before = [this](std::string_view verb) {
    // Someone else touches the object (a label, say) but leaves our record alone.
    if (verb == "update" && count("update") == 1) api_.write(api_.record());
  };
  ASSERT_TRUE(a->release());
  EXPECT_EQ(api_.record().holder_identity, "");
}

TEST_F(LeaderElectorTest, ReleaseWithoutLeadingWritesNothing) {
  api_.write(held_by("b"));
  auto a = elector("a");
  EXPECT_FALSE(a->try_acquire_or_renew());
  api_.calls.clear();
  EXPECT_TRUE(a->release());
  EXPECT_TRUE(api_.calls.empty());
  EXPECT_EQ(api_.record().holder_identity, "b");
}

TEST_F(LeaderElectorTest, LeaseTransitionsCountChangesOfHolderOnly) {
  auto a = elector("a");
  auto b = elector("b");
  ASSERT_TRUE(a->try_acquire_or_renew());
  clock_.advance(2s);
  ASSERT_TRUE(a->try_acquire_or_renew());
  EXPECT_EQ(api_.record().lease_transitions, 0);
  ASSERT_TRUE(a->release());
  ASSERT_TRUE(b->try_acquire_or_renew());
  EXPECT_EQ(api_.record().lease_transitions, 1);
  ASSERT_TRUE(b->release());
  ASSERT_TRUE(a->try_acquire_or_renew());
  EXPECT_EQ(api_.record().lease_transitions, 2);
}

TEST_F(LeaderElectorTest, ConfigurationsThatCannotWorkAreRefused) {
  EXPECT_TRUE(validate(config("a")));
  auto renew_too_long = config("a");
  renew_too_long.renew_deadline = 15s;
  EXPECT_FALSE(validate(renew_too_long));
  auto retry_too_long = config("a");
  retry_too_long.retry_period = 10s;
  EXPECT_FALSE(validate(retry_too_long));
  auto short_lease = config("a");
  short_lease.lease_duration = 900ms;
  short_lease.renew_deadline = 500ms;
  short_lease.retry_period = 100ms;
  EXPECT_FALSE(validate(short_lease));
  EXPECT_FALSE(validate(config("")));
  const auto refused =
      LeaderElector::create(api_, clock_, [] { return kWallStart; }, renew_too_long, {});
  ASSERT_FALSE(refused);
  EXPECT_TRUE(refused.error().kind == kube::ErrorKind::Invalid);
  EXPECT_THAT(refused.error().message, ::testing::HasSubstr("renew deadline"));
}

TEST(LeaderIdentity, IsTheHostnameAndARandomSuffix) {
  const auto first = unique_identity("pod-7d9f");
  EXPECT_THAT(first, StartsWith("pod-7d9f_"));
  EXPECT_EQ(first.size(), std::string("pod-7d9f_").size() + 16);
  EXPECT_NE(first, unique_identity("pod-7d9f"));
}

}  // namespace
}  // namespace rl::runtime
