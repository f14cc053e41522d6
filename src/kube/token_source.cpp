#include "readinglist/kube/token_source.hpp"

namespace rl::kube {
namespace {
std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}
}  // namespace

bool is_sendable_token(std::string_view token) {
  for (const char c : token) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return false;
  }
  return true;
}

TokenSource::TokenSource(std::string token, std::string token_file, ReadFile read_file,
                         Clock& clock, Clock::Duration period)
    : token_(std::move(token)),
      token_file_(std::move(token_file)),
      read_file_(std::move(read_file)),
      clock_(clock),
      period_(period) {
  if (!token_file_.empty() && !token_.empty()) read_at_ = clock_.now();
}

Result<std::string> TokenSource::token() {
  std::lock_guard lock(mutex_);
  if (token_file_.empty()) return token_;
  const auto now = clock_.now();
  if (read_at_ && now - *read_at_ < period_) return token_;
  auto content = read_file_(token_file_);
  const std::string read = content ? trim(*content) : std::string();
  if (read.empty() || !is_sendable_token(read)) {
    if (!token_.empty()) {
      // Keep the last good token; try the file again at the next request.
      return token_;
    }
    const std::string problem =
        !content ? "cannot be read: " + content.error()
        : read.empty()
            ? std::string("is empty")
            : std::string("holds a line break or control character (one token, one line)");
    return std::unexpected(config_error("bearer token file " + token_file_ + " " + problem));
  }
  token_ = read;
  read_at_ = now;
  return token_;
}

void TokenSource::invalidate() {
  std::lock_guard lock(mutex_);
  read_at_.reset();
}

}  // namespace rl::kube
