#include "readinglist/kube/http_api_client.hpp"

#include <optional>

#include "readinglist/kube/status_error.hpp"

namespace rl::kube {
namespace {

// Stops when either the caller's token or the client's shutdown fires.
class EitherStop {
 public:
  EitherStop(std::stop_token a, std::stop_token b)
      : a_(std::move(a), Forward{&source_}), b_(std::move(b), Forward{&source_}) {}
  std::stop_token token() const { return source_.get_token(); }

 private:
  struct Forward {
    std::stop_source* source;
    void operator()() const { source->request_stop(); }
  };
  std::stop_source source_;
  std::stop_callback<Forward> a_;
  std::stop_callback<Forward> b_;
};

}  // namespace

Result<std::unique_ptr<HttpApiClient>> HttpApiClient::create(
    const ClusterConfig& config, const ClientOptions& options, Clock& clock,
    std::shared_ptr<const Environment> files) {
  auto transport = Transport::create(config, options.transport, clock, std::move(files));
  if (!transport) return std::unexpected(transport.error());
  return std::make_unique<HttpApiClient>(std::move(*transport), options);
}

HttpApiClient::HttpApiClient(std::unique_ptr<Transport> transport, const ClientOptions& options)
    : transport_(std::move(transport)), options_(options) {}

Result<nlohmann::json> HttpApiClient::call(const Result<Request>& request) {
  if (!request) return std::unexpected(request.error());
  auto response = transport_->send(*request, shutdown_.get_token());
  if (!response) return std::unexpected(response.error());
  if (options_.on_warning) {
    for (const auto& warning : response->warnings)
      options_.on_warning(warning);
  }
  if (response->status < 200 || response->status > 299) {
    return std::unexpected(
        error_from_response(response->status, response->body, response->retry_after));
  }
  if (response->body.empty()) return nlohmann::json::object();
  auto json = nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    return std::unexpected(decode_error(std::string(to_string(request->method)) + " " +
                                        request->path + ": the answer is not JSON"));
  }
  return json;
}

Result<nlohmann::json> HttpApiClient::get(const ResourceRef& resource, std::string_view ns,
                                          std::string_view name, std::string_view subresource) {
  return call(get_request(resource, ns, name, subresource));
}

Result<nlohmann::json> HttpApiClient::list(const ResourceRef& resource, std::string_view ns,
                                           const ListOptions& options) {
  return call(list_request(resource, ns, options));
}

Result<nlohmann::json> HttpApiClient::create(const ResourceRef& resource, std::string_view ns,
                                             const nlohmann::json& object,
                                             const WriteOptions& options) {
  return call(create_request(resource, ns, object, options));
}

Result<nlohmann::json> HttpApiClient::update(const ResourceRef& resource, std::string_view ns,
                                             std::string_view name, const nlohmann::json& object,
                                             const WriteOptions& options,
                                             std::string_view subresource) {
  return call(update_request(resource, ns, name, object, options, subresource));
}

Result<nlohmann::json> HttpApiClient::patch(const ResourceRef& resource, std::string_view ns,
                                            std::string_view name, PatchType type,
                                            const nlohmann::json& patch,
                                            const PatchOptions& options,
                                            std::string_view subresource) {
  return call(patch_request(resource, ns, name, type, patch, options, subresource));
}

Result<nlohmann::json> HttpApiClient::remove(const ResourceRef& resource, std::string_view ns,
                                             std::string_view name, const DeleteOptions& options) {
  return call(delete_request(resource, ns, name, options));
}

Result<void> HttpApiClient::watch(const ResourceRef& resource, std::string_view ns,
                                  const WatchOptions& options, const WatchEventHandler& on_event,
                                  std::stop_token stop) {
  auto request = watch_request(resource, ns, options);
  if (!request) return std::unexpected(request.error());
  const auto idle = options.timeout_seconds > 0
                        ? Clock::Duration(std::chrono::seconds(options.timeout_seconds)) +
                              options_.watch_idle_margin
                        : options_.watch_idle_default;
  WatchDecoder decoder(options_.max_watch_line_bytes, options.unparsed_field);
  std::vector<WatchEvent> events;
  std::optional<Error> decode_failure;
  bool handler_stopped = false;
  const auto on_chunk = [&](std::string_view bytes) {
    auto fed = decoder.feed(bytes, events);
    for (auto& event : events) {
      if (!on_event(std::move(event))) {
        handler_stopped = true;
        break;
      }
    }
    events.clear();
    if (!fed && !handler_stopped) decode_failure = fed.error();
    return !handler_stopped && !decode_failure;
  };
  const EitherStop either(stop, shutdown_.get_token());
  auto streamed = transport_->stream(*request, idle, on_chunk, either.token());
  if (handler_stopped) return {};
  if (decode_failure) return std::unexpected(*decode_failure);
  if (!streamed) return streamed;
  return decoder.finish();
}

}  // namespace rl::kube
