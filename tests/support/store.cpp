#include "store.hpp"

#include <algorithm>

#include "json_access.hpp"

namespace rl::test_apiserver {

using nlohmann::json;

namespace {
std::string uid_of(const json& object) {
  const auto& meta = member_or(object, "metadata", kEmptyObject);
  return meta.value("uid", "");
}
const char* type_name(EventType type) {
  switch (type) {
    case EventType::Added:
      return "ADDED";
    case EventType::Modified:
      return "MODIFIED";
    case EventType::Deleted:
      return "DELETED";
  }
  return "";
}
EventType type_from(const std::string& name) {
  if (name == "ADDED") return EventType::Added;
  if (name == "DELETED") return EventType::Deleted;
  return EventType::Modified;
}
}  // namespace

std::string object_key(const std::string& ns, const std::string& name) {
  return ns + "/" + name;
}

const std::string& Revision::text() const {
  std::call_once(dumped_, [this] { text_ = value_.dump(); });
  return text_;
}

RevisionPtr Store::get_revision(const std::string& storage, const std::string& key) const {
  auto s = objects_.find(storage);
  if (s == objects_.end()) return nullptr;
  auto it = s->second.find(key);
  return it == s->second.end() ? nullptr : it->second;
}

ObjectPtr Store::get(const std::string& storage, const std::string& key) const {
  return object_of(get_revision(storage, key));
}

std::vector<RevisionPtr> Store::list_revisions(const std::string& storage,
                                               const std::string& ns) const {
  std::vector<RevisionPtr> out;
  auto s = objects_.find(storage);
  if (s == objects_.end()) return out;
  if (ns.empty()) {
    out.reserve(s->second.size());
    for (const auto& [k, v] : s->second)
      out.push_back(v);
    return out;
  }
  std::string prefix = ns + "/";
  for (auto it = s->second.lower_bound(prefix);
       it != s->second.end() && it->first.starts_with(prefix); ++it) {
    out.push_back(it->second);
  }
  return out;
}

std::vector<ObjectPtr> Store::list(const std::string& storage, const std::string& ns) const {
  std::vector<ObjectPtr> out;
  for (const auto& revision : list_revisions(storage, ns))
    out.push_back(object_of(revision));
  return out;
}

std::optional<std::map<std::string, RevisionPtr>> Store::snapshot(const std::string& storage,
                                                                  std::uint64_t rv) const {
  if (rv < compacted_ || rv > rv_) return std::nullopt;
  std::map<std::string, RevisionPtr> out;
  if (auto s = objects_.find(storage); s != objects_.end()) out = s->second;
  for (auto it = history_.rbegin(); it != history_.rend() && it->rv > rv; ++it) {
    if (it->storage != storage) continue;
    if (it->type == EventType::Added) {
      out.erase(it->key);
    } else {
      out[it->key] = it->previous;
    }
  }
  return out;
}

std::vector<std::string> Store::storages() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : objects_)
    out.push_back(k);
  return out;
}

std::optional<std::pair<std::string, std::string>> Store::find_uid(const std::string& uid) const {
  auto it = uids_.find(uid);
  if (it == uids_.end()) return std::nullopt;
  return it->second;
}

RevisionPtr Store::put(const std::string& storage, json object) {
  const auto& meta = object.at("metadata");
  std::string key = object_key(meta.value("namespace", ""), meta.value("name", ""));
  object["metadata"]["resourceVersion"] = std::to_string(++rv_);
  auto stored = std::make_shared<const Revision>(std::move(object));
  auto& slot = objects_[storage][key];
  Event event{.rv = rv_,
              .type = slot ? EventType::Modified : EventType::Added,
              .storage = storage,
              .key = key,
              .object = stored,
              .previous = slot};
  slot = stored;
  uids_[uid_of(stored->value())] = {storage, key};
  record(std::move(event));
  return stored;
}

ObjectPtr Store::remove(const std::string& storage, const std::string& key) {
  auto s = objects_.find(storage);
  if (s == objects_.end()) return nullptr;
  auto it = s->second.find(key);
  if (it == s->second.end()) return nullptr;
  RevisionPtr previous = it->second;
  s->second.erase(it);
  uids_.erase(uid_of(previous->value()));
  json last = previous->value();
  last["metadata"]["resourceVersion"] = std::to_string(++rv_);
  auto deleted = std::make_shared<const Revision>(std::move(last));
  record({.rv = rv_,
          .type = EventType::Deleted,
          .storage = storage,
          .key = key,
          .object = deleted,
          .previous = previous});
  return object_of(deleted);
}

void Store::record(Event event) {
  std::erase_if(sinks_, [&](const std::weak_ptr<EventSink>& weak) {
    auto sink = weak.lock();
    if (sink) sink->deliver(event);
    return !sink;
  });
  history_.push_back(std::move(event));
  while (history_.size() > history_limit_) {
    compacted_ = history_.front().rv;
    history_.pop_front();
  }
}

std::deque<Event>::const_iterator Store::first_event_after(std::uint64_t rv) const {
  return std::ranges::upper_bound(history_, rv, {}, &Event::rv);
}

std::vector<Event> Store::events_after(std::uint64_t rv) const {
  return {first_event_after(rv), history_.end()};
}

void Store::add_sink(std::weak_ptr<EventSink> sink) {
  sinks_.push_back(std::move(sink));
}

void Store::compact() {
  history_.clear();
  compacted_ = rv_;
}

void Store::set_history_limit(std::size_t limit) {
  history_limit_ = limit;
  while (history_.size() > history_limit_) {
    compacted_ = history_.front().rv;
    history_.pop_front();
  }
}

json Store::save() const {
  json objects = json::object();
  for (const auto& [storage, items] : objects_) {
    json list = json::array();
    for (const auto& [k, v] : items)
      list.push_back(v->value());
    objects[storage] = std::move(list);
  }
  json history = json::array();
  for (const auto& e : history_) {
    history.push_back({{"rv", e.rv},
                       {"type", type_name(e.type)},
                       {"storage", e.storage},
                       {"key", e.key},
                       {"object", e.object->value()},
                       {"previous", e.previous ? e.previous->value() : json(nullptr)}});
  }
  return {{"resourceVersion", rv_},
          {"compacted", compacted_},
          {"objects", objects},
          {"history", history}};
}

void Store::load(const json& state, bool keep_history) {
  objects_.clear();
  uids_.clear();
  history_.clear();
  rv_ = state.value("resourceVersion", std::uint64_t{0});
  compacted_ = keep_history ? state.value("compacted", rv_) : rv_;
  const json objects = member_or(state, "objects", kEmptyObject);
  for (const auto& [storage, items] : objects.items()) {
    for (const auto& item : items) {
      const auto& meta = item.at("metadata");
      std::string key = object_key(meta.value("namespace", ""), meta.value("name", ""));
      objects_[storage][key] = std::make_shared<const Revision>(item);
      uids_[uid_of(item)] = {storage, key};
    }
  }
  if (!keep_history) return;
  for (const auto& e : member_or(state, "history", kEmptyArray)) {
    history_.push_back({.rv = e.at("rv").get<std::uint64_t>(),
                        .type = type_from(e.value("type", "")),
                        .storage = e.value("storage", ""),
                        .key = e.value("key", ""),
                        .object = std::make_shared<const Revision>(e.at("object")),
                        .previous = e.at("previous").is_null()
                                        ? nullptr
                                        : std::make_shared<const Revision>(e.at("previous"))});
  }
}

}  // namespace rl::test_apiserver
