// The operator's ReadingList informer on its own, wired as the controller wires it (cluster
// config, HttpApiClient, Informer<CachedList> with the controller's WatcherConfig), timed from
// start to a cache of N objects; the twin of bench/node/informer_sync.mjs (same flags, same JSON).
#include <malloc.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stop_token>
#include <string>
#include <thread>

#include "readinglist/kube/config.hpp"
#include "readinglist/kube/http_api_client.hpp"
#include "readinglist/runtime/informer.hpp"
#include "readinglist/runtime/reconciler.hpp"

namespace {

using namespace std::chrono_literals;
using rl::runtime::CachedList;
using Informer = rl::runtime::Informer<CachedList>;

struct Options {
  std::string kubeconfig;
  std::string namespace_;
  std::size_t expect = 0;
  double timeout_s = 120;
  // The controller's default (500); 0 lists everything in one response, as client-node does.
  std::int64_t page_size = rl::runtime::WatcherConfig{}.page_size;
  // As the controller: the state from a streaming list (--no-streaming-list: list and watch).
  bool streaming_list = true;
};

constexpr double kMiB = 1024.0 * 1024.0;

// VmRSS of /proc/self/status, in bytes; nullopt when it cannot be read.
std::optional<double> resident_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (!line.starts_with("VmRSS:")) continue;
    try {
      return std::stod(line.substr(6)) * 1024.0;  // "VmRSS:   123456 kB"
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// Bytes malloc hands out (all arenas, mmapped chunks included): the C++ side of heapUsed.
double heap_used_bytes() {
  const struct mallinfo2 info = mallinfo2();
  return static_cast<double>(info.uordblks + info.hblkhd);
}

// To `digits` decimals; dividing the rounded integer gives the double nearest the decimal, which
// the JSON writer prints short ("59.4", not "59.400000000000006").
double round_to(double value, int digits) {
  const double scale = std::pow(10.0, digits);
  return std::round(value * scale) / scale;
}

// What the watcher reported. It retries transport failures, 429 and 5xx and relists on 410 on
// its own (those only show in the timeout message); anything else (401, 403, 404: no CRD) would
// fail forever, so the run gives up at once, as client-node's informer does on any error.
class WatcherErrors {
 public:
  explicit WatcherErrors(std::stop_source give_up) : give_up_(std::move(give_up)) {}

  void report(const rl::kube::Error& error) {
    if (error.is_cancelled()) return;
    const bool fatal =
        !error.retryable() && !error.is_expired() && !error.is_resource_version_too_large();
    {
      std::lock_guard lock(mutex_);
      last_ = error.to_string();
      ++count_;
      fatal_ = fatal_ || fatal;
    }
    if (fatal) give_up_.request_stop();
  }
  bool fatal() const {
    std::lock_guard lock(mutex_);
    return fatal_;
  }
  std::string describe() const {
    std::lock_guard lock(mutex_);
    if (count_ == 0) return "";
    return "; " + std::to_string(count_) + " watcher error(s), the last: " + last_;
  }

 private:
  std::stop_source give_up_;
  mutable std::mutex mutex_;
  std::string last_;
  int count_ = 0;
  bool fatal_ = false;
};

int fail(const std::string& message) {
  std::cerr << "informer_sync: " << message << '\n';
  return 1;
}

int run(const Options& options) {
  using Clock = std::chrono::steady_clock;

  // As src/app/run_command.cpp sets malloc's arenas, loads the configuration and creates the
  // client.
  mallopt(M_ARENA_MAX, 2);
  const rl::kube::SystemEnvironment environment;
  const auto config =
      rl::kube::load_cluster_config(environment, rl::kube::ConfigOptions{options.kubeconfig, ""});
  if (!config) return fail("cannot load the cluster configuration: " + config.error().to_string());
  rl::kube::SystemClock clock;
  rl::kube::ClientOptions client_options;
  client_options.transport.qps = 0;  // none, as `readinglist-operator run` by default
  auto client = rl::kube::HttpApiClient::create(*config, client_options, clock);
  if (!client) return fail("cannot create the API client: " + client.error().to_string());

  // As the controller's add_list_informer (no metrics observer, no work queue to feed).
  rl::runtime::WatcherConfig watcher_config;
  watcher_config.resource = rl::runtime::kReadingLists;
  watcher_config.namespace_ = options.namespace_;
  watcher_config.page_size = options.page_size;
  watcher_config.streaming_list = options.streaming_list;
  watcher_config.unparsed_field = "spec";
  // Fired at the deadline or by a fatal watcher error; ends the wait for the cache.
  std::stop_source give_up;
  WatcherErrors errors(give_up);
  Informer informer(
      **client, clock, watcher_config,
      [packer = std::make_shared<rl::model::TextPacker>()](const nlohmann::json& object) {
        return rl::runtime::decode_cached_list(object, *packer);
      },
      {}, [&errors](const rl::kube::Error& error) { errors.report(error); });

  const auto timeout =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.timeout_s));
  const auto started = Clock::now();
  const auto deadline = started + timeout;
  std::jthread timer([&give_up, deadline](std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    if (!wake.wait_until(lock, stop, deadline, [] { return false; }) && !stop.stop_requested())
      give_up.request_stop();
  });

  informer.start();
  bool synced = informer.wait_for_sync(give_up.get_token());
  // Objects created after the first list arrive as watch events.
  while (synced && informer.store().size() < options.expect) {
    if (give_up.stop_requested()) {
      synced = false;
      break;
    }
    std::this_thread::sleep_for(1ms);
  }
  const auto finished = Clock::now();
  timer.request_stop();
  timer.join();
  const std::size_t objects = informer.store().size();
  if (!synced || objects != options.expect) {
    (*client)->shutdown();
    informer.stop();
    if (objects > options.expect) {
      return fail("the cache holds " + std::to_string(objects) + " objects, more than the " +
                  std::to_string(options.expect) + " expected");
    }
    const std::string cached =
        (informer.has_synced() ? std::to_string(objects) : std::string("no list yet, 0")) + " of " +
        std::to_string(options.expect) + " objects cached";
    if (errors.fatal()) return fail("watcher error (" + cached + ")" + errors.describe());
    return fail("timeout after " + (std::ostringstream{} << options.timeout_s).str() +
                " s: " + cached + errors.describe());
  }

  // What the operator would hold once settled: no malloc_trim, the watch stays open meanwhile.
  std::this_thread::sleep_for(1s);
  const auto rss = resident_bytes();
  const double heap = heap_used_bytes();
  if (!rss) return fail("cannot read VmRSS from /proc/self/status");

  // As run_command stops: end the open watch, then join the informer's thread.
  (*client)->shutdown();
  informer.stop();

  const nlohmann::ordered_json line = {
      {"client", "readinglist-operator"},
      {"version", RL_VERSION},
      {"objects", objects},
      {"sync_s", round_to(std::chrono::duration<double>(finished - started).count(), 3)},
      {"rss_mb", round_to(*rss / kMiB, 1)},
      {"heap_used_mb", round_to(heap / kMiB, 1)}};
  std::cout << line.dump() << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Caches the ReadingLists of one namespace with the operator's informer and prints one JSON "
      "line: {client, version, objects, sync_s, rss_mb, heap_used_mb}.",
      "informer_sync"};
  Options options;
  app.add_option("--kubeconfig", options.kubeconfig, "kubeconfig file")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("--namespace", options.namespace_, "namespace of the ReadingLists")->required();
  app.add_option("--expect", options.expect, "number of ReadingLists the cache must hold")
      ->required();
  app.add_option("--timeout-s", options.timeout_s, "give up after this many seconds")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--page-size", options.page_size,
                 "objects per page of the first list (0: one unpaged list, as client-node)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_flag("!--no-streaming-list", options.streaming_list,
               "list and watch, as before WatchList (the page size applies then)");
  CLI11_PARSE(app, argc, argv);
  try {
    return run(options);
  } catch (const std::exception& e) {
    return fail(std::string("unexpected exception: ") + e.what());
  }
}
