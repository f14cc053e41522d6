// Fault injection and the request log, both driven by tests through the control API:
// answer the next N requests matching a verb/path with 429 (text body + Retry-After, like
// APF) or a 5xx Status, or delay them; and remember every request (verb, path, query, code,
// user agent) so tests can count writes. Thread-safe: HTTP threads share one instance.
#pragma once

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "api.hpp"

namespace rl::test_apiserver {

struct FaultRule {
  int code = 0;       // 429, 500, 503, 504 (or any 4xx/5xx); 0 = latency only
  int remaining = 1;  // requests still to answer; -1 = until cleared
  std::string verb;   // Kubernetes verb (list, create, ...) or HTTP method; "" = any
  std::string path;   // ECMAScript regex searched in the path; "" = any
  int retry_after_seconds = 0;
  std::chrono::milliseconds latency{0};
  std::string message;

  // {"code":429,"count":3,"verb":"create","path":"/configmaps","retryAfterSeconds":2,
  //  "latencyMs":0,"message":"..."}; count -1 = until cleared.
  static Result<FaultRule> from_json(const nlohmann::json& spec);
  nlohmann::json to_json() const;
};

class Faults {
 public:
  struct Decision {
    std::chrono::milliseconds latency{0};
    std::optional<Response> response;  // set: answer with this instead of serving
  };
  void add(FaultRule rule);
  void clear();
  Decision decide(const std::string& verb, const std::string& method, const std::string& path);
  nlohmann::json to_json() const;

 private:
  struct Compiled {
    FaultRule rule;
    std::optional<std::regex> path;
  };
  mutable std::mutex mutex_;
  std::vector<Compiled> rules_;
};

// The response a fault rule gives: 429 as APF answers it, other codes as Status bodies.
Response fault_response(const FaultRule& rule);

struct LoggedRequest {
  std::string time;
  std::string verb;
  std::string method;
  std::string path;
  std::string query;
  std::string user_agent;
  int code = 0;
  nlohmann::json to_json() const;
};

class RequestLog {
 public:
  void add(LoggedRequest entry);
  nlohmann::json to_json() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::vector<LoggedRequest> entries_;
};

}  // namespace rl::test_apiserver
