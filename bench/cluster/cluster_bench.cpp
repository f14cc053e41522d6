// The operator's cost against the test API server, measured on the real binary: memory idle and
// with 10,000 lists, convergence of 1,000 lists created at once and its API cost per list, the
// steady state and a full resync, start-up with 1,000 lists, and how fast the informer takes in
// watch events. Prints one JSON object on stdout (progress on stderr); bench/run adds the
// render and informer figures. Numbers, not assertions: the targets are in the README.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <memory>

#include "harness.hpp"
#include "operator_process.hpp"

namespace rl::bench {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using testing::ApiServerProcess;
using testing::OperatorProcess;

struct Options {
  int lists = 1000;
  int big_lists = 10000;
  int watch_events = 5000;
  int settle_ms = 2000;
  std::string log_dir;                     // the operators' logs are copied here when they stop
  std::vector<std::string> operator_args;  // added to every operator's command line
};

void progress(const std::string& what) {
  std::cerr << "cluster_bench: " << what << std::endl;
}

// The operator as it runs in a cluster, with its probes and metrics on one ephemeral port.
class Operator {
 public:
  Operator(const ApiServerProcess& server, const Options& options, const std::string& name,
           std::vector<std::string> extra = {})
      : name_(name), log_dir_(options.log_dir), started_(Clock::now()) {
    // Debug unless told otherwise: the first "reconciled" line (start-up) is a debug line.
    std::vector<std::string> args = {"--health-bind-address", "127.0.0.1:0",
                                     "--metrics-bind-address", "127.0.0.1:0"};
    if (std::ranges::find(extra, "--log-level") == extra.end())
      args.insert(args.end(), {"--log-level", "debug"});
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), options.operator_args.begin(), options.operator_args.end());
    process_ = std::make_unique<OperatorProcess>(server.kubeconfig(),
                                                 server.dir() / (name + ".log"), args);
  }

  // Blocks until the log has `needle`; the time it was seen, or nullopt after `limit`.
  std::optional<Clock::time_point> wait_for_log(const std::string& needle,
                                                std::chrono::seconds limit = 60s) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
      if (process_->log().find(needle) != std::string::npos) return Clock::now();
      std::this_thread::sleep_for(1ms);
    }
    return std::nullopt;
  }

  double metric(const std::string& name) {
    if (address_.empty()) address_ = testing::logged_address(process_->log(), "serving metrics");
    const testing::HttpClient client("http://" + address_, "", "");
    const auto r = client.get("/metrics");
    return r && r->status == 200 ? metric_sum(r->body, name) : -1;
  }
  double reconciles() { return metric("controller_runtime_reconcile_total"); }

  int pid() const { return process_->pid(); }
  Clock::time_point started() const { return started_; }
  std::string log() const { return process_->log(); }
  void stop() {
    process_->stop();
    if (log_dir_.empty()) return;
    std::filesystem::create_directories(log_dir_);
    std::ofstream(std::filesystem::path(log_dir_) / (name_ + ".log")) << process_->log();
  }

 private:
  std::string name_;
  std::string log_dir_;
  Clock::time_point started_;
  std::unique_ptr<OperatorProcess> process_;
  std::string address_;
};

std::string current_rv(const testing::HttpClient& client, const std::string& ns) {
  const auto r = client.get(lists_path(ns) + "?limit=1");
  return r ? r->json()["metadata"].value("resourceVersion", "") : "";
}

[[noreturn]] void fail(const std::string& why, const Operator* op = nullptr) {
  std::cerr << "cluster_bench: " << why << "\n";
  if (op)
    std::cerr << "operator log (end):\n"
              << op->log().substr(op->log().size() > 4000 ? op->log().size() - 4000 : 0);
  std::exit(1);
}

// Runs a program to its end and returns its last stdout line parsed as JSON (null on failure).
json run_json(const ApiServerProcess& server, const std::vector<std::string>& argv) {
  const auto result = testing::run_command(argv, server.dir(), 600s);
  if (result.exit_code != 0) {
    progress(argv.front() + " failed: " + result.err);
    return nullptr;
  }
  const auto last = result.out.find_last_of('\n', result.out.size() - 2);
  return json::parse(result.out.substr(last == std::string::npos ? 0 : last + 1), nullptr, false);
}

// 10,000 lists: the operator's memory with them and their children cached, how fast its
// informer takes in a burst of watch events, and the informer alone beside client-node's.
void measure_big(const ApiServerProcess& server, const Options& options, json& out) {
  const auto client = server.client();
  const std::string ns = "default";
  Operator op(server, options, "big", {"--log-level", "info"});
  if (!op.wait_for_log("caches synced")) fail("the operator did not sync", &op);
  {
    ReadyWatch watch(client, ns, current_rv(client, ns));
    progress("creating " + std::to_string(options.big_lists - options.lists) + " more lists");
    const auto t0 = Clock::now();
    if (!create_all(client, lists_path(ns), options.lists, options.big_lists - options.lists, 8,
                    [&](int i) { return example_list(ns, "talk-" + std::to_string(i)); })) {
      fail("cannot create the lists");
    }
    if (!watch.wait_ready(options.big_lists - options.lists, 900s)) {
      fail(std::to_string(watch.ready()) + " of the new lists became Ready", &op);
    }
    out["converge_10k_s"] = seconds_since(t0);
  }
  out["rss_10k_lists_after_converge_mb"] = rss_mb(op.pid());
  op.stop();

  // A fresh process holds what the caches need, not what converging them left behind.
  Operator fresh(server, options, "big-restart", {"--log-level", "info"});
  if (!fresh.wait_for_log("caches synced", 300s)) fail("the operator did not sync", &fresh);
  std::this_thread::sleep_for(std::chrono::milliseconds(options.settle_ms));
  out["rss_10k_lists_mb"] = rss_mb(fresh.pid());
  out["rss_10k_lists_peak_mb"] = rss_mb(fresh.pid(), "VmHWM:");

  // Watch throughput: events held back (stalled watches) while the lists are relabelled, then
  // released at once; the informer's pace is the events over the time to take them all in.
  for (int round = 0; round < 2; ++round) {
    const std::string events_metric =
        "readinglist_operator_watch_events_total{resource=\"readinglists\"}";
    const double before = fresh.metric(events_metric);
    server.control("POST", "watches/stall");
    const int events = std::min(options.watch_events, options.big_lists);
    progress("relabelling " + std::to_string(events) + " lists behind stalled watches");
    std::vector<std::future<void>> writers;
    for (int lane = 0; lane < 8; ++lane) {
      writers.push_back(std::async(std::launch::async, [&, lane] {
        for (int i = lane; i < events; i += 8) {
          const json patch = {{"metadata", {{"labels", {{"round", std::to_string(round)}}}}}};
          (void)client.patch(lists_path(ns) + "/talk-" + std::to_string(i), patch.dump(),
                             "application/merge-patch+json");
        }
      }));
    }
    for (auto& writer : writers)
      writer.get();
    const double rss_before = rss_mb(fresh.pid());
    const auto released = Clock::now();
    server.close_watches();
    const auto deadline = Clock::now() + 120s;
    while (fresh.metric(events_metric) < before + events && Clock::now() < deadline)
      std::this_thread::sleep_for(5ms);
    const double taken = fresh.metric(events_metric) - before;
    const double elapsed = seconds_since(released);
    out["watch_events_per_s"] = taken / elapsed;
    out["watch_events"] = taken;
    out["watch_rss_growth_mb"] = rss_mb(fresh.pid()) - rss_before;
  }
  fresh.stop();

  progress("our informer and client-node's, side by side");
  const std::string kubeconfig = server.kubeconfig().string();
  const std::string expect = std::to_string(options.big_lists);
  const json ours = run_json(server, {RL_BINARY_DIR "/bench/informer_sync", "--kubeconfig",
                                      kubeconfig, "--namespace", ns, "--expect", expect});
  if (ours.is_object()) {
    out["our_sync_10k_s"] = ours["sync_s"];
    out["our_informer_rss_10k_mb"] = ours["rss_mb"];
  }
  const json node = run_json(
      server, {"/usr/bin/env", "node", "--expose-gc", RL_SOURCE_DIR "/bench/node/informer_sync.mjs",
               "--kubeconfig", kubeconfig, "--namespace", ns, "--expect", expect});
  if (node.is_object()) {
    out["client_node_sync_10k_s"] = node["sync_s"];
    out["client_node_rss_10k_mb"] = node["rss_mb"];
    out["client_node_version"] = node["version"];
  }
}

int run(const Options& options) {
  // The counts the "_1000"/"_10k" keys were measured with (smaller in a --quick run).
  json out = {{"lists", options.lists}, {"big_lists", options.big_lists}};
  progress("starting the test API server");
  auto started = testing::start_cluster(
      true, {"--deployment-ready-delay-ms", "0", "--history-limit", "1000000"});
  if (!started) fail(started.error());
  auto& server = **started;
  const auto client = server.client();
  const std::string ns = "default";
  const std::string op_agent = "readinglist-operator";
  const std::vector<std::string> resync = {"--resync-period", "30s"};

  // Idle: caches synced, nothing to reconcile.
  {
    Operator op(server, options, "idle", resync);
    if (!op.wait_for_log("caches synced")) fail("the operator did not sync", &op);
    std::this_thread::sleep_for(std::chrono::milliseconds(options.settle_ms));
    out["idle_rss_mb"] = rss_mb(op.pid());
    out["idle_threads"] = static_cast<int>(std::distance(
        std::filesystem::directory_iterator("/proc/" + std::to_string(op.pid()) + "/task"),
        std::filesystem::directory_iterator{}));
    op.stop();
  }

  // Convergence of `lists` lists created at once, with the operator running and synced.
  Operator op(server, options, "converge", resync);
  if (!op.wait_for_log("caches synced")) fail("the operator did not sync", &op);
  {
    const auto from_rv = current_rv(client, ns);
    ReadyWatch watch(client, ns, from_rv);
    server.clear_requests();
    const double reconciles_before = op.reconciles();
    progress("creating " + std::to_string(options.lists) + " lists");
    const auto t0 = Clock::now();
    if (!create_all(client, lists_path(ns), 0, options.lists, 8,
                    [&](int i) { return example_list(ns, "talk-" + std::to_string(i)); })) {
      fail("cannot create the lists");
    }
    out["create_1000_s"] = seconds_since(t0);
    const auto ready = watch.wait_ready(options.lists, 300s);
    if (!ready) fail(std::to_string(watch.ready()) + " lists became Ready", &op);
    out["converge_1000_s"] = std::chrono::duration<double>(*ready - t0).count();
    std::this_thread::sleep_for(1s);  // trailing status writes, if any, are counted too
    const auto counts = count_requests(server.requests(), op_agent);
    const double reconciles = op.reconciles() - reconciles_before;
    out["writes_per_list"] = double(counts.writes - counts.event_writes) / options.lists;
    out["event_writes_per_list"] = double(counts.event_writes) / options.lists;
    out["writes_by_resource"] = counts.writes_by_resource;
    out["reads_per_list"] = double(counts.reads) / options.lists;
    out["reads_per_reconcile"] = reconciles > 0 ? counts.reads / reconciles : -1;
    out["reconciles_per_list"] = reconciles / options.lists;
    out["rss_1000_lists_mb"] = rss_mb(op.pid());
  }

  // Steady state: nothing but the open watches; then a full resync, still without a write.
  {
    server.clear_requests();
    std::this_thread::sleep_for(5s);
    const auto quiet = count_requests(server.requests(), op_agent);
    out["steady_state_writes"] = quiet.writes;
    out["steady_state_reads"] = quiet.reads;
    progress("waiting for a resync of every list");
    server.clear_requests();
    const double before = op.reconciles();
    const auto deadline = Clock::now() + 60s;
    while (op.reconciles() < before + options.lists && Clock::now() < deadline)
      std::this_thread::sleep_for(100ms);
    if (op.reconciles() < before + options.lists) fail("no resync within 60 s", &op);
    std::this_thread::sleep_for(1s);
    const auto resync_counts = count_requests(server.requests(), op_agent);
    out["resync_writes"] = resync_counts.writes;
    out["resync_reads"] = resync_counts.reads;
    out["steady_state_writes"] = quiet.writes + resync_counts.writes;
    op.stop();
  }

  // Start-up against a server with `lists` converged lists: process start to caches synced and
  // the first reconcile done.
  {
    Operator restarted(server, options, "startup", resync);
    const auto synced = restarted.wait_for_log("caches synced");
    const auto first = restarted.wait_for_log(" reconciled ");
    if (!synced || !first) fail("the restarted operator did not reconcile", &restarted);
    out["startup_sync_ms"] =
        std::chrono::duration<double, std::milli>(*synced - restarted.started()).count();
    out["startup_ms"] =
        std::chrono::duration<double, std::milli>(*first - restarted.started()).count();
    restarted.stop();
  }
  if (options.big_lists > options.lists) measure_big(server, options, out);
  std::cout << out.dump(2) << std::endl;
  return 0;
}

}  // namespace
}  // namespace rl::bench

int main(int argc, char** argv) {
  rl::bench::Options options;
  CLI::App app{"The operator's cost against the test API server (one JSON object on stdout)"};
  app.add_option("--lists", options.lists, "Lists created at once for convergence");
  app.add_option("--big-lists", options.big_lists, "Lists for the memory figure");
  app.add_option("--watch-events", options.watch_events, "Events for the watch throughput");
  app.add_option("--log-dir", options.log_dir, "Copy each operator's log here when it stops");
  app.add_option("--operator-arg", options.operator_args,
                 "An argument added to every operator's command line (repeat for several)")
      ->allow_extra_args(false);
  CLI11_PARSE(app, argc, argv);
  try {
    return rl::bench::run(options);
  } catch (const std::exception& e) {
    std::cerr << "cluster_bench: " << e.what() << "\n";
    return 1;
  }
}
