// How the `run` process waits: SIGTERM/SIGINT from outside, or a wake-up from inside (leadership
// lost). Blocks those signals in the constructing thread before any other thread starts, so
// every thread inherits the mask and only wait() receives them: no handler, no global state.
#pragma once

#include <pthread.h>
#include <signal.h>

namespace rl::app {

class StopSignals {
 public:
  enum class Reason { Terminate, Interrupt, Woken };

  // Call on the main thread before starting any thread. The mask stays in place afterwards: a
  // late wake-up must stay pending rather than kill the process with SIGUSR1's default action.
  StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Blocks the calling thread (the one that constructed this) until a stop signal or wake().
  Reason wait();
  // From any thread: makes wait() return Woken.
  void wake() const;

 private:
  sigset_t signals_;
  pthread_t waiter_;
};

const char* to_string(StopSignals::Reason reason);

}  // namespace rl::app
