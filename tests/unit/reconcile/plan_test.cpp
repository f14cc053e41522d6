// plan_reconcile: what a list becomes, convergence to an empty plan, drift, refusals, Events.
#include "readinglist/reconcile/plan.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "readinglist/reconcile/status.hpp"
#include "reconcile_fixture.hpp"

namespace rl::reconcile {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace testing;

std::vector<ChildKind> kinds(const Plan& plan) {
  std::vector<ChildKind> out;
  for (const auto& apply : plan.applies)
    out.push_back(apply.kind);
  return out;
}

const model::Condition& condition_of(const model::ReadingList& list, std::string_view type) {
  const model::Condition* found = find_condition(list.status->conditions, type);
  if (found == nullptr) throw std::runtime_error("no condition " + std::string(type));
  return *found;
}

// Runs reconcile rounds, as watch events would, until the plan is empty.
ObservedChildren converge(model::ReadingList& list, ObservedChildren children, int ready = 2) {
  for (int round = 0; round < 5; ++round) {
    const Plan plan = plan_reconcile(list, children, at_second(1000 + round));
    if (plan.empty()) return children;
    children = apply_plan(plan, std::move(children), list);
    if (children.deployment) {
      children.deployment =
          observe(ChildKind::Deployment, rolled_out(children.deployment->object, ready));
    }
  }
  throw std::runtime_error("no convergence in 5 rounds");
}

TEST(PlanReconcile, NewListCreatesConfigMapDeploymentAndServiceAndReportsProgress) {
  auto list = sample_list();
  const Plan plan = plan_reconcile(list, {}, at_second(1000));
  EXPECT_THAT(kinds(plan),
              ElementsAre(ChildKind::ConfigMap, ChildKind::Deployment, ChildKind::Service));
  EXPECT_TRUE(plan.deletes.empty());
  ASSERT_TRUE(plan.status);
  EXPECT_EQ(plan.status->observed_generation, 3);
  EXPECT_EQ(plan.status->entry_count, 2);
  EXPECT_EQ(plan.status->section_count, 1);
  EXPECT_EQ(plan.status->url, "http://talk-site.talks.svc");
  EXPECT_EQ(plan.status->content_hash->size(), 64u);
  list.status = plan.status;
  EXPECT_EQ(condition_of(list, "Ready").status, "False");
  EXPECT_EQ(condition_of(list, "Ready").reason, "Progressing");
  EXPECT_EQ(condition_of(list, "Ready").last_transition_time, "1970-01-01T00:16:40Z");
  EXPECT_EQ(condition_of(list, "Ready").observed_generation, 3);
  // One Event for the three children: Events are writes too.
  ASSERT_EQ(plan.events.size(), 1u);
  EXPECT_EQ(plan.events[0],
            (EventRecord{"Normal", "Created",
                         "created ConfigMap talk-site, Deployment talk-site, Service talk-site"}));
}

TEST(PlanReconcile, ConvergedListCostsNothing) {
  auto list = sample_list();
  const auto children = converge(list, {});
  EXPECT_EQ(condition_of(list, "Ready").status, "True");
  EXPECT_EQ(condition_of(list, "Ready").reason, "Available");
  EXPECT_THAT(condition_of(list, "Ready").message, HasSubstr("http://talk-site.talks.svc"));
  EXPECT_EQ(condition_of(list, "Rendered").status, "True");
  EXPECT_EQ(condition_of(list, "Available").status, "True");
  EXPECT_EQ(list.status->ready_replicas, 2);
  EXPECT_TRUE(plan_reconcile(list, children, at_second(5000)).empty());
}

TEST(PlanReconcile, ReadyKeepsItsTransitionTimeWhileItsStatusStays) {
  auto list = sample_list();
  const auto children = converge(list, {});
  const std::string since = condition_of(list, "Ready").last_transition_time;
  list.spec.sections[0].entries[0].title = "One, renamed";
  list.metadata.generation = 4;
  const Plan plan = plan_reconcile(list, children, at_second(9000));
  ASSERT_TRUE(plan.status);
  EXPECT_EQ(find_condition(plan.status->conditions, "Rendered")->status, "False");
  EXPECT_NE(find_condition(plan.status->conditions, "Rendered")->last_transition_time, since);
  EXPECT_EQ(find_condition(plan.status->conditions, "Ready")->observed_generation, 4);
}

TEST(PlanReconcile, ChangedContentRollsOutThroughThePodTemplateHash) {
  auto list = sample_list();
  const auto children = converge(list, {});
  const auto old_hash = *list.status->content_hash;
  list.spec.title = "A new title";
  const Plan plan = plan_reconcile(list, children, at_second(6000));
  EXPECT_THAT(kinds(plan), ElementsAre(ChildKind::ConfigMap, ChildKind::Deployment));
  const auto& template_hash =
      plan.applies[1].body["spec"]["template"]["metadata"]["annotations"][kContentHashAnnotation];
  EXPECT_NE(template_hash, old_hash);
  EXPECT_EQ(template_hash, *plan.status->content_hash);
}

TEST(PlanReconcile, DriftIsPutBack) {
  auto list = sample_list();
  auto children = converge(list, {});
  children.service.reset();  // deleted by someone
  auto edited = children.deployment->object;
  edited["spec"]["replicas"] = 7;  // scaled by hand
  children.deployment = observe(ChildKind::Deployment, edited);
  auto config_map = children.config_map->object;
  config_map["data"] = {{"index.html", "defaced"}};
  children.config_map = observe(ChildKind::ConfigMap, config_map);
  const Plan plan = plan_reconcile(list, children, at_second(7000));
  EXPECT_THAT(kinds(plan),
              ElementsAre(ChildKind::ConfigMap, ChildKind::Deployment, ChildKind::Service));
  EXPECT_EQ(plan.applies[1].body["spec"]["replicas"], 2);
}

TEST(PlanReconcile, InvalidSpecWritesNoChildAndKeepsTheLastGoodContent) {
  auto list = sample_list();
  const auto children = converge(list, {});
  const auto good_hash = list.status->content_hash;
  list.spec.sections[0].entries[1].url = "javascript:alert(1)";
  list.metadata.generation = 5;
  const Plan plan = plan_reconcile(list, children, at_second(8000));
  EXPECT_TRUE(plan.applies.empty());
  EXPECT_TRUE(plan.deletes.empty());
  ASSERT_TRUE(plan.status);
  EXPECT_EQ(plan.status->content_hash, good_hash);
  EXPECT_EQ(plan.status->observed_generation, 5);
  const auto* ready = find_condition(plan.status->conditions, "Ready");
  EXPECT_EQ(ready->status, "False");
  EXPECT_EQ(ready->reason, "InvalidSpec");
  EXPECT_THAT(ready->message, HasSubstr("spec.sections[0].entries[1].url: "));
  // The old page is still served by the old pods.
  EXPECT_EQ(find_condition(plan.status->conditions, "Available")->status, "True");
  ASSERT_EQ(plan.events.size(), 1u);
  EXPECT_EQ(plan.events[0].type, "Warning");
  EXPECT_EQ(plan.events[0].reason, "InvalidSpec");
  // Reconciling the same invalid list again repeats neither the status write nor the Event.
  list.status = plan.status;
  EXPECT_TRUE(plan_reconcile(list, children, at_second(8100)).empty());
}

TEST(PlanReconcile, ContentTooLargeIsRefusedWithItsOwnReason) {
  auto list = sample_list();
  auto& entries = list.spec.sections[0].entries;
  for (int i = 0; i < 480; ++i) {
    model::Entry entry;
    entry.title = "Entry " + std::to_string(i);
    entry.url = "https://example.org/" + std::to_string(i);
    entry.note = std::string(3900, 'n');
    entries.push_back(entry);
  }
  const Plan plan = plan_reconcile(list, {}, at_second(1000));
  EXPECT_TRUE(plan.applies.empty());
  ASSERT_TRUE(plan.status);
  EXPECT_EQ(find_condition(plan.status->conditions, "Ready")->reason, "ContentTooLarge");
  EXPECT_EQ(find_condition(plan.status->conditions, "Rendered")->reason, "ContentTooLarge");
}

TEST(PlanReconcile, DisablingTheSiteDeletesServingChildrenAndKeepsTheContent) {
  auto list = sample_list();
  list.spec.site->ingress = model::IngressSpec{.host = "talk.example.org",
                                               .path = {},
                                               .class_name = {},
                                               .tls_secret_name = {},
                                               .annotations = {}};
  auto children = converge(list, {});
  ASSERT_TRUE(children.ingress);
  list.spec.site->enabled = false;
  const Plan plan = plan_reconcile(list, children, at_second(9000));
  // readinglist.json carries the spec, so the content changes with it.
  EXPECT_THAT(kinds(plan), ElementsAre(ChildKind::ConfigMap));
  ASSERT_EQ(plan.deletes.size(), 3u);
  EXPECT_EQ(plan.deletes[0].kind, ChildKind::Deployment);
  EXPECT_EQ(plan.deletes[0].uid, "child-talk-site");
  EXPECT_THAT(plan.events,
              ElementsAre(EventRecord{"Normal", "Updated", "updated ConfigMap talk-site"},
                          EventRecord{"Normal", "Deleted",
                                      "deleted Deployment talk-site, Service talk-site, "
                                      "Ingress talk-site"}));
  children = apply_plan(plan, children, list);
  children = converge(list, children);
  EXPECT_FALSE(children.deployment);
  EXPECT_EQ(condition_of(list, "Ready").status, "True");
  EXPECT_EQ(condition_of(list, "Ready").reason, "SiteDisabled");
  EXPECT_TRUE(children.config_map);
  EXPECT_TRUE(plan_reconcile(list, children, at_second(9100)).empty());
}

TEST(PlanReconcile, RemovingTheIngressDeletesOnlyTheIngress) {
  auto list = sample_list();
  list.spec.site->ingress = model::IngressSpec{.host = "talk.example.org",
                                               .path = {},
                                               .class_name = {},
                                               .tls_secret_name = {},
                                               .annotations = {}};
  const auto children = converge(list, {});
  EXPECT_EQ(list.status->url, "http://talk.example.org/");
  list.spec.site->ingress.reset();
  const Plan plan = plan_reconcile(list, children, at_second(9000));
  ASSERT_EQ(plan.deletes.size(), 1u);
  EXPECT_EQ(plan.deletes[0].kind, ChildKind::Ingress);
  EXPECT_EQ(plan.status->url, "http://talk-site.talks.svc");
}

TEST(PlanReconcile, ChildrenOfAnotherOwnerAreNeverDeleted) {
  auto list = sample_list();
  list.spec.site->enabled = false;
  ObservedChildren children;
  auto foreign = as_stored(desired_service(sample_list()));
  foreign["metadata"]["ownerReferences"][0]["uid"] = "another-list";
  children.service = observe(ChildKind::Service, foreign);
  EXPECT_TRUE(plan_reconcile(list, children, at_second(1)).deletes.empty());
}

TEST(PlanReconcile, AListBeingDeletedIsLeftToTheGarbageCollector) {
  auto list = sample_list();
  list.metadata.deletion_timestamp = "2026-01-01T00:00:00Z";
  EXPECT_TRUE(plan_reconcile(list, {}, at_second(1)).empty());
}

TEST(PlanReconcile, ReadyWaitsForTheRolloutOfTheCurrentTemplate) {
  auto list = sample_list();
  auto children = converge(list, {}, /*ready=*/0);
  EXPECT_EQ(condition_of(list, "Ready").status, "False");
  EXPECT_EQ(condition_of(list, "Available").message, "0 of 2 replicas ready");
  children.deployment = observe(ChildKind::Deployment, rolled_out(children.deployment->object, 1));
  const Plan plan = plan_reconcile(list, children, at_second(2000));
  ASSERT_TRUE(plan.status);
  EXPECT_EQ(find_condition(plan.status->conditions, "Ready")->status, "True");
  ASSERT_EQ(plan.events.size(), 1u);
  EXPECT_EQ(plan.events[0].reason, "Available");
}

TEST(PlanUnreadable, ReportsTheDecodeErrorAndTouchesNoChild) {
  auto list = sample_list();
  const Plan plan = plan_unreadable(list, "spec.colour: unknown field", at_second(5));
  EXPECT_TRUE(plan.applies.empty());
  EXPECT_TRUE(plan.deletes.empty());
  ASSERT_TRUE(plan.status);
  const auto* ready = find_condition(plan.status->conditions, "Ready");
  EXPECT_EQ(ready->reason, "InvalidSpec");
  EXPECT_EQ(ready->message, "spec.colour: unknown field");
  EXPECT_EQ(plan.status->observed_generation, 3);
  ASSERT_EQ(plan.events.size(), 1u);
  EXPECT_EQ(plan.events[0].type, "Warning");
  list.status = plan.status;
  EXPECT_TRUE(plan_unreadable(list, "spec.colour: unknown field", at_second(6)).empty());
}

TEST(StatusAfterApiError, SaysWhichRequestFailedOnce) {
  auto list = sample_list();
  const auto status = status_after_api_error(list, "apply Deployment talk-site: 500", at_second(3));
  ASSERT_TRUE(status);
  const auto* ready = find_condition(status->conditions, "Ready");
  EXPECT_EQ(ready->reason, "ApiError");
  EXPECT_EQ(ready->message, "apply Deployment talk-site: 500");
  list.status = status;
  EXPECT_FALSE(status_after_api_error(list, "apply Deployment talk-site: 500", at_second(4)));
}

}  // namespace
}  // namespace rl::reconcile
