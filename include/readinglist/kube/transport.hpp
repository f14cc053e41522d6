// Moves requests and responses between the client and one API server over HTTPS (cpprestsdk +
// OpenSSL, verifying the server against the configured CA): bearer token (re-read after a 401,
// then the request is sent once more), client certificates, rate limiting, the Retry-After
// retries of retry.hpp, and streaming bodies for watches. No cpprest types leak out.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "readinglist/kube/backoff.hpp"
#include "readinglist/kube/clock.hpp"
#include "readinglist/kube/config.hpp"
#include "readinglist/kube/error.hpp"
#include "readinglist/kube/rate_limiter.hpp"
#include "readinglist/kube/request.hpp"
#include "readinglist/kube/request_observer.hpp"
#include "readinglist/kube/retry.hpp"

namespace rl::kube {

struct TransportOptions {
  double qps = kDefaultQps;
  int burst = kDefaultBurst;
  // Per request, measured as inactivity (cpprest restarts the timer on every read).
  std::chrono::seconds request_timeout{30};
  int max_retries = kDefaultMaxRetries;
  // Waits between transport-level retries (Retry-After wins when longer).
  BackoffPolicy retry_backoff{.initial = std::chrono::milliseconds(200),
                              .factor = 2.0,
                              .jitter = 0.5,
                              .cap = std::chrono::seconds(10),
                              .reset_after = std::chrono::seconds(60)};
  std::string user_agent = "readinglist-operator";
  Clock::Duration token_reload_period = std::chrono::seconds(60);
  std::uint64_t seed = 1;  // jitter of the retry backoff
  // Told about every attempt and rate-limiter wait (metrics); null: nobody listens.
  std::shared_ptr<RequestObserver> observer;
};

struct HttpResponse {
  int status = 0;
  std::string body;
  std::string retry_after;            // the Retry-After header, "" when absent
  std::vector<std::string> warnings;  // Warning headers (deprecations, dropped fields)
};

// Called with each piece of a streamed body as it arrives; return false to stop reading.
using BodyChunkHandler = std::function<bool(std::string_view)>;

// Sizes cpprest's shared I/O thread pool (40 threads by default). Takes effect only before the
// first request of the process; later calls do nothing.
void initialize_http_threads(std::size_t threads);

class Transport {
 public:
  // Fails when the TLS material cannot be loaded or the server URL is unusable.
  static Result<std::unique_ptr<Transport>> create(const ClusterConfig& config,
                                                   const TransportOptions& options, Clock& clock,
                                                   std::shared_ptr<const Environment> files);
  virtual ~Transport() = default;

  // Sends `request` and returns the final answer, whatever its HTTP status, after the retries
  // that are safe. An Error only when no answer came (or `stop` fired).
  virtual Result<HttpResponse> send(const Request& request, std::stop_token stop) = 0;

  // For watches: streams a 2xx body to `on_chunk` until the server ends it (success), the
  // connection fails or stays silent longer than `idle_timeout` (Transport error), `on_chunk`
  // returns false, or `stop` fires (Cancelled). A non-2xx answer becomes an Api error.
  virtual Result<void> stream(const Request& request, Clock::Duration idle_timeout,
                              const BodyChunkHandler& on_chunk, std::stop_token stop) = 0;
};

}  // namespace rl::kube
