#include "watch.hpp"

namespace rl::test_apiserver {

using nlohmann::json;

namespace {
// A consumer this far behind is treated as gone (the real server drops slow watchers too).
constexpr std::size_t kMaxQueuedLines = 200000;
}  // namespace

std::string watch_line(const char* type, const json& object) {
  std::string line = R"({"type":")";
  line += type;
  line += R"(","object":)";
  line += object.dump();
  line += "}\n";
  return line;
}

bool WatchFilter::matches(const json& wire_object) const {
  const auto& meta = wire_object.value("metadata", json::object());
  if (!ns.empty() && meta.value("namespace", "") != ns) return false;
  if (!labels.empty() && !labels.matches(meta.value("labels", json()))) return false;
  return fields.empty() || fields.matches(wire_object);
}

Watch::Watch(TypePtr type, WatchFilter filter, std::uint64_t start_rv, bool bookmarks)
    : type_(std::move(type)),
      filter_(std::move(filter)),
      bookmarks_(bookmarks),
      last_rv_(start_rv) {}

void Watch::push(std::string line) {
  if (closed_) return;
  if (lines_.size() >= kMaxQueuedLines) {
    closed_ = true;
    lines_.clear();
  } else {
    lines_.push_back(std::move(line));
  }
  ready_.notify_all();
}

std::string Watch::event_line(const char* type, const json& object) const {
  return watch_line(type, presenter_ ? presenter_(object) : object);
}

void Watch::deliver(const Event& event) {
  std::optional<std::string> line;
  if (event.storage == type_->storage) {
    json now = from_storage(*type_, *event.object);
    bool now_matches = filter_.matches(now);
    bool was_matching = false;
    json before;
    if (event.previous) {
      before = from_storage(*type_, *event.previous);
      was_matching = filter_.matches(before);
    }
    switch (event.type) {
      case EventType::Added:
        if (now_matches) line = event_line("ADDED", now);
        break;
      case EventType::Modified:
        if (now_matches && was_matching) {
          line = event_line("MODIFIED", now);
        } else if (now_matches) {
          line = event_line("ADDED", now);
        } else if (was_matching) {
          // The object left the selection: its old state at the new RV.
          before["metadata"]["resourceVersion"] = std::to_string(event.rv);
          line = event_line("DELETED", before);
        }
        break;
      case EventType::Deleted:
        if (now_matches) line = event_line("DELETED", now);
        break;
    }
  }
  std::lock_guard lock(mutex_);
  if (event.rv > last_rv_) last_rv_ = event.rv;
  if (line) push(std::move(*line));
}

void Watch::push_added(const json& stored_object) {
  json wire = from_storage(*type_, stored_object);
  if (!filter_.matches(wire)) return;
  std::lock_guard lock(mutex_);
  push(event_line("ADDED", wire));
}

void Watch::push_initial_events_end(std::uint64_t rv) {
  json object = {{"kind", type_->kind},
                 {"apiVersion", type_->api_version()},
                 {"metadata",
                  {{"resourceVersion", std::to_string(rv)},
                   {"annotations", {{"k8s.io/initial-events-end", "true"}}}}}};
  std::lock_guard lock(mutex_);
  if (rv > last_rv_) last_rv_ = rv;
  push(watch_line("BOOKMARK", object));
}

void Watch::push_error(const ApiError& error) {
  std::lock_guard lock(mutex_);
  push(watch_line("ERROR", status_body(error)));
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
    line = std::move(lines_.front());
    lines_.pop_front();
    return Next::Line;
  }
  return closed_ ? Next::Closed : Next::Timeout;
}

std::optional<std::string> Watch::try_pop() {
  std::lock_guard lock(mutex_);
  if (lines_.empty() || stalled_) return std::nullopt;
  std::string line = std::move(lines_.front());
  lines_.pop_front();
  return line;
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
