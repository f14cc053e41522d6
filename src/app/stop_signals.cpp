// StopSignals: sigwait on SIGTERM, SIGINT and SIGUSR1 (the internal wake-up).
#include "stop_signals.hpp"

namespace rl::app {
namespace {

constexpr int kWakeSignal = SIGUSR1;

}  // namespace

StopSignals::StopSignals() : waiter_(pthread_self()) {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGTERM);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, kWakeSignal);
  pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
}

StopSignals::Reason StopSignals::wait() {
  int signal = 0;
  while (sigwait(&signals_, &signal) != 0) {
  }
  if (signal == SIGTERM) return Reason::Terminate;
  if (signal == SIGINT) return Reason::Interrupt;
  return Reason::Woken;
}

void StopSignals::wake() const {
  // Directed at the waiting thread: it has the signal blocked, so it stays pending until
  // sigwait() takes it, however early or late this is called.
  pthread_kill(waiter_, kWakeSignal);
}

const char* to_string(StopSignals::Reason reason) {
  switch (reason) {
    case StopSignals::Reason::Terminate:
      return "SIGTERM";
    case StopSignals::Reason::Interrupt:
      return "SIGINT";
    case StopSignals::Reason::Woken:
      return "wake-up";
  }
  return "?";
}

}  // namespace rl::app
