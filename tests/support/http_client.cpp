#include "http_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>

namespace rl::testing {

using Clock = std::chrono::steady_clock;

namespace {
int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<long long>(0, left.count()));
}
bool wait_fd(int fd, short events, Clock::time_point deadline) {
  pollfd p{.fd = fd, .events = events, .revents = 0};
  return ::poll(&p, 1, remaining_ms(deadline)) > 0;
}
std::string lower(std::string s) {
  std::ranges::transform(s, s.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}
}  // namespace

// One TCP (optionally TLS) connection with non-blocking I/O and deadlines.
class Connection {
 public:
  ~Connection() {
    if (ssl_ != nullptr) SSL_free(ssl_);
    if (ctx_ != nullptr) SSL_CTX_free(ctx_);
    if (fd_ >= 0) ::close(fd_);
  }

  std::expected<void, std::string> open(const std::string& host, int port, bool tls,
                                        const std::string& ca_file, Clock::time_point deadline) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return std::unexpected("socket: " + std::string(std::strerror(errno)));
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 &&
        errno != EINPROGRESS) {
      return std::unexpected("connect: " + std::string(std::strerror(errno)));
    }
    if (!wait_fd(fd_, POLLOUT, deadline)) return std::unexpected("connect: timed out");
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) return std::unexpected("connect: " + std::string(std::strerror(err)));
    if (!tls) return {};
    ctx_ = SSL_CTX_new(TLS_client_method());
    if (ctx_ == nullptr) return std::unexpected("SSL_CTX_new failed");
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
    if (SSL_CTX_load_verify_locations(ctx_, ca_file.c_str(), nullptr) != 1) {
      return std::unexpected("cannot load CA file " + ca_file);
    }
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, fd_);
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), host.c_str());
    while (true) {
      int rc = SSL_connect(ssl_);
      if (rc == 1) return {};
      int e = SSL_get_error(ssl_, rc);
      if (e == SSL_ERROR_WANT_READ && wait_fd(fd_, POLLIN, deadline)) continue;
      if (e == SSL_ERROR_WANT_WRITE && wait_fd(fd_, POLLOUT, deadline)) continue;
      char buf[256];
      ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
      return std::unexpected(std::string("TLS handshake failed: ") + buf);
    }
  }

  bool write_all(const std::string& data, Clock::time_point deadline) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      if (ssl_ != nullptr) {
        int rc = SSL_write(ssl_, data.data() + sent, static_cast<int>(data.size() - sent));
        if (rc > 0) {
          sent += static_cast<std::size_t>(rc);
          continue;
        }
        int e = SSL_get_error(ssl_, rc);
        if (e == SSL_ERROR_WANT_WRITE && wait_fd(fd_, POLLOUT, deadline)) continue;
        if (e == SSL_ERROR_WANT_READ && wait_fd(fd_, POLLIN, deadline)) continue;
        return false;
      }
      auto rc = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (rc > 0) {
        sent += static_cast<std::size_t>(rc);
      } else if (errno == EAGAIN && wait_fd(fd_, POLLOUT, deadline)) {
        continue;
      } else {
        return false;
      }
    }
    return true;
  }

  enum class Got { Data, End, Timeout, Error };
  // Appends what is available (waiting until the deadline for something) to `out`.
  Got read_some(std::string& out, Clock::time_point deadline) {
    char buf[16384];
    while (true) {
      if (ssl_ != nullptr) {
        int rc = SSL_read(ssl_, buf, sizeof buf);
        if (rc > 0) {
          out.append(buf, static_cast<std::size_t>(rc));
          return Got::Data;
        }
        int e = SSL_get_error(ssl_, rc);
        if (e == SSL_ERROR_WANT_READ) {
          if (!wait_fd(fd_, POLLIN, deadline)) return Got::Timeout;
          continue;
        }
        if (e == SSL_ERROR_ZERO_RETURN || (e == SSL_ERROR_SYSCALL && rc == 0)) return Got::End;
        return e == SSL_ERROR_SYSCALL || e == SSL_ERROR_SSL ? Got::End : Got::Error;
      }
      auto rc = ::recv(fd_, buf, sizeof buf, 0);
      if (rc > 0) {
        out.append(buf, static_cast<std::size_t>(rc));
        return Got::Data;
      }
      if (rc == 0) return Got::End;
      if (errno == EAGAIN) {
        if (!wait_fd(fd_, POLLIN, deadline)) return Got::Timeout;
        continue;
      }
      return Got::End;  // reset by the peer: the stream ended
    }
  }

 private:
  int fd_ = -1;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
};

std::string HttpResponse::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

nlohmann::json HttpResponse::json() const {
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json() : parsed;
}

LineStream::LineStream(std::unique_ptr<Connection> connection)
    : connection_(std::move(connection)) {}
LineStream::~LineStream() = default;
LineStream::LineStream(LineStream&&) noexcept = default;
LineStream& LineStream::operator=(LineStream&&) noexcept = default;

void LineStream::close() {
  connection_.reset();
  done_ = true;
}

bool LineStream::read_headers(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  std::size_t end;
  while ((end = raw_.find("\r\n\r\n")) == std::string::npos) {
    if (connection_->read_some(raw_, deadline) != Connection::Got::Data) return false;
  }
  std::string head = raw_.substr(0, end);
  raw_.erase(0, end + 4);
  std::size_t line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  auto sp = status_line.find(' ');
  if (sp == std::string::npos) return false;
  status_ = std::atoi(status_line.c_str() + sp + 1);
  std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    std::size_t next = head.find("\r\n", pos);
    if (next == std::string::npos) next = head.size();
    std::string line = head.substr(pos, next - pos);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      std::string key = lower(line.substr(0, colon));
      if (headers_.contains(key)) {
        headers_[key] += ", " + value;
      } else {
        headers_[key] = value;
      }
    }
    pos = next + 2;
  }
  chunked_ = lower(headers_["transfer-encoding"]).find("chunked") != std::string::npos;
  if (!chunked_ && headers_.contains("content-length")) {
    // Read exactly Content-Length bytes as one "chunk".
    std::size_t length = std::stoul(headers_["content-length"]);
    while (raw_.size() < length) {
      if (connection_->read_some(raw_, deadline) != Connection::Got::Data) break;
    }
    pending_ = raw_.substr(0, std::min(length, raw_.size()));
    raw_.clear();
    done_ = true;
  }
  return true;
}

bool LineStream::fill(Clock::time_point deadline) {
  if (done_ || !connection_) return false;
  while (true) {
    if (!chunked_) {
      if (!raw_.empty()) {
        pending_ += raw_;
        raw_.clear();
        return true;
      }
    } else {
      std::size_t crlf = raw_.find("\r\n");
      if (crlf != std::string::npos) {
        std::size_t size = std::stoul(raw_.substr(0, crlf), nullptr, 16);
        if (size == 0) {
          done_ = true;
          return false;
        }
        if (raw_.size() >= crlf + 2 + size + 2) {
          pending_ += raw_.substr(crlf + 2, size);
          raw_.erase(0, crlf + 2 + size + 2);
          return true;
        }
      }
    }
    auto got = connection_->read_some(raw_, deadline);
    if (got == Connection::Got::Timeout) return false;
    if (got != Connection::Got::Data) {
      if (!chunked_ && !raw_.empty()) continue;
      // A chunked body must end with its zero-length chunk; anything else was cut.
      truncated_ = chunked_;
      done_ = true;
      return false;
    }
  }
}

LineStream::Read LineStream::next_line(std::string& line, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (true) {
    auto nl = pending_.find('\n');
    if (nl != std::string::npos) {
      line = pending_.substr(0, nl);
      pending_.erase(0, nl + 1);
      return Read::Line;
    }
    if (done_) return truncated_ ? Read::Error : Read::End;
    if (!fill(deadline)) {
      if (done_) return truncated_ ? Read::Error : Read::End;
      return Read::Timeout;
    }
  }
}

nlohmann::json LineStream::next_json(std::chrono::milliseconds timeout) {
  std::string line;
  if (next_line(line, timeout) != Read::Line) return nullptr;
  auto parsed = nlohmann::json::parse(line, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json() : parsed;
}

HttpClient::HttpClient(std::string base_url, std::string ca_file, std::string token)
    : ca_file_(std::move(ca_file)), token_(std::move(token)) {
  // OpenSSL writes with write(2): a peer that went away must not kill the test process.
  std::signal(SIGPIPE, SIG_IGN);
  tls_ = base_url.starts_with("https://");
  std::string rest = base_url.substr(tls_ ? 8 : 7);
  auto colon = rest.rfind(':');
  host_ = rest.substr(0, colon);
  port_ = std::atoi(rest.c_str() + colon + 1);
}

std::expected<std::unique_ptr<Connection>, std::string> HttpClient::connect(
    const std::string& method, const std::string& path_and_query, const std::string& body,
    const std::string& content_type, const std::map<std::string, std::string>& headers,
    std::chrono::milliseconds timeout) const {
  auto deadline = Clock::now() + timeout;
  auto connection = std::make_unique<Connection>();
  if (auto opened = connection->open(host_, port_, tls_, ca_file_, deadline); !opened) {
    return std::unexpected(opened.error());
  }
  std::string request = method + " " + path_and_query + " HTTP/1.1\r\nHost: " + host_ + ":" +
                        std::to_string(port_) + "\r\nConnection: close\r\n";
  if (!token_.empty()) request += "Authorization: Bearer " + token_ + "\r\n";
  if (!headers.contains("User-Agent")) request += "User-Agent: rl-test-client/1.0\r\n";
  if (!headers.contains("Accept")) request += "Accept: application/json\r\n";
  for (const auto& [k, v] : headers)
    request += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    request += "Content-Type: " + content_type + "\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "\r\n" + body;
  if (!connection->write_all(request, deadline)) return std::unexpected("cannot send request");
  return connection;
}

std::expected<HttpResponse, std::string> HttpClient::request(
    const std::string& method, const std::string& path_and_query, const std::string& body,
    const std::string& content_type, const std::map<std::string, std::string>& headers,
    std::chrono::milliseconds timeout) const {
  auto connection = connect(method, path_and_query, body, content_type, headers, timeout);
  if (!connection) return std::unexpected(connection.error());
  LineStream stream(std::move(*connection));
  auto deadline = Clock::now() + timeout;
  if (!stream.read_headers(timeout)) return std::unexpected("no response headers");
  while (stream.fill(deadline)) {
  }
  if (!stream.done_) return std::unexpected("timed out reading the response body");
  HttpResponse response;
  response.status = stream.status_;
  response.headers = stream.headers_;
  response.body = std::move(stream.pending_);
  return response;
}

std::expected<LineStream, std::string> HttpClient::stream(const std::string& path_and_query,
                                                          std::chrono::milliseconds timeout) const {
  auto connection = connect("GET", path_and_query, {}, {}, {}, timeout);
  if (!connection) return std::unexpected(connection.error());
  LineStream stream(std::move(*connection));
  if (!stream.read_headers(timeout)) return std::unexpected("no response headers");
  return stream;
}

}  // namespace rl::testing
