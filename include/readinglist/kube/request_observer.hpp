// What the transport tells about the requests it sends, for metrics (client-go's rest_client_*
// family). An interface here rather than a metrics registry: the kube layer stays free of any
// metrics library and tests can watch requests with a plain fake; app/ implements it.
#pragma once

#include <string_view>

#include "readinglist/kube/clock.hpp"

namespace rl::kube {

class RequestObserver {
 public:
  virtual ~RequestObserver() = default;

  // One attempt ended (every retry counts, as in client-go). `method` is the HTTP method,
  // `host` the server's host:port, `status` the HTTP status or 0 when no answer came;
  // `latency` runs to the end of the body, or to the response head for a streamed watch.
  // Attempts abandoned because the caller stopped are not reported.
  virtual void request_finished(std::string_view method, std::string_view host, int status,
                                Clock::Duration latency) = 0;

  // How long an attempt waited for the client-side rate limiter (zero included).
  virtual void rate_limiter_waited(std::string_view method, std::string_view host,
                                   Clock::Duration wait) = 0;
};

}  // namespace rl::kube
