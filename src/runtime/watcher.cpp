#include "readinglist/runtime/watcher.hpp"

#include <optional>

#include "readinglist/kube/status_error.hpp"

namespace rl::runtime {

void strip_managed_fields(nlohmann::json& object) {
  if (!object.is_object()) return;
  const auto meta = object.find("metadata");
  if (meta != object.end() && meta->is_object()) meta->erase("managedFields");
}

namespace {

// The API server leaves apiVersion and kind out of the items of a list of built-in kinds
// (ConfigMapList items have neither), while watch events carry them. Like client-go's
// unstructured list decoding, an item takes them from its list, so an object reads the same
// whether a list or a watch brought it (a reconcile comparing it with a desired object that
// names its kind would otherwise see a difference no write can remove).
void inherit_type(nlohmann::json& item, const nlohmann::json& list) {
  if (!item.is_object()) return;
  const auto api_version = list.find("apiVersion");
  if (!item.contains("apiVersion") && api_version != list.end() && api_version->is_string()) {
    item["apiVersion"] = *api_version;
  }
  const auto kind = list.find("kind");
  if (!item.contains("kind") && kind != list.end() && kind->is_string()) {
    std::string item_kind = kind->get<std::string>();
    if (item_kind.ends_with("List")) item_kind.resize(item_kind.size() - 4);
    if (!item_kind.empty()) item["kind"] = std::move(item_kind);
  }
}

bool ends_initial_events(const nlohmann::json& bookmark) {
  const auto meta = bookmark.find("metadata");
  if (meta == bookmark.end() || !meta->is_object()) return false;
  const auto annotations = meta->find("annotations");
  if (annotations == meta->end() || !annotations->is_object()) return false;
  const auto end = annotations->find("k8s.io/initial-events-end");
  return end != annotations->end() && end->is_string() && end->get<std::string>() == "true";
}

}  // namespace

Watcher::Watcher(kube::ApiClient& api, kube::Clock& clock, WatcherConfig config)
    : api_(api),
      clock_(clock),
      config_(std::move(config)),
      backoff_(config_.backoff, config_.seed),
      rng_(config_.seed ^ 0x9E3779B97F4A7C15ULL) {}

bool Watcher::back_off(std::stop_token stop) {
  return clock_.sleep_for(backoff_.next(clock_.now()), stop);
}

void Watcher::run(const Sink& sink, std::stop_token stop, const ErrorSink& on_error) {
  const auto report = [&](const kube::Error& e) {
    if (on_error && e.kind != kube::ErrorKind::Cancelled) on_error(e);
  };
  Next next = Next::Relist;
  while (!stop.stop_requested()) {
    if (next != Next::Watch) {
      if (next == Next::RelistFromScratch) rv_unusable_ = true;
      if (listed_once_ && config_.on_relist) config_.on_relist();
      if (config_.streaming_list && next != Next::ListInstead) {
        next = watch_once(sink, stop, report, /*stream_list=*/true);
        if (!stop.stop_requested() && config_.on_watch_restart) config_.on_watch_restart();
        continue;
      }
      auto listed = relist(sink, stop);
      if (stop.stop_requested()) return;
      if (!listed) {
        report(listed.error());
        if (!back_off(stop)) return;
        continue;
      }
    }
    next = watch_once(sink, stop, report, /*stream_list=*/false);
    if (!stop.stop_requested() && config_.on_watch_restart) config_.on_watch_restart();
  }
}

Watcher::Next Watcher::after_unfinished_stream(const std::optional<kube::Error>& failure,
                                               bool very_short, std::stop_token stop,
                                               const ErrorSink& report) {
  if (!failure && !very_short) {
    // Ended cleanly but early (a server timeout, a proxy): ask again, after the backoff, so
    // that a server which keeps doing it is not asked for its whole state in a loop.
    report(kube::transport_error("streaming list ended before its initial events did"));
    back_off(stop);
    return Next::Relist;
  }
  const bool transient = failure && (failure->retryable() || failure->is_expired() ||
                                     failure->is_resource_version_too_large());
  if (transient) {
    report(*failure);
    back_off(stop);
    return failure->is_expired() || failure->is_resource_version_too_large()
               ? Next::RelistFromScratch
               : Next::Relist;
  }
  // Refused (a server without the WatchList gate answers 422) or closed at once with nothing:
  // as client-go does, list and watch this time ("progress is better than deadlocking"); the
  // next relist streams again.
  kube::Error fallback =
      failure ? *failure : kube::transport_error("very short watch: closed at once with no event");
  fallback.message = "streaming list not served, listing and watching instead: " + fallback.message;
  report(fallback);
  return Next::ListInstead;
}

kube::Result<void> Watcher::relist(const Sink& sink, std::stop_token stop) {
  kube::ListOptions options;
  options.label_selector = config_.label_selector;
  options.field_selector = config_.field_selector;
  options.metadata_only = config_.metadata_only;
  if (!listed_once_) {
    // The first list may come from the watch cache (RV 0): cheap for the server.
    options.resource_version = "0";
    options.limit = config_.page_size;
  } else if (rv_unusable_ || last_rv_.empty()) {
    options.resource_version = "";
    options.limit = config_.page_size;
  } else {
    // "Not older than" what we already saw; no paging (an exact-RV page could be expired).
    options.resource_version = last_rv_;
  }
  auto listed = list_once(sink, options, stop);
  if (!listed && options.resource_version != "" &&
      (listed.error().is_expired() || listed.error().is_resource_version_too_large())) {
    options.resource_version = "";
    options.limit = config_.page_size;
    listed = list_once(sink, options, stop);
  }
  if (listed) {
    listed_once_ = true;
    rv_unusable_ = false;
  }
  return listed;
}

kube::Result<void> Watcher::list_once(const Sink& sink, kube::ListOptions options,
                                      std::stop_token stop) {
  const kube::ListOptions first = options;
  bool restarted = false;
  std::string list_rv;
  sink({WatcherEventType::InitStarted, {}, {}});
  while (true) {
    if (stop.stop_requested()) return std::unexpected(kube::cancelled_error("list"));
    auto page = api_.list(config_.resource, config_.namespace_, options);
    if (!page) {
      if (page.error().is_expired() && !options.continue_token.empty() && !restarted) {
        // The continue token outlived its snapshot: start the whole list again.
        restarted = true;
        options = first;
        options.resource_version = "";
        list_rv.clear();
        sink({WatcherEventType::InitStarted, {}, {}});
        continue;
      }
      return std::unexpected(page.error());
    }
    if (list_rv.empty()) list_rv = kube::meta_string(*page, "resourceVersion");
    if (auto items = page->find("items"); items != page->end() && items->is_array()) {
      for (auto& item : *items) {
        if (!config_.keep_managed_fields) strip_managed_fields(item);
        inherit_type(item, *page);
        sink({WatcherEventType::InitApply, std::move(item), {}});
      }
    }
    const auto next = kube::meta_string(*page, "continue");
    if (next.empty()) break;
    options.continue_token = next;
    options.resource_version.reset();
    options.resource_version_match.clear();
  }
  last_rv_ = list_rv;
  sink({WatcherEventType::InitDone, {}, list_rv});
  return {};
}

Watcher::Next Watcher::watch_once(const Sink& sink, std::stop_token stop, const ErrorSink& report,
                                  bool stream_list) {
  kube::WatchOptions options;
  options.label_selector = config_.label_selector;
  options.field_selector = config_.field_selector;
  options.resource_version = last_rv_;
  options.allow_bookmarks = true;
  options.metadata_only = config_.metadata_only;
  options.unparsed_field = config_.unparsed_field;
  if (stream_list) {
    options.send_initial_events = true;
    // "Not older than" what we already saw, as a relist; the first one, or one after our
    // version expired, reads the most recent state.
    if (!listed_once_ || rv_unusable_) options.resource_version.clear();
  }
  const auto min = std::max<std::int64_t>(1, config_.min_watch_timeout.count());
  options.timeout_seconds =
      min + static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(min));

  const auto started = clock_.now();
  std::size_t events = 0;
  std::optional<kube::Error> error_event;
  // Until the annotated bookmark, a streaming list's ADDEDs are the full state, in no order of
  // version: they neither count as changes nor move the resume point.
  bool initial = stream_list;
  if (initial) sink({WatcherEventType::InitStarted, {}, {}});
  const auto on_event = [&](kube::WatchEvent&& event) {
    auto rv = event.resource_version();
    if (initial && event.type != kube::WatchEventType::Error) {
      ++events;
      if (event.type == kube::WatchEventType::Added ||
          event.type == kube::WatchEventType::Modified) {
        if (!config_.keep_managed_fields) strip_managed_fields(event.object);
        sink({WatcherEventType::InitApply, std::move(event.object), {}});
      } else if (event.type == kube::WatchEventType::Bookmark &&
                 ends_initial_events(event.object)) {
        initial = false;
        listed_once_ = true;
        rv_unusable_ = false;
        last_rv_ = rv;
        sink({WatcherEventType::InitDone, {}, std::move(rv)});
      }
      return true;  // a DELETED or a plain bookmark is not part of the state being sent
    }
    switch (event.type) {
      case kube::WatchEventType::Added:
      case kube::WatchEventType::Modified:
        if (!config_.keep_managed_fields) strip_managed_fields(event.object);
        sink({WatcherEventType::Apply, std::move(event.object), {}});
        if (config_.on_watch_event) config_.on_watch_event();
        break;
      case kube::WatchEventType::Deleted:
        if (!config_.keep_managed_fields) strip_managed_fields(event.object);
        sink({WatcherEventType::Delete, std::move(event.object), {}});
        if (config_.on_watch_event) config_.on_watch_event();
        break;
      case kube::WatchEventType::Bookmark:
        // Only moves the resume point; announced so that an informer can tell how current it
        // is (client-go's LastSyncResourceVersion).
        if (!rv.empty()) sink({WatcherEventType::Bookmark, {}, rv});
        break;
      case kube::WatchEventType::Error:
        error_event = kube::error_from_status(event.object);
        return false;
    }
    if (!rv.empty()) last_rv_ = rv;
    ++events;
    return true;
  };
  auto watched = api_.watch(config_.resource, config_.namespace_, options, on_event, stop);
  if (stop.stop_requested()) return Next::Watch;
  const bool very_short = events == 0 && clock_.now() - started < config_.short_watch;

  std::optional<kube::Error> failure = error_event;
  if (!failure && !watched) failure = watched.error();
  if (initial) return after_unfinished_stream(failure, very_short, stop, report);
  if (!failure) {
    if (!very_short) return Next::Watch;  // the server closed the stream: resume at once
    failure = kube::transport_error(
        "very short watch: the server closed it at once with no "
        "event");
    report(*failure);
    back_off(stop);
    return Next::Relist;
  }
  report(*failure);
  if (failure->is_expired()) {
    // Our version left the server's history: relist. At once, unless the server keeps
    // expiring fresh watches (then the backoff keeps us from spinning).
    if (very_short) back_off(stop);
    return Next::Relist;
  }
  if (failure->is_resource_version_too_large()) {
    back_off(stop);
    return Next::RelistFromScratch;
  }
  if (!error_event &&
      (failure->kind == kube::ErrorKind::Transport || failure->is_too_many_requests())) {
    // Refused, reset, cut mid-stream, silent for too long, throttled: the resume point is
    // still good.
    back_off(stop);
    return Next::Watch;
  }
  back_off(stop);
  return Next::Relist;
}

}  // namespace rl::runtime
