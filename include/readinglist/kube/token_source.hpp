// The bearer token for each request. Bound service-account tokens rotate, so a token file is
// re-read at most every `period` (client-go: one minute) and right after the server said 401.
// A failed re-read keeps the last good token rather than failing every request.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "readinglist/kube/clock.hpp"
#include "readinglist/kube/error.hpp"

namespace rl::kube {

// Whether `token` can go into an Authorization header: no line break or other control character,
// which would end the header early or smuggle in another (Go's net/http refuses such a value
// for client-go). Says nothing about the token's content, and error messages never show it.
bool is_sendable_token(std::string_view token);

class TokenSource {
 public:
  using ReadFile = std::function<std::expected<std::string, std::string>(const std::string&)>;

  // `token` is used as is when `token_file` is empty; otherwise it is the first value of the
  // file (may be empty, then the file is read on first use).
  TokenSource(std::string token, std::string token_file, ReadFile read_file, Clock& clock,
              Clock::Duration period = std::chrono::seconds(60));

  // The token to send ("" means send no Authorization header).
  Result<std::string> token();
  // The server rejected the current token: the next token() re-reads the file.
  void invalidate();
  // Whether invalidate() can lead to a different token (a file to re-read).
  bool refreshable() const { return !token_file_.empty(); }

 private:
  std::mutex mutex_;
  std::string token_;
  std::string token_file_;
  ReadFile read_file_;
  Clock& clock_;
  Clock::Duration period_;
  std::optional<Clock::TimePoint> read_at_;
};

}  // namespace rl::kube
