// A scripted ApiClient for runtime unit tests: each list call takes the next queued answer and
// each watch call plays the next queued stream (events, virtual time spent, how it ends). When a
// script runs out, it stops the run under test. Records every call's options.
#pragma once

#include <deque>
#include <stop_token>
#include <vector>

#include "readinglist/kube/api_client.hpp"
#include "readinglist/kube/clock.hpp"
#include "readinglist/kube/status_error.hpp"

namespace rl::runtime::testing {

struct WatchScript {
  std::vector<std::string> lines;  // watch event lines, decoded like the real client does
  kube::Clock::Duration duration = std::chrono::seconds(30);  // virtual time the stream lasts
  kube::Result<void> end;                                     // how the stream ends
};

inline nlohmann::json object(std::string_view ns, std::string_view name, std::string_view rv) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", name}, {"namespace", ns}, {"resourceVersion", rv}}}};
}

inline std::string event_line(std::string_view type, const nlohmann::json& obj) {
  return nlohmann::json{{"type", type}, {"object", obj}}.dump();
}

inline nlohmann::json list_page(std::string_view rv, std::vector<nlohmann::json> items,
                                std::string_view next = {}) {
  nlohmann::json page = {{"kind", "ConfigMapList"},
                         {"apiVersion", "v1"},
                         {"metadata", {{"resourceVersion", rv}}},
                         {"items", std::move(items)}};
  if (!next.empty()) page["metadata"]["continue"] = next;
  return page;
}

inline kube::Error api_error(int code, std::string_view reason) {
  return kube::error_from_response(
      code, nlohmann::json{{"kind", "Status"}, {"reason", reason}, {"code", code}}.dump());
}

class ScriptedApi final : public kube::ApiClient {
 public:
  explicit ScriptedApi(kube::ManualClock& clock) : clock_(clock) {}

  std::deque<kube::Result<nlohmann::json>> lists;
  std::deque<WatchScript> watches;
  std::vector<kube::ListOptions> list_calls;
  std::vector<kube::WatchOptions> watch_calls;
  std::stop_source done;  // requested when a script runs out

  kube::Result<nlohmann::json> list(const kube::ResourceRef&, std::string_view,
                                    const kube::ListOptions& options) override {
    list_calls.push_back(options);
    if (lists.empty()) return finish();
    auto answer = std::move(lists.front());
    lists.pop_front();
    return answer;
  }

  kube::Result<void> watch(const kube::ResourceRef&, std::string_view,
                           const kube::WatchOptions& options,
                           const kube::WatchEventHandler& on_event, std::stop_token) override {
    watch_calls.push_back(options);
    if (watches.empty()) {
      done.request_stop();
      return std::unexpected(kube::cancelled_error());
    }
    auto script = std::move(watches.front());
    watches.pop_front();
    clock_.advance(script.duration);
    for (const auto& line : script.lines) {
      auto event = kube::parse_watch_line(line);
      if (!event) return std::unexpected(event.error());
      if (!on_event(std::move(*event))) return {};
    }
    return script.end;
  }

  kube::Result<nlohmann::json> get(const kube::ResourceRef&, std::string_view, std::string_view,
                                   std::string_view) override {
    return unexpected_call();
  }
  kube::Result<nlohmann::json> create(const kube::ResourceRef&, std::string_view,
                                      const nlohmann::json&, const kube::WriteOptions&) override {
    return unexpected_call();
  }
  kube::Result<nlohmann::json> update(const kube::ResourceRef&, std::string_view, std::string_view,
                                      const nlohmann::json&, const kube::WriteOptions&,
                                      std::string_view) override {
    return unexpected_call();
  }
  kube::Result<nlohmann::json> patch(const kube::ResourceRef&, std::string_view, std::string_view,
                                     kube::PatchType, const nlohmann::json&,
                                     const kube::PatchOptions&, std::string_view) override {
    return unexpected_call();
  }
  kube::Result<nlohmann::json> remove(const kube::ResourceRef&, std::string_view, std::string_view,
                                      const kube::DeleteOptions&) override {
    return unexpected_call();
  }

 private:
  kube::Result<nlohmann::json> finish() {
    done.request_stop();
    return std::unexpected(kube::cancelled_error());
  }
  static kube::Result<nlohmann::json> unexpected_call() {
    return std::unexpected(kube::invalid_request("not scripted"));
  }

  kube::ManualClock& clock_;
};

}  // namespace rl::runtime::testing
