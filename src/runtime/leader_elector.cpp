// LeaderElector: client-go's tryAcquireOrRenew, the campaign and renew loops, and release.
#include "readinglist/runtime/leader_elector.hpp"

#include <algorithm>
#include <cstdio>

namespace rl::runtime {
namespace {

using std::chrono::duration_cast;
using std::chrono::seconds;

kube::Error invalid(std::string message) {
  return kube::invalid_request("leader election: " + std::move(message));
}

}  // namespace

kube::Result<void> validate(const LeaderElectionConfig& config) {
  if (config.namespace_.empty()) return std::unexpected(invalid("the Lease namespace is empty"));
  if (config.name.empty()) return std::unexpected(invalid("the Lease name is empty"));
  if (config.identity.empty()) return std::unexpected(invalid("the identity is empty"));
  if (config.retry_period <= kube::Clock::Duration::zero()) {
    return std::unexpected(invalid("the retry period must be positive"));
  }
  if (config.renew_deadline <= config.retry_period) {
    return std::unexpected(invalid("the renew deadline must be longer than the retry period"));
  }
  if (config.lease_duration <= config.renew_deadline) {
    return std::unexpected(invalid("the lease duration must be longer than the renew deadline"));
  }
  if (config.lease_duration < seconds(1)) {
    return std::unexpected(invalid("the lease duration must be at least 1s"));
  }
  if (config.jitter_factor < 0) {
    return std::unexpected(invalid("the jitter factor must not be negative"));
  }
  return {};
}

std::string unique_identity(std::string_view hostname) {
  std::random_device random;
  const auto suffix = (static_cast<std::uint64_t>(random()) << 32) ^ random();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(suffix));
  return std::string(hostname.empty() ? "readinglist-operator" : hostname) + "_" + hex;
}

kube::Result<std::unique_ptr<LeaderElector>> LeaderElector::create(kube::ApiClient& api,
                                                                   kube::Clock& clock,
                                                                   WallClock wall_clock,
                                                                   LeaderElectionConfig config,
                                                                   LeaderCallbacks callbacks) {
  if (auto valid = validate(config); !valid) return std::unexpected(valid.error());
  return std::unique_ptr<LeaderElector>(new LeaderElector(api, clock, std::move(wall_clock),
                                                          std::move(config), std::move(callbacks)));
}

LeaderElector::LeaderElector(kube::ApiClient& api, kube::Clock& clock, WallClock wall_clock,
                             LeaderElectionConfig config, LeaderCallbacks callbacks)
    : api_(api),
      clock_(clock),
      wall_clock_(std::move(wall_clock)),
      config_(std::move(config)),
      callbacks_(std::move(callbacks)),
      jitter_(config_.seed) {}

void LeaderElector::run(std::stop_token stop) {
  for (;;) {
    if (stop.stop_requested()) return;
    if (try_acquire_or_renew()) break;
    if (!clock_.sleep_for(campaign_wait(), stop)) return;
  }
  if (stop.stop_requested()) return;  // holding the Lease: the caller releases it
  if (callbacks_.on_started_leading) callbacks_.on_started_leading();

  // Measured from the start of the last successful round: the Lease's renewTime is no later.
  auto last_renewal = clock_.now();
  while (clock_.sleep_for(config_.retry_period, stop)) {
    const auto started = clock_.now();
    const Outcome outcome = attempt();
    report_leader();
    if (outcome == Outcome::Holding) {
      last_renewal = started;
      continue;
    }
    // Someone else holding it means we lost it already: stop at once, not at the deadline.
    if (outcome == Outcome::HeldByOther || clock_.now() - last_renewal >= config_.renew_deadline) {
      leading_ = false;
      if (callbacks_.on_stopped_leading) callbacks_.on_stopped_leading();
      return;
    }
  }
}

bool LeaderElector::try_acquire_or_renew() {
  const Outcome outcome = attempt();
  if (outcome == Outcome::Holding) leading_ = true;
  if (outcome == Outcome::HeldByOther) leading_ = false;
  report_leader();
  return outcome == Outcome::Holding;
}

LeaderElector::Outcome LeaderElector::attempt() {
  const model::LeaseRecord desired = record_now();
  if (auto renewed = try_renew_fast(desired)) return *renewed;

  auto current = api_.get(kLeases, config_.namespace_, config_.name, {});
  if (current) return acquire_or_renew(*current, desired);
  if (!current.error().is_not_found()) {
    report(current.error());
    return Outcome::Failed;
  }
  auto created = api_.create(kLeases, config_.namespace_,
                             model::new_lease(config_.namespace_, config_.name, desired), {});
  if (!created) {
    report(created.error());  // AlreadyExists: another candidate created it first
    return Outcome::Failed;
  }
  observe(*created, desired, true);
  return Outcome::Holding;
}

// While leading and the Lease is still ours by the local clock, PUT the renewal straight onto
// the object last seen; any failure falls back to reading the Lease first.
std::optional<LeaderElector::Outcome> LeaderElector::try_renew_fast(
    const model::LeaseRecord& desired) {
  nlohmann::json lease;
  model::LeaseRecord record = desired;
  {
    std::lock_guard lock(mutex_);
    if (!leading_ || observed_lease_.is_null() ||
        observed_record_.holder_identity != config_.identity ||
        observed_time_ + config_.lease_duration <= clock_.now()) {
      return std::nullopt;
    }
    lease = observed_lease_;
    record.acquire_time = observed_record_.acquire_time;
    record.lease_transitions = observed_record_.lease_transitions;
  }
  auto updated = api_.update(kLeases, config_.namespace_, config_.name,
                             model::with_lease_record(std::move(lease), record), {}, {});
  if (!updated) return std::nullopt;
  observe(*updated, record, true);
  return Outcome::Holding;
}

LeaderElector::Outcome LeaderElector::acquire_or_renew(const nlohmann::json& current,
                                                       model::LeaseRecord desired) {
  auto record = model::lease_record_from_json(current);
  if (!record) {
    report(kube::decode_error("Lease " + config_.namespace_ + "/" + config_.name + ": " +
                              record.error()));
    return Outcome::Failed;
  }
  observe(current, *record, false);
  if (held_by_other_and_valid()) return Outcome::HeldByOther;

  if (record->holder_identity == config_.identity) {
    desired.acquire_time = record->acquire_time;
    desired.lease_transitions = record->lease_transitions;
  } else {
    desired.lease_transitions = record->lease_transitions + 1;
  }
  auto updated = api_.update(kLeases, config_.namespace_, config_.name,
                             model::with_lease_record(current, desired), {}, {});
  if (!updated) {
    report(updated.error());  // Conflict: another candidate won this round
    return Outcome::Failed;
  }
  observe(*updated, desired, true);
  return Outcome::Holding;
}

// Remembers the Lease as read or written. The expiry clock restarts only when the record
// changed (or we wrote it): a holder that stops renewing leaves the same record behind.
void LeaderElector::observe(const nlohmann::json& lease, const model::LeaseRecord& record,
                            bool written) {
  auto stored = written ? model::lease_record_from_json(lease) : record;
  std::lock_guard lock(mutex_);
  const model::LeaseRecord& now_seen = stored ? *stored : record;
  if (written || observed_lease_.is_null() || now_seen != observed_record_) {
    observed_record_ = now_seen;
    observed_time_ = clock_.now();
  }
  observed_lease_ = lease;
}

bool LeaderElector::held_by_other_and_valid() const {
  std::lock_guard lock(mutex_);
  const auto& holder = observed_record_.holder_identity;
  if (holder.empty() || holder == config_.identity) return false;
  // The holder's own duration when it states one: candidates may be configured differently.
  const auto duration =
      observed_record_.lease_duration_seconds > 0
          ? kube::Clock::Duration(seconds(observed_record_.lease_duration_seconds))
          : config_.lease_duration;
  return observed_time_ + duration > clock_.now();
}

model::LeaseRecord LeaderElector::record_now() const {
  const std::string now = model::micro_time(wall_clock_());
  return {.holder_identity = config_.identity,
          .lease_duration_seconds =
              std::max<std::int64_t>(1, duration_cast<seconds>(config_.lease_duration).count()),
          .acquire_time = now,
          .renew_time = now,
          .lease_transitions = 0};
}

kube::Clock::Duration LeaderElector::campaign_wait() {
  if (config_.jitter_factor <= 0) return config_.retry_period;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double factor = 1.0 + config_.jitter_factor * unit(jitter_);
  return duration_cast<kube::Clock::Duration>(config_.retry_period * factor);
}

kube::Result<void> LeaderElector::release() {
  if (!leading_.exchange(false)) return {};
  nlohmann::json lease;
  model::LeaseRecord record;
  {
    std::lock_guard lock(mutex_);
    if (observed_lease_.is_null() || observed_record_.holder_identity != config_.identity) {
      return {};
    }
    lease = observed_lease_;
    record.lease_transitions = observed_record_.lease_transitions;
  }
  const std::string now = model::micro_time(wall_clock_());
  record.lease_duration_seconds = 1;
  record.acquire_time = now;
  record.renew_time = now;
  auto released = api_.update(kLeases, config_.namespace_, config_.name,
                              model::with_lease_record(lease, record), {}, {});
  if (!released && released.error().is_conflict()) {
    // Our copy was stale (a renewal raced with it): release the current one if still ours.
    auto current = api_.get(kLeases, config_.namespace_, config_.name, {});
    if (!current) return std::unexpected(current.error());
    auto holder = model::lease_record_from_json(*current);
    if (!holder || holder->holder_identity != config_.identity) return {};
    record.lease_transitions = holder->lease_transitions;
    released = api_.update(kLeases, config_.namespace_, config_.name,
                           model::with_lease_record(*current, record), {}, {});
  }
  if (!released) return std::unexpected(released.error());
  observe(*released, record, true);
  return {};
}

std::string LeaderElector::leader() const {
  std::lock_guard lock(mutex_);
  return observed_record_.holder_identity;
}

void LeaderElector::report_leader() {
  std::string holder;
  {
    std::lock_guard lock(mutex_);
    if (observed_record_.holder_identity.empty() ||
        observed_record_.holder_identity == reported_leader_) {
      return;
    }
    holder = reported_leader_ = observed_record_.holder_identity;
  }
  if (callbacks_.on_new_leader) callbacks_.on_new_leader(holder);
}

void LeaderElector::report(const kube::Error& error) const {
  if (callbacks_.on_error) callbacks_.on_error(error);
}

}  // namespace rl::runtime
