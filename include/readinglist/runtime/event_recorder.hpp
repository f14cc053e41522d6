// Kubernetes Events about ReadingLists and Microsites (what `kubectl describe` shows), with
// client-go's correlation: the same event for the same object within ten minutes bumps the count of
// the existing Event instead of creating another. Recording never fails a reconcile.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "readinglist/kube/api_client.hpp"
#include "readinglist/model/types.hpp"
#include "readinglist/reconcile/plan.hpp"

namespace rl::runtime {

class EventRecorder {
 public:
  using WallClock = std::function<std::chrono::system_clock::time_point()>;
  using ErrorSink = std::function<void(const kube::Error&)>;

  EventRecorder(kube::ApiClient& api, WallClock wall_clock, std::string component,
                ErrorSink on_error = {});

  // About an object of ours: `kind` is model::kKind or model::kMicrositeKind.
  void record(std::string_view kind, const model::ObjectMeta& object,
              const reconcile::EventRecord& event);
  void record(const model::ReadingList& list, const reconcile::EventRecord& event) {
    record(model::kKind, list.metadata, event);
  }

 private:
  struct Seen {
    std::string name;  // of the Event object
    std::int64_t count = 0;
    std::string first_timestamp;
    std::chrono::system_clock::time_point last;
  };

  kube::ApiClient& api_;
  WallClock wall_clock_;
  std::string component_;
  ErrorSink on_error_;
  std::mutex mutex_;
  std::map<std::string, Seen> seen_;  // by object uid + type + reason + message
  std::uint64_t sequence_ = 0;
};

}  // namespace rl::runtime
