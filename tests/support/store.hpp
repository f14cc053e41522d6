// The versioned object store: objects by storage key, namespace and name; one global
// resourceVersion counter that only grows; a bounded history of events for watch resumption,
// consistent paged lists and exact-RV lists; and the watchers it notifies. Not thread-safe:
// the API server serialises access.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "status.hpp"

namespace rl::test_apiserver {

using ObjectPtr = std::shared_ptr<const nlohmann::json>;

// One revision of a stored object. It never changes once stored, so its JSON text is made once,
// on first use and on whichever thread needs it first (a watch stream, outside the server's
// lock), then shared by every watcher, list and response that serves this revision.
class Revision {
 public:
  explicit Revision(nlohmann::json value) : value_(std::move(value)) {}
  const nlohmann::json& value() const { return value_; }
  const std::string& text() const;

 private:
  const nlohmann::json value_;
  mutable std::once_flag dumped_;
  mutable std::string text_;
};
using RevisionPtr = std::shared_ptr<const Revision>;

// The object of a revision, sharing its ownership.
inline ObjectPtr object_of(const RevisionPtr& revision) {
  return revision ? ObjectPtr(revision, &revision->value()) : nullptr;
}

enum class EventType { Added, Modified, Deleted };

struct Event {
  std::uint64_t rv = 0;
  EventType type = EventType::Added;
  std::string storage;
  std::string key;       // "namespace/name"
  RevisionPtr object;    // the new state; for Deleted the last state at the deletion RV
  RevisionPtr previous;  // the state before (null for Added)
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void deliver(const Event& event) = 0;
};

std::string object_key(const std::string& ns, const std::string& name);

class Store {
 public:
  explicit Store(std::size_t history_limit = 10000) : history_limit_(history_limit) {}

  std::uint64_t resource_version() const { return rv_; }
  // A watch or an exact list can start from any RV >= this one.
  std::uint64_t oldest_resumable() const { return compacted_; }

  ObjectPtr get(const std::string& storage, const std::string& key) const;
  RevisionPtr get_revision(const std::string& storage, const std::string& key) const;
  // The objects of one storage in key order, optionally one namespace, as of now.
  std::vector<ObjectPtr> list(const std::string& storage, const std::string& ns) const;
  std::vector<RevisionPtr> list_revisions(const std::string& storage, const std::string& ns) const;
  // The revisions of one storage as of `rv` (rebuilt from the history); nullopt when the
  // history no longer has it.
  std::optional<std::map<std::string, RevisionPtr>> snapshot(const std::string& storage,
                                                             std::uint64_t rv) const;
  std::vector<std::string> storages() const;
  // Where an object with this uid lives, if it exists.
  std::optional<std::pair<std::string, std::string>> find_uid(const std::string& uid) const;

  // Each write stamps metadata.resourceVersion with the next RV and notifies the watchers.
  RevisionPtr put(const std::string& storage, nlohmann::json object);  // create or replace
  ObjectPtr remove(const std::string& storage, const std::string& key);

  // Events after `rv` still in the history, oldest first.
  std::vector<Event> events_after(std::uint64_t rv) const;
  // Calls `visit` on the same events in place (no copies; the store must not change meanwhile).
  template <typename Visit>
  void for_each_event_after(std::uint64_t rv, Visit&& visit) const {
    for (auto it = first_event_after(rv); it != history_.end(); ++it)
      visit(*it);
  }
  void add_sink(std::weak_ptr<EventSink> sink);
  void compact();  // forget the whole history: older resume points get 410
  void set_history_limit(std::size_t limit);

  // Objects, counter and (optionally) history as JSON, for --state.
  nlohmann::json save() const;
  void load(const nlohmann::json& state, bool keep_history);

 private:
  void record(Event event);
  std::deque<Event>::const_iterator first_event_after(std::uint64_t rv) const;
  std::uint64_t rv_ = 0;
  std::uint64_t compacted_ = 0;
  std::size_t history_limit_;
  std::map<std::string, std::map<std::string, RevisionPtr>> objects_;
  std::unordered_map<std::string, std::pair<std::string, std::string>> uids_;
  std::deque<Event> history_;
  std::vector<std::weak_ptr<EventSink>> sinks_;
};

}  // namespace rl::test_apiserver
