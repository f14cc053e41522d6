// The versioned object store: objects by storage key, namespace and name; one global
// resourceVersion counter that only grows; a bounded history of events for watch resumption,
// consistent paged lists and exact-RV lists; and the watchers it notifies. Not thread-safe:
// the API server serialises access.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "status.hpp"

namespace rl::test_apiserver {

using ObjectPtr = std::shared_ptr<const nlohmann::json>;

enum class EventType { Added, Modified, Deleted };

struct Event {
  std::uint64_t rv = 0;
  EventType type = EventType::Added;
  std::string storage;
  std::string key;     // "namespace/name"
  ObjectPtr object;    // the new state; for Deleted the last state at the deletion RV
  ObjectPtr previous;  // the state before (null for Added)
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
  // The objects of one storage in key order, optionally one namespace, as of now.
  std::vector<ObjectPtr> list(const std::string& storage, const std::string& ns) const;
  // The same as of `rv` (rebuilt from the history); nullopt when the history no longer has it.
  std::optional<std::map<std::string, ObjectPtr>> snapshot(const std::string& storage,
                                                           std::uint64_t rv) const;
  std::vector<std::string> storages() const;
  // Where an object with this uid lives, if it exists.
  std::optional<std::pair<std::string, std::string>> find_uid(const std::string& uid) const;

  // Each write stamps metadata.resourceVersion with the next RV and notifies the watchers.
  ObjectPtr put(const std::string& storage, nlohmann::json object);  // create or replace
  ObjectPtr remove(const std::string& storage, const std::string& key);

  // Events after `rv` still in the history, oldest first.
  std::vector<Event> events_after(std::uint64_t rv) const;
  void add_sink(std::weak_ptr<EventSink> sink);
  void compact();  // forget the whole history: older resume points get 410
  void set_history_limit(std::size_t limit);

  // Objects, counter and (optionally) history as JSON, for --state.
  nlohmann::json save() const;
  void load(const nlohmann::json& state, bool keep_history);

 private:
  void record(Event event);
  std::uint64_t rv_ = 0;
  std::uint64_t compacted_ = 0;
  std::size_t history_limit_;
  std::map<std::string, std::map<std::string, ObjectPtr>> objects_;
  std::unordered_map<std::string, std::pair<std::string, std::string>> uids_;
  std::deque<Event> history_;
  std::vector<std::weak_ptr<EventSink>> sinks_;
};

}  // namespace rl::test_apiserver
