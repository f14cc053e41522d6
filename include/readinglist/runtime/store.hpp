// The informer's in-memory cache: typed objects keyed "namespace/name" (or "name" when
// cluster-scoped), shared as immutable snapshots. Readers on any thread; one writer (the
// informer). Holding typed structs rather than JSON trees keeps the cache small.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace rl::runtime {

// "namespace/name", or "name" for cluster-scoped objects; "" when the object has no name.
std::string object_key(const nlohmann::json& object);

template <typename T>
class Store {
 public:
  using Ptr = std::shared_ptr<const T>;

  struct Entry {
    Ptr object;
    std::string resource_version;
  };

  Ptr get(std::string_view key) const {
    std::shared_lock lock(mutex_);
    const auto it = items_.find(key);
    return it == items_.end() ? nullptr : it->second.object;
  }

  std::vector<Ptr> list() const {
    std::shared_lock lock(mutex_);
    std::vector<Ptr> out;
    out.reserve(items_.size());
    for (const auto& [key, entry] : items_)
      out.push_back(entry.object);
    return out;
  }

  // The objects of one namespace ("" for all), in key order.
  std::vector<Ptr> list_in(std::string_view ns) const {
    if (ns.empty()) return list();
    std::shared_lock lock(mutex_);
    std::vector<Ptr> out;
    const std::string first = std::string(ns) + '/';
    for (auto it = items_.lower_bound(first);
         it != items_.end() && std::string_view(it->first).starts_with(first); ++it)
      out.push_back(it->second.object);
    return out;
  }

  std::vector<std::string> keys() const {
    std::shared_lock lock(mutex_);
    std::vector<std::string> out;
    out.reserve(items_.size());
    for (const auto& [key, entry] : items_)
      out.push_back(key);
    return out;
  }

  std::size_t size() const {
    std::shared_lock lock(mutex_);
    return items_.size();
  }

  // Writer side. Returns the entry it replaced (object null when there was none).
  Entry upsert(const std::string& key, Entry entry) {
    std::unique_lock lock(mutex_);
    auto& slot = items_[key];
    std::swap(slot, entry);
    return entry;
  }

  Entry erase(std::string_view key) {
    std::unique_lock lock(mutex_);
    const auto it = items_.find(key);
    if (it == items_.end()) return {};
    Entry old = std::move(it->second);
    items_.erase(it);
    return old;
  }

  // Swaps in a whole new content; returns the old one.
  std::map<std::string, Entry, std::less<>> replace(std::map<std::string, Entry, std::less<>> all) {
    std::unique_lock lock(mutex_);
    std::swap(items_, all);
    return all;
  }

 private:
  mutable std::shared_mutex mutex_;
  std::map<std::string, Entry, std::less<>> items_;
};

}  // namespace rl::runtime
