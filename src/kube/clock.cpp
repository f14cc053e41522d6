#include "readinglist/kube/clock.hpp"

namespace rl::kube {

bool SystemClock::sleep_until(TimePoint deadline, std::stop_token stop) {
  std::mutex mutex;
  std::condition_variable_any cv;
  std::unique_lock lock(mutex);
  // wait_until with a stop token returns early (false) when stop is requested.
  cv.wait_until(lock, stop, deadline, [] { return false; });
  return !stop.stop_requested() && now() >= deadline;
}

ManualClock::ManualClock(Mode mode) : now_(TimePoint{} + std::chrono::hours(1000)), mode_(mode) {}

Clock::TimePoint ManualClock::now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

bool ManualClock::sleep_until(TimePoint deadline, std::stop_token stop) {
  std::unique_lock lock(mutex_);
  if (stop.stop_requested()) return false;
  if (mode_ == Mode::AutoAdvance) {
    if (deadline > now_) now_ = deadline;
    changed_.notify_all();
    return true;
  }
  ++sleepers_;
  changed_.notify_all();
  const bool reached = changed_.wait(lock, stop, [&] { return now_ >= deadline; });
  --sleepers_;
  changed_.notify_all();
  return reached;
}

void ManualClock::advance(Duration d) {
  std::lock_guard lock(mutex_);
  now_ += d;
  changed_.notify_all();
}

std::size_t ManualClock::sleepers() const {
  std::lock_guard lock(mutex_);
  return sleepers_;
}

bool ManualClock::wait_for_sleepers(std::size_t n, std::stop_token stop) const {
  std::unique_lock lock(mutex_);
  return changed_.wait(lock, stop, [&] { return sleepers_ >= n; });
}

}  // namespace rl::kube
