// WorkQueue: dirty/processing sets for deduplication, a delay thread on the Clock.
#include "readinglist/runtime/work_queue.hpp"

#include <algorithm>
#include <cmath>

namespace rl::runtime {

WorkQueue::WorkQueue(kube::Clock& clock, WorkQueuePolicy policy)
    : clock_(clock),
      policy_(policy),
      retry_bucket_(policy.retry_qps, policy.retry_burst, clock.now()),
      delay_thread_([this](std::stop_token stop) { delay_loop(stop); }) {}

WorkQueue::~WorkQueue() {
  shut_down();
  delay_thread_.request_stop();
  delay_thread_.join();
}

void WorkQueue::queue_locked(const Key& key) {
  if (shutting_down_ || dirty_.contains(key)) return;
  dirty_.insert(key);
  ++adds_;
  // A key being processed is queued again by done(), never handed to a second worker.
  if (processing_.contains(key)) return;
  queue_.push_back(key);
  ready_.notify_one();
}

void WorkQueue::add(const Key& key) {
  std::lock_guard lock(mutex_);
  queue_locked(key);
}

void WorkQueue::add_after(const Key& key, kube::Clock::Duration delay) {
  if (delay <= kube::Clock::Duration::zero()) return add(key);
  std::lock_guard lock(mutex_);
  if (shutting_down_) return;
  const auto deadline = clock_.now() + delay;
  // The earliest deadline per key wins; a later duplicate is dropped.
  for (auto it = waiting_.begin(); it != waiting_.end(); ++it) {
    if (it->second != key) continue;
    if (it->first <= deadline) return;
    waiting_.erase(it);
    break;
  }
  const bool earliest = waiting_.empty() || deadline < waiting_.begin()->first;
  waiting_.emplace(deadline, key);
  if (earliest) {
    // The delay thread re-reads the earliest deadline, whether it sleeps on the clock or idles.
    delay_wakeup_.request_stop();
    delay_changed_.notify_all();
  }
}

void WorkQueue::add_rate_limited(const Key& key) {
  kube::Clock::Duration delay;
  {
    std::lock_guard lock(mutex_);
    ++retries_;
    const int failures = ++failures_[key];
    const double factor = std::ldexp(1.0, std::min(failures - 1, 62));
    const auto backoff = std::chrono::duration_cast<kube::Clock::Duration>(
        std::chrono::duration<double, kube::Clock::Duration::period>(
            static_cast<double>(policy_.retry_base.count()) * factor));
    const auto per_key = std::min(backoff, policy_.retry_cap);
    const auto overall = retry_bucket_.reserve(clock_.now());
    delay = std::max(per_key, overall);
  }
  add_after(key, delay);
}

void WorkQueue::forget(const Key& key) {
  std::lock_guard lock(mutex_);
  failures_.erase(key);
}

int WorkQueue::failures(const Key& key) const {
  std::lock_guard lock(mutex_);
  const auto it = failures_.find(key);
  return it == failures_.end() ? 0 : it->second;
}

std::optional<WorkQueue::Key> WorkQueue::get(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  ready_.wait(lock, stop, [&] { return shutting_down_ || !queue_.empty(); });
  if (shutting_down_ || queue_.empty()) return std::nullopt;
  Key key = std::move(queue_.front());
  queue_.pop_front();
  dirty_.erase(key);
  processing_.emplace(key, clock_.now());
  return key;
}

void WorkQueue::done(const Key& key) {
  std::lock_guard lock(mutex_);
  processing_.erase(key);
  if (dirty_.contains(key) && !shutting_down_) {
    queue_.push_back(key);
    ready_.notify_one();
  }
  if (processing_.empty()) idle_.notify_all();
}

void WorkQueue::shut_down() {
  std::lock_guard lock(mutex_);
  shutting_down_ = true;
  delay_wakeup_.request_stop();
  delay_changed_.notify_all();
  ready_.notify_all();
  idle_.notify_all();
}

bool WorkQueue::wait_until_idle(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  return idle_.wait(lock, stop, [&] { return processing_.empty(); });
}

WorkQueueStats WorkQueue::stats() const {
  std::lock_guard lock(mutex_);
  WorkQueueStats stats{.depth = queue_.size(),
                       .processing = processing_.size(),
                       .waiting = waiting_.size(),
                       .adds = adds_,
                       .retries = retries_,
                       .longest_running = {},
                       .unfinished_work = {}};
  const auto now = clock_.now();
  for (const auto& [key, since] : processing_) {
    stats.longest_running = std::max(stats.longest_running, now - since);
    stats.unfinished_work += now - since;
  }
  return stats;
}

void WorkQueue::delay_loop(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested() && !shutting_down_) {
    const auto now = clock_.now();
    while (!waiting_.empty() && waiting_.begin()->first <= now) {
      queue_locked(waiting_.begin()->second);
      waiting_.erase(waiting_.begin());
    }
    if (waiting_.empty()) {
      // Nothing is due: wait for an add_after() rather than for time.
      delay_changed_.wait(lock, stop, [&] { return shutting_down_ || !waiting_.empty(); });
      continue;
    }
    const auto next = waiting_.begin()->first;
    delay_wakeup_ = std::stop_source();
    const std::stop_token wakeup = delay_wakeup_.get_token();
    lock.unlock();
    {
      // Either source ends the sleep: the queue's (an earlier deadline, shutdown) or the
      // thread's (destruction).
      std::stop_source either;
      std::stop_callback on_wakeup(wakeup, [&] { either.request_stop(); });
      std::stop_callback on_stop(stop, [&] { either.request_stop(); });
      clock_.sleep_until(next, either.get_token());
    }
    lock.lock();
  }
}

}  // namespace rl::runtime
