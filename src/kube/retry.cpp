#include "readinglist/kube/retry.hpp"

#include <algorithm>

namespace rl::kube {

std::optional<Clock::Duration> retry_wait(const Request& request, int status,
                                          std::optional<std::chrono::seconds> retry_after,
                                          int retries_done, Clock::Duration backoff,
                                          int max_retries) {
  if (retries_done >= max_retries) return std::nullopt;
  if (status == 0) {
    // The request may or may not have reached the server: only a plain read is safe.
    if (request.method == Method::Get && !request.watch) return backoff;
    return std::nullopt;
  }
  if (!retry_after) return std::nullopt;
  const auto at_least = std::max<Clock::Duration>(*retry_after, backoff);
  if (status == 429) return at_least;
  if (status >= 500 && status <= 599 && request.idempotent) return at_least;
  return std::nullopt;
}

}  // namespace rl::kube
