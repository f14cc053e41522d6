// The list-then-watch state machine of one collection (client-go's Reflector, kube-rs's
// watcher): list (paged) and announce the full state, then watch from the list's
// resourceVersion with bookmarks; re-watch from the last seen version when a stream ends; relist
// on 410 Expired; back off with jitter on failures. It runs on the caller's thread and reports
// what it sees as WatcherEvents; it never gives up until stopped.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <stop_token>
#include <string>

#include "readinglist/kube/api_client.hpp"
#include "readinglist/kube/backoff.hpp"
#include "readinglist/kube/clock.hpp"

namespace rl::runtime {

enum class WatcherEventType {
  InitStarted,  // a (re)list begins; the InitApply objects that follow are the full state
  InitApply,    // one object of the list
  InitDone,     // the list is complete; objects not announced since InitStarted are gone
  Apply,        // added or modified (watch)
  Delete,       // deleted (watch); the object's last state
  Bookmark,     // the resume point moved (resource_version) without any change to the objects
};

struct WatcherEvent {
  WatcherEventType type = WatcherEventType::Apply;
  nlohmann::json object;         // InitApply/Apply/Delete; managedFields removed unless kept
  std::string resource_version;  // InitDone: the list's; Bookmark: the bookmark's
};

struct WatcherConfig {
  kube::ResourceRef resource;
  std::string namespace_;  // "" = all namespaces (or a cluster-scoped resource)
  std::string label_selector;
  std::string field_selector;
  // Objects as PartialObjectMetadata: for a cache that needs no more than metadata (and keeps
  // the server from sending, and us from parsing, what it would throw away).
  bool metadata_only = false;
  // managedFields are removed before objects reach the sink unless the decoder needs them.
  bool keep_managed_fields = false;
  // A field of the objects the decoder keeps as text: watch events bring it unparsed (see
  // kube::WatchOptions::unparsed_field); a list's items bring it parsed.
  std::string unparsed_field;
  // The full state comes from a streaming list (a watch with sendInitialEvents, client-go's
  // WatchList, on by default since client-go 1.35): objects arrive one at a time, so neither
  // side holds a whole list in memory. A server that refuses it, or closes it at once, is
  // listed (paged) and watched instead, that time.
  bool streaming_list = false;
  std::int64_t page_size = 500;  // first list only; later relists read at the last version
  // Each watch asks for timeoutSeconds uniformly in [min, 2*min) (client-go: 5 min).
  std::chrono::seconds min_watch_timeout{300};
  kube::BackoffPolicy backoff;  // client-go's reflector defaults
  std::uint64_t seed = 0;       // jitter of the backoff and the watch timeouts
  // A watch ending sooner than this with no event counts as a failure ("very short watch").
  kube::Clock::Duration short_watch = std::chrono::seconds(1);
  // For metrics: a watch stream ended (however) and another starts; a list follows the first.
  std::function<void()> on_watch_restart;
  std::function<void()> on_relist;
  // For metrics: one added, modified or deleted object arrived on a watch (not a list item).
  std::function<void()> on_watch_event;
};

class Watcher {
 public:
  using Sink = std::function<void(WatcherEvent&&)>;
  // Every failure, with whether the watcher will relist; for logs and metrics.
  using ErrorSink = std::function<void(const kube::Error&)>;

  Watcher(kube::ApiClient& api, kube::Clock& clock, WatcherConfig config);

  // Lists and watches until `stop`, handing events to `sink` on this thread.
  void run(const Sink& sink, std::stop_token stop, const ErrorSink& on_error = {});

  // The resume point: the version of the last list, event or bookmark processed.
  const std::string& last_resource_version() const { return last_rv_; }

 private:
  // ListInstead: a list, even when the config asks for streaming lists.
  enum class Next { Watch, Relist, RelistFromScratch, ListInstead };

  // Lists into `sink`; on success sets last_rv_. Falls back to a consistent read ("") when
  // the remembered version is expired or unknown to the server.
  kube::Result<void> relist(const Sink& sink, std::stop_token stop);
  kube::Result<void> list_once(const Sink& sink, kube::ListOptions options, std::stop_token stop);
  // One watch call; decides what comes next. `stream_list`: a streaming list, whose initial
  // events replace the state, then an ordinary watch.
  Next watch_once(const Sink& sink, std::stop_token stop, const ErrorSink& on_error,
                  bool stream_list);
  // A streaming list ended before its initial events did: ask again, or fall back to listing.
  Next after_unfinished_stream(const std::optional<kube::Error>& failure, bool very_short,
                               std::stop_token stop, const ErrorSink& report);
  bool back_off(std::stop_token stop);

  kube::ApiClient& api_;
  kube::Clock& clock_;
  WatcherConfig config_;
  kube::Backoff backoff_;
  std::mt19937_64 rng_;
  std::string last_rv_;
  bool listed_once_ = false;
  bool rv_unusable_ = false;  // the last version is expired or too new: relist with ""
};

// Removes metadata.managedFields (often the biggest part of an object, never read by us).
void strip_managed_fields(nlohmann::json& object);

}  // namespace rl::runtime
