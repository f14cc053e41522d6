// EventRecorder: create, or patch the count of, a core/v1 Event.
#include "readinglist/runtime/event_recorder.hpp"

#include <cstdio>

#include "readinglist/reconcile/status.hpp"

namespace rl::runtime {
namespace {

const kube::ResourceRef kEvents{"", "v1", "events", true};
constexpr auto kCorrelationWindow = std::chrono::minutes(10);
constexpr std::size_t kMaxRemembered = 4096;

}  // namespace

EventRecorder::EventRecorder(kube::ApiClient& api, WallClock wall_clock, std::string component,
                             ErrorSink on_error)
    : api_(api),
      wall_clock_(std::move(wall_clock)),
      component_(std::move(component)),
      on_error_(std::move(on_error)) {}

void EventRecorder::record(std::string_view kind, const model::ObjectMeta& object,
                           const reconcile::EventRecord& event) {
  const auto now = wall_clock_();
  const std::string timestamp = reconcile::rfc3339(now);
  const std::string& ns = object.namespace_;
  const std::string key =
      object.uid + '\n' + event.type + '\n' + event.reason + '\n' + event.message;
  std::unique_lock lock(mutex_);
  auto it = seen_.find(key);
  if (it != seen_.end() && now - it->second.last < kCorrelationWindow) {
    Seen& seen = it->second;
    seen.count += 1;
    seen.last = now;
    const nlohmann::json patch = {{"count", seen.count}, {"lastTimestamp", timestamp}};
    const std::string name = seen.name;
    lock.unlock();
    auto patched = api_.patch(kEvents, ns, name, kube::PatchType::Merge, patch, {}, {});
    if (patched || !patched.error().is_not_found()) {
      if (!patched && on_error_) on_error_(patched.error());
      return;
    }
    lock.lock();
    seen_.erase(key);  // the Event expired on the server (TTL): create it again
  }
  if (seen_.size() >= kMaxRemembered) seen_.clear();
  char suffix[32];
  std::snprintf(
      suffix, sizeof suffix, ".%llx%04llx",
      static_cast<unsigned long long>(
          std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count()),
      static_cast<unsigned long long>(++sequence_ & 0xffff));
  const std::string name = object.name + suffix;
  seen_[key] = Seen{name, 1, timestamp, now};
  lock.unlock();

  const nlohmann::json event_object = {
      {"apiVersion", "v1"},
      {"kind", "Event"},
      {"metadata", {{"name", name}, {"namespace", ns}}},
      {"involvedObject",
       {{"apiVersion", model::kApiVersion},
        {"kind", kind},
        {"name", object.name},
        {"namespace", ns},
        {"uid", object.uid},
        {"resourceVersion", object.resource_version}}},
      {"type", event.type},
      {"reason", event.reason},
      {"message", event.message},
      {"source", {{"component", component_}}},
      {"reportingComponent", component_},
      {"firstTimestamp", timestamp},
      {"lastTimestamp", timestamp},
      {"count", 1},
  };
  if (auto created = api_.create(kEvents, ns, event_object, {}); !created && on_error_) {
    on_error_(created.error());
  }
}

}  // namespace rl::runtime
