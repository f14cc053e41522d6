// The HTTP(S) side of the test API server (cpprestsdk http_listener): turns requests into
// Frontend calls, streams watch responses from dedicated threads, delays answers when a
// latency fault says so, and restarts its listener on request. Only this file and main.cpp
// include cpprest.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <string>

#include "api.hpp"
#include "frontend.hpp"

namespace rl::test_apiserver {

struct HttpOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: pick a free one
  bool tls = true;
  std::string cert_pem;  // server certificate chain
  std::string key_pem;
};

class HttpServer {
 public:
  HttpServer(Frontend& frontend, ApiServer& api, HttpOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Opens the listener; returns the port it listens on.
  std::expected<std::uint16_t, std::string> start();
  // Closes the listener and every watch stream, and joins the threads it started.
  void stop();
  std::string base_url() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rl::test_apiserver
