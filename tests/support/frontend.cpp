#include "frontend.hpp"

#include "api_internal.hpp"

namespace rl::test_apiserver {

using nlohmann::json;

namespace {
std::string encode_query(const std::map<std::string, std::string>& query) {
  std::string out;
  for (const auto& [k, v] : query)
    out += (out.empty() ? "" : "&") + k + "=" + v;
  return out;
}

Response ok(const json& body = {{"ok", true}}) {
  return json_response(200, body);
}
}  // namespace

Frontend::Frontend(ApiServer& api, FrontendOptions options)
    : api_(api),
      tokens_(std::move(options.tokens)),
      control_token_(std::move(options.control_token)),
      bookmark_interval_(options.bookmark_interval) {}

bool Frontend::authenticated(const Request& request, bool control) const {
  static constexpr std::string_view kBearer = "Bearer ";
  if (!request.authorization.starts_with(kBearer)) return false;
  std::string token = request.authorization.substr(kBearer.size());
  if (control && !control_token_.empty() && token == control_token_) return true;
  std::lock_guard lock(tokens_mutex_);
  return tokens_.contains(token);
}

Frontend::Outcome Frontend::handle(const Request& request, TimePoint now) {
  bool control_path = request.path.starts_with("/_control/");
  Outcome out;
  std::string verb = request_verb(request);
  if (!authenticated(request, control_path)) {
    out.response = error_response(unauthorized());
  } else if (control_path) {
    out = control(request, now);
  } else {
    auto decision = faults_.decide(verb, request.method, request.path);
    out.latency = decision.latency;
    out.response = decision.response ? std::move(*decision.response) : api_.handle(request, now);
  }
  if (!control_path) {
    LoggedRequest entry{.time = format_time(now),
                        .verb = verb,
                        .method = request.method,
                        .path = request.path,
                        .query = encode_query(request.query),
                        .user_agent = request.user_agent,
                        .code = out.response.status};
    if (sink_) sink_(entry);
    log_.add(std::move(entry));
  }
  return out;
}

Frontend::Outcome Frontend::control(const Request& request, TimePoint now) {
  Outcome out;
  const std::string what = request.path.substr(std::string("/_control/").size());
  const std::string& m = request.method;
  json body = json::object();
  if (!request.body.empty()) {
    body = json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      out.response = error_response(bad_request("control requests take a JSON object"));
      return out;
    }
  }
  try {
    if (what == "requests" && m == "GET") {
      out.response = ok(log_.to_json());
    } else if (what == "requests" && m == "DELETE") {
      log_.clear();
      out.response = ok();
    } else if (what == "faults" && m == "POST") {
      auto rule = FaultRule::from_json(body);
      if (!rule) {
        out.response = error_response(rule.error());
      } else {
        faults_.add(*rule);
        out.response = ok(faults_.to_json());
      }
    } else if (what == "faults" && m == "GET") {
      out.response = ok(faults_.to_json());
    } else if (what == "faults" && m == "DELETE") {
      faults_.clear();
      out.response = ok();
    } else if (what == "watches/close" && m == "POST") {
      // {"cut": true}: drop the connections without the final chunk; {"midEvent": true}: and
      // after half an event line, so clients meet a truncated JSON document.
      auto ending = body.value("midEvent", false)
                        ? Watch::Ending::CutMidEvent
                        : (body.value("cut", false) ? Watch::Ending::Cut : Watch::Ending::Clean);
      api_.close_watches(ending);
      out.response = ok();
    } else if (what == "watches/stall" && m == "POST") {
      api_.stall_watches();
      out.response = ok();
    } else if (what == "history/expire" && m == "POST") {
      api_.compact_history();
      out.response = ok({{"resourceVersion", std::to_string(api_.resource_version())}});
    } else if (what == "tokens" && m == "POST") {
      std::set<std::string> tokens;
      for (const auto& t : body.value("tokens", json::array()))
        tokens.insert(t.get<std::string>());
      std::lock_guard lock(tokens_mutex_);
      tokens_ = std::move(tokens);
      out.response = ok();
    } else if (what == "settings" && m == "POST") {
      if (body.contains("deploymentReadyDelayMs")) {
        const auto& d = body["deploymentReadyDelayMs"];
        api_.set_deployment_ready_delay(
            d.is_null() || d.get<long long>() < 0
                ? std::nullopt
                : std::optional(std::chrono::milliseconds(d.get<long long>())));
      }
      if (body.contains("garbageCollection")) {
        api_.set_garbage_collection(body["garbageCollection"].get<bool>());
      }
      if (body.contains("historyLimit")) {
        api_.set_history_limit(body["historyLimit"].get<std::size_t>());
      }
      if (body.contains("bookmarkIntervalMs")) {
        bookmark_interval_ = std::chrono::milliseconds(body["bookmarkIntervalMs"].get<long long>());
      }
      out.response = ok();
    } else if (what == "controllers/run" && m == "POST") {
      api_.run_controllers(now);
      out.response = ok();
    } else if (what == "state" && m == "GET") {
      out.response = ok({{"resourceVersion", std::to_string(api_.resource_version())}});
    } else if (what == "restart" && m == "POST") {
      out.restart = RestartAction{.down = std::chrono::milliseconds(body.value("downMs", 200)),
                                  .keep_history = body.value("keepHistory", true)};
      out.response = ok();
    } else {
      out.response = error_response(page_not_found());
    }
  } catch (const json::exception& e) {
    out.response = error_response(bad_request(std::string("bad control request: ") + e.what()));
  }
  return out;
}

}  // namespace rl::test_apiserver
