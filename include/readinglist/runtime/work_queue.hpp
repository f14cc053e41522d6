// The controller's work queue, after client-go's rate-limited workqueue: a key is queued once
// however many events arrive, never handed to two workers at once (an event during processing
// queues it again for after), failed keys come back after a per-key exponential backoff under
// an overall token bucket, delayed adds wait on the injected Clock, and shutdown lets
// in-flight work finish.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <thread>

#include "readinglist/kube/clock.hpp"
#include "readinglist/kube/rate_limiter.hpp"

namespace rl::runtime {

struct WorkQueuePolicy {
  // Per key: base * 2^(failures-1), capped (controller-runtime: 5 ms .. 1000 s; a site is not
  // worth 16 minutes of silence, so the cap is lower).
  kube::Clock::Duration retry_base = std::chrono::milliseconds(5);
  kube::Clock::Duration retry_cap = std::chrono::seconds(300);
  // Overall retries: a token bucket, so a storm of failures cannot hammer the API server.
  double retry_qps = 10.0;
  int retry_burst = 100;
};

struct WorkQueueStats {
  std::size_t depth = 0;                    // keys waiting to be handed out
  std::size_t processing = 0;               // keys a worker holds
  std::size_t waiting = 0;                  // delayed keys not yet due
  std::uint64_t adds = 0;                   // add() calls that queued a key
  std::uint64_t retries = 0;                // add_rate_limited() calls
  kube::Clock::Duration longest_running{};  // of the keys processing now
  kube::Clock::Duration unfinished_work{};  // summed over the keys processing now
};

class WorkQueue {
 public:
  using Key = std::string;

  explicit WorkQueue(kube::Clock& clock, WorkQueuePolicy policy = {});
  ~WorkQueue();
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  void add(const Key& key);
  void add_after(const Key& key, kube::Clock::Duration delay);
  // After a failure: the key comes back after its backoff (and the overall rate limit).
  void add_rate_limited(const Key& key);
  // After a success: the key's next failure starts from the base delay again.
  void forget(const Key& key);
  int failures(const Key& key) const;

  // Blocks for the next key; nullopt once the queue is shut down (or `stop` fires).
  std::optional<Key> get(std::stop_token stop = {});
  // The worker is finished with `key`; if it was added meanwhile it is queued again.
  void done(const Key& key);

  // No more keys are handed out; keys being processed may still call done().
  void shut_down();
  // Waits until no key is being processed. False when `stop` fired first.
  bool wait_until_idle(std::stop_token stop = {});

  WorkQueueStats stats() const;

 private:
  void queue_locked(const Key& key);
  void delay_loop(std::stop_token stop);

  kube::Clock& clock_;
  WorkQueuePolicy policy_;
  mutable std::mutex mutex_;
  std::condition_variable_any ready_;
  std::condition_variable_any idle_;
  std::condition_variable_any delay_changed_;
  std::deque<Key> queue_;
  std::set<Key> dirty_;  // queued, or added again while processing
  std::map<Key, kube::Clock::TimePoint> processing_;
  std::multimap<kube::Clock::TimePoint, Key> waiting_;
  std::map<Key, int> failures_;
  kube::TokenBucket retry_bucket_;
  bool shutting_down_ = false;
  std::uint64_t adds_ = 0;
  std::uint64_t retries_ = 0;
  // Wakes the delay thread when an earlier deadline arrives or on shutdown.
  std::stop_source delay_wakeup_;
  std::jthread delay_thread_;
};

}  // namespace rl::runtime
