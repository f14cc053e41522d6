// ApiClient over a Transport: builds each request (request.hpp), sends it, maps non-2xx answers
// to Errors (status_error.hpp) and decodes watch streams (watch_decoder.hpp) as they arrive.
#pragma once

#include <functional>
#include <memory>
#include <stop_token>

#include "readinglist/kube/api_client.hpp"
#include "readinglist/kube/transport.hpp"

namespace rl::kube {

struct ClientOptions {
  TransportOptions transport;
  // A watch that stays silent this much longer than its timeoutSeconds is dead (half-open
  // connection): it fails with a Transport error and the watcher reconnects.
  Clock::Duration watch_idle_margin = std::chrono::seconds(10);
  // Idle limit for watches without timeoutSeconds (the server then picks 30-60 min).
  Clock::Duration watch_idle_default = std::chrono::minutes(61);
  std::size_t max_watch_line_bytes = WatchDecoder::kDefaultMaxLineBytes;
  // Receives each Warning header (deprecations, dropped fields): worth a log line, not an error.
  std::function<void(std::string_view)> on_warning;
};

class HttpApiClient final : public ApiClient {
 public:
  static Result<std::unique_ptr<HttpApiClient>> create(
      const ClusterConfig& config, const ClientOptions& options, Clock& clock,
      std::shared_ptr<const Environment> files = nullptr);

  HttpApiClient(std::unique_ptr<Transport> transport, const ClientOptions& options);

  // Ends every wait of every call (rate limit, retry delays, open watches) with Cancelled.
  void shutdown() { shutdown_.request_stop(); }

  Result<nlohmann::json> get(const ResourceRef& resource, std::string_view ns,
                             std::string_view name, std::string_view subresource) override;
  Result<nlohmann::json> list(const ResourceRef& resource, std::string_view ns,
                              const ListOptions& options) override;
  Result<nlohmann::json> create(const ResourceRef& resource, std::string_view ns,
                                const nlohmann::json& object, const WriteOptions& options) override;
  Result<nlohmann::json> update(const ResourceRef& resource, std::string_view ns,
                                std::string_view name, const nlohmann::json& object,
                                const WriteOptions& options, std::string_view subresource) override;
  Result<nlohmann::json> patch(const ResourceRef& resource, std::string_view ns,
                               std::string_view name, PatchType type, const nlohmann::json& patch,
                               const PatchOptions& options, std::string_view subresource) override;
  Result<nlohmann::json> remove(const ResourceRef& resource, std::string_view ns,
                                std::string_view name, const DeleteOptions& options) override;
  Result<void> watch(const ResourceRef& resource, std::string_view ns, const WatchOptions& options,
                     const WatchEventHandler& on_event, std::stop_token stop) override;

 private:
  Result<nlohmann::json> call(const Result<Request>& request);

  std::unique_ptr<Transport> transport_;
  ClientOptions options_;
  std::stop_source shutdown_;
};

}  // namespace rl::kube
