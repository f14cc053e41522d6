#include "faults.hpp"

#include <algorithm>

namespace rl::test_apiserver {

using nlohmann::json;

namespace {
std::string lower(std::string s) {
  std::ranges::transform(s, s.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}
}  // namespace

Result<FaultRule> FaultRule::from_json(const json& spec) {
  if (!spec.is_object()) return std::unexpected(bad_request("a fault must be a JSON object"));
  FaultRule rule;
  try {
    rule.code = spec.value("code", 0);
    rule.remaining = spec.value("count", 1);
    rule.verb = lower(spec.value("verb", ""));
    rule.path = spec.value("path", "");
    rule.retry_after_seconds = spec.value("retryAfterSeconds", rule.code == 429 ? 1 : 0);
    rule.latency = std::chrono::milliseconds(spec.value("latencyMs", 0));
    rule.message = spec.value("message", "");
  } catch (const json::exception& e) {
    return std::unexpected(bad_request(std::string("bad fault: ") + e.what()));
  }
  if (rule.code != 0 && (rule.code < 400 || rule.code > 599)) {
    return std::unexpected(bad_request("fault code must be 4xx or 5xx"));
  }
  return rule;
}

json FaultRule::to_json() const {
  return {{"code", code},
          {"count", remaining},
          {"verb", verb},
          {"path", path},
          {"retryAfterSeconds", retry_after_seconds},
          {"latencyMs", latency.count()},
          {"message", message}};
}

Response fault_response(const FaultRule& rule) {
  if (rule.code == 429) {
    Response r;
    r.status = 429;
    r.content_type = "text/plain; charset=utf-8";
    r.body = rule.message.empty() ? "Too many requests, please try again later.\n" : rule.message;
    r.headers.emplace_back("Retry-After", std::to_string(std::max(rule.retry_after_seconds, 0)));
    return r;
  }
  ApiError e;
  e.code = rule.code;
  e.retry_after_seconds = rule.retry_after_seconds;
  switch (rule.code) {
    case 500:
      e.reason = "InternalError";
      e.message = "Internal error occurred: injected fault";
      break;
    case 503:
      e.reason = "ServiceUnavailable";
      e.message = "The server is currently unable to handle the request";
      break;
    case 504:
      e.reason = "Timeout";
      e.message =
          "Timeout: request did not complete within requested timeout - context deadline "
          "exceeded";
      break;
    case 403:
      e.reason = "Forbidden";
      e.message = "forbidden: injected fault";
      break;
    case 401:
      e.reason = "Unauthorized";
      e.message = "Unauthorized";
      break;
    default:
      e.reason = rule.code >= 500 ? "InternalError" : "BadRequest";
      e.message = "injected fault";
  }
  if (!rule.message.empty()) e.message = rule.message;
  return error_response(e);
}

void Faults::add(FaultRule rule) {
  std::lock_guard lock(mutex_);
  Compiled c{.rule = rule, .path = std::nullopt};
  if (!rule.path.empty()) {
    try {
      c.path = std::regex(rule.path);
    } catch (const std::regex_error&) {
      c.path = std::regex("$^");  // an invalid pattern matches nothing
    }
  }
  rules_.push_back(std::move(c));
}

void Faults::clear() {
  std::lock_guard lock(mutex_);
  rules_.clear();
}

Faults::Decision Faults::decide(const std::string& verb, const std::string& method,
                                const std::string& path) {
  std::lock_guard lock(mutex_);
  Decision d;
  std::string m = lower(method);
  for (auto& c : rules_) {
    if (c.rule.remaining == 0) continue;
    if (!c.rule.verb.empty() && c.rule.verb != verb && c.rule.verb != m) continue;
    if (c.path && !std::regex_search(path, *c.path)) continue;
    if (c.rule.remaining > 0) --c.rule.remaining;
    d.latency += c.rule.latency;
    if (c.rule.code != 0) {
      d.response = fault_response(c.rule);
      break;
    }
  }
  std::erase_if(rules_, [](const Compiled& c) { return c.rule.remaining == 0; });
  return d;
}

json Faults::to_json() const {
  std::lock_guard lock(mutex_);
  json out = json::array();
  for (const auto& c : rules_)
    out.push_back(c.rule.to_json());
  return out;
}

json LoggedRequest::to_json() const {
  return {{"time", time}, {"verb", verb},   {"method", method},
          {"path", path}, {"query", query}, {"userAgent", user_agent},
          {"code", code}};
}

void RequestLog::add(LoggedRequest entry) {
  std::lock_guard lock(mutex_);
  entries_.push_back(std::move(entry));
}

json RequestLog::to_json() const {
  std::lock_guard lock(mutex_);
  json out = json::array();
  for (const auto& e : entries_)
    out.push_back(e.to_json());
  return out;
}

void RequestLog::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

}  // namespace rl::test_apiserver
