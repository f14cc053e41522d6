#include "readinglist/kube/backoff.hpp"

#include <algorithm>

namespace rl::kube {

Backoff::Backoff(BackoffPolicy policy, std::uint64_t seed)
    : policy_(policy), rng_(seed), base_(policy.initial) {}

Clock::Duration Backoff::next(Clock::TimePoint now) {
  if (last_failure_ && now - *last_failure_ > policy_.reset_after) base_ = policy_.initial;
  last_failure_ = now;
  const auto base = std::min(base_, policy_.cap);
  // Grow for the next failure, saturating at the cap (no overflow after many failures).
  const auto grown = std::chrono::duration<double>(base) * policy_.factor;
  base_ = grown >= std::chrono::duration<double>(policy_.cap)
              ? policy_.cap
              : std::chrono::duration_cast<Clock::Duration>(grown);
  // 53 random bits -> a double in [0, 1), the same on every standard library.
  const double u = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
  const auto jittered = std::chrono::duration<double>(base) * (1.0 + policy_.jitter * u);
  return std::chrono::duration_cast<Clock::Duration>(jittered);
}

void Backoff::reset() {
  base_ = policy_.initial;
  last_failure_.reset();
}

}  // namespace rl::kube
