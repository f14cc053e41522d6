// Leader election on a coordination.k8s.io/v1 Lease, after client-go's algorithm: campaign every
// retry period, renew while leading, give up when no renewal succeeds within the renew deadline
// or another holder is seen, and release the Lease on request. Owns the record last observed and
// the local time it was observed (expiry is judged by it, never by the holder's renewTime).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <stop_token>
#include <string>

#include "readinglist/kube/api_client.hpp"
#include "readinglist/kube/clock.hpp"
#include "readinglist/model/lease.hpp"

namespace rl::runtime {

inline const kube::ResourceRef kLeases{"coordination.k8s.io", "v1", "leases", true};

struct LeaderElectionConfig {
  std::string namespace_;
  std::string name;      // of the Lease
  std::string identity;  // unique per process: hostname + "_" + a random suffix
  kube::Clock::Duration lease_duration = std::chrono::seconds(15);
  kube::Clock::Duration renew_deadline = std::chrono::seconds(10);
  kube::Clock::Duration retry_period = std::chrono::seconds(2);
  // While not leading, each wait is retry_period * (1 + jitter_factor * U[0,1)), so candidates
  // started together do not hit the API server in step. 0 turns it off.
  double jitter_factor = 1.2;
  std::uint64_t seed = 1;  // of the jitter
};

// Fails (Invalid) unless 0 < retry_period < renew_deadline < lease_duration, the lease is at
// least a second (leaseDurationSeconds is whole seconds) and namespace, name and identity are set.
kube::Result<void> validate(const LeaderElectionConfig& config);

// "<hostname>_<random hex>": client-go's advice for a unique identity.
std::string unique_identity(std::string_view hostname);

// Called on the elector's thread; keep them short.
struct LeaderCallbacks {
  std::function<void()> on_started_leading;
  // Leadership was lost (renew deadline passed, or another holder took the Lease). Not called
  // when run() is stopped or release() gives the Lease up: the caller asked for that.
  std::function<void()> on_stopped_leading;
  // The holder changed to `identity` (this process included); not called for an empty holder.
  std::function<void(const std::string& identity)> on_new_leader;
  // A Lease request failed (a conflict is reported too: another candidate won that round).
  std::function<void(const kube::Error&)> on_error;
};

class LeaderElector {
 public:
  using WallClock = std::function<std::chrono::system_clock::time_point()>;

  // Fails when the config does not validate.
  static kube::Result<std::unique_ptr<LeaderElector>> create(kube::ApiClient& api,
                                                             kube::Clock& clock,
                                                             WallClock wall_clock,
                                                             LeaderElectionConfig config,
                                                             LeaderCallbacks callbacks);
  LeaderElector(const LeaderElector&) = delete;
  LeaderElector& operator=(const LeaderElector&) = delete;

  // Campaigns until this process leads, then renews until leadership is lost (returns after
  // on_stopped_leading) or `stop` fires (returns still holding the Lease: call release()).
  void run(std::stop_token stop);

  // One round of client-go's tryAcquireOrRenew; true when this process holds the Lease after it.
  bool try_acquire_or_renew();

  // When this process holds the Lease: writes an empty holder (leaseDurationSeconds 1) so
  // another candidate takes it at its next retry instead of waiting for it to expire. Call
  // after run() has returned. Succeeds without a request when not leading.
  kube::Result<void> release();

  bool is_leader() const { return leading_.load(); }
  const std::string& identity() const { return config_.identity; }
  // The holder last observed ("" before any observation or after a release).
  std::string leader() const;

 private:
  enum class Outcome { Holding, HeldByOther, Failed };

  LeaderElector(kube::ApiClient& api, kube::Clock& clock, WallClock wall_clock,
                LeaderElectionConfig config, LeaderCallbacks callbacks);

  Outcome attempt();
  std::optional<Outcome> try_renew_fast(const model::LeaseRecord& desired);
  Outcome acquire_or_renew(const nlohmann::json& current, model::LeaseRecord desired);
  void observe(const nlohmann::json& lease, const model::LeaseRecord& record, bool written);
  bool held_by_other_and_valid() const;
  model::LeaseRecord record_now() const;
  kube::Clock::Duration campaign_wait();
  void report_leader();
  void report(const kube::Error& error) const;

  kube::ApiClient& api_;
  kube::Clock& clock_;
  WallClock wall_clock_;
  LeaderElectionConfig config_;
  LeaderCallbacks callbacks_;
  std::mt19937_64 jitter_;

  mutable std::mutex mutex_;                // guards the observation below
  nlohmann::json observed_lease_;           // last object read or written (null: none)
  model::LeaseRecord observed_record_;      // its record
  kube::Clock::TimePoint observed_time_{};  // local time the record last changed
  std::string reported_leader_;             // last identity given to on_new_leader
  std::atomic<bool> leading_{false};
};

}  // namespace rl::runtime
