// Time behind an interface: everything in the client and the runtime that waits (rate limits,
// backoff, retry delays, token refresh) asks a Clock, so tests run on virtual time.
// SystemClock is the real one; ManualClock moves only when a test says so (or, in auto-advance
// mode, jumps to whatever deadline a sleeper asks for).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <stop_token>

namespace rl::kube {

class Clock {
 public:
  using Duration = std::chrono::steady_clock::duration;
  using TimePoint = std::chrono::steady_clock::time_point;

  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  // Blocks until `deadline` or until `stop` is requested. True when the deadline was reached.
  virtual bool sleep_until(TimePoint deadline, std::stop_token stop) = 0;
  bool sleep_for(Duration d, std::stop_token stop) { return sleep_until(now() + d, stop); }
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::steady_clock::now(); }
  bool sleep_until(TimePoint deadline, std::stop_token stop) override;
};

class ManualClock final : public Clock {
 public:
  enum class Mode { Manual, AutoAdvance };
  // Starts at an arbitrary fixed epoch so tests never depend on the real time.
  explicit ManualClock(Mode mode = Mode::Manual);

  TimePoint now() const override;
  bool sleep_until(TimePoint deadline, std::stop_token stop) override;

  void advance(Duration d);
  // Threads currently blocked in sleep_until (Manual mode); lets a test advance at the right time.
  std::size_t sleepers() const;
  // Blocks (without touching virtual time) until at least `n` threads sleep or `stop` fires.
  bool wait_for_sleepers(std::size_t n, std::stop_token stop = {}) const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable_any changed_;
  TimePoint now_;
  Mode mode_;
  std::size_t sleepers_ = 0;
};

}  // namespace rl::kube
