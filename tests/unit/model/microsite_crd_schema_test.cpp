// The Microsite CRD's schema: the limits, enums, defaults and patterns its validator uses, and
// the CEL rules for what spans fields (selector operators, order names, event dates).
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "crd_fixture.hpp"
#include "microsite_fixture.hpp"
#include "readinglist/model/limits.hpp"
#include "readinglist/model/microsite_validate.hpp"
#include "readinglist/model/patterns.hpp"
#include "readinglist/model/validate.hpp"

namespace rl::model {
namespace {

using testing::json;
using testing::microsite_schema;
using testing::microsite_spec_property;

bool matches(const json& pattern, const std::string& value) {
  return std::regex_search(value, std::regex(pattern.get<std::string>()));
}

std::vector<std::string> rules(const json& node) {
  std::vector<std::string> out;
  for (const auto& rule : node.value("x-kubernetes-validations", json::array()))
    out.push_back(rule["rule"].get<std::string>());
  return out;
}

TEST(MicrositeCrdSchema, LimitsAndRequiredFieldsAreTheValidatorsOnes) {
  EXPECT_EQ(microsite_spec_property("/required"), (json{"title"}));
  EXPECT_EQ(microsite_spec_property("/properties/title/maxLength"), limits::kTitleMax);
  EXPECT_EQ(microsite_spec_property("/properties/title/minLength"), 1);
  EXPECT_EQ(microsite_spec_property("/properties/description/maxLength"), limits::kDescriptionMax);
  EXPECT_EQ(microsite_spec_property("/properties/event/required"), (json{"name"}));
  EXPECT_EQ(microsite_spec_property("/properties/event/properties/location/maxLength"),
            limits::kLocationMax);
  const std::string selector = "/properties/selector/properties";
  EXPECT_EQ(microsite_spec_property(selector + "/matchLabels/maxProperties"),
            limits::kMatchLabelsMax);
  EXPECT_EQ(microsite_spec_property(selector + "/matchExpressions/maxItems"),
            limits::kMatchExpressionsMax);
  EXPECT_EQ(microsite_spec_property(selector + "/matchExpressions/items/required"),
            (json{"key", "operator"}));
  EXPECT_EQ(
      microsite_spec_property(selector + "/matchExpressions/items/properties/values/maxItems"),
      limits::kMatchValuesMax);
  EXPECT_EQ(microsite_spec_property("/properties/order/properties/names/maxItems"),
            limits::kOrderNamesMax);
  EXPECT_EQ(microsite_spec_property("/properties/site/properties/replicas/maximum"),
            limits::kReplicasMax);
  EXPECT_FALSE(microsite_spec_property("/properties/site/properties").contains("enabled"));
  EXPECT_EQ(microsite_schema()["x-kubernetes-validations"][0]["rule"],
            "size(self.metadata.name) <= " + std::to_string(limits::kMicrositeNameMax));
}

TEST(MicrositeCrdSchema, EnumsAndDefaultsAreTheModelsSpellings) {
  const std::string selector = "/properties/selector/properties/matchExpressions/items/properties";
  EXPECT_EQ(microsite_spec_property(selector + "/operator/enum"),
            (json{"In", "NotIn", "Exists", "DoesNotExist"}));
  EXPECT_EQ(microsite_spec_property("/properties/order/properties/by/enum"),
            (json{"title", "talk.date", "names"}));
  EXPECT_EQ(microsite_spec_property("/properties/order/properties/by/default"), "title");
  EXPECT_EQ(microsite_spec_property("/properties/theme/default"), to_string(Theme::Auto));
  EXPECT_EQ(microsite_spec_property("/properties/language/default"), kDefaultLanguage);
  EXPECT_EQ(microsite_spec_property("/properties/site/properties/image/default"), kDefaultImage);
  EXPECT_EQ(microsite_spec_property("/properties/site/properties/replicas/default"), 1);
  // Duplicate names are refused by the API server itself.
  EXPECT_EQ(microsite_spec_property("/properties/order/properties/names/x-kubernetes-list-type"),
            "set");
}

TEST(MicrositeCrdSchema, CrossFieldRulesAreCel) {
  EXPECT_EQ(rules(microsite_spec_property("/properties/event")).size(), 1u);
  EXPECT_EQ(rules(microsite_spec_property("/properties/order")).size(), 2u);
  const auto requirement =
      rules(microsite_spec_property("/properties/selector/properties/matchExpressions/items"));
  ASSERT_EQ(requirement.size(), 1u);
  EXPECT_NE(requirement[0].find("['In', 'NotIn']"), std::string::npos);
  for (const std::string date : {"startDate", "endDate"}) {
    const json node = microsite_spec_property("/properties/event/properties/" + date);
    EXPECT_EQ(node["pattern"], patterns::kPartialDate);
    EXPECT_EQ(rules(node).size(), 1u) << date;
  }
}

TEST(MicrositeCrdSchema, LabelPatternsAgreeWithTheValidator) {
  const std::string expressions =
      "/properties/selector/properties/matchExpressions/items/properties";
  const json key = microsite_spec_property(expressions + "/key/pattern");
  const json value = microsite_spec_property(expressions + "/values/items/pattern");
  EXPECT_EQ(microsite_spec_property(
                "/properties/selector/properties/matchLabels/additionalProperties/pattern"),
            value);
  const auto valid_with = [](const std::string& k, const std::string& v) {
    Microsite site = testing::minimal_microsite();
    site.spec.selector.emplace().match_labels = {{k, v}};
    return validate(site).empty();
  };
  for (const std::string& good :
       std::vector<std::string>{"track", "app.kubernetes.io/part-of", "a", "A_b.c-d",
                                std::string(63, 'k'), "example.com/" + std::string(63, 'k')}) {
    EXPECT_TRUE(matches(key, good)) << good;
    EXPECT_TRUE(valid_with(good, "v")) << good;
  }
  for (const std::string& bad : std::vector<std::string>{
           "", "-a", "a-", "Example.com/a", "a/b/c", "example.com/", std::string(64, 'k'), "a b"}) {
    EXPECT_FALSE(matches(key, bad)) << bad;
    EXPECT_FALSE(valid_with(bad, "v")) << bad;
  }
  for (const std::string& good :
       std::vector<std::string>{"", "v", "Rust_2024.v1", std::string(63, 'v')}) {
    EXPECT_TRUE(matches(value, good)) << good;
    EXPECT_TRUE(valid_with("k", good)) << good;
  }
  for (const std::string bad : {"-v", "v.", "a b", "a/b"}) {
    EXPECT_FALSE(matches(value, bad)) << bad;
    EXPECT_FALSE(valid_with("k", bad)) << bad;
  }
}

TEST(MicrositeCrdSchema, OrderNamePatternAgreesWithTheValidator) {
  const json name = microsite_spec_property("/properties/order/properties/names/items/pattern");
  for (const std::string good : {"keynote", "a.b", "cloud-native-rust", "1a"}) {
    EXPECT_TRUE(matches(name, good)) << good;
    EXPECT_TRUE(is_dns1123_subdomain(good)) << good;
  }
  for (const std::string bad : {"", "Keynote", "a..b", "-a", "a_b"}) {
    EXPECT_FALSE(matches(name, bad)) << bad;
    EXPECT_FALSE(is_dns1123_subdomain(bad)) << bad;
  }
}

}  // namespace
}  // namespace rl::model
