// `readinglist-operator run`: the controller as a process. Loads the cluster config, starts
// the controller (with --leader-elect: its workers only while this replica holds the Lease),
// logs one line per event (text or JSON), and on SIGTERM/SIGINT stops taking work, lets
// in-flight reconciles finish, releases the Lease and exits 0. A lost Lease exits 1.
#pragma once

#include <chrono>
#include <iosfwd>
#include <string>
#include <vector>

#include "readinglist/app/leader_election.hpp"

namespace rl::app {

struct RunOptions {
  std::string kubeconfig;
  std::string context;
  std::vector<std::string> namespaces;  // empty: all
  int concurrency = 4;
  // No client-side limit by default, as controller-runtime since v0.21 on SIG API Machinery's
  // advice: the API server's Priority and Fairness protects it (its 429s are honoured), and a
  // client-side bucket only makes a large convergence slow (1,000 lists: 80 s at 50/s).
  double qps = 0;
  int burst = 100;
  std::chrono::milliseconds resync_period{std::chrono::minutes(10)};
  std::string
      log_format;  // text | json; "": json inside a cluster (for log collectors), text outside
  std::string log_level = "info";  // debug | info | warn | error
  LeaderElectionOptions leader_election;
  // /healthz and /readyz; /metrics. "host:port", ":port" (every interface) or "0" (off).
  std::string health_bind_address = ":8081";
  std::string metrics_bind_address = ":8080";
};

int run_command(const RunOptions& options, std::ostream& err);

}  // namespace rl::app
