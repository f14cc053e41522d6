// The operator's metric names and labels, driven through the observer hooks.
#include "readinglist/app/operator_metrics.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "prometheus_text.hpp"

namespace rl::app {
namespace {

using namespace std::chrono_literals;
using rl::testing::parse_prometheus_text;
using rl::testing::PromExposition;
using ::testing::HasSubstr;

PromExposition scrape(const observe::Registry& registry) {
  const auto text = registry.render_text();
  auto parsed = parse_prometheus_text(text);
  EXPECT_TRUE(parsed) << parsed.error() << "\n" << text;
  return parsed ? *parsed : PromExposition{};
}

TEST(OperatorMetrics, DashboardSeriesExistAtZeroBeforeAnyWork) {
  observe::Registry registry;
  OperatorMetrics metrics(registry);
  const auto m = scrape(registry);
  for (const auto* result : {"success", "error", "requeue", "requeue_after"}) {
    const std::map<std::string, std::string> labels = {{"controller", "readinglist"},
                                                       {"result", result}};
    EXPECT_TRUE(m.has_sample("controller_runtime_reconcile_total")) << result;
    EXPECT_EQ(m.sum("controller_runtime_reconcile_total", labels), 0) << result;
  }
  EXPECT_EQ(m.sum("controller_runtime_reconcile_errors_total", {{"controller", "readinglist"}}), 0);
  EXPECT_TRUE(m.has_sample("controller_runtime_reconcile_time_seconds_count"));
  EXPECT_EQ(m.families.at("leader_election_master_status").type, "gauge");
  EXPECT_EQ(m.sum("readinglist_operator_build_info", {{"version", RL_VERSION}}), 1);
}

TEST(OperatorMetrics, ReconcilesCountByResultAndTime) {
  observe::Registry registry;
  OperatorMetrics metrics(registry);
  metrics.reconciled(runtime::ReconcileResult::Success, 20ms);
  metrics.reconciled(runtime::ReconcileResult::Success, 30ms);
  metrics.reconciled(runtime::ReconcileResult::Error, 2s);
  const auto m = scrape(registry);
  EXPECT_EQ(m.sum("controller_runtime_reconcile_total", {{"result", "success"}}), 2);
  EXPECT_EQ(m.sum("controller_runtime_reconcile_total", {{"result", "error"}}), 1);
  EXPECT_EQ(m.sum("controller_runtime_reconcile_errors_total"), 1);
  EXPECT_EQ(m.sum("controller_runtime_reconcile_time_seconds_count"), 3);
  EXPECT_EQ(m.sum("controller_runtime_reconcile_time_seconds_bucket", {{"le", "0.025"}}), 1);
  EXPECT_DOUBLE_EQ(m.sum("controller_runtime_reconcile_time_seconds_sum"), 2.05);
}

TEST(OperatorMetrics, RequestsCountByCodeMethodAndHostLikeClientGo) {
  observe::Registry registry;
  OperatorMetrics metrics(registry);
  metrics.request_finished("GET", "10.0.0.1:6443", 200, 5ms);
  metrics.request_finished("GET", "10.0.0.1:6443", 200, 50ms);
  metrics.request_finished("PATCH", "10.0.0.1:6443", 409, 5ms);
  metrics.request_finished("PUT", "10.0.0.1:6443", 0, 5ms);
  metrics.rate_limiter_waited("GET", "10.0.0.1:6443", 0ms);
  metrics.rate_limiter_waited("GET", "10.0.0.1:6443", 300ms);
  const auto m = scrape(registry);
  EXPECT_EQ(m.sum("rest_client_requests_total",
                  {{"code", "200"}, {"method", "GET"}, {"host", "10.0.0.1:6443"}}),
            2);
  EXPECT_EQ(m.sum("rest_client_requests_total", {{"code", "409"}, {"method", "PATCH"}}), 1);
  EXPECT_EQ(m.sum("rest_client_requests_total", {{"code", "<error>"}, {"method", "PUT"}}), 1);
  EXPECT_EQ(m.sum("rest_client_request_duration_seconds_count", {{"verb", "GET"}}), 2);
  EXPECT_EQ(m.sum("rest_client_rate_limiter_duration_seconds_count", {{"verb", "GET"}}), 2);
  EXPECT_EQ(m.sum("rest_client_rate_limiter_duration_seconds_bucket", {{"le", "0.25"}}), 1);
}

TEST(OperatorMetrics, WatchRestartsRelistsAndEventsCountPerResource) {
  observe::Registry registry;
  OperatorMetrics metrics(registry);
  metrics.watch_restarted("readinglists");
  metrics.watch_restarted("readinglists");
  metrics.watch_restarted("configmaps");
  metrics.relisted("readinglists");
  metrics.watch_event("readinglists");
  metrics.watch_event("configmaps");
  metrics.watch_event("configmaps");
  const auto m = scrape(registry);
  EXPECT_EQ(m.sum("readinglist_operator_watch_restarts_total", {{"resource", "readinglists"}}), 2);
  EXPECT_EQ(m.sum("readinglist_operator_watch_restarts_total", {{"resource", "configmaps"}}), 1);
  EXPECT_EQ(m.sum("readinglist_operator_relists_total", {{"resource", "readinglists"}}), 1);
  EXPECT_EQ(m.sum("readinglist_operator_watch_events_total", {{"resource", "configmaps"}}), 2);
  EXPECT_EQ(m.sum("readinglist_operator_watch_events_total", {{"resource", "readinglists"}}), 1);
}

TEST(OperatorMetrics, WorkQueueSeriesAreReadAtScrapeTime) {
  observe::Registry registry;
  OperatorMetrics metrics(registry);
  runtime::WorkQueueStats stats{.depth = 3,
                                .processing = 2,
                                .waiting = 0,
                                .adds = 10,
                                .retries = 4,
                                .longest_running = 1500ms,
                                .unfinished_work = 2s};
  metrics.read_work_queue([&] { return stats; });
  auto m = scrape(registry);
  const std::map<std::string, std::string> queue = {{"name", "readinglist"}};
  EXPECT_EQ(m.sum("workqueue_depth", queue), 3);
  EXPECT_EQ(m.sum("workqueue_adds_total", queue), 10);
  EXPECT_EQ(m.sum("workqueue_retries_total", queue), 4);
  EXPECT_EQ(m.sum("workqueue_longest_running_processor_seconds", queue), 1.5);
  EXPECT_EQ(m.sum("workqueue_unfinished_work_seconds", queue), 2);
  stats.adds = 11;
  m = scrape(registry);
  EXPECT_EQ(m.sum("workqueue_adds_total", queue), 11);
}

TEST(OperatorMetrics, LeaderStatusFollowsTheSetter) {
  observe::Registry registry;
  OperatorMetrics metrics(registry);
  metrics.set_leader_status("readinglist-operator", true);
  EXPECT_EQ(
      scrape(registry).sum("leader_election_master_status", {{"name", "readinglist-operator"}}), 1);
  metrics.set_leader_status("readinglist-operator", false);
  EXPECT_THAT(registry.render_text(),
              HasSubstr("leader_election_master_status{name=\"readinglist-operator\"} 0\n"));
}

}  // namespace
}  // namespace rl::app
