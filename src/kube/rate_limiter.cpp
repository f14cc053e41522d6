#include "readinglist/kube/rate_limiter.hpp"

#include <algorithm>
#include <chrono>

namespace rl::kube {

TokenBucket::TokenBucket(double qps, int burst, Clock::TimePoint start)
    : qps_(qps), burst_(std::max(1, burst)), tokens_(burst_), last_(start) {}

void TokenBucket::refill(Clock::TimePoint now) {
  if (now <= last_) return;
  const std::chrono::duration<double> elapsed = now - last_;
  tokens_ = std::min(burst_, tokens_ + elapsed.count() * qps_);
  last_ = now;
}

Clock::Duration TokenBucket::reserve(Clock::TimePoint now) {
  if (qps_ <= 0) return Clock::Duration::zero();
  refill(now);
  tokens_ -= 1.0;
  if (tokens_ >= 0) return Clock::Duration::zero();
  const std::chrono::duration<double> wait(-tokens_ / qps_);
  return std::chrono::round<Clock::Duration>(wait);
}

double TokenBucket::available(Clock::TimePoint now) const {
  TokenBucket copy = *this;
  copy.refill(now);
  return copy.tokens_;
}

RateLimiter::RateLimiter(Clock& clock, double qps, int burst)
    : clock_(clock), bucket_(qps, burst, clock.now()) {}

bool RateLimiter::acquire(std::stop_token stop) {
  Clock::TimePoint ready;
  {
    std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    const auto wait = bucket_.reserve(now);
    if (wait == Clock::Duration::zero()) return !stop.stop_requested();
    ready = now + wait;
  }
  return clock_.sleep_until(ready, stop);
}

}  // namespace rl::kube
