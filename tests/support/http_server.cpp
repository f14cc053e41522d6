#include "http_server.hpp"

#include <utility>  // boost/asio/awaitable.hpp uses std::exchange without including it

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include <cpprest/http_listener.h>
#include <cpprest/producerconsumerstream.h>
#pragma GCC diagnostic pop

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <fstream>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>

namespace rl::test_apiserver {

namespace http = web::http;
using Listener = web::http::experimental::listener::http_listener;
using Clock = std::chrono::steady_clock;

namespace {

bool can_bind(const std::string& host, std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return bound;
}

// A free loopback port (cpprest cannot report the port it bound for port 0), below the kernel's
// ephemeral range: a simulated restart leaves the port unbound for a while, and a port from that
// range can meanwhile become the source port of any outgoing connection on the machine, which
// kept the server from coming back (as a real API server's fixed port never is).
std::uint16_t probe_free_port(const std::string& host) {
  constexpr int kLowest = 10000;
  int ephemeral_low = 32768;
  std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
  if (!(range >> ephemeral_low) || ephemeral_low <= kLowest + 2000) ephemeral_low = 32768;
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> pick(kLowest, ephemeral_low - 1);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const auto port = static_cast<std::uint16_t>(pick(random));
    if (can_bind(host, port)) return port;
  }
  return 0;
}

std::string plus_to_space(std::string s) {
  for (auto& c : s) {
    if (c == '+') c = ' ';
  }
  return s;
}

Request to_request(const http::http_request& req, std::vector<unsigned char>&& body) {
  Request r;
  r.method = req.method();
  auto uri = req.relative_uri();
  r.path = web::uri::decode(uri.path());
  for (const auto& [k, v] : web::uri::split_query(uri.query())) {
    r.query[web::uri::decode(plus_to_space(k))] = web::uri::decode(plus_to_space(v));
  }
  auto header = [&](const char* name) {
    auto it = req.headers().find(name);
    return it == req.headers().end() ? std::string() : it->second;
  };
  r.content_type = header("Content-Type");
  r.accept = header("Accept");
  r.user_agent = header("User-Agent");
  r.authorization = header("Authorization");
  r.body.assign(body.begin(), body.end());
  return r;
}

void swallow(pplx::task<void> t) {
  try {
    t.get();
  } catch (...) {
    // The client went away; nothing to do.
  }
}

// Runs closures after a delay on one thread (latency faults must not hold pool threads).
class Delayer {
 public:
  Delayer() : thread_([this](std::stop_token stop) { run(stop); }) {}
  ~Delayer() {
    thread_.request_stop();
    cv_.notify_all();
  }
  void after(std::chrono::milliseconds delay, std::function<void()> fn) {
    std::lock_guard lock(mutex_);
    queue_.emplace(Clock::now() + delay, std::move(fn));
    cv_.notify_all();
  }

 private:
  void run(std::stop_token stop) {
    std::unique_lock lock(mutex_);
    while (!stop.stop_requested()) {
      if (queue_.empty()) {
        cv_.wait(lock, stop, [&] { return !queue_.empty(); });
        continue;
      }
      auto first = queue_.begin();
      if (first->first > Clock::now()) {
        cv_.wait_until(lock, stop, first->first, [] { return false; });
        continue;
      }
      auto fn = std::move(first->second);
      queue_.erase(first);
      lock.unlock();
      fn();
      lock.lock();
    }
  }
  std::mutex mutex_;
  std::condition_variable_any cv_;
  std::multimap<Clock::time_point, std::function<void()>> queue_;
  std::jthread thread_;
};

}  // namespace

struct HttpServer::Impl {
  Frontend& frontend;
  ApiServer& api;
  HttpOptions options;
  std::mutex mutex;
  std::unique_ptr<Listener> listener;
  struct Stream {
    std::shared_ptr<std::atomic<bool>> done;
    std::jthread thread;
  };
  std::list<Stream> streams;
  std::jthread restarter;
  Delayer delayer;
  bool stopping = false;

  Impl(Frontend& f, ApiServer& a, HttpOptions o) : frontend(f), api(a), options(std::move(o)) {}

  std::string url() const {
    return std::string(options.tls ? "https://" : "http://") + options.host + ":" +
           std::to_string(options.port);
  }

  std::expected<void, std::string> open() {
    web::http::experimental::listener::http_listener_config config;
    if (options.tls) {
      std::string cert = options.cert_pem;
      std::string key = options.key_pem;
      config.set_ssl_context_callback([cert, key](boost::asio::ssl::context& ctx) {
        ctx.set_options(boost::asio::ssl::context::default_workarounds |
                        boost::asio::ssl::context::no_sslv2 | boost::asio::ssl::context::no_sslv3 |
                        boost::asio::ssl::context::no_tlsv1 |
                        boost::asio::ssl::context::no_tlsv1_1);
        ctx.use_certificate_chain(boost::asio::buffer(cert.data(), cert.size()));
        ctx.use_private_key(boost::asio::buffer(key.data(), key.size()),
                            boost::asio::ssl::context::pem);
      });
    }
    try {
      auto l = std::make_unique<Listener>(web::uri(url()), config);
      l->support([this](http::http_request req) { on_request(std::move(req)); });
      l->open().wait();
      std::lock_guard lock(mutex);
      listener = std::move(l);
      return {};
    } catch (const std::exception& e) {
      return std::unexpected(std::string(e.what()));
    }
  }

  void close_listener() {
    std::unique_ptr<Listener> l;
    {
      std::lock_guard lock(mutex);
      l = std::move(listener);
    }
    if (l) {
      try {
        l->close().wait();
      } catch (...) {
      }
    }
  }

  void on_request(http::http_request req) {
    req.extract_vector().then([this, req](pplx::task<std::vector<unsigned char>> body) mutable {
      std::vector<unsigned char> bytes;
      try {
        bytes = body.get();
      } catch (...) {
        return;
      }
      auto outcome =
          frontend.handle(to_request(req, std::move(bytes)), std::chrono::system_clock::now());
      if (outcome.restart) schedule_restart(*outcome.restart);
      if (outcome.latency.count() > 0) {
        delayer.after(outcome.latency, [this, req, response = std::move(outcome.response)]() {
          send(req, response);
        });
      } else {
        send(req, outcome.response);
      }
    });
  }

  void send(http::http_request req, const Response& response) {
    if (response.watch) {
      stream_watch(std::move(req), response);
      return;
    }
    http::http_response out(static_cast<http::status_code>(response.status));
    out.set_body(std::vector<unsigned char>(response.body.begin(), response.body.end()));
    out.headers().set_content_type(response.content_type);
    for (const auto& [k, v] : response.headers)
      out.headers().add(k, v);
    try {
      req.reply(out).then(swallow);
    } catch (...) {
    }
  }

  void stream_watch(http::http_request req, const Response& response) {
    concurrency::streams::producer_consumer_buffer<std::uint8_t> buffer;
    http::http_response out(http::status_codes::OK);
    out.set_body(buffer.create_istream(), "application/json");
    auto watch = response.watch;
    try {
      // cpprest fails the reply task when it cannot write to the client: the watch ends.
      req.reply(out).then([watch](pplx::task<void> t) {
        try {
          t.get();
        } catch (...) {
          watch->close();
        }
      });
    } catch (...) {
      return;
    }
    auto timeout = response.watch_timeout;
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::lock_guard lock(mutex);
    std::erase_if(streams, [](const Stream& s) { return s.done->load(); });
    if (stopping) {
      watch->close();
      buffer.close(std::ios_base::out).wait();
      return;
    }
    streams.push_back(
        {done, std::jthread([this, buffer, watch, timeout, done](std::stop_token stop) mutable {
           pump(buffer, *watch, timeout, stop);
           done->store(true);
         })});
  }

  void pump(concurrency::streams::producer_consumer_buffer<std::uint8_t>& buffer, Watch& watch,
            std::chrono::seconds timeout, std::stop_token stop) {
    // cpprest's body buffer grows without bound where a real server's socket would block: past
    // this many unread bytes the stream waits for the client to read, as TCP back-pressure
    // would make it (a streaming list of 10,000 lists is 60 MB, sent faster than any client
    // decodes it). A client that reads nothing for kGoneAfter is treated as gone.
    constexpr std::size_t kMaxUnread = 16 * 1024 * 1024;
    constexpr auto kGoneAfter = std::chrono::seconds(60);
    auto write = [&](const std::string& line) {
      try {
        buffer.putn_nocopy(reinterpret_cast<const std::uint8_t*>(line.data()), line.size()).wait();
        buffer.sync().wait();
        auto unread = buffer.in_avail();
        auto progress = Clock::now();
        while (unread >= kMaxUnread) {
          if (stop.stop_requested() || watch.closed()) return false;
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
          const auto now_unread = buffer.in_avail();
          if (now_unread < unread) progress = Clock::now();
          if (Clock::now() - progress > kGoneAfter) return false;
          unread = now_unread;
        }
        return true;
      } catch (...) {
        return false;
      }
    };
    auto start = Clock::now();
    auto deadline = start + timeout;
    auto next_bookmark = start + frontend.bookmark_interval();
    // A backlog (a watch resumed far behind) goes out in writes of about this size: one write
    // and one flush per event made the stream, not the client, the bottleneck.
    constexpr std::size_t kBatchBytes = 256 * 1024;
    std::string lines;
    while (!stop.stop_requested()) {
      auto until = Clock::now() + std::chrono::seconds(1);
      if (!watch.stalled()) until = std::min({deadline, next_bookmark, until});
      auto next = watch.wait_pop_many(lines, until, kBatchBytes);
      if (next == Watch::Next::Closed) break;
      if (next == Watch::Next::Line) {
        if (!write(lines)) break;
        continue;
      }
      auto now = Clock::now();
      // A stalled watch outlives its timeout: the client's idle timer must end it.
      if (now >= deadline && !watch.stalled()) {
        if (auto b = watch.bookmark()) write(*b);
        break;
      }
      if (now >= next_bookmark) {
        if (auto b = watch.bookmark(); b && !write(*b)) break;
        next_bookmark = now + frontend.bookmark_interval();
      }
    }
    watch.close();
    auto ending = watch.ending();
    if (ending == Watch::Ending::CutMidEvent) {
      write(R"({"type":"MODIFIED","object":{"kind":")");
    }
    try {
      if (ending == Watch::Ending::Clean) {
        buffer.close(std::ios_base::out).wait();
      } else {
        // A failed body stream makes cpprest drop the connection without the final chunk.
        buffer.close(std::ios_base::out, std::make_exception_ptr(std::runtime_error("cut"))).wait();
      }
    } catch (...) {
    }
  }

  void schedule_restart(RestartAction action) {
    std::jthread previous;
    {
      std::lock_guard lock(mutex);
      if (stopping) return;
      previous = std::move(restarter);
    }
    previous = std::jthread();  // joins a restart still in progress
    std::lock_guard lock(mutex);
    if (stopping) return;
    restarter = std::jthread([this, action](std::stop_token stop) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let the reply go out
      api.close_watches();  // first: the listener waits for the streams to end
      close_listener();
      if (!action.keep_history) api.compact_history();
      auto until = Clock::now() + action.down;
      while (Clock::now() < until && !stop.stop_requested()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      for (int attempt = 0; attempt < 50 && !stop.stop_requested(); ++attempt) {
        if (open()) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }
};

HttpServer::HttpServer(Frontend& frontend, ApiServer& api, HttpOptions options)
    : impl_(std::make_unique<Impl>(frontend, api, std::move(options))) {}

HttpServer::~HttpServer() {
  stop();
}

std::expected<std::uint16_t, std::string> HttpServer::start() {
  bool pick = impl_->options.port == 0;
  std::string last_error = "no free port";
  for (int attempt = 0; attempt < (pick ? 10 : 1); ++attempt) {
    if (pick) impl_->options.port = probe_free_port(impl_->options.host);
    auto opened = impl_->open();
    if (opened) return impl_->options.port;
    last_error = opened.error();
  }
  return std::unexpected(last_error);
}

void HttpServer::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopping) return;
    impl_->stopping = true;
  }
  {
    std::jthread restarter;
    {
      std::lock_guard lock(impl_->mutex);
      restarter = std::move(impl_->restarter);
    }
  }
  impl_->api.close_watches();
  std::list<Impl::Stream> streams;
  {
    std::lock_guard lock(impl_->mutex);
    streams = std::move(impl_->streams);
  }
  streams.clear();  // joins the stream threads
  impl_->close_listener();
}

std::string HttpServer::base_url() const {
  return impl_->url();
}

}  // namespace rl::test_apiserver
