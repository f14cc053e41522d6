// The Controller with its real threads (informers, work queue, four workers, resync) against
// the test API server's core, with the real server's rules. Written to run under ThreadSanitizer:
// every wait is bounded polling for a state of the world, never a timing assertion.
#include "readinglist/runtime/controller.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <random>

#include "controller_fixture.hpp"

namespace rl::runtime {
namespace {

using namespace std::chrono_literals;
using namespace testing;  // NOLINT: the fixture's helpers

// Informers per watched namespace: ReadingLists, Microsites and the four child kinds.
constexpr std::size_t kWatchesPerNamespace = 2 + reconcile::kChildKinds.size();

ControllerOptions options_with(std::shared_ptr<CountingObserver> observer,
                               kube::Clock::Duration resync = 10min) {
  ControllerOptions options;
  options.workers = 4;
  options.resync = resync;
  options.observer = std::move(observer);
  return options;
}

std::vector<std::string> names(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i)
    out.push_back(list_name(i));
  return out;
}

void print_cost(const CoreApiClient& api, const std::string& what) {
  std::cout << what << ": list " << api.calls(Verb::List) << ", watch " << api.calls(Verb::Watch)
            << ", get " << api.calls(Verb::Get) << ", apply/patch " << api.calls(Verb::Patch)
            << ", status " << api.calls(Verb::UpdateStatus) << ", create "
            << api.calls(Verb::Create) << ", delete " << api.calls(Verb::Remove)
            << " (writes that changed nothing: " << api.unchanged_writes() << ")\n";
}

TEST(Controller, ListsCreatedBeforeStartAllConverge) {
  CoreApiClient api;
  const auto all = names(50);
  const auto ns_of = [](const std::string& name) { return name.back() % 2 ? "team-a" : "team-b"; };
  api.create_namespace("team-a");
  api.create_namespace("team-b");
  for (const auto& name : all)
    ASSERT_TRUE(api.create(kReadingLists, ns_of(name), reading_list(ns_of(name), name), {}));
  api.reset_calls();  // count the controller's calls only
  kube::SystemClock clock;
  auto observer = std::make_shared<CountingObserver>();
  Log log;
  Controller controller(api, clock, options_with(observer), fixed_now, log.sink());
  controller.start();
  ASSERT_TRUE(controller.wait_for_sync());

  std::string problem;
  const bool converged = eventually([&] {
    problem.clear();
    for (const auto& name : all) {
      if (problem = first_unconverged(api, ns_of(name), {name}); !problem.empty()) return false;
    }
    return true;
  });
  ASSERT_TRUE(converged) << problem << "\n" << log.text();
  ASSERT_TRUE(eventually([&] { return settled(api, controller, kWatchesPerNamespace); }));

  for (const auto& name : all) {
    const auto deployment = api.object(kDeployments, ns_of(name), name + "-site");
    ASSERT_TRUE(deployment);
    // Applied once: a re-apply from a lagging cache changed nothing on the server.
    EXPECT_EQ(deployment->at("metadata").value("generation", 0), 1) << name;
  }
  // Reads come from the caches: a reconcile never GETs.
  EXPECT_EQ(api.calls(Verb::Get), 0);
  EXPECT_GE(api.calls(Verb::Patch, kConfigMaps), 50);
  EXPECT_GE(api.calls(Verb::UpdateStatus, kReadingLists), 50);
  print_cost(api, "50 lists converged");
}

// Another thread creates, edits (title, entries, site shape) and deletes lists while the
// controller runs with a short resync; watches are ended and the history compacted meanwhile.
TEST(Controller, ConcurrentCreatesEditsAndDeletesEndWithEveryListAtItsLatestSpec) {
  CoreApiClient api;
  kube::SystemClock clock;
  auto observer = std::make_shared<CountingObserver>();
  Log log;
  auto options = options_with(observer, 20ms);
  options.namespaces = {"one", "two"};
  Controller controller(api, clock, options, fixed_now, log.sink());
  for (const char* ns : {"one", "two", "elsewhere"})
    api.create_namespace(ns);
  // A list in a namespace the controller does not watch is never touched.
  ASSERT_TRUE(api.create(kReadingLists, "elsewhere", reading_list("elsewhere", "list-0"), {}));
  controller.start();

  constexpr int kLists = 24;
#if defined(__SANITIZE_THREAD__)
  // Every access checked: a third of the churn still overlaps workers, watches and restarts.
  constexpr int kOperations = 200;
#else
  constexpr int kOperations = 600;
#endif
  std::map<std::pair<std::string, std::string>, bool> exists;  // written by the churn only
  {
    std::jthread churn([&] {
      std::mt19937 rng(7);
      for (int op = 0; op < kOperations; ++op) {
        const std::string ns = rng() % 2 ? "one" : "two";
        const std::string name = list_name(static_cast<int>(rng() % kLists));
        const int version = op;
        const int site = static_cast<int>(rng() % 4);
        bool& present = exists[{ns, name}];
        if (!present) {
          present =
              api.create(kReadingLists, ns, reading_list(ns, name, version, site), {}).has_value();
        } else if (rng() % 5 == 0) {
          present = !api.remove(kReadingLists, ns, name, {}).has_value();
        } else {
          // Read, modify, write; a conflict (the controller wrote the status) means read again.
          while (true) {
            auto current = api.get(kReadingLists, ns, name, {});
            ASSERT_TRUE(current);
            (*current)["spec"] = spec_of(name, version, site);
            auto updated = api.update(kReadingLists, ns, name, *current, {}, {});
            if (updated) break;
            ASSERT_TRUE(updated.error().is_conflict()) << updated.error().to_string();
          }
        }
        if (op % (kOperations / 4) == kOperations / 8) api.server().close_watches();
        if (op == kOperations / 2) {
          api.server().compact_history();
          api.server().close_watches();
        }
        if (op % 10 == 0) std::this_thread::sleep_for(1ms);  // spread over the controller's work
      }
    });
  }

  std::string problem;
  const bool converged = eventually([&] {
    for (const auto& [key, present] : exists) {
      const auto& [ns, name] = key;
      problem = present                                       ? first_unconverged(api, ns, {name})
                : api.object(kConfigMaps, ns, name + "-site") ? ns + "/" + name + " has children"
                                                              : "";
      if (!problem.empty()) return false;
    }
    return true;
  });
  ASSERT_TRUE(converged) << problem << "\n" << log.text();
  // Then it goes quiet: two resync rounds (every 20 ms) of the converged lists pass without a
  // write. (Writes from caches that lagged behind the churn may still trickle in first; the
  // queue need not ever be idle on a slow machine, so this does not wait for that.)
  bool quiet = false;
  for (int attempt = 0; attempt < 20 && !quiet; ++attempt) {
    const int writes = api.write_calls();
    const int reconciles = observer->reconciles();
    ASSERT_TRUE(eventually([&] { return observer->reconciles() >= reconciles + 2 * 2 * kLists; }));
    quiet = api.write_calls() == writes;
  }
  EXPECT_TRUE(quiet) << "the controller keeps writing converged lists";
  EXPECT_FALSE(api.object(kConfigMaps, "elsewhere", "list-0-site"));
  EXPECT_FALSE(api.object(kReadingLists, "elsewhere", "list-0")->contains("status"));
  EXPECT_GT(observer->watch_restarts, 0);
  EXPECT_GT(observer->relists, 0);
  EXPECT_GT(observer->watch_events, 0);
  print_cost(api, "concurrent edits converged (with the churn's own calls)");
}

// stop() returns however much work is in flight; a watchdog turns a hang into a failure.
void finish_or_abort(const std::atomic<int>& finished, int expected, const char* what) {
  if (!eventually([&] { return finished == expected; })) {
    std::cerr << what << " did not return within 30 s\n";
    std::abort();
  }
}

TEST(Controller, StopWhileReconcilesAreInFlightReturnsFromAnyThread) {
  CoreApiClient api;
  api.create_namespace("team");
  for (const auto& name : names(50))
    ASSERT_TRUE(api.create(kReadingLists, "team", reading_list("team", name), {}));
  api.set_write_latency(2ms);  // reconciles take a while
  kube::SystemClock clock;
  auto observer = std::make_shared<CountingObserver>();
  Log log;
  Controller controller(api, clock, options_with(observer), fixed_now, log.sink());
  controller.start();
  ASSERT_TRUE(eventually([&] { return api.calls(Verb::Patch) >= 20; }));

  std::atomic<int> finished{0};
  {
    // The process's shutdown (stop, twice) and a lost leadership (stop_work) at the same time.
    std::jthread shutdown([&] {
      controller.stop();
      ++finished;
    });
    std::jthread second_shutdown([&] {
      controller.stop();
      ++finished;
    });
    std::jthread leadership_lost([&] {
      controller.stop_work();
      ++finished;
    });
    finish_or_abort(finished, 3, "stop()/stop()/stop_work()");
  }
  EXPECT_EQ(api.open_watches(), 0u);
  EXPECT_EQ(controller.queue_stats().processing, 0u);
  const int writes = api.write_calls();
  // Stopped work stays stopped, even when leadership comes back.
  controller.start_workers();
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(api.write_calls(), writes);
}

// A replica waiting for leadership keeps warm caches and writes nothing; leadership arriving
// while shutdown begins is safe either way round.
TEST(Controller, CachesWithoutWorkersWriteNothingAndStartRacesStop) {
  CoreApiClient api;
  api.create_namespace("team");
  for (const auto& name : names(10))
    ASSERT_TRUE(api.create(kReadingLists, "team", reading_list("team", name), {}));
  api.reset_calls();
  kube::SystemClock clock;
  Log log;
  Controller controller(api, clock, options_with(nullptr), fixed_now, log.sink());
  controller.start_caches();
  ASSERT_TRUE(controller.wait_for_sync());
  EXPECT_TRUE(controller.has_synced());
  ASSERT_TRUE(eventually([&] { return controller.queue_stats().depth == 10; }));
  EXPECT_EQ(api.write_calls(), 0);

  std::atomic<int> finished{0};
  {
    std::jthread elected([&] {
      controller.start_workers();
      ++finished;
    });
    std::jthread stopping([&] {
      controller.stop();
      ++finished;
    });
    finish_or_abort(finished, 2, "start_workers()/stop()");
  }
  EXPECT_EQ(api.open_watches(), 0u);
}

// On virtual time: a resync happens only when the clock says so, and a converged set costs
// no write however many resyncs pass.
TEST(Controller, ConvergedListsCostNoWritesOverResyncs) {
  CoreApiClient api;
  api.create_namespace("team");
  const auto all = names(20);
  for (const auto& name : all)
    ASSERT_TRUE(api.create(kReadingLists, "team", reading_list("team", name, 1, 2), {}));
  api.reset_calls();
  kube::ManualClock clock;
  auto observer = std::make_shared<CountingObserver>();
  Log log;
  Controller controller(api, clock, options_with(observer, 1h), fixed_now, log.sink());
  controller.start();
  // Retries after conflicts wait on the clock: move it a second at a time meanwhile.
  const auto tick = [&] { clock.advance(1s); };
  std::string problem;
  ASSERT_TRUE(
      eventually([&] { return (problem = first_unconverged(api, "team", all)).empty(); }, tick))
      << problem << "\n"
      << log.text();
  // Retries of earlier conflicts drained too: then only the resync thread sleeps on the clock.
  ASSERT_TRUE(eventually(
      [&] {
        return controller.queue_stats().waiting == 0 &&
               settled(api, controller, kWatchesPerNamespace);
      },
      tick));

  const int writes = api.write_calls();
  const auto version = api.resource_version();
  const int errors = observer->errors;
  for (int round = 0; round < 3; ++round) {
    // Wait for the resync thread to sleep, then wake it for exactly one period.
    ASSERT_TRUE(eventually([&] { return clock.sleepers() == 1; }));
    const int before = observer->reconciles();
    clock.advance(1h);
    ASSERT_TRUE(eventually([&] { return observer->reconciles() >= before + 20; }));
    ASSERT_TRUE(eventually([&] { return settled(api, controller, kWatchesPerNamespace); }));
  }
  EXPECT_EQ(api.write_calls(), writes);
  EXPECT_EQ(api.resource_version(), version);
  EXPECT_EQ(api.calls(Verb::Get), 0);
  EXPECT_EQ(observer->errors, errors);
}

// Failed applies and status writes (500) come back through the rate-limited queue until the
// lists converge; the failures are reported on the lists meanwhile.
TEST(Controller, TransientServerErrorsAreRetriedUntilConverged) {
  CoreApiClient api;
  api.create_namespace("team");
  const auto all = names(20);
  for (const auto& name : all)
    ASSERT_TRUE(api.create(kReadingLists, "team", reading_list("team", name), {}));
  api.reset_calls();
  // The first 20 ConfigMap applies and the first 20 status writes fail (500, as the server's
  // fault rules answer them).
  api.fail_next(20, 500, "patch", "/configmaps/");
  api.fail_next(20, 500, "update", "/readinglists/.*/status$");
  kube::SystemClock clock;
  auto observer = std::make_shared<CountingObserver>();
  Log log;
  Controller controller(api, clock, options_with(observer), fixed_now, log.sink());
  controller.start();
  std::string problem;
  ASSERT_TRUE(eventually([&] { return (problem = first_unconverged(api, "team", all)).empty(); }))
      << problem << "\n"
      << log.text();
  EXPECT_EQ(api.faults().to_json().size(), 0u) << "every injected failure was met and retried";
  EXPECT_EQ(api.answers(500), 40);
  EXPECT_GT(observer->errors, 0);
  print_cost(api, "20 lists through 500s");
}

}  // namespace
}  // namespace rl::runtime
