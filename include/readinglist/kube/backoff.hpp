// Exponential backoff with jitter for retries and reconnects (client-go's reflector defaults:
// 800 ms doubling to a 30 s cap, jitter 1.0, reset after 2 min without a failure). The jitter
// comes from a seeded RNG so tests are deterministic.
#pragma once

#include <cstdint>
#include <optional>
#include <random>

#include "readinglist/kube/clock.hpp"

namespace rl::kube {

struct BackoffPolicy {
  Clock::Duration initial = std::chrono::milliseconds(800);
  double factor = 2.0;
  // Each delay is base * (1 + jitter * U[0,1)); the base never exceeds `cap`.
  double jitter = 1.0;
  Clock::Duration cap = std::chrono::seconds(30);
  // A failure more than this after the previous one starts again from `initial`.
  Clock::Duration reset_after = std::chrono::seconds(120);
};

class Backoff {
 public:
  explicit Backoff(BackoffPolicy policy = {}, std::uint64_t seed = 0);

  // The delay before the next attempt after a failure at `now`.
  Clock::Duration next(Clock::TimePoint now);
  // After a success: the next failure waits `initial` again.
  void reset();

  const BackoffPolicy& policy() const { return policy_; }

 private:
  BackoffPolicy policy_;
  std::mt19937_64 rng_;
  Clock::Duration base_;
  std::optional<Clock::TimePoint> last_failure_;
};

}  // namespace rl::kube
