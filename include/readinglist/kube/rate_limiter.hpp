// Client-side rate limiting of API requests: a token bucket (qps refill, burst capacity) on an
// injected Clock. TokenBucket is the pure arithmetic; RateLimiter makes callers wait their turn.
#pragma once

#include <mutex>
#include <stop_token>

#include "readinglist/kube/clock.hpp"

namespace rl::kube {

// Well above client-go's 5/10: an operator's list/watch and reconcile writes come in bursts.
inline constexpr double kDefaultQps = 50.0;
inline constexpr int kDefaultBurst = 100;

class TokenBucket {
 public:
  // Starts full. qps <= 0 means unlimited.
  TokenBucket(double qps, int burst, Clock::TimePoint start);

  // Takes one token and returns how long the caller must wait before it may go (zero when a
  // token was there). The balance may go negative: concurrent callers are served in turn.
  Clock::Duration reserve(Clock::TimePoint now);

  double available(Clock::TimePoint now) const;

 private:
  void refill(Clock::TimePoint now);

  double qps_;
  double burst_;
  double tokens_;
  Clock::TimePoint last_;
};

class RateLimiter {
 public:
  RateLimiter(Clock& clock, double qps = kDefaultQps, int burst = kDefaultBurst);

  // Waits for a token. False when `stop` fired first.
  bool acquire(std::stop_token stop = {});

 private:
  Clock& clock_;
  std::mutex mutex_;
  TokenBucket bucket_;
};

}  // namespace rl::kube
