// The only translation unit of rl_kube that includes cpprestsdk.
#include "readinglist/kube/transport.hpp"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <cpprest/http_client.h>
#include <pplx/threadpool.h>
#pragma GCC diagnostic pop

#include <atomic>
#include <mutex>

#include "body_queue.hpp"
#include "readinglist/kube/status_error.hpp"
#include "readinglist/kube/token_source.hpp"
#include "tls.hpp"

namespace rl::kube {
namespace {

namespace http = web::http;
using http::client::http_client;
using http::client::http_client_config;

// How far ahead of the reader a streamed body is read: a few large events, not a whole list.
constexpr std::size_t kReadAhead = 64 * 1024;

http::method to_cpprest(Method method) {
  switch (method) {
    case Method::Get:
      return http::methods::GET;
    case Method::Post:
      return http::methods::POST;
    case Method::Put:
      return http::methods::PUT;
    case Method::Patch:
      return http::methods::PATCH;
    case Method::Delete:
      return http::methods::DEL;
  }
  return http::methods::GET;
}

// Ties a std::stop_token to a cpprest cancellation token: stopping closes the connection.
class Cancellation {
 public:
  explicit Cancellation(std::stop_token stop)
      : callback_(std::move(stop), [this] { source_.cancel(); }) {}
  pplx::cancellation_token token() const { return source_.get_token(); }
  void cancel() { source_.cancel(); }

 private:
  pplx::cancellation_token_source source_;
  std::stop_callback<std::function<void()>> callback_;
};

// client-go's `host` label: host, and port when the URL names one.
std::string host_of(const web::uri& server) {
  return server.port() > 0 ? server.host() + ":" + std::to_string(server.port()) : server.host();
}

std::string header(const http::http_headers& headers, const std::string& name) {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string{} : it->second;
}

class CpprestTransport final : public Transport {
 public:
  CpprestTransport(const ClusterConfig& config, const TransportOptions& options, Clock& clock,
                   std::shared_ptr<const Environment> files, std::shared_ptr<const TlsMaterial> tls)
      : config_(config),
        options_(options),
        clock_(clock),
        files_(std::move(files)),
        tls_(std::move(tls)),
        tokens_(
            config.token, config.token_file,
            [files = files_](const std::string& path) { return files->read_file(path); }, clock,
            options.token_reload_period),
        limiter_(clock, options.qps, options.burst),
        client_(config.server, client_config(options.request_timeout)),
        host_(host_of(client_.base_uri())) {}

  Result<HttpResponse> send(const Request& request, std::stop_token stop) override {
    return with_retries(request, stop, [&](const std::string& token) {
      return send_once(client_, request, token, stop);
    });
  }

  Result<void> stream(const Request& request, Clock::Duration idle_timeout,
                      const BodyChunkHandler& on_chunk, std::stop_token stop) override {
    // A client of its own: cpprest's timeout (restarted on every read) is the idle timeout.
    http_client client(config_.server,
                       client_config(std::chrono::ceil<std::chrono::seconds>(idle_timeout)));
    bool streamed = false;
    Result<void> outcome;
    auto answer = with_retries(request, stop, [&](const std::string& token) {
      return stream_once(client, request, token, on_chunk, stop, streamed, outcome);
    });
    if (!answer) return std::unexpected(answer.error());
    if (streamed) return outcome;
    return std::unexpected(error_from_response(answer->status, answer->body, answer->retry_after));
  }

 private:
  http_client_config client_config(std::chrono::seconds timeout) const {
    http_client_config cfg;
    cfg.set_timeout(timeout);
    cfg.set_max_redirects(0);  // never carry the bearer token to another host
    cfg.set_validate_certificates(!config_.insecure_skip_tls_verify);
    auto tls = tls_;
    cfg.set_ssl_context_callback([tls](boost::asio::ssl::context& ctx) {
      ctx.set_options(boost::asio::ssl::context::no_sslv2 | boost::asio::ssl::context::no_sslv3 |
                      boost::asio::ssl::context::no_tlsv1 | boost::asio::ssl::context::no_tlsv1_1);
      tls->apply(ctx.native_handle());
    });
    return cfg;
  }

  http::http_request make_request(const Request& request, const std::string& token) const {
    http::http_request msg(to_cpprest(request.method));
    msg.set_request_uri(web::uri(request.target()));
    auto& headers = msg.headers();
    headers.add("Accept", request.accept);
    headers.add("User-Agent", options_.user_agent);
    if (!token.empty()) headers.add("Authorization", "Bearer " + token);
    if (!request.content_type.empty()) msg.set_body(request.body, request.content_type);
    return msg;
  }

  std::string describe(const Request& request) const {
    return std::string(to_string(request.method)) + " " + config_.server + request.path;
  }

  Result<HttpResponse> failure(const Request& request, std::stop_token stop,
                               const std::string& what) const {
    if (stop.stop_requested()) return std::unexpected(cancelled_error(describe(request)));
    return std::unexpected(transport_error(describe(request) + ": " + what));
  }

  static HttpResponse head_of(const http::http_response& response) {
    HttpResponse out;
    out.status = response.status_code();
    out.retry_after = header(response.headers(), "Retry-After");
    if (auto warning = header(response.headers(), "Warning"); !warning.empty()) {
      out.warnings.push_back(std::move(warning));
    }
    return out;
  }

  // Reports one finished attempt to the observer; not one the caller abandoned.
  void observe_attempt(const Request& request, int status, Clock::TimePoint started,
                       std::stop_token stop) const {
    if (!options_.observer || stop.stop_requested()) return;
    options_.observer->request_finished(to_string(request.method), host_, status,
                                        clock_.now() - started);
  }

  Result<HttpResponse> send_once(http_client& client, const Request& request,
                                 const std::string& token, std::stop_token stop) {
    Cancellation cancel(stop);
    const auto started = clock_.now();
    try {
      auto response = client.request(make_request(request, token), cancel.token()).get();
      HttpResponse out = head_of(response);
      out.body = response.extract_utf8string(/*ignore_content_type=*/true).get();
      observe_attempt(request, out.status, started, stop);
      return out;
    } catch (const std::exception& e) {
      observe_attempt(request, 0, started, stop);
      return failure(request, stop, e.what());
    }
  }

  // Returns the response head; `streamed` tells whether a 2xx body was streamed (its outcome in
  // `outcome`) or the (error) body is in the returned response.
  Result<HttpResponse> stream_once(http_client& client, const Request& request,
                                   const std::string& token, const BodyChunkHandler& on_chunk,
                                   std::stop_token stop, bool& streamed, Result<void>& outcome) {
    Cancellation cancel(stop);
    const auto started = clock_.now();
    bool observed = false;
    const auto queue = std::make_shared<detail::BodyQueue>(kReadAhead);
    // However this attempt ends, a write waiting for room fails rather than waits forever.
    const std::unique_ptr<detail::BodyQueue, void (*)(detail::BodyQueue*)> close_at_exit(
        queue.get(), [](detail::BodyQueue* q) { q->close(); });
    try {
      auto message = make_request(request, token);
      message.set_response_stream(concurrency::streams::streambuf<uint8_t>(queue).create_ostream());
      auto response = client.request(std::move(message), cancel.token()).get();
      response.content_ready().then([queue](const pplx::task<http::http_response>& done) {
        try {
          done.wait();  // observed here; pump rethrows it
        } catch (...) {
        }
        queue->end();
      });
      HttpResponse head = head_of(response);
      // A watch's latency is the time to its head, as client-go measures it.
      observe_attempt(request, head.status, started, stop);
      observed = true;
      if (head.status < 200 || head.status > 299) {
        for (std::string part; queue->take(part);)
          head.body += part;
        response.content_ready().wait();
        return head;
      }
      streamed = true;
      outcome = pump(response, *queue, on_chunk, cancel, stop, request);
      return head;
    } catch (const std::exception& e) {
      if (!observed) observe_attempt(request, 0, started, stop);
      return failure(request, stop, e.what());
    }
  }

  Result<void> pump(http::http_response& response, detail::BodyQueue& queue,
                    const BodyChunkHandler& on_chunk, Cancellation& cancel, std::stop_token stop,
                    const Request& request) {
    for (std::string chunk; queue.take(chunk);) {
      if (!on_chunk(chunk)) {
        cancel.cancel();
        return {};
      }
    }
    if (stop.stop_requested()) return std::unexpected(cancelled_error(describe(request)));
    try {
      response.content_ready().wait();  // rethrows how the body ended: cleanly or not
    } catch (const std::exception& e) {
      return std::unexpected(transport_error(describe(request) + ": stream ended: " + e.what()));
    }
    return {};
  }

  template <typename Attempt>
  Result<HttpResponse> with_retries(const Request& request, std::stop_token stop,
                                    Attempt&& attempt) {
    Backoff backoff(options_.retry_backoff, options_.seed + seed_counter_++);
    bool token_refreshed = false;
    for (int retries = 0;;) {
      const auto queued = clock_.now();
      if (!limiter_.acquire(stop)) return std::unexpected(cancelled_error(describe(request)));
      if (options_.observer) {
        options_.observer->rate_limiter_waited(to_string(request.method), host_,
                                               clock_.now() - queued);
      }
      auto token = tokens_.token();
      if (!token) return std::unexpected(token.error());
      auto answer = attempt(*token);
      if (!answer && answer.error().kind == ErrorKind::Cancelled) return answer;
      if (!answer && answer.error().message.find("SSL handshake") != std::string::npos) {
        return answer;  // a server we cannot verify stays unverifiable: no point retrying
      }
      const int status = answer ? answer->status : 0;
      if (status == 401 && tokens_.refreshable() && !token_refreshed) {
        // The token file may have rotated under us: read it again and send once more.
        tokens_.invalidate();
        token_refreshed = true;
        continue;
      }
      const auto retry_after = answer ? parse_retry_after(answer->retry_after) : std::nullopt;
      const auto wait = retry_wait(request, status, retry_after, retries,
                                   backoff.next(clock_.now()), options_.max_retries);
      if (!wait) return answer;
      ++retries;
      if (!clock_.sleep_for(*wait, stop)) {
        return std::unexpected(cancelled_error(describe(request)));
      }
    }
  }

  ClusterConfig config_;
  TransportOptions options_;
  Clock& clock_;
  std::shared_ptr<const Environment> files_;
  std::shared_ptr<const TlsMaterial> tls_;
  TokenSource tokens_;
  RateLimiter limiter_;
  http_client client_;
  std::string host_;  // of the server, for metrics
  std::atomic<std::uint64_t> seed_counter_{0};
};

}  // namespace

void initialize_http_threads(std::size_t threads) {
  static std::once_flag once;
  std::call_once(once, [threads] {
    try {
      crossplat::threadpool::initialize_with_threads(threads);
    } catch (const std::exception&) {
      // Already initialized by an earlier request: keep the pool as it is.
    }
  });
}

Result<std::unique_ptr<Transport>> Transport::create(const ClusterConfig& config,
                                                     const TransportOptions& options, Clock& clock,
                                                     std::shared_ptr<const Environment> files) {
  if (!files) files = std::make_shared<SystemEnvironment>();
  auto tls = TlsMaterial::load(config);
  if (!tls) return std::unexpected(tls.error());
  try {
    const web::uri server(config.server);
    if (server.scheme() != "https" && server.scheme() != "http") {
      return std::unexpected(
          config_error(config.origin + ": server " + config.server + " is not an http(s) URL"));
    }
    return std::make_unique<CpprestTransport>(config, options, clock, std::move(files),
                                              std::move(*tls));
  } catch (const std::exception& e) {
    return std::unexpected(
        config_error(config.origin + ": server " + config.server + ": " + e.what()));
  }
}

}  // namespace rl::kube
