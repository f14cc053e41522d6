// A small blocking HTTP/1.1 client for tests (OpenSSL, one connection per request): exact
// status codes, headers and bodies, and watch streams read line by line with a timeout.
// It exists so tests can see the bytes the test API server sends, without cpprestsdk.
#pragma once

#include <chrono>
#include <expected>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace rl::testing {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  std::string header(const std::string& lower_case_name) const;
  nlohmann::json json() const;  // null when the body is not JSON
};

class Connection;

// A response read incrementally (a watch): lines as the server flushes them.
class LineStream {
 public:
  enum class Read { Line, End, Timeout, Error };
  explicit LineStream(std::unique_ptr<Connection> connection);
  ~LineStream();
  LineStream(LineStream&&) noexcept;
  LineStream& operator=(LineStream&&) noexcept;

  int status() const { return status_; }
  const std::map<std::string, std::string>& headers() const { return headers_; }
  // The next complete line without its '\n'. End: the server finished the body; Error: the
  // connection ended without the final chunk (a cut stream).
  Read next_line(std::string& line, std::chrono::milliseconds timeout);
  // Bytes after the last complete line (half an event when a stream was cut mid-line).
  const std::string& unterminated() const { return pending_; }
  // Convenience: the next line parsed as JSON, or null on End/Timeout/Error.
  nlohmann::json next_json(std::chrono::milliseconds timeout);
  void close();  // drops the connection without reading further

 private:
  friend class HttpClient;
  bool read_headers(std::chrono::milliseconds timeout);
  bool fill(std::chrono::steady_clock::time_point deadline);  // more body bytes into pending_
  std::unique_ptr<Connection> connection_;
  int status_ = 0;
  std::map<std::string, std::string> headers_;
  bool chunked_ = false;
  std::string raw_;      // bytes read from the socket, not yet decoded
  std::string pending_;  // decoded body bytes not yet returned as lines
  bool done_ = false;
  bool truncated_ = false;
};

class HttpClient {
 public:
  // base_url: "https://127.0.0.1:PORT" or "http://..."; ca_file: the PEM CA to trust (https).
  HttpClient(std::string base_url, std::string ca_file, std::string token);

  std::expected<HttpResponse, std::string> request(
      const std::string& method, const std::string& path_and_query, const std::string& body = {},
      const std::string& content_type = "application/json",
      const std::map<std::string, std::string>& headers = {},
      std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;
  std::expected<HttpResponse, std::string> get(const std::string& path) const {
    return request("GET", path);
  }
  std::expected<HttpResponse, std::string> post(const std::string& path,
                                                const nlohmann::json& body) const {
    return request("POST", path, body.dump());
  }
  std::expected<HttpResponse, std::string> put(const std::string& path,
                                               const nlohmann::json& body) const {
    return request("PUT", path, body.dump());
  }
  std::expected<HttpResponse, std::string> patch(const std::string& path, const std::string& body,
                                                 const std::string& content_type) const {
    return request("PATCH", path, body, content_type);
  }
  std::expected<HttpResponse, std::string> del(const std::string& path) const {
    return request("DELETE", path);
  }
  // Starts a streaming GET (a watch) and reads the status line and headers.
  std::expected<LineStream, std::string> stream(
      const std::string& path_and_query,
      std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

  void set_token(std::string token) { token_ = std::move(token); }
  const std::string& token() const { return token_; }

 private:
  std::expected<std::unique_ptr<Connection>, std::string> connect(
      const std::string& method, const std::string& path_and_query, const std::string& body,
      const std::string& content_type, const std::map<std::string, std::string>& headers,
      std::chrono::milliseconds timeout) const;
  std::string host_;
  int port_ = 0;
  bool tls_ = false;
  std::string ca_file_;
  std::string token_;
};

}  // namespace rl::testing
