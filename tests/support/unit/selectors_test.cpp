// Label and field selector parsing and matching.
#include "selectors.hpp"

#include <gtest/gtest.h>

namespace rl::test_apiserver {
namespace {

using nlohmann::json;

bool matches(const std::string& selector, const json& labels) {
  auto s = LabelSelector::parse(selector);
  EXPECT_TRUE(s) << selector;
  return s && s->matches(labels);
}

TEST(LabelSelector, SupportsEveryOperator) {
  json labels = {{"app", "web"}, {"tier", "front"}, {"n", "5"}};
  EXPECT_TRUE(matches("app=web", labels));
  EXPECT_TRUE(matches("app==web,tier=front", labels));
  EXPECT_FALSE(matches("app!=web", labels));
  EXPECT_TRUE(matches("missing!=x", labels));
  EXPECT_TRUE(matches("tier in (back, front)", labels));
  EXPECT_FALSE(matches("tier notin (front)", labels));
  EXPECT_TRUE(matches("app", labels));
  EXPECT_TRUE(matches("!missing", labels));
  EXPECT_FALSE(matches("!app", labels));
  EXPECT_TRUE(matches("n>3", labels));
  EXPECT_FALSE(matches("n<3", labels));
  EXPECT_TRUE(matches("", labels));
  EXPECT_FALSE(matches("app=web", nullptr));
}

TEST(LabelSelector, BadSyntaxIsBadRequest) {
  for (const char* bad : {"app=(x)", "in (a)", "app in a", "n>x", "=x"}) {
    auto s = LabelSelector::parse(bad);
    ASSERT_FALSE(s) << bad;
    EXPECT_EQ(s.error().code, 400);
  }
}

TEST(FieldSelector, SupportsNameNamespaceAndDeclaredFields) {
  json obj = {{"metadata", {{"name", "a"}, {"namespace", "ns"}}},
              {"involvedObject", {{"kind", "K"}}}};
  auto s = FieldSelector::parse("metadata.name=a,involvedObject.kind!=X", {"involvedObject.kind"});
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->matches(obj));
  EXPECT_EQ(s->pinned_name(), "a");
  auto unsupported = FieldSelector::parse("spec.x=1", {});
  ASSERT_FALSE(unsupported);
  EXPECT_EQ(unsupported.error().message, "field label not supported: spec.x");
}

}  // namespace
}  // namespace rl::test_apiserver
