// Leader election for the `run` process: the flags' values, and the campaign that wires a
// runtime::LeaderElector to the controller (caches at once, workers only while leading, a lost
// Lease stops the work and wakes the main thread to exit 1, resign() releases it on shutdown).
#pragma once

#include <atomic>
#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "readinglist/kube/clock.hpp"
#include "readinglist/kube/config.hpp"
#include "readinglist/kube/http_api_client.hpp"
#include "readinglist/runtime/controller.hpp"
#include "readinglist/runtime/leader_elector.hpp"

namespace rl::app {

struct LeaderElectionOptions {
  bool enabled = false;
  std::string namespace_;  // "": the namespace of the cluster config (in-cluster or kubeconfig)
  std::string lease_name = "readinglist-operator";
  // client-go's defaults, as kube-controller-manager and controller-runtime use them.
  std::chrono::milliseconds lease_duration{std::chrono::seconds(15)};
  std::chrono::milliseconds renew_deadline{std::chrono::seconds(10)};
  std::chrono::milliseconds retry_period{std::chrono::seconds(2)};
};

// Whether the durations can work together (see runtime::validate); the message names the flags.
std::expected<void, std::string> check_leader_election(const LeaderElectionOptions& options);

class LeaderCampaign {
 public:
  // Starts the controller's caches and campaigns on a thread of its own. Lease requests go
  // through a client of their own, so a busy reconcile cannot starve renewals of rate-limit
  // tokens, and with a request timeout near the retry period, so a hung request cannot
  // outlast the renew deadline by much; the rest of `client_options` (observer, warnings) is
  // kept. `on_leading` hears each change of leadership (for the leader metric); `on_lost`
  // runs after the work has stopped.
  static kube::Result<std::unique_ptr<LeaderCampaign>> start(
      const LeaderElectionOptions& options, const kube::ClusterConfig& cluster,
      kube::ClientOptions client_options, kube::Clock& clock, runtime::Controller& controller,
      runtime::LogSink log, std::function<void(bool leading)> on_leading,
      std::function<void()> on_lost);
  ~LeaderCampaign();  // stops campaigning without releasing
  LeaderCampaign(const LeaderCampaign&) = delete;
  LeaderCampaign& operator=(const LeaderCampaign&) = delete;

  bool lost() const { return lost_.load(); }
  bool is_leader() const { return elector_->is_leader(); }
  const std::string& identity() const { return elector_->identity(); }

  // Stops renewing and, when leading, releases the Lease so the next leader need not wait for
  // it to expire. Call once the workers have finished their in-flight reconciles.
  void resign();

 private:
  // Only start() can make a Key, so only start() constructs a campaign.
  struct Key {
    explicit Key() = default;
  };

 public:
  LeaderCampaign(Key, runtime::Controller& controller, runtime::LogSink log,
                 std::function<void(bool)> on_leading, std::function<void()> on_lost);

 private:
  runtime::Controller& controller_;
  runtime::LogSink log_;
  std::function<void(bool)> on_leading_;
  std::function<void()> on_lost_;
  std::atomic<bool> lost_{false};
  std::unique_ptr<kube::HttpApiClient> client_;
  std::unique_ptr<runtime::LeaderElector> elector_;
  std::jthread thread_;  // last: stopped and joined before the members it uses go
};

}  // namespace rl::app
