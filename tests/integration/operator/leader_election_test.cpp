// Two real operator processes with --leader-elect against the test API server: only the
// leader reconciles; the other takes over within the lease duration when the leader is
// killed, at once when it shuts down cleanly; a leader whose Lease is taken exits 1.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "apiserver_process.hpp"
#include "operator_process.hpp"
#include "prometheus_text.hpp"

namespace rl::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
using Clock = std::chrono::steady_clock;

const std::string kLeasePath =
    "/apis/coordination.k8s.io/v1/namespaces/default/leases/readinglist-operator";

// Short timings keep the file fast; a campaign waits up to retry * (1 + 1.2) between tries.
struct Timing {
  std::chrono::milliseconds lease;
  std::chrono::milliseconds renew;
  std::chrono::milliseconds retry;
  Clock::duration longest_campaign_wait() const { return retry * 22 / 10; }
};
constexpr Timing kFast{3000ms, 2000ms, 500ms};
// Long enough that a handover seen within a few seconds cannot be the Lease expiring.
constexpr Timing kSlowExpiry{10000ms, 8000ms, 500ms};

// The identity field of the first log line with `message` ("" when there is none).
std::string identity_in(const std::string& log, const std::string& message) {
  const std::string marker = " " + message + " identity=";
  const auto at = log.find(marker);
  if (at == std::string::npos) return {};
  const auto start = at + marker.size();
  return log.substr(start, log.find_first_of(" \n", start) - start);
}

// Whether a log line says `key` was reconciled.
bool reconciled(const std::string& log, const std::string& key) {
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(" reconciled ") != std::string::npos &&
        line.find(" readinglist=" + key) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string small_list(const std::string& name) {
  return "apiVersion: readinglist.dev/v1alpha1\nkind: ReadingList\nmetadata:\n  name: " + name +
         "\nspec:\n  title: " + name +
         "\n  sections:\n  - title: Links\n    entries:\n    - title: Rust\n"
         "      url: https://www.rust-lang.org/\n";
}

class LeaderElectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = start_cluster(/*with_crd=*/true, {"--deployment-ready-delay-ms", "100"});
    ASSERT_TRUE(started) << started.error();
    server_ = std::move(*started);
  }
  void TearDown() override {
    if (!HasFailure()) return;
    for (const auto& [name, process] : operators_)
      std::cerr << "log of " << name << ":\n" << process->log();
  }

  OperatorProcess& start(const std::string& name, const Timing& timing) {
    auto format = [](std::chrono::milliseconds d) { return std::to_string(d.count()) + "ms"; };
    operators_.emplace_back(
        name, std::make_unique<OperatorProcess>(
                  server_->kubeconfig(), server_->dir() / (name + ".log"),
                  std::vector<std::string>{"--leader-elect", "--leader-elect-lease-duration",
                                           format(timing.lease), "--leader-elect-renew-deadline",
                                           format(timing.renew), "--leader-elect-retry-period",
                                           format(timing.retry), "--health-bind-address=0",
                                           "--metrics-bind-address=127.0.0.1:0"}));
    return *operators_.back().second;
  }

  struct Replicas {
    OperatorProcess* leader;
    OperatorProcess* follower;
    std::string leader_identity;  // "" when the first never led
  };
  // Starts one replica, waits until it leads, then a second, and waits until that one has seen
  // the leader.
  Replicas leader_and_follower(const Timing& timing) {
    Replicas replicas{&start("first", timing), nullptr, {}};
    EXPECT_TRUE(eventually(
        [&] { return !(replicas.leader_identity = became_leader(*replicas.leader)).empty(); },
        15s));
    replicas.follower = &start("second", timing);
    EXPECT_TRUE(eventually(
        [&] {
          return identity_in(replicas.follower->log(), "new leader") == replicas.leader_identity;
        },
        15s));
    return replicas;
  }

  // leader_election_master_status of the Lease on the process's /metrics; -1 when unknown.
  static double leader_status(const OperatorProcess& process) {
    const std::string log = process.log();
    const std::string marker = "serving metrics address=";
    const auto at = log.find(marker);
    if (at == std::string::npos) return -1;
    const auto start = at + marker.size();
    const std::string address = log.substr(start, log.find_first_of(" \n", start) - start);
    const auto response = HttpClient("http://" + address, "", "").get("/metrics");
    if (!response || response->status != 200) return -1;
    const auto exposition = parse_prometheus_text(response->body);
    if (!exposition || !exposition->has_sample("leader_election_master_status")) return -1;
    return exposition->sum("leader_election_master_status", {{"name", "readinglist-operator"}});
  }

  static std::string became_leader(const OperatorProcess& process) {
    return identity_in(process.log(), "became leader");
  }

  nlohmann::json lease() const {
    auto response = server_->client().get(kLeasePath);
    return response && response->status == 200 ? response->json() : nlohmann::json();
  }
  std::string holder() const {
    const auto object = lease();
    return object.is_object() ? object["spec"].value("holderIdentity", "") : "";
  }

  void apply_list(const std::string& name) const {
    const auto file = server_->dir() / (name + ".yaml");
    std::ofstream(file) << small_list(name);
    const auto applied = server_->kubectl({"apply", "-f", file.string()});
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
  }
  bool ready(const std::string& name) const {
    auto response = server_->client().get(
        "/apis/readinglist.dev/v1alpha1/namespaces/default/readinglists/" + name);
    if (!response || response->status != 200) return false;
    const auto list = response->json();
    if (!list.contains("status") || !list["status"].contains("conditions")) return false;
    for (const auto& c : list["status"]["conditions"]) {
      if (c.value("type", "") == "Ready" && c.value("status", "") == "True") return true;
    }
    return false;
  }

  std::unique_ptr<ApiServerProcess> server_;
  std::vector<std::pair<std::string, std::unique_ptr<OperatorProcess>>> operators_;
};

TEST_F(LeaderElectionTest, OfTwoReplicasOnlyTheLeaderReconciles) {
  const auto [leader, follower, identity] = leader_and_follower(kFast);
  ASSERT_FALSE(identity.empty());
  EXPECT_EQ(holder(), identity);

  apply_list("shared");
  ASSERT_TRUE(eventually([&] { return ready("shared"); }));
  // Several renewals later, the follower is still only watching.
  std::this_thread::sleep_for(kFast.retry * 3);
  EXPECT_TRUE(reconciled(leader->log(), "default/shared"));
  EXPECT_THAT(follower->log(), Not(HasSubstr("reconciled")));
  EXPECT_THAT(follower->log(), Not(HasSubstr("became leader")));
  EXPECT_EQ(holder(), identity);
  EXPECT_EQ(leader_status(*leader), 1);
  EXPECT_EQ(leader_status(*follower), 0);
  EXPECT_TRUE(leader->running());
  EXPECT_TRUE(follower->running());
  EXPECT_EQ(leader->stop(), 0);
  EXPECT_EQ(follower->stop(), 0);
}

TEST_F(LeaderElectionTest, WhenTheLeaderIsKilledTheOtherTakesOverWithinTheLeaseDuration) {
  const auto [leader, follower, first] = leader_and_follower(kFast);
  ASSERT_FALSE(first.empty());

  const auto killed = Clock::now();
  leader->kill_hard();
  std::string second;
  ASSERT_TRUE(eventually([&] { return !(second = became_leader(*follower)).empty(); }, 15s));
  const auto handover = Clock::now() - killed;
  RecordProperty(
      "handover_ms",
      static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(handover).count()));
  // The Lease is respected until it expires (less the renewal the follower saw last), and
  // taken within one campaign wait of that, plus time for the requests.
  EXPECT_GE(handover, kFast.lease - kFast.retry - kFast.longest_campaign_wait());
  EXPECT_LE(handover, kFast.lease + 2 * kFast.longest_campaign_wait() + 1s);
  EXPECT_NE(second, first);
  EXPECT_EQ(holder(), second);
  EXPECT_GE(lease()["spec"].value("leaseTransitions", 0), 1);

  apply_list("after-handover");
  EXPECT_TRUE(eventually([&] { return ready("after-handover"); }));
  EXPECT_TRUE(reconciled(follower->log(), "default/after-handover"));
  EXPECT_EQ(follower->stop(), 0);
}

TEST_F(LeaderElectionTest, ALeaderStoppedCleanlyReleasesTheLeaseAndTheOtherTakesOverAtOnce) {
  const auto [leader, follower, first] = leader_and_follower(kSlowExpiry);
  ASSERT_FALSE(first.empty());

  const auto stopped = Clock::now();
  EXPECT_EQ(leader->stop(), 0) << "SIGTERM exits 0";
  EXPECT_THAT(leader->log(), HasSubstr("released the leader lease identity=" + first));
  ASSERT_TRUE(eventually([&] { return !became_leader(*follower).empty(); }, 15s));
  const auto handover = Clock::now() - stopped;
  RecordProperty(
      "handover_ms",
      static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(handover).count()));
  // Two campaign waits at most; waiting for expiry would take 10 s.
  EXPECT_LE(handover, 2 * kSlowExpiry.longest_campaign_wait() + 1s);
  EXPECT_EQ(holder(), became_leader(*follower));
  EXPECT_EQ(follower->stop(), 0);
  EXPECT_EQ(holder(), "") << "the second leader released it too";
}

TEST_F(LeaderElectionTest, ALeaderWhoseLeaseIsTakenStopsAndExits1Promptly) {
  OperatorProcess& leader = start("only", kSlowExpiry);
  ASSERT_TRUE(eventually([&] { return !became_leader(leader).empty(); }, 15s));

  // A read-modify-write like any other client's; a renewal in between makes it conflict.
  ASSERT_TRUE(eventually([&] {
    auto stolen = lease();
    if (!stolen.is_object()) return false;
    stolen["spec"]["holderIdentity"] = "intruder";
    const auto put = server_->client().put(kLeasePath, stolen);
    return put && put->status == 200;
  }));
  const auto taken = Clock::now();

  // Far sooner than the renew deadline (8 s): the first renewal that sees the intruder.
  const auto status = leader.wait_for_exit(3s);
  ASSERT_TRUE(status.has_value()) << "the leader kept running";
  EXPECT_EQ(*status, 1);
  EXPECT_LE(Clock::now() - taken, 3s);
  EXPECT_THAT(leader.log(), HasSubstr("leader election lost"));
  EXPECT_THAT(leader.log(), HasSubstr("new leader identity=intruder"));
  EXPECT_EQ(holder(), "intruder") << "a lost Lease is not released";
}

}  // namespace
}  // namespace rl::testing
