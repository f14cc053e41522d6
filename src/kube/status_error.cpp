#include "readinglist/kube/status_error.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

namespace rl::kube {
namespace {

constexpr std::size_t kMaxTextMessage = 512;

std::string string_field(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

std::int64_t int_field(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return 0;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return 0;
  return it->get<std::int64_t>();
}

StatusDetails read_details(const nlohmann::json& status) {
  StatusDetails details;
  const auto it = status.find("details");
  if (it == status.end() || !it->is_object()) return details;
  const auto& d = *it;
  details.name = string_field(d, "name");
  details.group = string_field(d, "group");
  details.kind = string_field(d, "kind");
  details.uid = string_field(d, "uid");
  details.retry_after_seconds = int_field(d, "retryAfterSeconds");
  const auto causes = d.find("causes");
  if (causes != d.end() && causes->is_array()) {
    for (const auto& c : *causes) {
      if (!c.is_object()) continue;
      details.causes.push_back(
          {string_field(c, "reason"), string_field(c, "message"), string_field(c, "field")});
    }
  }
  return details;
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

}  // namespace

std::string_view reason_for_code(int http_status) {
  switch (http_status) {
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 405:
      return "MethodNotAllowed";
    case 406:
      return "NotAcceptable";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 413:
      return "RequestEntityTooLarge";
    case 415:
      return "UnsupportedMediaType";
    case 422:
      return "Invalid";
    case 429:
      return "TooManyRequests";
    case 500:
      return "InternalError";
    case 503:
      return "ServiceUnavailable";
    case 504:
      return "Timeout";
    default:
      return http_status >= 500 ? "InternalError" : "Unknown";
  }
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  std::int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc{} || end != value.data() + value.size() || seconds < 0) return std::nullopt;
  return std::chrono::seconds(seconds);
}

namespace {
// The Status fields as sent, without filling in a missing reason.
Error read_status(const nlohmann::json& status) {
  Error e;
  e.kind = ErrorKind::Api;
  e.status_body = status.is_object() && string_field(status, "kind") == "Status";
  e.code = static_cast<int>(int_field(status, "code"));
  e.reason = string_field(status, "reason");
  e.message = string_field(status, "message");
  if (status.is_object()) e.details = read_details(status);
  if (e.details.retry_after_seconds > 0) {
    e.retry_after = std::chrono::seconds(e.details.retry_after_seconds);
  }
  return e;
}
}  // namespace

Error error_from_status(const nlohmann::json& status) {
  Error e = read_status(status);
  if (e.reason.empty() && e.code != 0) e.reason = reason_for_code(e.code);
  return e;
}

Error error_from_response(int http_status, std::string_view body,
                          std::string_view retry_after_header) {
  Error e;
  const auto text = trim(body);
  if (!text.empty() && text.front() == '{') {
    const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_object() && string_field(json, "kind") == "Status") e = read_status(json);
  }
  e.kind = ErrorKind::Api;
  // The HTTP status is authoritative; the Status reason only explains it.
  e.code = http_status;
  if (e.reason.empty()) e.reason = reason_for_code(http_status);
  if (!e.status_body) {
    e.message = text.size() > kMaxTextMessage ? std::string(text.substr(0, kMaxTextMessage)) + "..."
                                              : std::string(text);
    if (e.message.empty()) e.message = "HTTP " + std::to_string(http_status) + " with no body";
  }
  if (auto header = parse_retry_after(retry_after_header)) e.retry_after = header;
  return e;
}

}  // namespace rl::kube
