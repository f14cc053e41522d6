// One open watch: filters the store's events for one kind, namespace and selectors, turns
// them into newline-delimited watch events (with ADDED/DELETED on selector transitions) and
// queues them for the thread that streams the response. An event whose object goes out as
// stored is queued as its revision: the streaming thread writes the revision's shared JSON
// text, so the writer holding the server's lock neither copies nor serialises it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "resources.hpp"
#include "selectors.hpp"
#include "store.hpp"

namespace rl::test_apiserver {

struct WatchFilter {
  std::string ns;  // "" = all namespaces
  LabelSelector labels;
  FieldSelector fields;
  bool matches(const nlohmann::json& wire_object) const;
};

class Watch final : public EventSink {
 public:
  Watch(TypePtr type, WatchFilter filter, std::uint64_t start_rv, bool bookmarks);

  // How objects appear in events (a one-row Table for `kubectl get -w`); identity by default.
  void set_presenter(std::function<nlohmann::json(const nlohmann::json&)> presenter) {
    presenter_ = std::move(presenter);
  }
  void deliver(const Event& event) override;
  void push_added(const RevisionPtr& stored);
  // The BOOKMARK that ends the initial events of a streaming list.
  void push_initial_events_end(std::uint64_t rv);
  // An ERROR event with this Status; the stream ends after it.
  void push_error(const ApiError& error);
  // How the stream ends: cleanly (final chunk), cut (connection dropped without the final
  // chunk), or cut in the middle of an event (half a JSON line, then dropped). The cuts are
  // fault injection: clients must survive a truncated body.
  enum class Ending { Clean, Cut, CutMidEvent };
  void close(Ending ending = Ending::Clean);
  Ending ending() const;
  // Fault injection: the connection stays open but nothing (no events, no bookmarks) is sent
  // until the watch is closed.
  void stall();
  bool stalled() const;

  enum class Next { Line, Timeout, Closed };
  // Waits until a line is queued, the watch is closed and drained, or `until`.
  Next wait_pop(std::string& line, std::chrono::steady_clock::time_point until);
  // The same, but takes every queued line up to about `max_bytes` at once (at least one), so a
  // backlog goes out in a few large writes instead of one write per event.
  Next wait_pop_many(std::string& lines, std::chrono::steady_clock::time_point until,
                     std::size_t max_bytes);
  std::optional<std::string> try_pop();
  // A BOOKMARK at the latest RV the watch has seen, if bookmarks were asked for and nothing is
  // queued (so it never overtakes an event).
  std::optional<std::string> bookmark();
  bool bookmarks_enabled() const { return bookmarks_; }
  bool closed() const;

 private:
  // A queued event: its line, or the event type and the revision whose text is the object.
  struct Pending {
    std::string line;
    const char* type = nullptr;
    RevisionPtr revision;
    static Pending ready(std::string line) { return {std::move(line), nullptr, nullptr}; }
    static Pending of(const char* type, RevisionPtr revision) {
      return {{}, type, std::move(revision)};
    }
    std::string take() &&;
  };
  void push(Pending pending);  // with mutex_ held
  std::optional<Pending> present(const Event& event) const;
  std::string event_line(const char* type, const nlohmann::json& object) const;
  std::function<nlohmann::json(const nlohmann::json&)> presenter_;
  TypePtr type_;
  WatchFilter filter_;
  bool bookmarks_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Pending> lines_;
  std::uint64_t last_rv_;
  bool closed_ = false;
  bool stalled_ = false;
  Ending ending_ = Ending::Clean;
};

// {"type":T,"object":O}\n
std::string watch_line(const char* type, const nlohmann::json& object);
std::string watch_line(const char* type, const std::string& object_text);

}  // namespace rl::test_apiserver
