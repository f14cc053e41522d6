// An operator that starts against lists another one already converged finds nothing to do: its
// first reconciles wait for the caches, read the children its lists brought (not only what
// watches brought), and write nothing: no applies, no status, no Events.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "apiserver_process.hpp"
#include "operator_process.hpp"

namespace rl::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kLists = 20;

std::string manifests() {
  std::string text;
  for (int i = 0; i < kLists; ++i) {
    text +=
        "---\napiVersion: readinglist.dev/v1alpha1\nkind: ReadingList\nmetadata:\n  name: kept-" +
        std::to_string(i) + "\nspec:\n  title: Kept " + std::to_string(i) +
        "\n  sections:\n  - title: Links\n    entries:\n    - title: Rust\n"
        "      url: https://www.rust-lang.org/\n";
  }
  return text;
}

// Every list's Ready condition (its lastTransitionTime included) when all are Ready for their
// latest generation; an empty result otherwise.
nlohmann::json ready_conditions(const ApiServerProcess& server) {
  const auto listed =
      server.client().get("/apis/readinglist.dev/v1alpha1/namespaces/default/readinglists");
  if (!listed || listed->status != 200) return {};
  const auto lists = listed->json();
  nlohmann::json conditions = nlohmann::json::object();
  for (const auto& list : lists["items"]) {
    const auto status = list.value("status", nlohmann::json::object());
    if (status.value("observedGeneration", -1) != list["metadata"].value("generation", 0)) {
      return {};
    }
    for (const auto& c : status.value("conditions", nlohmann::json::array())) {
      if (c.value("type", "") != "Ready") continue;
      if (c.value("status", "") != "True") return {};
      conditions[list["metadata"].value("name", "")] = c;
    }
  }
  return conditions.size() == kLists ? conditions : nlohmann::json();
}

int reconciles(const std::string& log) {
  int count = 0;
  for (auto at = log.find(" reconciled "); at != std::string::npos;
       at = log.find(" reconciled ", at + 1)) {
    ++count;
  }
  return count;
}

TEST(OperatorRestart, ConvergedListsCostNoWritesWhenANewOperatorStarts) {
  auto started = start_cluster();
  ASSERT_TRUE(started) << started.error();
  const auto server = std::move(*started);
  const auto file = server->dir() / "lists.yaml";
  std::ofstream(file) << manifests();
  {
    OperatorProcess first(server->kubeconfig(), server->dir() / "first.log");
    ASSERT_EQ(server->kubectl({"apply", "-f", file.string()}).exit_code, 0);
    ASSERT_TRUE(eventually([&] { return !ready_conditions(*server).is_null(); }, 60s))
        << first.log();
    std::this_thread::sleep_for(1s);  // the last status writes' own watch events settle
    ASSERT_EQ(first.stop(), 0);
  }
  const auto before = ready_conditions(*server);
  ASSERT_FALSE(before.is_null());
  server->clear_requests();

  // Every list is queued once at start-up: wait for all those reconciles.
  OperatorProcess second(server->kubeconfig(), server->dir() / "second.log");
  ASSERT_TRUE(eventually([&] { return reconciles(second.log()) >= kLists; }, 60s)) << second.log();
  std::this_thread::sleep_for(1s);  // a write would be followed by a second round
  for (const char* verb : {"create", "update", "patch", "delete"}) {
    EXPECT_EQ(server->count_requests(verb), 0) << verb << " requests after the restart\n"
                                               << second.log();
  }
  EXPECT_EQ(ready_conditions(*server), before) << "Ready never left True";
  EXPECT_EQ(second.stop(), 0);
}

}  // namespace
}  // namespace rl::testing
