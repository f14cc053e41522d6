// LeaderCampaign: the elector's callbacks as controller actions and log lines.
#include "readinglist/app/leader_election.hpp"

#include <unistd.h>

#include <algorithm>
#include <random>

#include "readinglist/app/duration.hpp"

namespace rl::app {
namespace {

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return {};
  return name;
}

runtime::LeaderElectionConfig election_config(const LeaderElectionOptions& options,
                                              std::string namespace_, std::string identity) {
  return {.namespace_ = std::move(namespace_),
          .name = options.lease_name,
          .identity = std::move(identity),
          .lease_duration = options.lease_duration,
          .renew_deadline = options.renew_deadline,
          .retry_period = options.retry_period,
          .jitter_factor = 1.2,
          .seed = std::random_device{}()};
}

}  // namespace

std::expected<void, std::string> check_leader_election(const LeaderElectionOptions& options) {
  if (auto valid = runtime::validate(election_config(options, "namespace", "identity")); !valid) {
    return std::unexpected(
        valid.error().message + " (--leader-elect-lease-duration " +
        format_go_duration(options.lease_duration) + ", --leader-elect-renew-deadline " +
        format_go_duration(options.renew_deadline) + ", --leader-elect-retry-period " +
        format_go_duration(options.retry_period) + ")");
  }
  return {};
}

kube::Result<std::unique_ptr<LeaderCampaign>> LeaderCampaign::start(
    const LeaderElectionOptions& options, const kube::ClusterConfig& cluster,
    kube::ClientOptions client_options, kube::Clock& clock, runtime::Controller& controller,
    runtime::LogSink log, std::function<void(bool)> on_leading, std::function<void()> on_lost) {
  auto campaign = std::make_unique<LeaderCampaign>(Key{}, controller, std::move(log),
                                                   std::move(on_leading), std::move(on_lost));
  client_options.transport.user_agent = "readinglist-operator/leader-election";
  client_options.transport.max_retries = 0;  // the elector itself retries every retry period
  client_options.transport.request_timeout = std::max(
      std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(options.retry_period));
  auto client = kube::HttpApiClient::create(cluster, client_options, clock);
  if (!client) return std::unexpected(client.error());
  campaign->client_ = std::move(*client);

  LeaderCampaign* self = campaign.get();
  runtime::LeaderCallbacks callbacks{
      .on_started_leading =
          [self] {
            self->log_("info", "became leader", {{"identity", self->identity()}});
            if (self->on_leading_) self->on_leading_(true);
            self->controller_.start_workers();
          },
      .on_stopped_leading =
          [self] {
            self->log_("error", "leader election lost", {{"identity", self->identity()}});
            self->lost_ = true;
            if (self->on_leading_) self->on_leading_(false);
            self->controller_.stop_work();
            if (self->on_lost_) self->on_lost_();
          },
      .on_new_leader =
          [self](const std::string& identity) {
            self->log_("info", "new leader", {{"identity", identity}});
          },
      .on_error =
          [self](const kube::Error& error) {
            // A conflict is another candidate winning a round: normal, not worth a warning.
            const bool expected = error.is_conflict() || error.is_already_exists();
            self->log_(expected ? "debug" : "warn", "leader election request failed",
                       {{"error", error.to_string()}});
          }};
  const std::string lease_namespace =
      options.namespace_.empty() ? cluster.namespace_ : options.namespace_;
  auto elector = runtime::LeaderElector::create(
      *campaign->client_, clock, [] { return std::chrono::system_clock::now(); },
      election_config(options, lease_namespace, runtime::unique_identity(host_name())),
      std::move(callbacks));
  if (!elector) return std::unexpected(elector.error());
  campaign->elector_ = std::move(*elector);

  campaign->log_(
      "info", "campaigning for leadership",
      {{"lease", lease_namespace + "/" + options.lease_name}, {"identity", campaign->identity()}});
  controller.start_caches();
  campaign->thread_ = std::jthread([self](std::stop_token stop) { self->elector_->run(stop); });
  return campaign;
}

LeaderCampaign::LeaderCampaign(Key, runtime::Controller& controller, runtime::LogSink log,
                               std::function<void(bool)> on_leading, std::function<void()> on_lost)
    : controller_(controller),
      log_(std::move(log)),
      on_leading_(std::move(on_leading)),
      on_lost_(std::move(on_lost)) {}

LeaderCampaign::~LeaderCampaign() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

void LeaderCampaign::resign() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
  if (!elector_->is_leader()) return;
  if (auto released = elector_->release(); !released) {
    log_("warn", "cannot release the leader lease; it expires on its own",
         {{"error", released.error().to_string()}});
    return;
  }
  if (on_leading_) on_leading_(false);
  log_("info", "released the leader lease", {{"identity", identity()}});
}

}  // namespace rl::app
