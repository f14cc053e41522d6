// Faults under load: 500 lists edited round after round while the test API server drops watches,
// forgets its history, answers the operator's writes with 429 and 500 at random and restarts
// twice. Afterwards every list's served page is its latest spec rendered, its status is Ready for
// its latest generation, and the operator's memory has not grown without bound.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <future>
#include <iostream>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <thread>

#include "apiserver_process.hpp"
#include "operator_process.hpp"
#include "readinglist/model/codec.hpp"
#include "readinglist/render/render.hpp"

namespace rl::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
// A sanitizer build (unoptimised, every access checked) reconciles about ten times slower: the
// same rounds over a fifth of the lists keep the run within the same bounds. Its allocator
// holds freed memory in quarantine (up to 256 MB), so RSS says nothing there: LeakSanitizer
// checks for leaks at exit instead.
constexpr int kLists = 100;
constexpr bool kRssMeansSomething = false;
#else
constexpr int kLists = 500;
constexpr bool kRssMeansSomething = true;
#endif
constexpr int kFaultyRounds = 5;
const std::string kListsPath = "/apis/readinglist.dev/v1alpha1/namespaces/default/readinglists";
const std::string kSitesPath =
    "/api/v1/namespaces/default/configmaps"
    "?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dreadinglist-operator";

std::string list_name(int i) {
  return "load-" + std::to_string(i);
}

// Unique per list and round; none is part of another ("list-1 " is not in "list-17 ").
std::string marker(int i, int round) {
  return "list-" + std::to_string(i) + " round-" + std::to_string(round) + " end";
}

json spec_of(int i, int round) {
  const json entry = {
      {"title", "Entry " + marker(i, round)},
      {"url", "https://example.org/" + std::to_string(i) + "/" + std::to_string(round)}};
  return {{"title", "Title " + marker(i, round)},
          {"sections", json::array({{{"title", "Links"}, {"entries", json::array({entry})}}})}};
}

// One request, repeated until the server takes it: the test's own writes ride out the restarts
// (and any fault rule they happen to match). False only if it keeps failing for 30 s.
bool send(const HttpClient& client, const std::string& method, const std::string& path,
          const std::string& body, const std::string& content_type) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (true) {
    const auto r = client.request(method, path, body, content_type, {}, 10s);
    // A create whose answer was lost in a restart finds its object there on the retry.
    if (r && (r->status < 300 || (method == "POST" && r->status == 409))) return true;
    if (r && r->status != 429 && r->status < 500) {
      ADD_FAILURE() << method << " " << path << ": " << r->status << " " << r->body;
      return false;
    }
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(50ms);
  }
}

// Writes lists [from, to) with four connections at once (500 one at a time is slow).
bool write_lists(const HttpClient& client, int from, int to, int round) {
  std::vector<std::future<bool>> writers;
  for (int lane = 0; lane < 4; ++lane) {
    writers.push_back(std::async(std::launch::async, [&, lane] {
      bool ok = true;
      for (int i = from + lane; i < to; i += 4) {
        if (round == 0) {
          const json list = {{"apiVersion", "readinglist.dev/v1alpha1"},
                             {"kind", "ReadingList"},
                             {"metadata", {{"name", list_name(i)}}},
                             {"spec", spec_of(i, 0)}};
          ok = send(client, "POST", kListsPath, list.dump(), "application/json") && ok;
        } else {
          ok = send(client, "PATCH", kListsPath + "/" + list_name(i),
                    json{{"spec", spec_of(i, round)}}.dump(), "application/merge-patch+json") &&
               ok;
        }
      }
      return ok;
    }));
  }
  bool ok = true;
  for (auto& writer : writers)
    ok = writer.get() && ok;
  return ok;
}

struct Progress {
  int done = 0;
  std::string first_problem;
};

// Whether every list is done with a round: its status is Ready for its latest generation with
// the content hash of its spec rendered, and its ConfigMap holds exactly that content. Reads two
// LISTs rather than 1000 GETs, and the ConfigMaps (5 MB for 500 lists) only once every status is
// done, so that polling leaves the API server's time to the operator.
class Checker {
 public:
  explicit Checker(HttpClient client) : client_(std::move(client)) {}

  Progress progress(int round) {
    const auto response = client_.request("GET", kListsPath, "", "application/json", {}, 30s);
    if (!response || response->status != 200) return {0, "cannot list the lists"};
    const auto lists = response->json();
    if (lists["items"].size() != kLists) return {0, "not every list is on the server"};
    Progress p;
    std::vector<std::pair<std::string, const render::Content*>> ready;
    for (const auto& list : lists["items"]) {
      const std::string name = list["metadata"].value("name", "");
      std::string problem;
      const auto* content = status_problem(list, round, problem);
      if (content) {
        ready.emplace_back(name, content);
      } else if (p.first_problem.empty()) {
        p.first_problem = name + ": " + problem;
      }
    }
    if (ready.size() != kLists) return {static_cast<int>(ready.size()), p.first_problem};
    return pages(ready);
  }

 private:
  // The list's content when its status is done with the round; otherwise nullptr and why not.
  const render::Content* status_problem(const json& list, int round, std::string& problem) {
    const std::string name = list["metadata"].value("name", "");
    const int i = std::stoi(name.substr(5));
    if (list["spec"].value("title", "").find(marker(i, round)) == std::string::npos) {
      problem = "the server does not hold the round's edit";  // the test's own mistake
      return nullptr;
    }
    const auto status = list.value("status", json::object());
    const std::int64_t generation = list["metadata"].value("generation", 0);
    if (status.value("observedGeneration", -1) != generation) {
      problem = "status not observed for the latest generation";
      return nullptr;
    }
    json ready;
    for (const auto& c : status.value("conditions", json::array())) {
      if (c.value("type", "") == "Ready") ready = c;
    }
    if (!ready.is_object() || ready.value("status", "") != "True") {
      problem = "not Ready: " + ready.dump();
      return nullptr;
    }
    auto& [rendered_generation, content] = rendered_[name];
    if (rendered_generation != generation) {
      const auto decoded = model::from_json(list, name);
      if (!decoded) {
        problem = "cannot decode the stored list";
        return nullptr;
      }
      content = render::render(*decoded);
      rendered_generation = generation;
    }
    if (status.value("contentHash", "") != content.hash()) {
      problem = "status has another content hash";
      return nullptr;
    }
    return &content;
  }

  Progress pages(const std::vector<std::pair<std::string, const render::Content*>>& ready) {
    const auto response = client_.request("GET", kSitesPath, "", "application/json", {}, 30s);
    if (!response || response->status != 200) return {0, "cannot list the ConfigMaps"};
    const auto sites = response->json();
    std::map<std::string, json> data_by_site;
    for (const auto& site : sites["items"])
      data_by_site[site["metadata"].value("name", "")] = site.value("data", json());
    Progress p;
    for (const auto& [name, content] : ready) {
      const auto& data = data_by_site[name + "-site"];
      std::string problem = data.is_object() ? "" : "no ConfigMap";
      for (const auto& file : content->files) {
        if (problem.empty() && data.value(file.name, "") != file.data) {
          problem = "its ConfigMap's " + file.name + " is not the latest";
        }
      }
      if (problem.empty()) {
        ++p.done;
      } else if (p.first_problem.empty()) {
        p.first_problem = name + ": " + problem;
      }
    }
    return p;
  }

  HttpClient client_;
  std::map<std::string, std::pair<std::int64_t, render::Content>> rendered_;
};

class FaultsUnderLoad : public ::testing::Test {
 protected:
  void SetUp() override {
    // Bookmarks every second. No garbage collector: nothing is deleted here, and its pass
    // copies every stored object ten times a second, which on two cores starves the server.
    auto started = start_cluster(
        true, {"--deployment-ready-delay-ms", "200", "--bookmark-interval-ms", "1000", "--no-gc"});
    ASSERT_TRUE(started) << started.error();
    server_ = std::move(*started);
    checker_.emplace(server_->client());
    // More than the default client-side limit (50/s), so 500 lists converge in seconds.
    operator_ = std::make_unique<OperatorProcess>(
        server_->kubeconfig(), server_->dir() / "operator.log",
        std::vector<std::string>{"--qps", "400", "--burst", "800", "--concurrency", "4"});
  }
  void TearDown() override {
    if (!operator_) return;
    EXPECT_EQ(operator_->stop(std::chrono::seconds(20)), 0) << "exit 0 on SIGTERM";
    if (HasFailure()) {
      const auto log = operator_->log();
      std::cerr << "operator log (last 20000 bytes):\n"
                << log.substr(log.size() > 20000 ? log.size() - 20000 : 0);
    }
  }

  // Waits until every list is done with `round`; prints how long it took.
  bool converges(int round, std::chrono::seconds limit) {
    const auto started = std::chrono::steady_clock::now();
    Progress last;
    auto next_report = started + 10s;
    const bool ok = eventually(
        [&] {
          last = checker_->progress(round);
          if (last.done == kLists) return true;
          if (std::chrono::steady_clock::now() > next_report) {
            std::cout << "  " << last.done << " done; e.g. " << last.first_problem << std::endl;
            next_report += 10s;
          }
          std::this_thread::sleep_for(1s);
          return false;
        },
        limit);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    std::cout << "round " << round << ": " << last.done << "/" << kLists << " lists done after "
              << took.count() << " ms" << (ok ? "" : "; first left: " + last.first_problem)
              << std::endl;
    EXPECT_TRUE(ok) << last.done << " of " << kLists << " lists done with round " << round
                    << "; first left: " << last.first_problem;
    return ok;
  }

  // Once the server is back from a restart, control calls are heard again.
  void wait_for_server() const {
    EXPECT_TRUE(eventually([&] { return !server_->control("GET", "state").is_null(); }, 10s));
  }

  std::unique_ptr<ApiServerProcess> server_;
  std::unique_ptr<OperatorProcess> operator_;
  std::optional<Checker> checker_;
};

// Picks this round's trouble: 429 (with Retry-After) and 500 answers to a random number of the
// operator's child applies, status updates, Event creates, lists and watches.
void inject_faults(const ApiServerProcess& server, std::mt19937& rng) {
  const auto count = [&](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(rng);
  };
  const std::vector<json> menu = {
      {{"code", 429}, {"verb", "patch"}, {"path", "/(configmaps|deployments|services)/"}},
      {{"code", 500}, {"verb", "patch"}, {"path", "/(configmaps|deployments|services)/"}},
      {{"code", 429}, {"verb", "update"}, {"path", "/status$"}},
      {{"code", 500}, {"verb", "update"}, {"path", "/status$"}},
      {{"code", 500}, {"verb", "create"}, {"path", "/events$"}},
      {{"code", 429}, {"verb", "list"}, {"path", ""}},
      {{"code", 500}, {"verb", "watch"}, {"path", ""}},
  };
  for (auto fault : menu) {
    if (count(0, 3) == 0) continue;  // each kind in about three rounds of four
    const bool few = fault["verb"] == "list" || fault["verb"] == "watch";
    fault["count"] = few ? count(1, 3) : count(3, 25);
    if (fault["code"] == 429) fault["retryAfterSeconds"] = count(0, 1);
    server.add_fault(fault);
  }
}

void disturb_watches(const ApiServerProcess& server, std::mt19937& rng) {
  switch (std::uniform_int_distribution<int>(0, 3)(rng)) {
    case 0:
      server.close_watches(ApiServerProcess::WatchEnding::Clean);
      break;
    case 1:
      server.close_watches(ApiServerProcess::WatchEnding::Cut);
      break;
    case 2:
      server.close_watches(ApiServerProcess::WatchEnding::CutMidEvent);
      break;
    default:
      server.expire_history();
      server.close_watches(ApiServerProcess::WatchEnding::Cut);
  }
}

TEST_F(FaultsUnderLoad, EveryListShowsItsLatestSpecAndMemoryStaysBounded) {
  const char* given = std::getenv("RL_TEST_SEED");
  const std::uint32_t seed =
      given ? static_cast<std::uint32_t>(std::stoul(given)) : std::random_device{}();
  std::cout << "seed " << seed << " (RL_TEST_SEED=" << seed << " repeats this run)" << std::endl;
  std::mt19937 rng(seed);
  const auto client = server_->client();

  ASSERT_TRUE(write_lists(client, 0, kLists, 0));
  ASSERT_TRUE(converges(0, 120s));
  const long baseline = operator_->rss_kib().value_or(0);
  ASSERT_GT(baseline, 0);

  // Each round edits every list in five slices, with 429s and 500s on the operator's requests
  // throughout, one watch ending (or history expiry) after a random slice, and in two of the
  // rounds a restart of the server after another.
  std::vector<int> restart_rounds(kFaultyRounds);
  std::iota(restart_rounds.begin(), restart_rounds.end(), 1);
  std::shuffle(restart_rounds.begin(), restart_rounds.end(), rng);
  restart_rounds.resize(2);
  constexpr int kSlices = 5;
  const auto pick = [&](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(rng);
  };
  for (int round = 1; round <= kFaultyRounds; ++round) {
    const auto round_started = std::chrono::steady_clock::now();
    inject_faults(*server_, rng);
    const int disturb_slice = pick(0, kSlices - 1);
    const bool restarts = std::ranges::find(restart_rounds, round) != restart_rounds.end();
    const int restart_slice = restarts ? (disturb_slice + pick(1, kSlices - 1)) % kSlices : -1;
    for (int slice = 0; slice < kSlices; ++slice) {
      ASSERT_TRUE(
          write_lists(client, slice * kLists / kSlices, (slice + 1) * kLists / kSlices, round));
      if (slice == disturb_slice) disturb_watches(*server_, rng);
      if (slice == restart_slice) {
        const auto down = std::chrono::milliseconds(pick(100, 1000));
        std::cout << "round " << round << ": restart, down " << down.count() << " ms" << std::endl;
        server_->restart_in_place(down);
        std::this_thread::sleep_for(down);
        wait_for_server();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(pick(100, 500)));
    }
    // Rounds overlap the operator's work: the next one starts while it still catches up.
    std::this_thread::sleep_until(round_started + 6s);
    ASSERT_TRUE(operator_->running()) << "the operator died in round " << round;
    std::cout << "round " << round << " edited; operator RSS " << operator_->rss_kib().value_or(0)
              << " KiB" << std::endl;
  }
  server_->clear_faults();
  ASSERT_TRUE(converges(kFaultyRounds, 120s));
  ASSERT_TRUE(operator_->running());

  // Not grown without bound, first coarsely. The level after the faulty rounds is a high-water
  // mark, not a slope: relisting every collection at once after a restart or an expiry holds
  // each list's text and JSON tree (the ConfigMaps alone are 5.5 MB of JSON) on cpprest's
  // threads, and glibc keeps such peaks in up to 16 arenas (8 per core). Measured: 44 MB
  // converged, 75-125 MB after the faults; a run of 14 faulty rounds levelled off after the
  // second. A leak of a few KiB per request over the ~20000 requests of the faulty rounds would
  // exceed this bound.
  const long after_faults = operator_->rss_kib().value_or(0);
  std::cout << "RSS KiB: converged " << baseline << ", after the faulty rounds " << after_faults
            << std::endl;
  if (kRssMeansSomething) {
    EXPECT_LT(after_faults, baseline + 128 * 1024);
  }

  // Then sharply: one more round of edits without faults (the same lists, content of the same
  // size, every list reconciled and its page rewritten) must not add to that level.
  ASSERT_TRUE(write_lists(client, 0, kLists, kFaultyRounds + 1));
  ASSERT_TRUE(converges(kFaultyRounds + 1, 60s));
  const long after_quiet = operator_->rss_kib().value_or(0);
  std::cout << "RSS KiB: after a quiet round " << after_quiet << std::endl;
  if (kRssMeansSomething) {
    EXPECT_LT(after_quiet - after_faults, 4 * 1024);
  }
}

}  // namespace
}  // namespace rl::testing
