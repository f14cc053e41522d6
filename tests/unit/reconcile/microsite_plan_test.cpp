// plan_microsite: what a microsite becomes, convergence to an empty plan, lists coming and going,
// refusals, status counts and Events.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "microsite_fixture.hpp"
#include "readinglist/reconcile/microsite.hpp"
#include "readinglist/reconcile/status.hpp"

namespace rl::reconcile {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace testing;

// Matches the applies of a plan by their kinds, in order.
template <class... Kinds>
auto applies_of(Kinds... kinds) {
  return ElementsAre(::testing::Field(&ApplyChild::kind, kinds)...);
}

// The microsite's condition `type`, as the last plan wrote it.
const model::Condition& condition_of(const model::Microsite& microsite, std::string_view type) {
  const auto& conditions = microsite.status.value().conditions;
  const auto it = std::ranges::find(conditions, type, &model::Condition::type);
  return it != conditions.end() ? *it : throw std::out_of_range(std::string(type));
}

struct Conference {
  std::vector<model::ReadingList> lists = {talk_list("zero-trust", "Zero Trust", "2023-11-07"),
                                           talk_list("ebpf", "eBPF", "2023-11-08"),
                                           talk_list("wasm", "Wasm", "2023-11-09")};
  model::Microsite microsite = sample_microsite();

  // The first `count` lists are labelled for the conference; the others are not.
  Selection select(std::size_t count) {
    for (std::size_t i = 0; i < lists.size(); ++i) {
      lists[i].metadata.labels = {{"event", i < count ? "kubecon-na-2023" : "other"}};
    }
    return select_lists(microsite, valid_candidates(lists));
  }
};

// Runs reconcile rounds, as watch events would, until the plan is empty; after each, the
// Deployment's rollout finishes with `ready` replicas.
ObservedChildren converge(model::Microsite& microsite, const Selection& selection,
                          ObservedChildren children, int ready = 2) {
  int round = 0;
  for (auto plan = plan_microsite(microsite, selection, children, at_second(1000)); !plan.empty();
       plan = plan_microsite(microsite, selection, children, at_second(1000 + ++round))) {
    if (round == 5) throw std::runtime_error("no convergence in 5 rounds");
    children = apply_plan(plan, std::move(children), microsite);
    if (!children.deployment) continue;
    children.deployment =
        observe(ChildKind::Deployment, rolled_out(children.deployment->object, ready));
  }
  return children;
}

std::size_t projected_sources(const ApplyChild& deployment) {
  for (const auto& volume : deployment.body["spec"]["template"]["spec"]["volumes"]) {
    if (volume["name"] == "content") return volume["projected"]["sources"].size();
  }
  return 0;
}

TEST(PlanMicrosite, NewMicrositeCreatesIndexDeploymentAndServiceAndReportsProgress) {
  Conference conference;
  const auto selection = conference.select(2);
  const MicrositePlan plan = plan_microsite(conference.microsite, selection, {}, at_second(1000));
  EXPECT_THAT(plan.applies,
              applies_of(ChildKind::ConfigMap, ChildKind::Deployment, ChildKind::Service));
  EXPECT_EQ(plan.applies[0].name, "kubecon-index");
  EXPECT_EQ(plan.applies[1].name, "kubecon-microsite");
  EXPECT_EQ(projected_sources(plan.applies[1]), 3u) << "the index and two lists";
  EXPECT_TRUE(plan.deletes.empty());
  ASSERT_TRUE(plan.status);
  EXPECT_EQ(plan.status->observed_generation, 2);
  EXPECT_EQ(plan.status->lists, (model::MicrositeListCounts{2, 2}));
  EXPECT_EQ(plan.status->url, "http://kubecon-microsite.talks.svc");
  EXPECT_EQ(plan.status->content_hash->size(), 64u);
  conference.microsite.status = plan.status;
  EXPECT_EQ(condition_of(conference.microsite, "Ready").status, "False");
  EXPECT_EQ(condition_of(conference.microsite, "Ready").reason, "Progressing");
  EXPECT_EQ(condition_of(conference.microsite, "Ready").last_transition_time,
            "1970-01-01T00:16:40Z");
  EXPECT_THAT(plan.events,
              ElementsAre(EventRecord{"Normal", "Created",
                                      "created ConfigMap kubecon-index, Deployment "
                                      "kubecon-microsite, Service kubecon-microsite"}));
}

TEST(PlanMicrosite, ConvergedMicrositeCostsNothing) {
  Conference conference;
  const auto selection = conference.select(3);
  const auto children = converge(conference.microsite, selection, {});
  const auto& microsite = conference.microsite;
  EXPECT_EQ(condition_of(microsite, "Ready").status, "True");
  EXPECT_EQ(condition_of(microsite, "Ready").reason, "Available");
  EXPECT_THAT(condition_of(microsite, "Ready").message,
              HasSubstr("http://kubecon-microsite.talks.svc"));
  EXPECT_EQ(condition_of(microsite, "Rendered").status, "True");
  EXPECT_EQ(condition_of(microsite, "Rendered").message, "3 lists on the index");
  EXPECT_EQ(condition_of(microsite, "Available").status, "True");
  EXPECT_EQ(microsite.status->ready_replicas, 2);
  EXPECT_TRUE(plan_microsite(microsite, selection, children, at_second(5000)).empty());
}

TEST(PlanMicrosite, AnAddedOrRemovedListChangesTheIndexAndTheDeployment) {
  Conference conference;
  auto children = converge(conference.microsite, conference.select(2), {});
  const std::string hash_of_two = *conference.microsite.status->content_hash;

  const auto three = conference.select(3);
  const MicrositePlan added =
      plan_microsite(conference.microsite, three, children, at_second(6000));
  EXPECT_THAT(added.applies, applies_of(ChildKind::ConfigMap, ChildKind::Deployment));
  EXPECT_EQ(projected_sources(added.applies[1]), 4u);
  ASSERT_TRUE(added.status);
  EXPECT_EQ(added.status->lists, (model::MicrositeListCounts{3, 3}));
  EXPECT_NE(added.status->content_hash, hash_of_two);
  EXPECT_EQ(
      added.applies[1].body["spec"]["template"]["metadata"]["annotations"][kContentHashAnnotation],
      *added.status->content_hash);
  children = converge(conference.microsite, three, children);

  const auto one = conference.select(1);
  const MicrositePlan removed =
      plan_microsite(conference.microsite, one, children, at_second(7000));
  EXPECT_THAT(removed.applies, applies_of(ChildKind::ConfigMap, ChildKind::Deployment));
  EXPECT_EQ(projected_sources(removed.applies[1]), 2u);
  EXPECT_EQ(removed.status->lists, (model::MicrositeListCounts{1, 1}));
}

TEST(PlanMicrosite, InvalidSelectedListsAreCountedButLeftOffTheIndex) {
  Conference conference;
  std::vector<CandidateList> candidates = valid_candidates(conference.lists);
  candidates[1].valid = false;
  const auto selection = select_lists(conference.microsite, candidates);
  converge(conference.microsite, selection, {});
  EXPECT_EQ(conference.microsite.status->lists, (model::MicrositeListCounts{3, 2}));
  EXPECT_THAT(condition_of(conference.microsite, "Rendered").message,
              HasSubstr("1 selected left out as invalid"));
}

TEST(PlanMicrosite, AnInvalidMicrositeTouchesNoChild) {
  Conference conference;
  const auto selection = conference.select(2);
  const auto children = converge(conference.microsite, selection, {});
  const auto good_hash = conference.microsite.status->content_hash;
  conference.microsite.spec.title.clear();
  conference.microsite.metadata.generation = 3;
  const MicrositePlan plan =
      plan_microsite(conference.microsite, selection, children, at_second(8000));
  EXPECT_TRUE(plan.applies.empty() && plan.deletes.empty()) << "no child is touched";
  ASSERT_TRUE(plan.status);
  EXPECT_EQ(plan.status->observed_generation, 3);
  EXPECT_EQ(plan.status->content_hash, good_hash) << "the hash of what is still served";
  for (const char* type : {"Ready", "Rendered"}) {
    const auto* condition = find_condition(plan.status->conditions, type);
    EXPECT_EQ(condition->status, "False");
    EXPECT_EQ(condition->reason, "InvalidSpec");
    EXPECT_THAT(condition->message, HasSubstr("spec.title"));
  }
  // The old site is still served by the old pods.
  EXPECT_EQ(find_condition(plan.status->conditions, "Available")->status, "True");
  EXPECT_THAT(plan.events, ElementsAre(::testing::Field(&EventRecord::type, "Warning")));
  conference.microsite.status = plan.status;
  EXPECT_TRUE(plan_microsite(conference.microsite, selection, children, at_second(8100)).empty());
  // Nor does a new invalid microsite create anything.
  EXPECT_TRUE(plan_microsite(conference.microsite, selection, {}, at_second(8200)).applies.empty());
}

TEST(PlanMicrosite, RemovingTheIngressDeletesOnlyTheIngress) {
  Conference conference;
  const auto selection = conference.select(2);
  model::IngressSpec ingress;
  ingress.host = "kubecon.example.org";
  conference.microsite.spec.site->ingress = ingress;
  const auto children = converge(conference.microsite, selection, {});
  ASSERT_TRUE(children.ingress);
  EXPECT_EQ(conference.microsite.status->url, "http://kubecon.example.org/");
  conference.microsite.spec.site->ingress.reset();
  const MicrositePlan plan =
      plan_microsite(conference.microsite, selection, children, at_second(9000));
  ASSERT_EQ(plan.deletes.size(), 1u);
  EXPECT_EQ(plan.deletes[0].kind, ChildKind::Ingress);
  EXPECT_EQ(plan.deletes[0].name, "kubecon-microsite");
  EXPECT_EQ(plan.deletes[0].uid, "child-kubecon-microsite");
  EXPECT_EQ(plan.status->url, "http://kubecon-microsite.talks.svc");
  EXPECT_THAT(plan.events, ::testing::Contains(EventRecord{"Normal", "Deleted",
                                                           "deleted Ingress kubecon-microsite"}));
}

TEST(PlanMicrosite, AnIngressOfAnotherOwnerIsNeverDeleted) {
  Conference conference;
  ObservedChildren children;
  auto microsite = conference.microsite;
  microsite.spec.site->ingress = model::IngressSpec{};
  microsite.spec.site->ingress->host = "kubecon.example.org";
  auto foreign = as_stored(desired_microsite_ingress(microsite));
  foreign["metadata"]["ownerReferences"][0]["uid"] = "another-microsite";
  children.ingress = observe(ChildKind::Ingress, foreign);
  EXPECT_TRUE(plan_microsite(conference.microsite, conference.select(1), children, at_second(1))
                  .deletes.empty());
}

TEST(PlanMicrosite, AMicrositeBeingDeletedIsLeftToTheGarbageCollector) {
  Conference conference;
  conference.microsite.metadata.deletion_timestamp = "2026-01-01T00:00:00Z";
  EXPECT_TRUE(plan_microsite(conference.microsite, conference.select(2), {}, at_second(1)).empty());
}

TEST(PlanMicrosite, ReadyKeepsItsTransitionTimeWhileItsStatusStays) {
  Conference conference;
  const auto selection = conference.select(2);
  auto children = converge(conference.microsite, selection, {}, /*ready=*/0);
  const std::string since = condition_of(conference.microsite, "Ready").last_transition_time;
  EXPECT_EQ(condition_of(conference.microsite, "Ready").status, "False");
  EXPECT_EQ(condition_of(conference.microsite, "Available").message, "0 of 2 replicas ready");
  children.deployment = observe(ChildKind::Deployment, rolled_out(children.deployment->object, 1));
  const MicrositePlan plan =
      plan_microsite(conference.microsite, selection, children, at_second(2000));
  ASSERT_TRUE(plan.status);
  const auto* ready = find_condition(plan.status->conditions, "Ready");
  EXPECT_EQ(ready->status, "True");
  EXPECT_NE(ready->last_transition_time, since);
  EXPECT_EQ(find_condition(plan.status->conditions, "Rendered")->last_transition_time,
            condition_of(conference.microsite, "Rendered").last_transition_time);
  ASSERT_EQ(plan.events.size(), 1u);
  EXPECT_EQ(plan.events[0].reason, "Available");
}

TEST(PlanUnreadableMicrosite, ReportsTheDecodeErrorAndTouchesNoChild) {
  auto microsite = sample_microsite();
  const MicrositePlan plan =
      plan_unreadable_microsite(microsite, "spec.colour: unknown field", at_second(5));
  EXPECT_TRUE(plan.applies.empty());
  ASSERT_TRUE(plan.status);
  const auto* ready = find_condition(plan.status->conditions, "Ready");
  EXPECT_EQ(ready->reason, "InvalidSpec");
  EXPECT_EQ(ready->message, "spec.colour: unknown field");
  EXPECT_EQ(find_condition(plan.status->conditions, "Rendered")->reason, "InvalidSpec");
  ASSERT_EQ(plan.events.size(), 1u);
  EXPECT_EQ(plan.events[0].type, "Warning");
  microsite.status = plan.status;
  EXPECT_TRUE(
      plan_unreadable_microsite(microsite, "spec.colour: unknown field", at_second(6)).empty());
}

TEST(MicrositeStatusAfterApiError, SaysWhichRequestFailedOnce) {
  auto microsite = sample_microsite();
  const auto status = microsite_status_after_api_error(
      microsite, "apply Deployment kubecon-microsite: 500", at_second(3));
  ASSERT_TRUE(status);
  const auto* ready = find_condition(status->conditions, "Ready");
  EXPECT_EQ(ready->reason, "ApiError");
  EXPECT_EQ(ready->message, "apply Deployment kubecon-microsite: 500");
  microsite.status = status;
  EXPECT_FALSE(microsite_status_after_api_error(
      microsite, "apply Deployment kubecon-microsite: 500", at_second(4)));
}

}  // namespace
}  // namespace rl::reconcile
