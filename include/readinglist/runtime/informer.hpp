// A reflector with a thread: runs a Watcher for one collection, decodes each object with a
// caller-provided function into the typed Store, and calls add/update/delete handlers. A relist
// replaces the whole cache and reports only real differences (unchanged resourceVersions are
// quiet; objects gone meanwhile get their delete). Signals "synced" after the first full list.
#pragma once

#include <condition_variable>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>

#include "readinglist/runtime/store.hpp"
#include "readinglist/runtime/watcher.hpp"

namespace rl::runtime {

template <typename T>
class Informer {
 public:
  using Ptr = typename Store<T>::Ptr;
  using Entry = typename Store<T>::Entry;
  using Decode = std::function<std::expected<T, std::string>(const nlohmann::json&)>;
  using ErrorSink = Watcher::ErrorSink;

  // Called on the informer's thread, outside any lock of the store.
  struct Handlers {
    std::function<void(const Ptr&)> on_add;
    std::function<void(const Ptr& old, const Ptr& now)> on_update;
    std::function<void(const Ptr&)> on_delete;
  };

  Informer(kube::ApiClient& api, kube::Clock& clock, WatcherConfig config, Decode decode,
           Handlers handlers = {}, ErrorSink on_error = {})
      : watcher_(api, clock, std::move(config)),
        decode_(std::move(decode)),
        handlers_(std::move(handlers)),
        on_error_(std::move(on_error)) {}

  ~Informer() { stop(); }
  Informer(const Informer&) = delete;
  Informer& operator=(const Informer&) = delete;

  void start() {
    thread_ = std::jthread([this](std::stop_token stop) {
      watcher_.run([this](WatcherEvent&& event) { apply(std::move(event)); }, stop, on_error_);
    });
  }

  void stop() {
    if (thread_.joinable()) {
      thread_.request_stop();
      thread_.join();
    }
  }

  bool has_synced() const {
    std::lock_guard lock(sync_mutex_);
    return synced_;
  }

  // Blocks until the first list is in the store; false when `stop` fired first.
  bool wait_for_sync(std::stop_token stop = {}) const {
    std::unique_lock lock(sync_mutex_);
    return sync_cv_.wait(lock, stop, [this] { return synced_; });
  }

  const Store<T>& store() const { return store_; }

  // The resourceVersion the cache is known to be current at: of the last list, event or
  // bookmark applied (client-go's LastSyncResourceVersion). "" before the first list.
  std::string last_sync_resource_version() const {
    std::lock_guard lock(sync_mutex_);
    return last_sync_rv_;
  }

  // Applies one watcher event (what the thread does; public so tests can drive it directly).
  void apply(WatcherEvent&& event) {
    switch (event.type) {
      case WatcherEventType::InitStarted:
        pending_.emplace();
        return;
      case WatcherEventType::InitApply: {
        if (!pending_) pending_.emplace();
        if (auto entry = decode_entry(event.object)) {
          (*pending_)[object_key(event.object)] = std::move(*entry);
        }
        return;
      }
      case WatcherEventType::InitDone:
        finish_init(event.resource_version);
        return;
      case WatcherEventType::Bookmark:
        set_last_sync(event.resource_version);
        return;
      case WatcherEventType::Apply: {
        set_last_sync(kube::meta_string(event.object, "resourceVersion"));
        auto entry = decode_entry(event.object);
        if (!entry) return;  // keep the last good state rather than act on a broken one
        const Ptr now = entry->object;
        const auto old = store_.upsert(object_key(event.object), std::move(*entry));
        if (!old.object) {
          if (handlers_.on_add) handlers_.on_add(now);
        } else if (handlers_.on_update) {
          handlers_.on_update(old.object, now);
        }
        return;
      }
      case WatcherEventType::Delete: {
        set_last_sync(kube::meta_string(event.object, "resourceVersion"));
        auto old = store_.erase(object_key(event.object));
        if (!old.object) {
          // Never seen (e.g. it matched the selector only briefly): report its last state.
          auto entry = decode_entry(event.object);
          if (!entry) return;
          old = std::move(*entry);
        }
        if (handlers_.on_delete) handlers_.on_delete(old.object);
        return;
      }
    }
  }

 private:
  std::optional<Entry> decode_entry(const nlohmann::json& object) {
    auto decoded = decode_(object);
    if (!decoded) {
      if (on_error_) {
        on_error_(
            kube::decode_error("cannot decode " + object_key(object) + ": " + decoded.error()));
      }
      return std::nullopt;
    }
    return Entry{std::make_shared<const T>(std::move(*decoded)),
                 kube::meta_string(object, "resourceVersion")};
  }

  void set_last_sync(const std::string& rv) {
    if (rv.empty()) return;
    std::lock_guard lock(sync_mutex_);
    last_sync_rv_ = rv;
  }

  void finish_init(const std::string& list_rv) {
    if (!pending_) return;
    const auto fresh = *pending_;
    const auto old = store_.replace(std::move(*pending_));
    pending_.reset();
    for (const auto& [key, entry] : fresh) {
      const auto it = old.find(key);
      if (it == old.end()) {
        if (handlers_.on_add) handlers_.on_add(entry.object);
      } else if (it->second.resource_version != entry.resource_version && handlers_.on_update) {
        handlers_.on_update(it->second.object, entry.object);
      }
    }
    for (const auto& [key, entry] : old) {
      if (!fresh.contains(key) && handlers_.on_delete) handlers_.on_delete(entry.object);
    }
    {
      std::lock_guard lock(sync_mutex_);
      synced_ = true;
      if (!list_rv.empty()) last_sync_rv_ = list_rv;
    }
    sync_cv_.notify_all();
  }

  Watcher watcher_;
  Decode decode_;
  Handlers handlers_;
  ErrorSink on_error_;
  Store<T> store_;
  std::optional<std::map<std::string, Entry, std::less<>>> pending_;
  mutable std::mutex sync_mutex_;
  mutable std::condition_variable_any sync_cv_;
  bool synced_ = false;
  std::string last_sync_rv_;
  std::jthread thread_;  // last: stopped and joined before the members it uses go away
};

}  // namespace rl::runtime
