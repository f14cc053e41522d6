// Entry point: everything lives in app/.
#include "readinglist/app/cli.hpp"

#if defined(__SANITIZE_ADDRESS__)
// LeakSanitizer, in sanitizer builds only: cpprest's listener (the probe and metrics server)
// loses the pending-read task of a connection that is idle or mid-request when it closes, a
// cycle of pplx tasks holding the cancellation's exception. It closes only at exit, and a
// Prometheus scrape keeps its connection open, so a run stopped at that moment reports it.
// libcpprest.so has no frame pointers, so its stacks stop at the module: the suppression is by
// module, which also covers our callbacks run on cpprest's threads; every other leak counts.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libcpprest.so\n";
}
#endif

int main(int argc, char** argv) {
  return rl::app::run_cli(argc, argv);
}
