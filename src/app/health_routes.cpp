// The pure half of the health server: bind addresses and the answer to each path.
#include <charconv>

#include "readinglist/app/health_server.hpp"
#include "readinglist/observe/metrics.hpp"

namespace rl::app {

std::string BindAddress::to_string() const {
  const std::string port_text = std::to_string(port);
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + port_text;
  return host + ":" + port_text;
}

std::expected<std::optional<BindAddress>, std::string> parse_bind_address(std::string_view text) {
  if (text == "0") return std::nullopt;
  const auto invalid = [&](std::string_view why) {
    return std::unexpected("\"" + std::string(text) + "\": " + std::string(why) +
                           " (want host:port, :port, or 0 to turn it off)");
  };
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return invalid("no port");
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  if (host.starts_with('[')) {
    if (!host.ends_with(']') || host.size() < 3) return invalid("unbalanced brackets");
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return invalid("an IPv6 host needs brackets");
  }
  if (host.find_first_of(" /[]") != std::string_view::npos) return invalid("bad host");
  unsigned port = 0;
  const auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || error != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535) {
    return invalid("bad port");
  }
  return BindAddress{std::string(host), static_cast<std::uint16_t>(port)};
}

ProbeReply answer_probe(std::string_view method, std::string_view path, bool serves_probes,
                        bool serves_metrics, const ProbeSources& sources) {
  ProbeReply reply;
  const bool known = (serves_probes && (path == "/healthz" || path == "/readyz")) ||
                     (serves_metrics && path == "/metrics");
  if (!known) {
    reply.status = 404;
    reply.body = "404 page not found\n";
  } else if (method != "GET" && method != "HEAD") {
    reply.status = 405;
    reply.allow = "GET, HEAD";
    reply.body = "method not allowed\n";
  } else if (path == "/healthz") {
    reply.body = "ok";
  } else if (path == "/readyz") {
    const bool ready = sources.ready && sources.ready();
    reply.status = ready ? 200 : 503;
    reply.body = ready ? "ok" : "caches not synced";
  } else {
    reply.content_type = std::string(observe::kTextContentType);
    if (sources.metrics) reply.body = sources.metrics();
  }
  if (method == "HEAD") reply.body.clear();
  return reply;
}

}  // namespace rl::app
