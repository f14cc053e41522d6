// What the Controller tests share: ReadingList objects to create, a thread-safe log and
// observer, bounded polling ("eventually", never a timing assertion), and the checks of the
// state of the world: is a list converged (status, children, content of its latest spec), and
// has everything settled (no event undelivered, no key queued or in flight). The API is the
// test API server's core (core_api_client.hpp), with the real server's rules.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "core_api_client.hpp"
#include "readinglist/model/codec.hpp"
#include "readinglist/model/names.hpp"
#include "readinglist/reconcile/status.hpp"
#include "readinglist/render/render.hpp"
#include "readinglist/runtime/controller.hpp"
#include "readinglist/runtime/reconciler.hpp"

namespace rl::runtime::testing {

using reconcile::ChildKind;

inline const kube::ResourceRef kConfigMaps = resource_ref(ChildKind::ConfigMap);
inline const kube::ResourceRef kDeployments = resource_ref(ChildKind::Deployment);
inline const kube::ResourceRef kServices = resource_ref(ChildKind::Service);
inline const kube::ResourceRef kIngresses = resource_ref(ChildKind::Ingress);

// A valid spec; `version` changes the title and the entries, `site` picks one of a few site
// shapes (0: default, 1: disabled, 2: with an Ingress, 3: two replicas).
inline nlohmann::json spec_of(std::string_view name, int version, int site = 0) {
  nlohmann::json entries = nlohmann::json::array();
  for (int i = 0; i <= version % 3; ++i) {
    entries.push_back(
        {{"type", "Article"},
         {"title", "Entry " + std::to_string(i) + " of v" + std::to_string(version)},
         {"url", "https://example.org/" + std::string(name) + "/" + std::to_string(i)}});
  }
  nlohmann::json spec = {
      {"title", "List " + std::string(name) + " v" + std::to_string(version)},
      {"sections", nlohmann::json::array({{{"title", "Reading"}, {"entries", entries}}})}};
  if (site == 1) spec["site"] = {{"enabled", false}};
  if (site == 2) spec["site"] = {{"ingress", {{"host", std::string(name) + ".example.org"}}}};
  if (site == 3) spec["site"] = {{"replicas", 2}};
  return spec;
}

inline nlohmann::json reading_list(std::string_view ns, std::string_view name, int version = 0,
                                   int site = 0) {
  return {{"apiVersion", model::kApiVersion},
          {"kind", model::kKind},
          {"metadata", {{"name", name}, {"namespace", ns}}},
          {"spec", spec_of(name, version, site)}};
}

inline std::string list_name(int i) {
  return "list-" + std::to_string(i);
}

// Polls `done` until it holds or `timeout` (real time) passes; `tick` runs between polls.
inline bool eventually(const std::function<bool()>& done, const std::function<void()>& tick = {},
                       std::chrono::seconds timeout = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    if (tick) tick();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// Keeps warnings and errors (from any thread) for failure messages.
class Log {
 public:
  LogSink sink() {
    return [this](std::string_view level, std::string_view message, const nlohmann::json& fields) {
      if (level != "warn" && level != "error") return;
      std::lock_guard lock(mutex_);
      lines_.push_back(std::string(level) + " " + std::string(message) + " " + fields.dump());
    };
  }
  std::string text() const {
    std::lock_guard lock(mutex_);
    std::string out;
    for (std::size_t i = 0; i < lines_.size() && i < 20; ++i)
      out += lines_[i] + "\n";
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

class CountingObserver final : public ControllerObserver {
 public:
  void reconciled(ReconcileResult result, kube::Clock::Duration) override {
    ++(result == ReconcileResult::Success ? successes : errors);
  }
  void watch_restarted(std::string_view) override { ++watch_restarts; }
  void relisted(std::string_view) override { ++relists; }
  void watch_event(std::string_view) override { ++watch_events; }
  int reconciles() const { return successes + errors; }

  std::atomic<int> successes{0};
  std::atomic<int> errors{0};
  std::atomic<int> watch_restarts{0};
  std::atomic<int> relists{0};
  std::atomic<int> watch_events{0};
};

// A fixed wall clock: conditions' times and Events do not depend on when the test runs.
inline std::chrono::system_clock::time_point fixed_now() {
  using namespace std::chrono;
  return sys_days{year{2024} / 6 / 1} + hours(12);
}

// "" when the list is converged: status Ready for its current generation, and exactly the
// children its spec asks for, owned by it, the ConfigMap holding the render of its spec.
inline std::string convergence_problem(CoreApiClient& api, std::string_view ns,
                                       std::string_view name) {
  const auto stored = api.object(kReadingLists, ns, name);
  if (!stored) return "no such list";
  const auto list = model::from_json(*stored, "test");
  if (!list) return "cannot decode: " + list.error().message;
  if (!list->status) return "no status";
  if (list->status->observed_generation != list->metadata.generation) {
    return "observedGeneration " + std::to_string(list->status->observed_generation) +
           " != generation " + std::to_string(list->metadata.generation);
  }
  const auto* ready = reconcile::find_condition(list->status->conditions, "Ready");
  if (!ready || ready->status != "True") {
    return "not Ready: " + (ready ? ready->reason + " " + ready->message : std::string("-"));
  }
  const std::string child = model::child_name(list->metadata);
  const auto config_map = api.object(kConfigMaps, ns, child);
  if (!config_map) return "no ConfigMap";
  nlohmann::json expected = nlohmann::json::object();
  for (const auto& file : render::render(*list).files)
    expected[file.name] = file.data;
  if (config_map->value("data", nlohmann::json()) != expected) return "stale ConfigMap content";
  const auto owners = config_map->at("metadata").value("ownerReferences", nlohmann::json::array());
  if (owners.size() != 1 || owners[0].value("uid", "") != list->metadata.uid) {
    return "ConfigMap owned by another list";
  }
  const auto site = list->spec.effective_site();
  const bool serving = site.effective_enabled();
  if (api.object(kDeployments, ns, child).has_value() != serving) return "Deployment presence";
  if (api.object(kServices, ns, child).has_value() != serving) return "Service presence";
  if (api.object(kIngresses, ns, child).has_value() != (serving && site.ingress.has_value())) {
    return "Ingress presence";
  }
  return "";
}

// The first list of `names` (in `ns`) that has not converged, with why; "" when all have.
inline std::string first_unconverged(CoreApiClient& api, std::string_view ns,
                                     const std::vector<std::string>& names) {
  for (const auto& name : names) {
    if (auto problem = convergence_problem(api, ns, name); !problem.empty()) {
      return std::string(ns) + "/" + name + ": " + problem;
    }
  }
  return "";
}

// Nothing left to happen: every open watch (all `watches` of them) has delivered every
// change, no key is queued or processing, and no write came in meanwhile. Retries of earlier
// failures may still wait for their backoff (up to the queue's cap); for converged lists they
// write nothing.
inline bool settled(CoreApiClient& api, const Controller& controller, std::size_t watches) {
  const auto before = api.resource_version();
  if (api.open_watches() != watches || !api.watches_caught_up()) return false;
  const auto stats = controller.queue_stats();
  if (stats.depth != 0 || stats.processing != 0) return false;
  return api.resource_version() == before && api.watches_caught_up();
}

}  // namespace rl::runtime::testing
