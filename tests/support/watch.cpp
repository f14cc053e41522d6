#include "watch.hpp"

#include "json_access.hpp"

namespace rl::test_apiserver {

using nlohmann::json;

namespace {
// A consumer this far behind is treated as gone (the real server drops slow watchers too).
constexpr std::size_t kMaxQueuedLines = 200000;
}  // namespace

std::string watch_line(const char* type, const std::string& object_text) {
  static constexpr std::string_view kType = R"({"type":")";
  static constexpr std::string_view kObject = R"(","object":)";
  std::string line;
  line.reserve(kType.size() + 16 + kObject.size() + object_text.size() + 2);
  line += kType;
  line += type;
  line += kObject;
  line += object_text;
  line += "}\n";
  return line;
}

std::string watch_line(const char* type, const json& object) {
  return watch_line(type, object.dump());
}

std::string Watch::Pending::take() && {
  if (!revision) return std::move(line);
  try {
    return watch_line(type, revision->text());
  } catch (const json::exception&) {
    // Text JSON cannot carry (invalid UTF-8 from a YAML or protobuf body): the streaming thread
    // must not die of it, so the bytes are replaced as the serialiser allows.
    return watch_line(type, revision->value().dump(-1, ' ', false, json::error_handler_t::replace));
  }
}

bool WatchFilter::matches(const json& wire_object) const {
  const auto& meta = member_or(wire_object, "metadata", kEmptyObject);
  if (!ns.empty() && meta.value("namespace", "") != ns) return false;
  if (!labels.empty() && !labels.matches(member_or(meta, "labels", kNullJson))) return false;
  return fields.empty() || fields.matches(wire_object);
}

Watch::Watch(TypePtr type, WatchFilter filter, std::uint64_t start_rv, bool bookmarks)
    : type_(std::move(type)),
      filter_(std::move(filter)),
      bookmarks_(bookmarks),
      last_rv_(start_rv) {}

void Watch::push(Pending pending) {
  if (closed_) return;
  if (lines_.size() >= kMaxQueuedLines) {
    closed_ = true;
    lines_.clear();
  } else {
    lines_.push_back(std::move(pending));
  }
  ready_.notify_all();
}

std::string Watch::event_line(const char* type, const json& object) const {
  return watch_line(type, presenter_ ? presenter_(object) : object);
}

std::optional<Watch::Pending> Watch::present(const Event& event) const {
  const json& stored_now = event.object->value();
  const json* stored_before = event.previous ? &event.previous->value() : nullptr;
  // Objects served as stored are filtered in place and queued as revisions; the others (and
  // presented ones) are converted first.
  const bool as_stored = !presenter_ && served_as_stored(*type_, stored_now) &&
                         (!stored_before || served_as_stored(*type_, *stored_before));
  json converted_now;
  json converted_before;
  if (!as_stored) {
    converted_now = from_storage(*type_, stored_now);
    if (stored_before) converted_before = from_storage(*type_, *stored_before);
  }
  const json& now = as_stored ? stored_now : converted_now;
  const json& before = as_stored && stored_before ? *stored_before : converted_before;
  auto line = [&](const char* type) {
    return as_stored ? Pending::of(type, event.object) : Pending::ready(event_line(type, now));
  };
  const bool now_matches = filter_.matches(now);
  const bool was_matching = stored_before && filter_.matches(before);
  switch (event.type) {
    case EventType::Added:
      if (now_matches) return line("ADDED");
      break;
    case EventType::Modified:
      if (now_matches) return line(was_matching ? "MODIFIED" : "ADDED");
      if (was_matching) {
        // The object left the selection: its old state at the new RV.
        json left = before;
        left["metadata"]["resourceVersion"] = std::to_string(event.rv);
        return Pending::ready(event_line("DELETED", left));
      }
      break;
    case EventType::Deleted:
      if (now_matches) return line("DELETED");
      break;
  }
  return std::nullopt;
}

void Watch::deliver(const Event& event) {
  std::optional<Pending> pending;
  if (event.storage == type_->storage) pending = present(event);
  std::lock_guard lock(mutex_);
  if (event.rv > last_rv_) last_rv_ = event.rv;
  if (pending) push(std::move(*pending));
}

void Watch::push_added(const RevisionPtr& stored) {
  const json& value = stored->value();
  if (!presenter_ && served_as_stored(*type_, value)) {
    if (!filter_.matches(value)) return;
    std::lock_guard lock(mutex_);
    push(Pending::of("ADDED", stored));
    return;
  }
  json wire = from_storage(*type_, value);
  if (!filter_.matches(wire)) return;
  std::lock_guard lock(mutex_);
  push(Pending::ready(event_line("ADDED", wire)));
}

void Watch::push_initial_events_end(std::uint64_t rv) {
  json object = {{"kind", type_->kind},
                 {"apiVersion", type_->api_version()},
                 {"metadata",
                  {{"resourceVersion", std::to_string(rv)},
                   {"annotations", {{"k8s.io/initial-events-end", "true"}}}}}};
  std::lock_guard lock(mutex_);
  if (rv > last_rv_) last_rv_ = rv;
  push(Pending::ready(watch_line("BOOKMARK", object)));
}

void Watch::push_error(const ApiError& error) {
  std::lock_guard lock(mutex_);
  push(Pending::ready(watch_line("ERROR", status_body(error))));
  closed_ = true;
  ready_.notify_all();
}

void Watch::close(Ending ending) {
  std::lock_guard lock(mutex_);
  if (!closed_) ending_ = ending;
  if (ending != Ending::Clean) lines_.clear();  // a cut loses what was not yet sent
  closed_ = true;
  ready_.notify_all();
}

Watch::Ending Watch::ending() const {
  std::lock_guard lock(mutex_);
  return ending_;
}

bool Watch::stalled() const {
  std::lock_guard lock(mutex_);
  return stalled_;
}

void Watch::stall() {
  std::lock_guard lock(mutex_);
  stalled_ = true;
  ready_.notify_all();
}

bool Watch::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

Watch::Next Watch::wait_pop(std::string& line, std::chrono::steady_clock::time_point until) {
  std::unique_lock lock(mutex_);
  ready_.wait_until(lock, until, [&] { return (!lines_.empty() && !stalled_) || closed_; });
  if (!lines_.empty() && !stalled_) {
    Pending pending = std::move(lines_.front());
    lines_.pop_front();
    lock.unlock();  // serialising a revision needs no lock
    line = std::move(pending).take();
    return Next::Line;
  }
  return closed_ ? Next::Closed : Next::Timeout;
}

Watch::Next Watch::wait_pop_many(std::string& lines, std::chrono::steady_clock::time_point until,
                                 std::size_t max_bytes) {
  lines.clear();
  std::unique_lock lock(mutex_);
  ready_.wait_until(lock, until, [&] { return (!lines_.empty() && !stalled_) || closed_; });
  if (lines_.empty() || stalled_) return closed_ ? Next::Closed : Next::Timeout;
  while (!lines_.empty() && !stalled_ && (lines.empty() || lines.size() < max_bytes)) {
    Pending pending = std::move(lines_.front());
    lines_.pop_front();
    lock.unlock();  // serialising a revision needs no lock
    lines += std::move(pending).take();
    lock.lock();
  }
  return Next::Line;
}

std::optional<std::string> Watch::try_pop() {
  std::unique_lock lock(mutex_);
  if (lines_.empty() || stalled_) return std::nullopt;
  Pending pending = std::move(lines_.front());
  lines_.pop_front();
  lock.unlock();
  return std::move(pending).take();
}

std::optional<std::string> Watch::bookmark() {
  std::lock_guard lock(mutex_);
  if (!bookmarks_ || closed_ || stalled_ || !lines_.empty()) return std::nullopt;
  json object = {{"kind", type_->kind},
                 {"apiVersion", type_->api_version()},
                 {"metadata", {{"resourceVersion", std::to_string(last_rv_)}}}};
  return watch_line("BOOKMARK", object);
}

}  // namespace rl::test_apiserver
