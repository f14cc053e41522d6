// The Lease record in and out of JSON, and MicroTime text.
#include "readinglist/model/lease.hpp"

#include <gtest/gtest.h>

namespace rl::model {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

TEST(MicroTime, HasExactlySixFractionalDigitsInUtc) {
  const auto noon = sys_days{November / 29 / 2026} + 12h;
  EXPECT_EQ(micro_time(noon), "2026-11-29T12:00:00.000000Z");
  EXPECT_EQ(micro_time(noon + 5s + 123456us + 789ns), "2026-11-29T12:00:05.123456Z");
  EXPECT_EQ(micro_time(sys_days{January / 2 / 2006} + 15h + 4min + 5s + 7us),
            "2006-01-02T15:04:05.000007Z");
}

TEST(LeaseRecord, ReadsEveryFieldOfTheSpec) {
  const auto lease = nlohmann::json::parse(R"({
    "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
    "metadata": {"name": "op", "namespace": "ops", "resourceVersion": "5012"},
    "spec": {"holderIdentity": "pod-a_1f", "leaseDurationSeconds": 15,
             "acquireTime": "2026-01-02T03:04:05.123456Z",
             "renewTime": "2026-01-02T03:05:35.654321Z", "leaseTransitions": 3}})");
  const auto record = lease_record_from_json(lease);
  ASSERT_TRUE(record) << record.error();
  EXPECT_EQ(*record, (LeaseRecord{.holder_identity = "pod-a_1f",
                                  .lease_duration_seconds = 15,
                                  .acquire_time = "2026-01-02T03:04:05.123456Z",
                                  .renew_time = "2026-01-02T03:05:35.654321Z",
                                  .lease_transitions = 3}));
}

TEST(LeaseRecord, AbsentSpecOrFieldsReadAsEmpty) {
  EXPECT_EQ(*lease_record_from_json({{"metadata", {{"name", "op"}}}}), LeaseRecord{});
  EXPECT_EQ(*lease_record_from_json({{"spec", {{"holderIdentity", nullptr}}}}), LeaseRecord{});
}

TEST(LeaseRecord, WrongTypesAreErrorsNamingTheField) {
  const auto bad = lease_record_from_json({{"spec", {{"leaseDurationSeconds", "15"}}}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), "spec.leaseDurationSeconds: not an integer");
  EXPECT_FALSE(lease_record_from_json({{"spec", {{"holderIdentity", 7}}}}));
  EXPECT_FALSE(lease_record_from_json({{"spec", "x"}}));
  EXPECT_FALSE(lease_record_from_json(nlohmann::json::array()));
}

TEST(LeaseRecord, WritingKeepsEverythingElseOfTheObject) {
  const auto lease = nlohmann::json::parse(R"({
    "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
    "metadata": {"name": "op", "namespace": "ops", "resourceVersion": "7",
                 "labels": {"team": "docs"}},
    "spec": {"holderIdentity": "old", "leaseDurationSeconds": 15, "strategy": "OldestEmulationVersion",
             "acquireTime": "2026-01-02T03:04:05.000000Z"}})");
  LeaseRecord released;
  released.lease_duration_seconds = 1;
  released.lease_transitions = 4;
  const auto written = with_lease_record(lease, released);
  EXPECT_EQ(written["metadata"], lease["metadata"]);
  EXPECT_EQ(written["spec"]["strategy"], "OldestEmulationVersion");
  EXPECT_EQ(written["spec"]["holderIdentity"], "");
  EXPECT_FALSE(written["spec"].contains("acquireTime")) << "an unset time is left out";
  EXPECT_EQ(*lease_record_from_json(written), released);
}

TEST(LeaseRecord, ANewLeaseNamesItselfAndRoundTrips) {
  const LeaseRecord record{.holder_identity = "a",
                           .lease_duration_seconds = 15,
                           .acquire_time = "2026-11-29T12:00:00.000000Z",
                           .renew_time = "2026-11-29T12:00:00.000000Z",
                           .lease_transitions = 0};
  const auto lease = new_lease("ops", "readinglist-operator", record);
  EXPECT_EQ(lease["apiVersion"], "coordination.k8s.io/v1");
  EXPECT_EQ(lease["kind"], "Lease");
  EXPECT_EQ(lease["metadata"]["name"], "readinglist-operator");
  EXPECT_EQ(lease["metadata"]["namespace"], "ops");
  EXPECT_EQ(*lease_record_from_json(lease), record);
}

}  // namespace
}  // namespace rl::model
