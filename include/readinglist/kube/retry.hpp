// When the transport may send a request again by itself (client-go's rest/with_retry rules):
// 429 with Retry-After for any verb (nothing was executed); 5xx with Retry-After only for
// idempotent requests; connection failures only for GETs other than watches (the watcher does
// its own reconnecting). Never a blind retry of a create or a JSON patch.
#pragma once

#include <chrono>
#include <optional>

#include "readinglist/kube/clock.hpp"
#include "readinglist/kube/request.hpp"

namespace rl::kube {

inline constexpr int kDefaultMaxRetries = 10;

// `status` is the HTTP status of the attempt, 0 when the connection failed before an answer.
// `backoff` is the caller's next backoff delay. Returns how long to wait before the retry, or
// nullopt when the outcome must go back to the caller.
std::optional<Clock::Duration> retry_wait(const Request& request, int status,
                                          std::optional<std::chrono::seconds> retry_after,
                                          int retries_done, Clock::Duration backoff,
                                          int max_retries = kDefaultMaxRetries);

}  // namespace rl::kube
