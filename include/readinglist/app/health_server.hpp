// The operator's own HTTP endpoints: /healthz (the process answers), /readyz (its caches have
// synced) and /metrics (Prometheus text), on the addresses of --health-bind-address and
// --metrics-bind-address; one listener serves all three when both name the same port.
// Address parsing and routing are pure and tested without sockets; the listeners (cpprestsdk)
// live in health_server.cpp only.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "readinglist/runtime/controller.hpp"

namespace rl::app {

// Where to listen. An empty host means every interface (":8080").
struct BindAddress {
  std::string host;
  std::uint16_t port = 0;  // 0: any free port (the one picked is logged)

  // "host:port", "[v6]:port", or ":port" for every interface.
  std::string to_string() const;
  friend bool operator==(const BindAddress&, const BindAddress&) = default;
};

// "0" turns the endpoint off (nullopt); otherwise "host:port", "[ipv6]:port" or ":port".
std::expected<std::optional<BindAddress>, std::string> parse_bind_address(std::string_view text);

// What the endpoints read from the process.
struct ProbeSources {
  std::function<bool()> ready;           // /readyz: 200 when true, 503 otherwise
  std::function<std::string()> metrics;  // /metrics: the exposition text
};

struct ProbeReply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::string allow;  // the Allow header of a 405
};

// The answer to `method path` on a listener serving the probes and/or the metrics. GET and HEAD
// only; HEAD gets the GET's status and headers with an empty body.
ProbeReply answer_probe(std::string_view method, std::string_view path, bool serves_probes,
                        bool serves_metrics, const ProbeSources& sources);

struct HealthServerOptions {
  std::string health_bind_address = ":8081";
  std::string metrics_bind_address = ":8080";
};

class HealthServer {
  struct Key {
    explicit Key() = default;
  };

 public:
  // Parses and binds both addresses and logs "serving probes"/"serving metrics" with the
  // address bound. The error names the flag whose address could not be used.
  static std::expected<std::unique_ptr<HealthServer>, std::string> start(
      const HealthServerOptions& options, ProbeSources sources, const runtime::LogSink& log);

  HealthServer(Key /*only start() constructs*/, ProbeSources sources);
  ~HealthServer();  // closes the listeners: no handler runs after it returns
  HealthServer(const HealthServer&) = delete;
  HealthServer& operator=(const HealthServer&) = delete;

  // The addresses bound (a port 0 replaced by the port picked); nullopt when off.
  const std::optional<BindAddress>& health_address() const { return health_; }
  const std::optional<BindAddress>& metrics_address() const { return metrics_; }

 private:
  struct Listener;

  ProbeSources sources_;
  std::optional<BindAddress> health_;
  std::optional<BindAddress> metrics_;
  std::vector<std::unique_ptr<Listener>> listeners_;
};

}  // namespace rl::app
