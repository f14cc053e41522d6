// What sits in front of the Kubernetes API: bearer-token authentication (401 for a wrong
// token; tokens can be swapped at runtime), the request log, fault injection, and the test
// control API under /_control/ (authenticated the same way, or with the control token).
// Pure: the HTTP layer hands it requests and carries out the actions it returns.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "api.hpp"
#include "faults.hpp"

namespace rl::test_apiserver {

struct FrontendOptions {
  std::set<std::string> tokens;
  std::string control_token;  // also accepted on /_control/ paths after the API tokens change
  std::chrono::milliseconds bookmark_interval{60000};
};

// A control request the HTTP layer carries out (it owns the listener and the watch streams).
struct RestartAction {
  std::chrono::milliseconds down{200};
  bool keep_history = true;
};

class Frontend {
 public:
  Frontend(ApiServer& api, FrontendOptions options);

  struct Outcome {
    Response response;
    std::chrono::milliseconds latency{0};
    std::optional<RestartAction> restart;
  };
  Outcome handle(const Request& request, TimePoint now);

  std::chrono::milliseconds bookmark_interval() const { return bookmark_interval_.load(); }
  // Called with every logged request (for --request-log).
  void on_request(std::function<void(const LoggedRequest&)> sink) { sink_ = std::move(sink); }
  RequestLog& log() { return log_; }

 private:
  bool authenticated(const Request& request, bool control) const;
  Outcome control(const Request& request, TimePoint now);

  ApiServer& api_;
  mutable std::mutex tokens_mutex_;
  std::set<std::string> tokens_;
  std::string control_token_;
  std::atomic<std::chrono::milliseconds> bookmark_interval_;
  Faults faults_;
  RequestLog log_;
  std::function<void(const LoggedRequest&)> sink_;
};

}  // namespace rl::test_apiserver
