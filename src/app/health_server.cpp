// The listeners of the health server: the only translation unit of rl_app that includes
// cpprestsdk. Each request is answered by answer_probe() (health_routes.cpp).
#include "readinglist/app/health_server.hpp"

#include <utility>  // boost/asio/awaitable.hpp uses std::exchange without including it

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <cpprest/http_listener.h>
#pragma GCC diagnostic pop

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

namespace rl::app {
namespace {

namespace http = web::http;
using CpprestListener = http::experimental::listener::http_listener;

constexpr int kPortPickAttempts = 10;

// The host cpprest binds: every IPv4 interface for ":port".
std::string listen_host(const BindAddress& address) {
  if (address.host.empty()) return "0.0.0.0";
  return address.host;
}

std::string listen_url(const BindAddress& address) {
  const auto host = listen_host(address);
  const auto bracketed = host.find(':') == std::string::npos ? host : "[" + host + "]";
  return "http://" + bracketed + ":" + std::to_string(address.port);
}

// A port free on `host` now: cpprest cannot report the port it bound for port 0, so the
// operator picks one and binds it explicitly (retrying should another process win the race).
std::uint16_t probe_free_port(const std::string& host) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), "0", &hints, &found) != 0 || found == nullptr) return 0;
  std::uint16_t port = 0;
  const int fd = ::socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  if (fd >= 0 && ::bind(fd, found->ai_addr, found->ai_addrlen) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length) == 0) {
    if (bound.ss_family == AF_INET) {
      port = ntohs(reinterpret_cast<const sockaddr_in*>(&bound)->sin_port);
    } else if (bound.ss_family == AF_INET6) {
      port = ntohs(reinterpret_cast<const sockaddr_in6*>(&bound)->sin6_port);
    }
  }
  if (fd >= 0) ::close(fd);
  ::freeaddrinfo(found);
  return port;
}

void observe(pplx::task<void> task) {
  try {
    task.get();
  } catch (...) {
    // The client went away before the answer was written: nothing to do.
  }
}

}  // namespace

struct HealthServer::Listener {
  std::unique_ptr<CpprestListener> listener;

  ~Listener() {
    if (!listener) return;
    try {
      listener->close().wait();
    } catch (...) {
      // Closing a listener that failed half-way: nothing left to release.
    }
  }
};

HealthServer::HealthServer(Key /*only start() constructs*/, ProbeSources sources)
    : sources_(std::move(sources)) {}

HealthServer::~HealthServer() = default;

std::expected<std::unique_ptr<HealthServer>, std::string> HealthServer::start(
    const HealthServerOptions& options, ProbeSources sources, const runtime::LogSink& log) {
  auto health = parse_bind_address(options.health_bind_address);
  if (!health) return std::unexpected("--health-bind-address " + health.error());
  auto metrics = parse_bind_address(options.metrics_bind_address);
  if (!metrics) return std::unexpected("--metrics-bind-address " + metrics.error());

  auto server = std::make_unique<HealthServer>(Key(), std::move(sources));
  const auto open = [&](BindAddress address, bool probes, bool serves_metrics,
                        const char* flag) -> std::expected<BindAddress, std::string> {
    const bool pick = address.port == 0;
    std::string error;
    for (int attempt = 0; attempt < (pick ? kPortPickAttempts : 1); ++attempt) {
      if (pick) address.port = probe_free_port(listen_host(address));
      auto listener = std::make_unique<Listener>();
      try {
        listener->listener = std::make_unique<CpprestListener>(web::uri(listen_url(address)));
        listener->listener->support(
            [self = server.get(), probes, serves_metrics](http::http_request request) {
              const auto reply = answer_probe(request.method(), request.relative_uri().path(),
                                              probes, serves_metrics, self->sources_);
              http::http_response response(static_cast<http::status_code>(reply.status));
              response.set_body(std::vector<unsigned char>(reply.body.begin(), reply.body.end()));
              response.headers().set_content_type(reply.content_type);
              if (!reply.allow.empty()) response.headers().add("Allow", reply.allow);
              try {
                request.reply(response).then(observe);
              } catch (...) {
                // The connection is gone.
              }
            });
        listener->listener->open().wait();
        server->listeners_.push_back(std::move(listener));
        return address;
      } catch (const std::exception& e) {
        error = e.what();
      }
    }
    return std::unexpected(std::string(flag) + " " + address.to_string() +
                           ": cannot listen: " + error);
  };

  // Port 0 asks for a free port each: two of them are two listeners.
  const bool shared = *health && *metrics && **health == **metrics && (*health)->port != 0;
  if (*health) {
    auto bound = open(**health, true, shared, "--health-bind-address");
    if (!bound) return std::unexpected(bound.error());
    server->health_ = *bound;
  }
  if (shared) {
    server->metrics_ = server->health_;
  } else if (*metrics) {
    auto bound = open(**metrics, false, true, "--metrics-bind-address");
    if (!bound) return std::unexpected(bound.error());
    server->metrics_ = *bound;
  }
  if (server->health_) {
    log("info", "serving probes",
        {{"address", server->health_->to_string()}, {"paths", "/healthz /readyz"}});
  }
  if (server->metrics_) {
    log("info", "serving metrics",
        {{"address", server->metrics_->to_string()}, {"path", "/metrics"}});
  }
  return server;
}

}  // namespace rl::app
