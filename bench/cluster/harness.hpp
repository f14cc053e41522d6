// What the cluster benchmark needs around the real processes: the ReadingList manifests it
// creates, parallel writers, a watch that tells when lists are Ready, the operator's metrics
// and the API server's request log summed up by verb and resource.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "apiserver_process.hpp"
#include "http_client.hpp"

namespace rl::bench {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start);

// The worked example as a ReadingList manifest named `name` in `ns`.
nlohmann::json example_list(const std::string& ns, const std::string& name);

std::string lists_path(const std::string& ns);

// POSTs `count` manifests (`make(i)` for i in [from, from + count)) over `lanes` connections
// at once, retrying throttled or failed requests. False when one keeps failing.
bool create_all(const testing::HttpClient& client, const std::string& path, int from, int count,
                int lanes, const std::function<nlohmann::json(int)>& make);

// Watches the ReadingLists of a namespace from a resourceVersion and keeps the set of lists whose
// status is Ready=True for their current generation, and when that set first reached a size.
class ReadyWatch {
 public:
  ReadyWatch(const testing::HttpClient& client, const std::string& ns,
             const std::string& resource_version);
  ~ReadyWatch();
  ReadyWatch(const ReadyWatch&) = delete;
  ReadyWatch& operator=(const ReadyWatch&) = delete;

  // Blocks until `count` lists are Ready (true, with when that happened) or `limit` passes.
  std::optional<Clock::time_point> wait_ready(std::size_t count, std::chrono::seconds limit);
  std::size_t ready() const;

 private:
  void run(const testing::HttpClient& client, std::string path);
  mutable std::mutex mutex_;
  std::set<std::string> ready_;
  std::map<std::size_t, Clock::time_point> reached_;  // size -> first time
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// The request log of the API server, summed for one user agent prefix.
struct RequestCounts {
  std::map<std::string, int> writes_by_resource;  // "configmaps", "readinglists/status", ...
  int writes = 0;                                 // create, update, patch, delete, deletecollection
  int reads = 0;                                  // get, list
  int watches = 0;                                // watch requests opened
  int event_writes = 0;                           // of `writes`, Events
};
RequestCounts count_requests(const nlohmann::json& log, const std::string& user_agent_prefix);

// Sums every sample of a metric family in Prometheus text (`name` or `name{...}` lines).
double metric_sum(const std::string& text, const std::string& name);

// VmRSS or VmHWM of a process, in MiB; 0 when it cannot be read.
double rss_mb(int pid, const char* field = "VmRSS:");

}  // namespace rl::bench
