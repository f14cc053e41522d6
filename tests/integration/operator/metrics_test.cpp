// The real operator's probes and metrics against the test API server: /healthz answers, /readyz
// waits for the caches, /metrics parses strictly as Prometheus text and its counters move as
// lists are reconciled and watches are cut; a port already taken is a clear error.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <thread>

#include "apiserver_process.hpp"
#include "operator_process.hpp"
#include "prometheus_text.hpp"

namespace rl::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

std::string list_manifest(const std::string& name) {
  return "---\napiVersion: readinglist.dev/v1alpha1\nkind: ReadingList\nmetadata:\n  name: " +
         name + "\nspec:\n  title: " + name +
         "\n  sections:\n  - title: Links\n    entries:\n    - title: Rust\n"
         "      url: https://www.rust-lang.org/\n";
}

class MetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = start_cluster();
    ASSERT_TRUE(started) << started.error();
    server_ = std::move(*started);
  }
  void TearDown() override {
    if (operator_) {
      EXPECT_EQ(operator_->stop(), 0) << "the operator must exit 0 on SIGTERM";
      if (HasFailure()) std::cerr << "operator log:\n" << operator_->log();
    }
  }

  // Starts the operator with these addresses and waits for the ones it logs as bound.
  void start_operator(const std::string& health, const std::string& metrics) {
    operator_ = std::make_unique<OperatorProcess>(
        server_->kubeconfig(), server_->dir() / "operator.log",
        std::vector<std::string>{"--health-bind-address", health, "--metrics-bind-address",
                                 metrics});
    ASSERT_TRUE(eventually([&] {
      const auto log = operator_->log();
      probes_ = logged_address(log, "serving probes");
      metrics_ = logged_address(log, "serving metrics");
      return !probes_.empty() && !metrics_.empty();
    })) << operator_->log();
  }

  static std::expected<HttpResponse, std::string> http(const std::string& address,
                                                       const std::string& method,
                                                       const std::string& path) {
    return HttpClient("http://" + address, "", "").request(method, path, "", "", {}, 5s);
  }
  int status(const std::string& address, const std::string& path) const {
    const auto response = http(address, "GET", path);
    return response ? response->status : 0;
  }
  PromExposition scrape() const {
    const auto response = http(metrics_, "GET", "/metrics");
    EXPECT_TRUE(response) << response.error();
    if (!response) return {};
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    auto parsed = parse_prometheus_text(response->body);
    EXPECT_TRUE(parsed) << parsed.error() << "\n" << response->body;
    return parsed ? *parsed : PromExposition{};
  }

  std::unique_ptr<ApiServerProcess> server_;
  std::unique_ptr<OperatorProcess> operator_;
  std::string probes_;
  std::string metrics_;
};

TEST_F(MetricsTest, ProbesAnswerAndCountersMoveAsListsAreReconciledAndWatchesCut) {
  start_operator("127.0.0.1:0", "127.0.0.1:0");
  ASSERT_NE(probes_, metrics_);
  EXPECT_EQ(status(probes_, "/healthz"), 200);
  ASSERT_TRUE(eventually([&] { return status(probes_, "/readyz") == 200; }));
  EXPECT_EQ(status(probes_, "/metrics"), 404) << "metrics live on their own address";
  EXPECT_EQ(status(metrics_, "/healthz"), 404);
  const auto post = http(metrics_, "POST", "/metrics");
  ASSERT_TRUE(post) << post.error();
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->header("allow"), "GET, HEAD");

  const auto before = scrape();
  EXPECT_EQ(before.sum("readinglist_operator_build_info"), 1);
  const std::map<std::string, std::string> success = {{"controller", "readinglist"},
                                                      {"result", "success"}};
  const double reconciles = before.sum("controller_runtime_reconcile_total", success);
  const double requests = before.sum("rest_client_requests_total");
  EXPECT_GT(requests, 0) << "the informers' lists and watches";
  EXPECT_GT(before.sum("rest_client_requests_total", {{"code", "200"}, {"method", "GET"}}), 0);

  std::string manifests;
  for (const auto* name : {"alpha", "beta", "gamma"})
    manifests += list_manifest(name);
  const auto file = server_->dir() / "lists.yaml";
  std::ofstream(file) << manifests;
  ASSERT_EQ(server_->kubectl({"apply", "-f", file.string()}).exit_code, 0);

  PromExposition after;
  EXPECT_TRUE(eventually([&] {
    after = scrape();
    return after.sum("controller_runtime_reconcile_total", success) >= reconciles + 3 &&
           after.sum("controller_runtime_reconcile_time_seconds_count") >= reconciles + 3;
  })) << "reconciles: "
      << after.sum("controller_runtime_reconcile_total", success);
  EXPECT_GT(after.sum("rest_client_requests_total"), requests);
  EXPECT_GT(after.sum("rest_client_requests_total", {{"method", "PATCH"}}), 0) << "applies";
  EXPECT_GE(after.sum("workqueue_adds_total", {{"name", "readinglist"}}), 3);
  EXPECT_GT(after.sum("rest_client_rate_limiter_duration_seconds_count"), 0);
  EXPECT_TRUE(after.has_sample("workqueue_depth"));
  EXPECT_TRUE(after.has_sample("workqueue_longest_running_processor_seconds"));

  const std::map<std::string, std::string> lists = {{"resource", "readinglists"}};
  const double restarts = after.sum("readinglist_operator_watch_restarts_total", lists);
  server_->close_watches();
  EXPECT_TRUE(eventually([&] {
    return scrape().sum("readinglist_operator_watch_restarts_total", lists) > restarts;
  })) << "a cut watch is opened again, and counted";
  EXPECT_EQ(status(probes_, "/healthz"), 200);
}

TEST_F(MetricsTest, ReadyzIsUnavailableUntilTheCachesSync) {
  // The caches fill from streaming lists (watches), or lists where those fail.
  server_->add_fault({{"code", 500}, {"count", -1}, {"verb", "list"}});
  server_->add_fault({{"code", 500}, {"count", -1}, {"verb", "watch"}});
  start_operator("127.0.0.1:0", "127.0.0.1:0");
  EXPECT_EQ(status(probes_, "/healthz"), 200) << "alive while the lists fail";
  EXPECT_EQ(status(probes_, "/readyz"), 503);
  server_->clear_faults();
  EXPECT_TRUE(eventually([&] { return status(probes_, "/readyz") == 200; }, 60s));
}

TEST_F(MetricsTest, OneAddressServesProbesAndMetricsTogether) {
  start_operator("127.0.0.1:0", "127.0.0.1:0");
  ASSERT_EQ(operator_->stop(), 0);
  // The same address for both flags: one listener, all three paths.
  const std::string same = metrics_;
  operator_ = std::make_unique<OperatorProcess>(
      server_->kubeconfig(), server_->dir() / "operator.log",
      std::vector<std::string>{"--health-bind-address=" + same, "--metrics-bind-address=" + same});
  ASSERT_TRUE(eventually([&] { return status(same, "/healthz") == 200; })) << operator_->log();
  EXPECT_TRUE(eventually([&] { return status(same, "/readyz") == 200; }));
  EXPECT_EQ(status(same, "/metrics"), 200);
}

// A listening loopback socket, as another process holding the port would have.
class HeldPort {
 public:
  HeldPort() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    socklen_t length = sizeof addr;
    if (fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::listen(fd_, 1) == 0 &&
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &length) == 0) {
      address_ = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
    }
  }
  ~HeldPort() {
    if (fd_ >= 0) ::close(fd_);
  }
  HeldPort(const HeldPort&) = delete;
  HeldPort& operator=(const HeldPort&) = delete;
  const std::string& address() const { return address_; }

 private:
  int fd_;
  std::string address_;
};

TEST_F(MetricsTest, AnAddressInUseIsAClearErrorAndExitOne) {
  const HeldPort taken;
  ASSERT_FALSE(taken.address().empty());
  OperatorProcess process(server_->kubeconfig(), server_->dir() / "taken.log",
                          {"--metrics-bind-address", taken.address()});
  const auto exit_code = process.wait_for_exit(20s);
  ASSERT_TRUE(exit_code.has_value()) << process.log();
  EXPECT_EQ(*exit_code, 1);
  EXPECT_THAT(process.log(), HasSubstr("--metrics-bind-address " + taken.address()));
}

}  // namespace
}  // namespace rl::testing
