// Which lists a microsite picks (metav1.LabelSelector semantics) and the order of its index.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "microsite_fixture.hpp"
#include "readinglist/reconcile/microsite.hpp"

namespace rl::reconcile {
namespace {

using ::testing::ElementsAre;
using namespace testing;

model::LabelSelectorRequirement requirement(std::string key, std::string op,
                                            std::vector<std::string> values = {}) {
  return {std::move(key), std::move(op), std::move(values)};
}

model::LabelSelector with_expressions(std::vector<model::LabelSelectorRequirement> expressions) {
  model::LabelSelector selector;
  selector.match_expressions = std::move(expressions);
  return selector;
}

const std::map<std::string, std::string> kLabels = {{"event", "kubecon"}, {"track", "security"}};

TEST(LabelSelector, AnEmptySelectorMatchesEverything) {
  EXPECT_TRUE(matches({}, kLabels));
  EXPECT_TRUE(matches({}, {}));
}

TEST(LabelSelector, MatchLabelsNeedsEveryPair) {
  model::LabelSelector selector;
  selector.match_labels = {{"event", "kubecon"}};
  EXPECT_TRUE(matches(selector, kLabels));
  selector.match_labels["track"] = "security";
  EXPECT_TRUE(matches(selector, kLabels));
  selector.match_labels["track"] = "networking";
  EXPECT_FALSE(matches(selector, kLabels));
  selector.match_labels = {{"room", "a"}};
  EXPECT_FALSE(matches(selector, kLabels)) << "an absent key";
  selector.match_labels = {{"event", ""}};
  EXPECT_FALSE(matches(selector, {})) << "an empty value still needs the key";
}

TEST(LabelSelector, InNeedsThePresentKeyWithAListedValue) {
  EXPECT_TRUE(
      matches(with_expressions({requirement("track", "In", {"networking", "security"})}), kLabels));
  EXPECT_FALSE(matches(with_expressions({requirement("track", "In", {"networking"})}), kLabels));
  EXPECT_FALSE(matches(with_expressions({requirement("room", "In", {"a"})}), kLabels));
}

TEST(LabelSelector, NotInHoldsForAnAbsentKeyOrAnUnlistedValue) {
  EXPECT_TRUE(matches(with_expressions({requirement("track", "NotIn", {"networking"})}), kLabels));
  EXPECT_FALSE(
      matches(with_expressions({requirement("track", "NotIn", {"security", "x"})}), kLabels));
  EXPECT_TRUE(matches(with_expressions({requirement("room", "NotIn", {"a"})}), kLabels));
}

TEST(LabelSelector, ExistsAndDoesNotExistLookOnlyAtTheKey) {
  EXPECT_TRUE(matches(with_expressions({requirement("track", "Exists")}), kLabels));
  EXPECT_FALSE(matches(with_expressions({requirement("room", "Exists")}), kLabels));
  EXPECT_FALSE(matches(with_expressions({requirement("track", "DoesNotExist")}), kLabels));
  EXPECT_TRUE(matches(with_expressions({requirement("room", "DoesNotExist")}), kLabels));
  EXPECT_TRUE(matches(with_expressions({requirement("room", "DoesNotExist")}), {}));
}

TEST(LabelSelector, LabelsAndEveryExpressionMustAllHold) {
  auto selector =
      with_expressions({requirement("track", "Exists"), requirement("room", "DoesNotExist"),
                        requirement("track", "NotIn", {"networking"})});
  selector.match_labels = {{"event", "kubecon"}};
  EXPECT_TRUE(matches(selector, kLabels));
  selector.match_labels = {{"event", "other"}};
  EXPECT_FALSE(matches(selector, kLabels));
  selector.match_labels.clear();
  selector.match_expressions.push_back(requirement("track", "In", {"networking"}));
  EXPECT_FALSE(matches(selector, kLabels));
}

TEST(LabelSelector, AnUnknownOperatorSelectsNothing) {
  EXPECT_FALSE(matches(with_expressions({requirement("track", "Gt", {"1"})}), kLabels));
}

TEST(Selects, OnlyListsOfTheMicrositesNamespace) {
  auto microsite = sample_microsite();
  auto list = talk_list("a", "A");
  EXPECT_TRUE(selects(microsite, list.metadata));
  list.metadata.namespace_ = "elsewhere";
  EXPECT_FALSE(selects(microsite, list.metadata));
}

TEST(Selects, AnAbsentOrEmptySelectorPicksEveryListOfTheNamespace) {
  auto microsite = sample_microsite();
  auto list = talk_list("a", "A");
  list.metadata.labels.clear();
  EXPECT_FALSE(selects(microsite, list.metadata));
  microsite.spec.selector = model::LabelSelector{};
  EXPECT_TRUE(selects(microsite, list.metadata));
  microsite.spec.selector.reset();
  EXPECT_TRUE(selects(microsite, list.metadata));
  list.metadata.namespace_ = "elsewhere";
  EXPECT_FALSE(selects(microsite, list.metadata));
}

std::vector<std::string> names(const Selection& selection) {
  std::vector<std::string> out;
  for (const auto* list : selection.lists)
    out.push_back(list->metadata.name);
  return out;
}

TEST(SelectLists, CountsSelectedAndValidAndKeepsOnlyTheValid) {
  const std::vector<model::ReadingList> lists = {talk_list("a", "A"), talk_list("b", "B"),
                                                 talk_list("c", "C")};
  auto other = talk_list("d", "D");
  other.metadata.labels = {{"event", "another"}};
  std::vector<CandidateList> candidates = {
      {&lists[0], true}, {&lists[1], false}, {&lists[2], true}, {&other, true}, {nullptr, true}};
  const auto selection = select_lists(sample_microsite(), candidates);
  EXPECT_THAT(names(selection), ElementsAre("a", "c"));
  EXPECT_EQ(selection.counts, (model::MicrositeListCounts{3, 2}));
}

TEST(SelectLists, ByTitleThenNameWhateverTheCandidateOrder) {
  const std::vector<model::ReadingList> lists = {talk_list("z", "Beta"), talk_list("b", "Alpha"),
                                                 talk_list("a", "Beta")};
  auto candidates = valid_candidates(lists);
  const auto microsite = sample_microsite();
  EXPECT_THAT(names(select_lists(microsite, candidates)), ElementsAre("b", "a", "z"));
  std::ranges::reverse(candidates);
  EXPECT_THAT(names(select_lists(microsite, candidates)), ElementsAre("b", "a", "z"));
}

TEST(SelectLists, TitlesAreAlphabetisedAsAReaderWouldIgnoringAsciiCase) {
  const std::vector<model::ReadingList> lists = {
      talk_list("zero-trust", "Zero Trust"), talk_list("ebpf", "eBPF"),
      talk_list("ebpf-upper", "EBPF"), talk_list("eclair", "Éclair")};
  EXPECT_THAT(names(select_lists(sample_microsite(), valid_candidates(lists))),
              ElementsAre("ebpf-upper", "ebpf", "zero-trust", "eclair"))
      << "same title but for case: as written; non-ASCII after ASCII, by bytes";
}

TEST(SelectLists, ByTalkDateWithPartialDatesAsTextAndUndatedLast) {
  const std::vector<model::ReadingList> lists = {
      talk_list("undated-b", "B"),
      talk_list("day", "A", "2023-11-07"),
      talk_list("undated-a", "A"),
      talk_list("month", "Z", "2023-11"),
      talk_list("year", "Z", "2023"),
      talk_list("earlier", "Z", "2022-12-31"),
      talk_list("same-day-b", "B", "2023-11-07"),
      talk_list("same-day-a", "B", "2023-11-07"),
  };
  auto microsite = sample_microsite();
  microsite.spec.order = model::MicrositeOrder{};
  microsite.spec.order->by = model::MicrositeOrderBy::TalkDate;
  EXPECT_THAT(names(select_lists(microsite, valid_candidates(lists))),
              ElementsAre("earlier", "year", "month", "day", "same-day-a", "same-day-b",
                          "undated-a", "undated-b"));
}

TEST(SelectLists, ByNamesPutsTheNamedFirstInTheirOrderThenTheRestByTitle) {
  const std::vector<model::ReadingList> lists = {talk_list("a", "Zed"), talk_list("b", "Beta"),
                                                 talk_list("c", "Alpha"), talk_list("d", "Delta")};
  auto microsite = sample_microsite();
  microsite.spec.order = model::MicrositeOrder{};
  microsite.spec.order->by = model::MicrositeOrderBy::Names;
  microsite.spec.order->names = {"d", "not-selected", "a"};
  EXPECT_THAT(names(select_lists(microsite, valid_candidates(lists))),
              ElementsAre("d", "a", "c", "b"));
}

}  // namespace
}  // namespace rl::reconcile
