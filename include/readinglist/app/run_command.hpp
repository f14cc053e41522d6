// `readinglist-operator run`: the controller as a process. Loads the cluster config, starts
// the controller, logs one line per event (text or JSON), and on SIGTERM/SIGINT stops taking
// work, lets in-flight reconciles finish and exits 0.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace rl::app {

struct RunOptions {
  std::string kubeconfig;
  std::string context;
  std::vector<std::string> namespaces;  // empty: all
  int concurrency = 2;
  double qps = 50;
  int burst = 100;
  int resync_seconds = 600;
  std::string log_format = "text";  // text | json
  std::string log_level = "info";   // debug | info | warn | error
};

int run_command(const RunOptions& options, std::ostream& err);

}  // namespace rl::app
